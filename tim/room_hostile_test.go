package tim

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/hostile"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/types"
)

const hostileRoom = "@TGS#aHOSTILE"

// roomItem is a well-formed text item of hostileRoom with sequence seq.
func roomItem(seq uint64) json.RawMessage {
	it := &wire.Item{Event: wire.EventGroupMsg, ToGroupID: hostileRoom, MsgSeq: seq, MsgRandom: uint32(seq) + 1000,
		MsgTimeStamp: 1795629331, FromAccount: "alice", TinyID: "144115200000000001",
		MsgBody: wire.ItemBody{Elems: []wire.Elem{wire.TextElem(fmt.Sprint("m", seq))}}}
	b, err := json.Marshal(it)
	if err != nil {
		panic(err)
	}
	return b
}

// getMsgBody is a get_msg reply carrying items as they are.
func getMsgBody(nextSeq uint64, items ...json.RawMessage) json.RawMessage {
	return wire.AppendGetMsgResp(nil, "key", nextSeq, items)
}

// pollScript answers get_msg by the StartSeq asked: script returns the
// reply body, or nil for the plausible empty reply. It records every
// StartSeq asked, in order.
type pollScript struct {
	mu     sync.Mutex
	asked  []uint64
	script func(n int, startSeq uint64) json.RawMessage // n: 0 for the first get_msg
	join   func(c *hostile.Conn, f *wire.Frame) any     // nil: plausible
}

func (s *pollScript) handle(c *hostile.Conn, f *wire.Frame) {
	switch f.Head.Servcmd {
	case wire.CmdGetMsg, wire.CmdGetMsgNoAuth:
		var req wire.GetMsgReq
		_ = json.Unmarshal(f.Body, &req)
		s.mu.Lock()
		n := len(s.asked)
		s.asked = append(s.asked, req.StartSeq)
		s.mu.Unlock()
		if body := s.script(n, req.StartSeq); body != nil {
			_ = c.Reply(f, body)
			return
		}
		// An honest empty reply, held a little as a real server holds it.
		time.AfterFunc(50*time.Millisecond, func() { hostile.Plausible(c, f) })
	case wire.CmdApplyJoin, wire.CmdApplyJoinNoAuth:
		if s.join != nil {
			_ = c.Reply(f, s.join(c, f))
			return
		}
		hostile.Plausible(c, f)
	default:
		hostile.Plausible(c, f)
	}
}

// waitAsked waits until some get_msg asked StartSeq want after the first
// `after` polls and returns its index.
func (s *pollScript) waitAsked(t *testing.T, want uint64) int {
	t.Helper()
	deadline := time.Now().Add(8 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		for i, v := range s.asked {
			if v == want {
				s.mu.Unlock()
				return i
			}
		}
		s.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.Fatalf("no get_msg asked StartSeq %d; asked %v", want, s.asked)
	return -1
}

func (s *pollScript) askedList() []uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]uint64(nil), s.asked...)
}

// received records the room's text messages and the ERROR events.
type received struct {
	mu     sync.Mutex
	seqs   []uint64
	errors []*Error
}

func receive(tm *TIM) *received {
	rc := &received{}
	On(tm, MessageReceived, func(ms []*message.Message) {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		for _, m := range ms {
			if _, ok := m.Payload.(*message.TextPayload); ok {
				rc.seqs = append(rc.seqs, m.Sequence)
			}
		}
	})
	On(tm, ErrorEvent, func(e *Error) {
		rc.mu.Lock()
		rc.errors = append(rc.errors, e)
		rc.mu.Unlock()
	})
	return rc
}

func (rc *received) waitSeqs(t *testing.T, n int) []uint64 {
	t.Helper()
	deadline := time.Now().Add(8 * time.Second)
	for {
		rc.mu.Lock()
		got := append([]uint64(nil), rc.seqs...)
		rc.mu.Unlock()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("received %v, want %d messages", got, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (rc *received) errorCount() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.errors)
}

// hostileViewer logs in (unless guest) and joins hostileRoom.
func hostileViewer(t *testing.T, h hostile.Handler, guest bool) (*hostile.Server, *TIM, *received) {
	t.Helper()
	srv, tm := newHostile(t, h)
	rc := receive(tm)
	if !guest {
		if err := tm.Login(ctxT(t), "viewer", "sig"); err != nil {
			t.Fatalf("Login: %v", err)
		}
	}
	if _, err := tm.JoinGroup(ctxT(t), hostileRoom); err != nil {
		t.Fatalf("JoinGroup: %v", err)
	}
	return srv, tm, rc
}

// Malformed items of every kind the decoder can meet.
var badItems = map[string]json.RawMessage{
	"not an object":    json.RawMessage(`"hello"`),
	"null":             json.RawMessage(`null`),
	"MsgSeq a string":  json.RawMessage(`{"Event":3,"ToGroupId":"` + hostileRoom + `","MsgSeq":"two","MsgRandom":1,"MsgBody":[]}`),
	"MsgBody a number": json.RawMessage(`{"Event":3,"ToGroupId":"` + hostileRoom + `","MsgSeq":2,"MsgRandom":1,"MsgBody":5}`),
	"element not an object": json.RawMessage(`{"Event":3,"ToGroupId":"` + hostileRoom +
		`","MsgSeq":2,"MsgRandom":1,"MsgBody":[7]}`),
	"MsgSeq beyond 2^53": json.RawMessage(`{"Event":3,"ToGroupId":"` + hostileRoom +
		`","MsgSeq":18446744073709551615,"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`),
}

// Issue 11, point 6: a get_msg reply with one malformed item among three
// delivers the other two, raises one ERROR event, and the next poll goes
// out past all three, with no rejoin. A second such reply raises no second
// ERROR event.
func TestPollSkipsMalformedItem(t *testing.T) {
	for name, bad := range badItems {
		t.Run(name, func(t *testing.T) {
			for _, guest := range []bool{false, true} {
				s := &pollScript{script: func(n int, start uint64) json.RawMessage {
					switch n {
					case 0:
						return getMsgBody(4, roomItem(1), bad, roomItem(3))
					case 1:
						if start == 4 {
							return getMsgBody(7, roomItem(4), bad, roomItem(6))
						}
					}
					return nil
				}}
				srv, _, rc := hostileViewer(t, s.handle, guest)
				s.waitAsked(t, 7)
				got := rc.waitSeqs(t, 4)
				if fmt.Sprint(got) != "[1 3 4 6]" {
					t.Fatalf("guest %v: received %v, want [1 3 4 6]", guest, got)
				}
				if n := rc.errorCount(); n != 1 {
					t.Fatalf("guest %v: %d ERROR events, want 1", guest, n)
				}
				if e := rc.errors[0]; e.Code != types.ErrUncaught {
					t.Fatalf("ERROR event %v, want code %d", e, types.ErrUncaught)
				}
				joins := srv.Count(wire.CmdApplyJoin) + srv.Count(wire.CmdApplyJoinNoAuth)
				if joins != 1 {
					t.Fatalf("guest %v: %d joins, want 1 (no rejoin)", guest, joins)
				}
			}
		})
	}
}

// Issue 11, point 6: a server that answers every get_msg with garbage (or
// refuses it) gets a bounded number of polls and rejoins, never a hot loop.
func TestPollFailuresBackOff(t *testing.T) {
	replies := map[string]json.RawMessage{
		"garbage":        json.RawMessage(`{"ActionStatus":"OK","ErrorCode":0,"NextSeq":"x","RspMsgList":7}`),
		"not JSON":       json.RawMessage(`]]]`),
		"refused":        json.RawMessage(`{"ActionStatus":"FAIL","ErrorCode":10007,"ErrorInfo":"not in group"}`),
		"no such room":   json.RawMessage(`{"ActionStatus":"FAIL","ErrorCode":10010,"ErrorInfo":"gone"}`),
		"every item bad": getMsgBody(2, json.RawMessage(`7`)),
	}
	for name, body := range replies {
		t.Run(name, func(t *testing.T) {
			for _, guest := range []bool{false, true} {
				var polls atomic.Int64
				h := func(c *hostile.Conn, f *wire.Frame) {
					switch f.Head.Servcmd {
					case wire.CmdGetMsg, wire.CmdGetMsgNoAuth:
						polls.Add(1)
						_ = c.Reply(f, body)
					default:
						hostile.Plausible(c, f)
					}
				}
				srv, _, _ := hostileViewer(t, h, guest)
				joins0 := srv.Count(wire.CmdApplyJoin) + srv.Count(wire.CmdApplyJoinNoAuth)
				time.Sleep(3 * time.Second)
				joins := srv.Count(wire.CmdApplyJoin) + srv.Count(wire.CmdApplyJoinNoAuth) - joins0
				if n := polls.Load() + int64(joins); n > 10 || polls.Load() == 0 {
					t.Fatalf("guest %v: %d polls and %d rejoins in 3 s, want 1..10 in all", guest, polls.Load(), joins)
				}
			}
		})
	}
}

// Issue 11, point 6 on the push path: a msg_push with one malformed item
// among three delivers the other two and raises one ERROR event.
func TestPushSkipsMalformedItem(t *testing.T) {
	for name, bad := range badItems {
		t.Run(name, func(t *testing.T) {
			var conn atomic.Pointer[hostile.Conn]
			s := &pollScript{script: func(int, uint64) json.RawMessage { return nil },
				join: func(c *hostile.Conn, f *wire.Frame) any {
					conn.Store(c)
					return &wire.ApplyJoinResp{Status: wire.OK(), JoinedStatus: wire.JoinedSuccess, HugeGroupFlag: 1, StartSeq: 1}
				}}
			_, _, rc := hostileViewer(t, s.handle, false)
			push := func(items ...json.RawMessage) {
				body := `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","EventArray":[{"Event":3,"GroupMsgArray":[` +
					string(joinRaw(items)) + `]}]}`
				if err := conn.Load().Push(wire.CmdMsgPush, json.RawMessage(body)); err != nil {
					t.Fatal(err)
				}
			}
			push(roomItem(1), bad, roomItem(3))
			push(roomItem(4), bad, roomItem(6))
			got := rc.waitSeqs(t, 4)
			if fmt.Sprint(got) != "[1 3 4 6]" {
				t.Fatalf("received %v, want [1 3 4 6]", got)
			}
			if n := rc.errorCount(); n != 1 {
				t.Fatalf("%d ERROR events, want 1", n)
			}
		})
	}
}

func joinRaw(items []json.RawMessage) []byte {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = string(it)
	}
	return []byte(strings.Join(parts, ","))
}

// Issue 11, point 3 on the poll path: a reply whose NextSeq is behind the
// StartSeq asked comes from a new room: its items are delivered though the
// old room had used their sequences, and polling goes on from its NextSeq.
func TestPollNextSeqBackwardsResets(t *testing.T) {
	for _, guest := range []bool{false, true} {
		s := &pollScript{script: func(n int, start uint64) json.RawMessage {
			switch {
			case n == 0:
				return getMsgBody(6, roomItem(1), roomItem(2), roomItem(3), roomItem(4), roomItem(5))
			case start == 6:
				return getMsgBody(3, roomItem(1), roomItem(2)) // the room was made again
			}
			return nil
		}}
		_, _, rc := hostileViewer(t, s.handle, guest)
		got := rc.waitSeqs(t, 7)
		if fmt.Sprint(got) != "[1 2 3 4 5 1 2]" {
			t.Fatalf("guest %v: received %v", guest, got)
		}
		s.waitAsked(t, 3)
	}
}

// A rejoin after a refused poll to the SAME room (StartSeq ahead of what
// was seen) keeps the cursor and the dedup window: a replay of items
// already delivered is dropped.
func TestRejoinSameRoomKeepsWindow(t *testing.T) {
	var refused atomic.Bool
	s := &pollScript{script: func(n int, start uint64) json.RawMessage {
		switch {
		case n == 0:
			return getMsgBody(4, roomItem(1), roomItem(2), roomItem(3))
		case start == 4 && !refused.Load():
			refused.Store(true)
			return json.RawMessage(`{"ActionStatus":"FAIL","ErrorCode":10007,"ErrorInfo":"not in group"}`)
		case start == 4:
			return getMsgBody(6, roomItem(2), roomItem(3), roomItem(4), roomItem(5)) // a replay and two new
		}
		return nil
	}, join: func(c *hostile.Conn, f *wire.Frame) any {
		return &wire.ApplyJoinResp{Status: wire.OK(), JoinedStatus: wire.JoinedSuccess, HugeGroupFlag: 1,
			LongPollingKey: "key", StartSeq: 4}
	}}
	srv, _, rc := hostileViewer(t, s.handle, false)
	s.waitAsked(t, 6)
	got := rc.waitSeqs(t, 5)
	if fmt.Sprint(got) != "[1 2 3 4 5]" {
		t.Fatalf("received %v, want [1 2 3 4 5]", got)
	}
	if srv.Count(wire.CmdApplyJoin) != 2 {
		t.Fatalf("%d joins, want 2", srv.Count(wire.CmdApplyJoin))
	}
}

// Issue 11, point 3: a rejoin whose join reply's StartSeq is at or behind
// the sequences already seen is a new room: the cursor moves to its
// StartSeq and its items are delivered.
func TestRejoinNewRoomResetsCursor(t *testing.T) {
	var joins atomic.Int64
	s := &pollScript{script: func(n int, start uint64) json.RawMessage {
		switch {
		case n == 0:
			return getMsgBody(6, roomItem(1), roomItem(2), roomItem(3), roomItem(4), roomItem(5))
		case joins.Load() < 2:
			return json.RawMessage(`{"ActionStatus":"FAIL","ErrorCode":10007,"ErrorInfo":"not in group"}`)
		case start == 1:
			return getMsgBody(3, roomItem(1), roomItem(2))
		}
		return nil // an old cursor gets nothing
	}, join: func(c *hostile.Conn, f *wire.Frame) any {
		joins.Add(1)
		return &wire.ApplyJoinResp{Status: wire.OK(), JoinedStatus: wire.JoinedSuccess, HugeGroupFlag: 1,
			LongPollingKey: "key", StartSeq: 1}
	}}
	_, _, rc := hostileViewer(t, s.handle, false)
	got := rc.waitSeqs(t, 7)
	if fmt.Sprint(got) != "[1 2 3 4 5 1 2]" {
		t.Fatalf("received %v; polls asked %v", got, s.askedList())
	}
}

// A NextSeq absurdly far ahead is not adopted: the client does not skip
// what follows, and polls on from a plausible place.
func TestPollNextSeqFarAheadIsNotAdopted(t *testing.T) {
	for _, far := range []uint64{1 << 63, math.MaxUint64, 3 + 10_000_000} {
		s := &pollScript{script: func(n int, start uint64) json.RawMessage {
			switch {
			case n == 0:
				return getMsgBody(3, roomItem(1), roomItem(2))
			case n == 1 && start == 3:
				return getMsgBody(far)
			case n == 2:
				if start != 3 && start != 0 {
					return nil // the test fails below
				}
				return getMsgBody(5, roomItem(3), roomItem(4))
			}
			return nil
		}}
		_, _, rc := hostileViewer(t, s.handle, false)
		got := rc.waitSeqs(t, 4)
		if fmt.Sprint(got) != "[1 2 3 4]" {
			t.Fatalf("far %d: received %v; asked %v", far, got, s.askedList())
		}
		s.waitAsked(t, 5)
		for _, a := range s.askedList() {
			if a > 1<<53 || a >= far {
				t.Fatalf("far %d: a poll asked StartSeq %d; asked %v", far, a, s.askedList())
			}
		}
	}
}

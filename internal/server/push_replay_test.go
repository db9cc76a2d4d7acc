package server_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// A push subscriber stops reading: its pushes fill the socket buffers and
// then wait in the server's send queue. The socket drops with that queue;
// after the re-login by A2 the replay must start after the last item
// written to the socket, not the last one queued, so that what the old
// socket delivered plus the replay hold every item.
// With acknowledgements (the default) the stalled socket acknowledged
// nothing, so everything since the join is replayed; without them, what was
// written counts as delivered.
func TestPushReplayResendsWhatTheDroppedQueueHeld(t *testing.T) {
	for _, noAck := range []bool{false, true} {
		t.Run(fmt.Sprintf("DisablePushAck=%v", noAck), func(t *testing.T) { testPushReplayDroppedQueue(t, noAck) })
	}
}

func testPushReplayDroppedQueue(t *testing.T, noAck bool) {
	// Big items, sent as fast as the REST calls go: no 12 KB limit, no budget.
	srv := newServer(t, timtest.Options{Delivery: "push", MaxMsgBody: -1, RoomMessageRate: -1, DisablePushAck: noAck})
	room := newRoom(t, srv)
	alice := stallAfterJoin(t, srv, "alice", room)

	// 256 KiB items: the kernel buffers hold a few MiB, the send queue
	// (8 MiB) the rest; stop once frames wait unwritten.
	big := make([]byte, 192<<10)
	var last uint64
	for i := 0; ; i++ {
		if i == 40 {
			t.Fatalf("the send queue never backed up: %+v", srv.Stats())
		}
		rand.Read(big)
		seq, err := srv.SendCustom(ctx(t), room, "bob", base64.StdEncoding.EncodeToString(big), fmt.Sprint("big ", i), "", "Normal")
		if err != nil {
			t.Fatal(err)
		}
		last = seq
		if unwritten(t, srv) >= 3 {
			break
		}
	}
	if srv.CloseConnections() != 1 {
		t.Fatal("no socket dropped")
	}
	got := alice.drain(t) // what reached the old socket before it closed

	again := dial(t, srv)
	again.a2, again.tinyID, again.instID = alice.a2, alice.tinyID, alice.instID
	if code := again.relogin(); code != 0 {
		t.Fatalf("re-login: %d", code)
	}
	replayed := 0
	deadline := time.After(testTimeout)
	for missing(got, alice.joinedAt, last) > 0 {
		select {
		case f := <-again.pushes:
			var p wire.MsgPush
			if f.Head.Servcmd != wire.CmdMsgPush || json.Unmarshal(f.Body, &p) != nil {
				continue
			}
			for _, e := range p.EventArray {
				for _, it := range append(e.GroupMsgArray, e.GroupTips...) {
					got[it.MsgSeq] = true
					replayed++
				}
			}
		case <-deadline:
			t.Fatalf("%d of items %d..%d never arrived (%d replayed)", missing(got, alice.joinedAt, last), alice.joinedAt, last, replayed)
		}
	}
	if srv.Stats().PushReplays == 0 || replayed == 0 {
		t.Fatalf("nothing replayed: %+v", srv.Stats())
	}
	t.Logf("items %d..%d: %d read from the old socket, %d replayed", alice.joinedAt, last, len(got)-replayed, replayed)
}

// unwritten waits until the server's frame counters settle and returns how
// many queued frames were not written (one socket, one item per push).
func unwritten(t *testing.T, srv *timtest.Server) int {
	t.Helper()
	prev := srv.Stats()
	for range 50 {
		time.Sleep(20 * time.Millisecond)
		st := srv.Stats()
		if st.FramesOut == prev.FramesOut {
			// Login and join replies plus one frame per pushed item.
			return int(2 + st.Pushes - st.FramesOut)
		}
		prev = st
	}
	return 0
}

func missing(got map[uint64]bool, from, to uint64) int {
	n := 0
	for s := from; s <= to; s++ {
		if !got[s] {
			n++
		}
	}
	return n
}

// stalled is a raw socket that logged in and joined a push room, then
// stopped reading.
type stalled struct {
	ws         *websocket.Conn
	a2, tinyID string
	instID     uint64
	joinedAt   uint64 // the join tip's sequence, the first item due
	got        map[uint64]bool
}

func stallAfterJoin(t *testing.T, srv *timtest.Server, userID, room string) *stalled {
	t.Helper()
	url := fmt.Sprintf("%s%s?sdkappid=%d&instanceid=0123456789abcdef0123456789abcdef&platform=7", srv.URL, wire.PathBinary, srv.SDKAppID)
	ws, _, err := websocket.Dial(ctx(t), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(-1)
	t.Cleanup(func() { ws.CloseNow() })
	s := &stalled{ws: ws, got: map[uint64]bool{}}
	var login wire.LoginResp
	s.call(t, wire.LoginHead(srv.SDKAppID, userID, srv.UserSig(userID), wire.CmdLogin, 1, time.Now().Unix()), wire.NewLoginReq(), &login)
	s.a2, s.tinyID, s.instID = login.A2Key, login.TinyID, login.InstID
	var join wire.ApplyJoinResp
	s.call(t, wire.SessionHead(srv.SDKAppID, s.a2, s.tinyID, s.instID, wire.CmdApplyJoin, 2, time.Now().Unix()),
		wire.ApplyJoinReq{GroupID: room, WebPushFlag: 1}, &join)
	if join.LongPollingKey != "" {
		t.Fatal("the room is not push-delivered")
	}
	s.joinedAt = join.StartSeq
	return s
}

// call writes a request and reads frames until its reply, noting pushes.
func (s *stalled) call(t *testing.T, h wire.Head, body, resp any) {
	t.Helper()
	b, err := wire.EncodeFrame(&h, body)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ws.Write(ctx(t), websocket.MessageBinary, b); err != nil {
		t.Fatal(err)
	}
	for {
		f := s.read(ctx(t))
		if f == nil {
			t.Fatalf("no reply to %s", h.Servcmd)
		}
		if f.Head.ID() == h.ID() {
			if code := decodeReply(t, f, resp); code != 0 {
				t.Fatalf("%s: ErrorCode %d", h.Servcmd, code)
			}
			return
		}
	}
}

// read returns the next frame, after noting the items of a push; nil once
// the socket is closed.
func (s *stalled) read(ctx context.Context) *wire.Frame {
	_, data, err := s.ws.Read(ctx)
	if err != nil {
		return nil
	}
	f, err := wire.DecodeFrame(data)
	if err != nil {
		return &wire.Frame{}
	}
	if f.Head.Servcmd == wire.CmdMsgPush {
		var p wire.MsgPush
		if json.Unmarshal(f.Body, &p) == nil {
			for _, e := range p.EventArray {
				for _, it := range append(e.GroupMsgArray, e.GroupTips...) {
					s.got[it.MsgSeq] = true
				}
			}
		}
	}
	return f
}

// drain reads what the socket still holds until it is closed.
func (s *stalled) drain(t *testing.T) map[uint64]bool {
	for s.read(ctx(t)) != nil {
	}
	return s.got
}

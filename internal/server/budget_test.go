package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// atWindowStart waits until just after a budget window (a wall-clock
// second) starts, so that a short burst falls in one window.
func atWindowStart() {
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 20*time.Millisecond)))
}

// member is a logged-in client of userID joined to groupID.
func member(t testing.TB, srv *timtest.Server, userID, groupID string) *client {
	t.Helper()
	c := dial(t, srv)
	c.login(userID)
	c.join(groupID)
	return c
}

// sendResult is the fate of one send: ErrorCode and MsgSeq (0: dropped).
type sendResult struct {
	code int
	seq  uint64
}

// sendWS sends a text over the socket without failing the test from a
// goroutine.
func sendWS(c *client, groupID, text, priority string) sendResult {
	p, _ := wire.NamedPriority(priority)
	f, err := c.tryRoundTrip(c.head(wire.CmdSendGroupMsg), wire.SendGroupMsgReq{
		GroupID: groupID, Random: uint32(time.Now().UnixNano()), MsgPriority: p,
		MsgBody: []wire.Elem{wire.TextElem(text)}, MsgClientTime: time.Now().Unix(),
	}, testTimeout)
	if err != nil {
		return sendResult{code: -1}
	}
	var resp wire.SendGroupMsgResp
	json.Unmarshal(f.Body, &resp)
	return sendResult{resp.ErrorCode, resp.MsgSeq}
}

// Over budget, the sends of one window wait for the next: the best go out
// then (with their MsgSeq in the reply, and no gap for members), the rest
// are dropped silently (success without MsgSeq), on both send paths.
func TestBudgetDeliversHigherPrioritiesFirstAndDropsTheRest(t *testing.T) {
	for _, path := range []string{"websocket", "rest"} {
		t.Run(path, func(t *testing.T) {
			srv := newServer(t, timtest.Options{Delivery: "push", RoomMessageRate: 2})
			room := newRoom(t, srv)
			alice := member(t, srv, "alice", room)
			bob := member(t, srv, "bob", room)

			send := func(text, prio string) sendResult {
				if path == "websocket" {
					return sendWS(alice, room, text, prio)
				}
				seq, err := srv.SendText(ctx(t), room, "alice", text, prio)
				if err != nil {
					return sendResult{code: restCode(t, err)}
				}
				return sendResult{0, seq}
			}
			atWindowStart()
			// Two Lowest fill the window at once; three more must wait.
			for _, text := range []string{"first", "second"} {
				if r := send(text, "Lowest"); r.code != 0 || r.seq == 0 {
					t.Fatalf("%s under budget: %+v", text, r)
				}
			}
			late := map[string]string{"gift": "High", "chat": "Normal", "like": "Low"}
			results := make(map[string]sendResult)
			var mu sync.Mutex
			var wg sync.WaitGroup
			for text, prio := range late {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := send(text, prio)
					mu.Lock()
					results[text] = r
					mu.Unlock()
				}()
			}
			wg.Wait()
			if g, c, l := results["gift"], results["chat"], results["like"]; g.code != 0 || g.seq == 0 || c.code != 0 || c.seq == 0 || l.code != 0 || l.seq != 0 {
				t.Fatalf("gift %+v and chat %+v should go out next window, like %+v be dropped with success", g, c, l)
			}

			var got []string
			var seqs []uint64
			for len(got) < 4 {
				items, _ := bob.pushedItems()
				for _, it := range items {
					if it.Event == wire.EventGroupMsg {
						got = append(got, textOf(it))
						seqs = append(seqs, it.MsgSeq)
					}
				}
			}
			if want := "[first second gift chat]"; fmt.Sprint(got) != want {
				t.Errorf("bob got %v, want %s", got, want)
			}
			for i := 1; i < len(seqs); i++ {
				if seqs[i] != seqs[i-1]+1 {
					t.Errorf("sequence gap: %v", seqs)
				}
			}
			if d := srv.Dropped(room); len(d) != 1 || d[types.MsgPriorityLow] != 1 {
				t.Errorf("dropped %v, want Low:1", d)
			}
			if d := srv.Delivered(room); d[types.MsgPriorityLowest] != 2 || d[types.MsgPriorityHigh] != 1 || d[types.MsgPriorityNormal] != 1 {
				t.Errorf("delivered %v", d)
			}
			st, _ := srv.RoomStats(room)
			for _, w := range st.Windows {
				if w.Delivered > 2 {
					t.Errorf("window %d delivered %d, over the budget of 2", w.Start, w.Delivered)
				}
			}
			if st.Queued != 0 {
				t.Errorf("%d still queued", st.Queued)
			}
		})
	}
}

// Under budget nothing waits, and tips do not count against it.
func TestBudgetUnderTheRateNeverQueues(t *testing.T) {
	srv := newServer(t, timtest.Options{RoomMessageRate: 40})
	room := newRoom(t, srv)
	for i := range 30 {
		member(t, srv, fmt.Sprint("u", i), room) // joins and their tips do not use the budget
	}
	atWindowStart()
	for i := range 20 {
		if seq, err := srv.SendText(ctx(t), room, "", fmt.Sprint("m", i), "Low"); err != nil || seq == 0 {
			t.Fatalf("send %d: seq %d, %v", i, seq, err)
		}
	}
	if st := srv.Stats(); st.MessagesQueued != 0 || st.MessagesDropped != 0 {
		t.Fatalf("queued %d, dropped %d under budget", st.MessagesQueued, st.MessagesDropped)
	}
}

// A negative rate turns the budget off.
func TestBudgetOff(t *testing.T) {
	srv := newServer(t, timtest.Options{RoomMessageRate: -1})
	room := newRoom(t, srv)
	var wg sync.WaitGroup
	var failed sync.Map
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if seq, err := srv.SendText(ctx(t), room, "", fmt.Sprint("m", i), "Lowest"); err != nil || seq == 0 {
				failed.Store(i, err)
			}
		}()
	}
	wg.Wait()
	failed.Range(func(k, v any) bool { t.Errorf("send %v: %v", k, v); return true })
	if st := srv.Stats(); st.MessagesQueued != 0 {
		t.Fatalf("%d queued without a budget", st.MessagesQueued)
	}
}

// GET /debug/stats?GroupId= carries the room's budget.
func TestDebugStatsReportTheRoomBudget(t *testing.T) {
	srv := newServer(t, timtest.Options{RoomMessageRate: 1})
	room := newRoom(t, srv)
	atWindowStart()
	var wg sync.WaitGroup
	for _, p := range []string{"Normal", "Low", "Lowest"} {
		wg.Add(1)
		go func() { defer wg.Done(); srv.SendText(ctx(t), room, "", p, p) }()
	}
	wg.Wait()
	res, err := http.Get(srv.RESTURL + "/debug/stats?GroupId=" + url.QueryEscape(room))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var st server.Stats
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	if st.Room == nil || st.Room.GroupID != room {
		t.Fatalf("no room in %+v", st)
	}
	var delivered, dropped uint64
	for _, n := range st.Room.Delivered {
		delivered += n
	}
	for _, n := range st.Room.Dropped {
		dropped += n
	}
	if delivered+dropped != 3 || dropped == 0 || st.MessagesDropped != dropped {
		t.Fatalf("delivered %v dropped %v, server dropped %d", st.Room.Delivered, st.Room.Dropped, st.MessagesDropped)
	}
}

// A room dismissed while messages wait answers them 10010: no sender waits
// forever.
func TestBudgetWaitingMessagesEndWithTheRoom(t *testing.T) {
	srv := newServer(t, timtest.Options{RoomMessageRate: 1, RoomMaxDelay: 3 * time.Second})
	room := newRoom(t, srv)
	atWindowStart()
	if _, err := srv.SendText(ctx(t), room, "", "fills the window", "Normal"); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 1)
	go func() {
		_, err := srv.SendText(ctx(t), room, "", "waits", "Normal")
		errs <- err
	}()
	for st, _ := srv.RoomStats(room); st.Queued == 0; st, _ = srv.RoomStats(room) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.DestroyRoom(ctx(t), room); err != nil {
		t.Fatal(err)
	}
	if code := restCode(t, <-errs); code != 10010 {
		t.Fatalf("a waiting message of a dismissed room: %d", code)
	}
}

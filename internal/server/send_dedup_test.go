package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// sendRandom sends a text over the WebSocket with the given Random, as an
// SDK re-sending a request after a reconnect does, and returns the reply.
func (c *client) sendRandom(groupID, text string, random uint32) (int, wire.SendGroupMsgResp) {
	c.t.Helper()
	var resp wire.SendGroupMsgResp
	code := c.call(wire.CmdSendGroupMsg, wire.SendGroupMsgReq{
		GroupID: groupID, Random: random, MsgPriority: wire.Priority{Level: wire.PriorityNormal},
		MsgBody: []wire.Elem{wire.TextElem(text)}, MsgClientTime: time.Now().Unix(),
	}, &resp)
	return code, resp
}

// restSendRandom is REST send_group_msg with an explicit Random.
func restSendRandom(t *testing.T, srv *timtest.Server, groupID, from, text string, random uint32) wire.SendGroupMsgResp {
	t.Helper()
	body := fmt.Sprintf(`{"GroupId":%q,"From_Account":%q,"Random":%d,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":%q}}]}`,
		groupID, from, random, text)
	var resp wire.SendGroupMsgResp
	if err := srv.Call(ctx(t), wire.RESTSendGroupMsg, []byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	return resp
}

// afterSendTexts waits for n after-send webhooks, then for a marker's, and
// returns the texts reported by all of them but the marker's: a stray
// repeat would come before the marker (the webhook queue is FIFO).
func afterSendTexts(t *testing.T, srv *timtest.Server, app *timtest.WebhookServer, room string, n int) []string {
	t.Helper()
	restSendRandom(t, srv, room, "marker", "marker", 99999)
	got, err := app.Wait(ctx(t), wire.CallbackAfterSendMsg, n+1)
	if err != nil {
		t.Fatalf("after-send webhooks: %v (%d came)", err, len(got))
	}
	var texts []string
	for _, h := range app.Webhooks(wire.CallbackAfterSendMsg) {
		if text := strings.Join(h.Texts, ""); text != "marker" {
			texts = append(texts, text)
		}
	}
	return texts
}

// A WebSocket send repeated with the same Random by the same sender is one
// room message: the repeat gets the first's MsgSeq and MsgTime, and is
// neither budgeted nor reported again. Another sender's same Random is
// another message.
func TestRepeatedRandomOverWebSocketIsOneMessage(t *testing.T) {
	app := timtest.NewWebhookServer(t, nil)
	srv := newServer(t, timtest.Options{CallbackURL: app.URL})
	room := newRoom(t, srv)
	alice := member(t, srv, "alice", room)
	bob := member(t, srv, "bob", room)

	code, first := alice.sendRandom(room, "gift", 4242)
	if code != 0 || first.MsgSeq == 0 {
		t.Fatalf("first send: %d %+v", code, first)
	}
	again := dial(t, srv) // the same instance, re-sending on a new socket
	again.a2, again.tinyID, again.instID = alice.a2, alice.tinyID, alice.instID
	if code := again.relogin(); code != 0 {
		t.Fatalf("re-login: %d", code)
	}
	code, repeat := again.sendRandom(room, "gift", 4242)
	if code != 0 || repeat.MsgSeq != first.MsgSeq || repeat.MsgTime != first.MsgTime {
		t.Fatalf("repeat: %d %+v, want the first's reply %+v", code, repeat, first)
	}
	code, other := bob.sendRandom(room, "gift", 4242)
	if code != 0 || other.MsgSeq == first.MsgSeq || other.MsgSeq == 0 {
		t.Fatalf("bob's send with the same Random: %d %+v, want a message of its own", code, other)
	}

	if st, _ := srv.RoomStats(room); st.Delivered["Normal"] != 2 {
		t.Errorf("the budget counted %d messages, want 2 (alice's once, bob's)", st.Delivered["Normal"])
	}
	if st := srv.Stats(); st.DuplicateSends != 1 || st.Messages != 2 {
		t.Errorf("DuplicateSends %d, Messages %d; want 1 and 2", st.DuplicateSends, st.Messages)
	}
	if texts := afterSendTexts(t, srv, app, room, 2); len(texts) != 2 {
		t.Errorf("after-send webhooks for %q, want one for alice's gift and one for bob's", texts)
	}
}

// The same over REST send_group_msg: a repeated Random from the same
// From_Account is answered with the first's reply and published once.
func TestRepeatedRandomOverRESTIsOneMessage(t *testing.T) {
	app := timtest.NewWebhookServer(t, nil)
	srv := newServer(t, timtest.Options{CallbackURL: app.URL})
	room := newRoom(t, srv)
	first := restSendRandom(t, srv, room, "host", "gift", 777)
	repeat := restSendRandom(t, srv, room, "host", "gift", 777)
	if first.MsgSeq == 0 || repeat.MsgSeq != first.MsgSeq || repeat.MsgTime != first.MsgTime {
		t.Fatalf("repeat %+v, want the first's reply %+v", repeat, first)
	}
	other := restSendRandom(t, srv, room, "guest-star", "gift", 777)
	if other.MsgSeq == first.MsgSeq {
		t.Fatalf("another sender's send with the same Random got the first's MsgSeq %d", other.MsgSeq)
	}
	if st, _ := srv.RoomStats(room); st.Delivered["Normal"] != 2 {
		t.Errorf("the budget counted %d messages, want 2", st.Delivered["Normal"])
	}
	if texts := afterSendTexts(t, srv, app, room, 2); len(texts) != 2 {
		t.Errorf("after-send webhooks for %q, want 2", texts)
	}
}

// A repeat of a send still waiting for the budget gets the first's answer
// when it comes (the same MsgSeq), and is not queued itself.
func TestRepeatedRandomWhileTheFirstWaitsForTheBudget(t *testing.T) {
	srv := newServer(t, timtest.Options{RoomMessageRate: 1, RoomMaxDelay: 3 * time.Second})
	room := newRoom(t, srv)
	alice := member(t, srv, "alice", room)
	bob := member(t, srv, "bob", room)
	type result struct {
		code int
		resp wire.SendGroupMsgResp
	}
	// Two fillers: with one message a second, at least one waits.
	fillers := make(chan result, 2)
	for i := range 2 {
		go func() {
			code, resp := alice.sendRandom(room, "filler", uint32(100+i))
			fillers <- result{code, resp}
		}()
	}
	for srv.Stats().MessagesQueued == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	queued := srv.Stats().MessagesQueued
	firstDone := make(chan result, 1)
	go func() {
		code, resp := bob.sendRandom(room, "gift", 5151)
		firstDone <- result{code, resp}
	}()
	// The gift queues behind the waiting filler (unless a window started
	// meanwhile and it went at once: then the repeat finds it answered).
	for srv.Stats().MessagesQueued == queued && len(firstDone) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	code, repeat := bob.sendRandom(room, "gift", 5151)
	first := <-firstDone
	if first.code != 0 || code != 0 || first.resp.MsgSeq == 0 || repeat.MsgSeq != first.resp.MsgSeq || repeat.MsgTime != first.resp.MsgTime {
		t.Fatalf("first %+v, repeat %d %+v: want one reply", first, code, repeat)
	}
	for range 2 {
		if f := <-fillers; f.code != 0 {
			t.Fatalf("filler: %d", f.code)
		}
	}
	if st := srv.Stats(); st.DuplicateSends != 1 || st.MessagesQueued > queued+1 {
		t.Errorf("DuplicateSends %d, MessagesQueued %d (was %d): want 1, and the repeat not queued", st.DuplicateSends, st.MessagesQueued, queued)
	}
}

package server_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/faultproxy"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// A push member's network stops forwarding without closing (a faultproxy
// stall): the server writes the pushes into a socket that takes them and
// never delivers them. The instance gives the socket up and logs in again
// by A2 on another path, while the old socket is still open on the server.
// The re-login must retire the old socket and replay exactly what was not
// acknowledged: every message sent during the stall, once, and nothing the
// member had already acknowledged.
func TestPushStallReplaysWhatWasNotAcknowledged(t *testing.T) {
	srv := newServer(t, timtest.Options{Delivery: "push", RoomMessageRate: -1})
	room := newRoom(t, srv)
	proxy, base, err := faultproxy.ForURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })

	alice := dialWith(t, srv, dialOpts{base: base, compress: true})
	alice.login("alice")
	alice.join(room)
	alice.untilPushed(isTip(wire.TipMemberJoin))
	if _, err := srv.SendText(ctx(t), room, "bob", "before", "Normal"); err != nil {
		t.Fatal(err)
	}
	alice.untilPushed(isText("before"))
	awaitStat(t, "push acks", func() bool { return srv.Stats().PushAcks >= 2 })

	proxy.Stall()
	alice.noAck.Store(true) // what it still reads was buffered before the stall
	pushesBefore := srv.Stats().Pushes
	const during = 5
	for i := range during {
		if _, err := srv.SendText(ctx(t), room, "bob", fmt.Sprint("during ", i), "Normal"); err != nil {
			t.Fatal(err)
		}
	}
	// The server took every one into the stalled socket.
	awaitStat(t, "pushes", func() bool { return srv.Stats().Pushes >= pushesBefore+during })

	again := dial(t, srv) // another path (tim-js-sdk rotates hosts on reconnect)
	again.a2, again.tinyID, again.instID = alice.a2, alice.tinyID, alice.instID
	if code := again.relogin(); code != 0 {
		t.Fatalf("re-login: %d", code)
	}
	awaitStat(t, "the old socket retired", func() bool { return srv.Stats().Connections == 1 })
	// The replay follows the login reply and may be overtaken by a live
	// push: read until everything arrived, then until a last marker, which
	// any duplicate would precede.
	got := map[string]int{}
	var order []string
	readUntil := func(done func() bool) {
		for !done() {
			items, _ := again.pushedItems()
			for _, it := range items {
				text := textOf(it)
				if text == "" {
					text = fmt.Sprintf("tip %d", it.MsgSeq)
				}
				got[text]++
				order = append(order, text)
			}
		}
	}
	if _, err := srv.SendText(ctx(t), room, "bob", "after", "Normal"); err != nil {
		t.Fatal(err)
	}
	readUntil(func() bool { return got["after"] > 0 && got[fmt.Sprint("during ", during-1)] > 0 })
	if _, err := srv.SendText(ctx(t), room, "bob", "last", "Normal"); err != nil {
		t.Fatal(err)
	}
	readUntil(func() bool { return got["last"] > 0 })
	for i := range during {
		if n := got[fmt.Sprint("during ", i)]; n != 1 {
			t.Errorf("%q arrived %d times after the re-login, want once (got %q)", fmt.Sprint("during ", i), n, order)
		}
	}
	if len(order) != during+2 {
		t.Errorf("after the re-login got %q: want the %d messages of the stall, \"after\" and \"last\", nothing acknowledged before", order, during)
	}
	if st := srv.Stats(); st.PushReplays != during {
		t.Errorf("PushReplays %d, want %d", st.PushReplays, during)
	}
}

// The same for a C2C message: pushed into the stalled socket, never
// acknowledged, it stays in the store and the sync after the re-login hands
// it over, once.
func TestC2CStallSyncReturnsWhatWasNotAcknowledged(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	proxy, base, err := faultproxy.ForURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	bob := dialWith(t, srv, dialOpts{base: base, compress: true})
	bob.login("bob")
	if _, code := sendMsg(t, srv, textBody("bob", 1, "before")); code != 0 {
		t.Fatal(code)
	}
	if got := bob.c2cPushed(); len(got) != 1 || c2cText(got[0]) != "before" {
		t.Fatalf("pushed %+v", got)
	}
	awaitStat(t, "push acks", func() bool { return srv.Stats().PushAcks >= 1 })

	proxy.Stall()
	bob.noAck.Store(true)
	pushesBefore := srv.Stats().Pushes
	if _, code := sendMsg(t, srv, textBody("bob", 2, "during")); code != 0 {
		t.Fatal(code)
	}
	awaitStat(t, "pushes", func() bool { return srv.Stats().Pushes > pushesBefore })

	again := dial(t, srv)
	again.a2, again.tinyID, again.instID = bob.a2, bob.tinyID, bob.instID
	if code := again.relogin(); code != 0 {
		t.Fatalf("re-login: %d", code)
	}
	resp := again.c2cSync("")
	if got := syncedTexts(t, resp); len(got) != 1 || got[0] != "during" {
		t.Fatalf("the sync after the re-login returned %q, want [during]", got)
	}
	if got := syncedTexts(t, again.c2cSync(resp.Cookie)); len(got) != 0 {
		t.Fatalf("a second sync returned %q again", got)
	}
}

// An acknowledgement takes a C2C message out of the store; a message whose
// push was not acknowledged (yet) is still handed over by a sync.
func TestC2CAckRemovesTheMessageFromTheStore(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	bob := dial(t, srv)
	bob.noAck.Store(true)
	bob.login("bob")
	if _, code := sendMsg(t, srv, textBody("bob", 1, "one")); code != 0 {
		t.Fatal(code)
	}
	f := bob.nextPush(wire.CmdMsgPush)
	var p wire.MsgPush
	if err := json.Unmarshal(f.Body, &p); err != nil || p.NeedAck != 1 {
		t.Fatalf("push %s: want NeedAck 1", f.Body)
	}
	resp := bob.c2cSync("")
	if got := syncedTexts(t, resp); len(got) != 1 || got[0] != "one" {
		t.Fatalf("unacknowledged: sync returned %q, want [one]", got)
	}
	if _, code := sendMsg(t, srv, textBody("bob", 2, "two")); code != 0 {
		t.Fatal(code)
	}
	f = bob.nextPush(wire.CmdMsgPush)
	if err := json.Unmarshal(f.Body, &p); err != nil {
		t.Fatal(err)
	}
	bob.write(bob.head(wire.CmdPushAck), wire.PushAckReq{SessionData: p.SessionData})
	awaitStat(t, "push acks", func() bool { return srv.Stats().PushAcks >= 1 })
	if got := syncedTexts(t, bob.c2cSync(resp.Cookie)); len(got) != 0 {
		t.Fatalf("acknowledged: sync returned %q", got)
	}
}

// awaitStat polls cond until it holds.
func awaitStat(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(testTimeout); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

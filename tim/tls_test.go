package tim

import (
	"context"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// Over wss:// (as Tencent IM serves), with the server's certificate trusted
// through WithTLSConfig: a user and a guest join, a message goes both ways,
// the room is made and fed over https REST.
func TestTLSRoom(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery, TLS: true})
		trust := WithTLSConfig(r.srv.ClientTLSConfig())
		alice := r.user("alice", trust)
		guest := r.client(trust)
		inA, inG := record(alice), record(guest)
		r.join(alice)
		r.join(guest)
		r.warmUp(inA, inG)

		msg, err := alice.CreateTextMessage(TextMessageOptions{To: r.id, ConversationType: types.ConvGroup,
			Payload: message.TextPayload{Text: "over TLS"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := alice.SendMessage(ctxT(t), msg); err != nil {
			t.Fatal(err)
		}
		got := inG.waitMessage(t, "alice's message at the guest", isText("over TLS"))
		if got.ID != msg.ID || got.From != "alice" {
			t.Fatalf("guest got %s from %s, sent %s", got.ID, got.From, msg.ID)
		}
	})
}

// Without the server's certificate the handshake fails: Login gives up
// with an error when its context ends, and no socket was ever opened.
func TestTLSUntrustedServer(t *testing.T) {
	r := newTestRoom(t, timtest.Options{TLS: true})
	c := r.client()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := c.Login(ctx, "alice", r.srv.UserSig("alice")); err == nil {
		t.Fatal("login over an untrusted certificate succeeded")
	}
	if n := r.srv.Stats().ConnectionsOpened; n != 0 {
		t.Fatalf("the server accepted %d WebSockets", n)
	}
}

package timcluster_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest/timcluster"
	"github.com/tim-go/sdk/types"
)

// TestMuteHoldsOnEveryNode mutes a member over node 0's REST API while
// the member is on node 1: its send there is refused (10017), as on one
// emulator; unmuted, it goes through.
func TestMuteHoldsOnEveryNode(t *testing.T) {
	cl := timcluster.StartT(t, timcluster.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	id, err := cl.CreateRoom(ctx, "", "Room")
	if err != nil {
		t.Fatal(err)
	}
	v := newViewer(t, ctx, cl, cl.Nodes[1].URL, "bob", id)
	w := newViewer(t, ctx, cl, cl.Nodes[1].URL, "witness", id)
	send := func(text string) error {
		msg, err := v.c.CreateTextMessage(tim.TextMessageOptions{To: id, ConversationType: types.ConvGroup,
			Payload: message.TextPayload{Text: text}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = v.c.SendMessage(ctx, msg)
		return err
	}
	if err := cl.Nodes[0].Mute(ctx, id, "bob", 600); err != nil {
		t.Fatal(err)
	}
	// The mute tip reaches node 1 through the room's stream before the
	// witness's next text, sent after it on node 0.
	if _, err := cl.Nodes[0].SendText(ctx, id, "host", "after the mute", "Normal"); err != nil {
		t.Fatal(err)
	}
	if got := w.waitTexts(ctx, 1); len(got) != 1 {
		t.Fatalf("witness got %d texts", len(got))
	}
	if err := send("can I talk?"); !errors.Is(err, types.ErrGroupShutUpDeny) {
		t.Fatalf("muted send on node 1: %v, want ErrGroupShutUpDeny", err)
	}
	if err := cl.Nodes[0].Mute(ctx, id, "bob", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Nodes[0].SendText(ctx, id, "host", "after the unmute", "Normal"); err != nil {
		t.Fatal(err)
	}
	if got := w.waitTexts(ctx, 2); len(got) != 2 {
		t.Fatalf("witness got %d texts", len(got))
	}
	if err := send("now?"); err != nil {
		t.Fatalf("unmuted send on node 1: %v", err)
	}
}

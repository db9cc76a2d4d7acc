package timcluster_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest/timcluster"
)

// TestNATSRestart restarts the NATS server (file storage) between two
// halves of a room's traffic: the nodes reconnect on their own, sends
// succeed again, and a viewer on another node than the sender gets every
// message in sequence order.
func TestNATSRestart(t *testing.T) {
	const half = 10
	cl := timcluster.StartT(t, timcluster.Options{RoomMessageRate: -1, FileStorage: true})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const roomID = "restart-room"
	if _, err := cl.CreateRoom(ctx, roomID, "Room"); err != nil {
		t.Fatal(err)
	}
	v := newViewer(t, ctx, cl, cl.Nodes[1].URL, "viewer", roomID)
	sender := cl.Nodes[0]
	send := func(k int) {
		backoff := 10 * time.Millisecond
		for attempt := 0; ; attempt++ { // bounded by ctx
			_, err := sender.SendText(ctx, roomID, "host", fmt.Sprintf("m%d", k), "Normal")
			if err == nil {
				return
			}
			if ctx.Err() != nil {
				t.Fatalf("send %d: %v (after %d attempts)", k, err, attempt+1)
			}
			time.Sleep(backoff)
			backoff = min(2*backoff, 500*time.Millisecond)
		}
	}
	for k := range half {
		send(k)
	}
	if err := cl.NATS.Restart(); err != nil {
		t.Fatal(err)
	}
	for k := half; k < 2*half; k++ {
		send(k)
	}
	got := v.waitTexts(ctx, 2*half)
	if len(got) != 2*half {
		t.Fatalf("viewer got %d texts, want %d", len(got), 2*half)
	}
	for k, m := range got {
		if want := fmt.Sprintf("m%d", k); m.Payload.(*message.TextPayload).Text != want {
			t.Fatalf("text %d is %q, want %q", k, m.Payload.(*message.TextPayload).Text, want)
		}
		if k > 0 && m.Sequence != got[k-1].Sequence+1 {
			t.Fatalf("text %d has sequence %d after %d", k, m.Sequence, got[k-1].Sequence)
		}
	}
}

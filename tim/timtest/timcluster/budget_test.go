package timcluster_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/timtest/timcluster"
)

// TestBudgetCountsOtherNodesMessages sends from node 0 only; node 1,
// which publishes nothing itself, must have charged every one of those
// messages to its own budget of the room, so that the room's 40 msg/s hold
// across the cluster.
func TestBudgetCountsOtherNodesMessages(t *testing.T) {
	const sent = 7
	cl := timcluster.StartT(t, timcluster.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const roomID = "budget-room"
	if _, err := cl.CreateRoom(ctx, roomID, "Room"); err != nil {
		t.Fatal(err)
	}
	v := newViewer(t, ctx, cl, cl.Nodes[1].URL, "viewer", roomID) // node 1 has applied what it delivered
	for k := range sent {
		if _, err := cl.Nodes[0].SendText(ctx, roomID, "host", fmt.Sprintf("m%d", k), "Normal"); err != nil {
			t.Fatal(err)
		}
	}
	if got := v.waitTexts(ctx, sent); len(got) != sent {
		t.Fatalf("viewer got %d texts, want %d", len(got), sent)
	}
	st, ok := cl.Nodes[1].Server().RoomStats(roomID)
	if !ok {
		t.Fatal("node 1 has no room")
	}
	counted := 0
	for _, w := range st.Windows {
		counted += w.Delivered
	}
	if counted != sent {
		t.Fatalf("node 1 charged %d messages to the room's budget, want %d (%+v)", counted, sent, st.Windows)
	}
}

package timcluster_test

import (
	"context"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/timtest/timcluster"
)

// TestRoomsAreShared creates a room on one node: it reaches every node
// (a viewer joins it on another), its ID is taken cluster-wide, and
// destroying it on a third node closes it everywhere and frees the ID
// for a new room, whose sequence starts again at 1.
func TestRoomsAreShared(t *testing.T) {
	cl := timcluster.StartT(t, timcluster.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	id, err := cl.CreateRoom(ctx, "", "Shared Room") // generated ID, on node 0
	if err != nil {
		t.Fatal(err)
	}
	v := newViewer(t, ctx, cl, cl.Nodes[2].URL, "viewer", id)
	if _, err := cl.Nodes[1].CreateRoom(ctx, id, "Again"); err == nil {
		t.Fatalf("node 1 created room %s a second time", id)
	}
	if _, err := cl.Nodes[1].SendText(ctx, id, "host", "hello", "Normal"); err != nil {
		t.Fatal(err)
	}
	if got := v.waitTexts(ctx, 1); len(got) != 1 {
		t.Fatalf("viewer on node 2 got %d texts, want 1", len(got))
	}
	if err := cl.Nodes[2].DestroyRoom(ctx, id); err != nil {
		t.Fatal(err)
	}
	backoff := time.Millisecond
	for i, n := range cl.Nodes {
		for {
			if _, ok := n.Server().RoomStats(id); !ok {
				break
			}
			select {
			case <-ctx.Done():
				t.Fatalf("node %d still has room %s", i, id)
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, 100*time.Millisecond)
		}
	}
	if _, err := cl.CreateRoom(ctx, id, "Reborn"); err != nil {
		t.Fatalf("the ID of a destroyed room is not free again: %v", err)
	}
	seq, err := cl.Nodes[1].SendText(ctx, id, "host", "first", "Normal")
	if err != nil {
		t.Fatal(err)
	}
	if seq != 1 {
		t.Fatalf("the room created again starts at sequence %d, want 1", seq)
	}
}

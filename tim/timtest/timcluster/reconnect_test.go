package timcluster_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest/timcluster"
)

// TestViewerMovesToAnotherNode stops the node a viewer is on (through the
// front, as behind a load balancer) while messages are sent from another
// node; the viewer reconnects to a surviving node and receives every
// message once, with no gap in the sequence.
func TestViewerMovesToAnotherNode(t *testing.T) {
	for _, delivery := range []string{"poll", "push"} {
		t.Run(delivery, func(t *testing.T) { testViewerMoves(t, delivery) })
	}
}

func testViewerMoves(t *testing.T, delivery string) {
	const total = 60
	cl := timcluster.StartT(t, timcluster.Options{Delivery: delivery, RoomMessageRate: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	const roomID = "moving-room"
	if _, err := cl.CreateRoom(ctx, roomID, "Room"); err != nil {
		t.Fatal(err)
	}
	v := newViewer(t, ctx, cl, cl.URL, "viewer", roomID)
	on := -1
	for i, n := range cl.Nodes {
		if n.Server().Stats().Members > 0 && n.Server().Stats().Sessions > 0 {
			on = i
		}
	}
	if on < 0 {
		t.Fatal("the viewer is on no node")
	}
	sender := cl.Nodes[(on+1)%len(cl.Nodes)]
	send := func(k int) {
		if _, err := sender.SendText(ctx, roomID, "host", fmt.Sprintf("m%d", k), "Normal"); err != nil {
			t.Fatalf("send %d: %v", k, err)
		}
	}
	for k := range total / 2 {
		send(k)
	}
	v.waitTexts(ctx, 1) // traffic is flowing to the viewer
	cl.Nodes[on].Stop()
	for k := total / 2; k < total; k++ {
		send(k)
	}
	got := v.waitTexts(ctx, total)
	if len(got) != total {
		t.Fatalf("viewer got %d texts, want %d", len(got), total)
	}
	// The replay after the re-login may arrive after live pushes on the
	// new socket (as on one emulator): order by sequence, then every text
	// must be there once, with no gap.
	slices.SortStableFunc(got, func(a, b *message.Message) int { return cmp.Compare(a.Sequence, b.Sequence) })
	for k, m := range got {
		if want := fmt.Sprintf("m%d", k); m.Payload.(*message.TextPayload).Text != want {
			t.Fatalf("text %d is %q, want %q (sequence %d)", k, m.Payload.(*message.TextPayload).Text, want, m.Sequence)
		}
		if k > 0 && m.Sequence != got[k-1].Sequence+1 {
			t.Fatalf("text %d has sequence %d after %d", k, m.Sequence, got[k-1].Sequence)
		}
	}
}

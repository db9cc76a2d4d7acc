package timcluster_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest/timcluster"
)

// viewer is a Go SDK member of a room recording the text messages it gets.
type viewer struct {
	c *tim.TIM

	mu    sync.Mutex
	texts []*message.Message
	got   chan struct{} // a message arrived
}

func newViewer(t *testing.T, ctx context.Context, cl *timcluster.Cluster, url, userID, roomID string) *viewer {
	t.Helper()
	v := &viewer{c: tim.New(cl.SDKAppID, tim.WithProxyServer(url)), got: make(chan struct{}, 1)}
	t.Cleanup(func() { v.c.Destroy(context.Background()) })
	tim.On(v.c, tim.MessageReceived, func(msgs []*message.Message) {
		v.mu.Lock()
		for _, m := range msgs {
			if _, ok := m.Payload.(*message.TextPayload); ok {
				v.texts = append(v.texts, m)
			}
		}
		v.mu.Unlock()
		select {
		case v.got <- struct{}{}:
		default:
		}
	})
	if err := v.c.Login(ctx, userID, cl.UserSig(userID)); err != nil {
		t.Fatalf("%s: login: %v", userID, err)
	}
	if _, err := v.c.JoinGroup(ctx, roomID); err != nil {
		t.Fatalf("%s: join: %v", userID, err)
	}
	return v
}

// waitTexts waits until the viewer holds n texts or ctx ends.
func (v *viewer) waitTexts(ctx context.Context, n int) []*message.Message {
	for {
		v.mu.Lock()
		got := slices.Clone(v.texts)
		v.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-v.got:
		case <-ctx.Done():
			return got
		}
	}
}

// TestConcurrentSendersKeepRoomSequence sends into one room from several
// senders on each of 3 nodes at once; every node's viewer must see the
// same messages with contiguous sequences in the same order, and the
// sequences the senders were given are exactly those.
func TestConcurrentSendersKeepRoomSequence(t *testing.T) {
	const sendersPerNode, perSender = 2, 25
	cl := timcluster.StartT(t, timcluster.Options{RoomMessageRate: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const roomID = "cluster room.*>" // not subject-safe on purpose
	if _, err := cl.CreateRoom(ctx, roomID, "Cluster Room"); err != nil {
		t.Fatal(err)
	}
	viewers := make([]*viewer, len(cl.Nodes))
	for i, n := range cl.Nodes {
		viewers[i] = newViewer(t, ctx, cl, n.URL, fmt.Sprintf("viewer%d", i), roomID)
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	var seqs []uint64
	errs := make(chan error, len(cl.Nodes)*sendersPerNode)
	for i, n := range cl.Nodes {
		for s := range sendersPerNode {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range perSender {
					seq, err := n.SendText(ctx, roomID, fmt.Sprintf("host%d", i), fmt.Sprintf("n%d s%d k%d", i, s, k), "Normal")
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					seqs = append(seqs, seq)
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("send: %v", err)
	}
	total := len(cl.Nodes) * sendersPerNode * perSender
	slices.Sort(seqs)
	for i := 1; i < len(seqs); i++ {
		if seqs[i] != seqs[i-1]+1 {
			t.Fatalf("send replies: sequence %d follows %d (not contiguous)", seqs[i], seqs[i-1])
		}
	}

	var first []string
	for i, v := range viewers {
		got := v.waitTexts(ctx, total)
		if len(got) != total {
			t.Fatalf("viewer on node %d got %d texts, want %d", i, len(got), total)
		}
		order := make([]string, len(got))
		for k, m := range got {
			if m.Sequence != seqs[k] {
				t.Fatalf("viewer on node %d: text %d has sequence %d, want %d", i, k, m.Sequence, seqs[k])
			}
			order[k] = m.Payload.(*message.TextPayload).Text
		}
		if first == nil {
			first = order
		} else if !slices.Equal(order, first) {
			t.Fatalf("viewer on node %d saw another order than node 0", i)
		}
	}
}

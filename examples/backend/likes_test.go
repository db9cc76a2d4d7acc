package main

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// fakeCounter is a room counter whose writes can fail.
type fakeCounter struct {
	mu     sync.Mutex
	value  int64
	writes int
	fail   bool
}

func (c *fakeCounter) add(_ context.Context, n int64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail {
		return errors.New("10002 internal error")
	}
	c.value += n
	c.writes++
	return nil
}

func TestLikeBatcherKeepsFailedFlush(t *testing.T) {
	ctr := &fakeCounter{}
	b := &likeBatcher{add: ctr.add, interval: time.Hour}
	ctx := t.Context()
	if err := b.flush(ctx); err != nil || ctr.writes != 0 {
		t.Fatalf("empty flush: %v, %d writes", err, ctr.writes)
	}
	b.like(3)
	b.like(4)
	ctr.fail = true
	if err := b.flush(ctx); err == nil {
		t.Fatal("failed flush: no error")
	}
	if counted, pending := b.totals(); counted != 0 || pending != 7 || b.failures() != 1 {
		t.Fatalf("after a failed flush: counted %d pending %d failures %d, want 0 7 1", counted, pending, b.failures())
	}
	b.like(5) // arrives between the flushes
	ctr.fail = false
	if err := b.flush(ctx); err != nil {
		t.Fatal(err)
	}
	if counted, pending := b.totals(); counted != 12 || pending != 0 || ctr.value != 12 || ctr.writes != 1 {
		t.Fatalf("after the next flush: counted %d pending %d, counter %d in %d writes; want 12 0, 12 in 1",
			counted, pending, ctr.value, ctr.writes)
	}
}

func TestLikeBatcherFinalFlush(t *testing.T) {
	ctr := &fakeCounter{}
	b := &likeBatcher{add: ctr.add, interval: time.Hour} // never ticks
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.run(ctx, time.Second)
	}()
	b.like(2)
	b.like(9)
	cancel()
	<-done
	if counted, pending := b.totals(); counted != 11 || pending != 0 || ctr.value != 11 {
		t.Fatalf("after the final flush: counted %d pending %d counter %d, want 11 0 11", counted, pending, ctr.value)
	}
}

func TestLikeCount(t *testing.T) {
	for in, want := range map[string]int64{"1": 1, " 5 ": 5, "0": 1, "-3": 1, "x": 1, "": 1, "100": 100, "1000000": maxLikesPerMessage} {
		if got := likeCount(in); got != want {
			t.Errorf("likeCount(%q) = %d, want %d", in, got, want)
		}
	}
}

package main

import (
	"context"
	"sync"
	"time"
)

// Likes are Low-priority custom messages (Desc "like", Data the count).
// The after-send webhook reports each one the room delivered; the backend
// adds them up and writes the sum into the room's counter in batches, one
// REST call per flush instead of one per like (Tencent allows a room's
// counters about 20 writes per 5 s from a client, and every REST call
// counts against the app's 200 calls/s).

// likeDesc marks a custom message as likes.
const likeDesc = "like"

// maxLikesPerMessage bounds the count one like message may carry; more is
// read as this many (a client can put anything in Data).
const maxLikesPerMessage = 100

// likeBatcher sums likes and flushes them with add every interval.
type likeBatcher struct {
	add      func(ctx context.Context, n int64) error
	interval time.Duration

	mu      sync.Mutex
	pending int64
	counted int64 // written to the counter
	failed  int   // flushes that failed (their likes stay pending)
}

// like adds n likes to the next flush.
func (b *likeBatcher) like(n int64) {
	b.mu.Lock()
	b.pending += n
	b.mu.Unlock()
}

// flush writes the pending likes; on failure they stay for the next one.
func (b *likeBatcher) flush(ctx context.Context) error {
	b.mu.Lock()
	n := b.pending
	b.pending = 0
	b.mu.Unlock()
	if n == 0 {
		return nil
	}
	err := b.add(ctx, n)
	b.mu.Lock()
	if err != nil {
		b.pending += n
		b.failed++
	} else {
		b.counted += n
	}
	b.mu.Unlock()
	return err
}

// run flushes every interval until ctx ends, then once more, within
// finalTimeout, so that nothing counted is left behind.
func (b *likeBatcher) run(ctx context.Context, finalTimeout time.Duration) {
	t := time.NewTicker(b.interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.flush(ctx)
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), finalTimeout)
			defer cancel()
			b.flush(final)
			return
		}
	}
}

// failures returns how many flushes failed.
func (b *likeBatcher) failures() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.failed
}

// totals returns the likes written and still pending.
func (b *likeBatcher) totals() (counted, pending int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.counted, b.pending
}

package main

import (
	"context"
	"sync"
)

// bounded runs functions on at most a fixed number of goroutines at once:
// the ramp's joins and the teardown's Destroy calls.
type bounded struct {
	sem chan struct{}
	wg  sync.WaitGroup
}

func newBounded(n int) *bounded { return &bounded{sem: make(chan struct{}, n)} }

// run starts fn once a slot is free; it reports false, without running fn,
// when ctx ends first.
func (b *bounded) run(ctx context.Context, fn func()) bool {
	select {
	case b.sem <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	if ctx.Err() != nil { // both were ready: ctx wins
		<-b.sem
		return false
	}
	b.wg.Add(1)
	go func() {
		defer func() { <-b.sem; b.wg.Done() }()
		fn()
	}()
	return true
}

// wait waits for every started fn, or until ctx ends; it reports whether
// all of them finished.
func (b *bounded) wait(ctx context.Context) bool {
	finished := make(chan struct{})
	go func() { b.wg.Wait(); close(finished) }()
	select {
	case <-finished:
		return true
	case <-ctx.Done():
		return false
	}
}

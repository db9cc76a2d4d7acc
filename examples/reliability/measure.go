package main

import (
	"fmt"
	"runtime"
	"strings"
	"time"
)

// na marks a count or duration that does not apply to a row ("–").
const na = -1

// Row is one measured line of the table.
type Row struct {
	Key, Fault, Must string
	Held             bool
	Lost, Dup        int           // na: not counted
	Detect, Recover  time.Duration // na: does not apply
	GoBefore         int
	GoAfter          int
	HeapBefore       uint64 // bytes, after runtime.GC
	HeapAfter        uint64
	Note             string
	Took             time.Duration
}

func (r Row) result() string {
	if r.Held {
		return "held"
	}
	return "FAILED"
}

// outcome is what a scenario reports: its own checks and figures. The
// goroutine and heap figures are measure's.
type outcome struct {
	held            bool
	lost, dup       int
	detect, recover time.Duration
	notes           []string
	failures        []string // first in the row's note: why it failed
}

func newOutcome() *outcome {
	return &outcome{held: true, lost: na, dup: na, detect: na, recover: na}
}

// notef adds to the row's note.
func (o *outcome) notef(format string, args ...any) *outcome {
	o.notes = append(o.notes, fmt.Sprintf(format, args...))
	return o
}

// failf marks the row failed and says why in its note.
func (o *outcome) failf(format string, args ...any) *outcome {
	o.held = false
	o.failures = append(o.failures, fmt.Sprintf(format, args...))
	return o
}

// check fails the row with the note when ok is false.
func (o *outcome) check(ok bool, format string, args ...any) {
	if !ok {
		o.failf(format, args...)
	}
}

// Goroutines a row may leave behind (a keep-alive HTTP connection being
// torn down, a timer's goroutine) before it counts as a leak.
const goroutineSlack = 10

// settleTime is how long measure waits for goroutines to wind down after
// a row destroyed what it made.
const settleTime = 5 * time.Second

// measure runs s between two snapshots of the process. A panic in the
// scenario's own goroutine fails the row instead of the run.
func measure(s scenario, sz size) Row {
	gb, hb := snapshot()
	start := time.Now()
	o := func() (o *outcome) {
		defer func() {
			if v := recover(); v != nil {
				o = newOutcome().failf("panic: %v", v)
			}
		}()
		return s.run(sz)
	}()
	took := time.Since(start)
	ga := settle(gb+2, settleTime)
	_, ha := snapshot()
	o.check(ga <= gb+goroutineSlack, "goroutines %d→%d after Destroy", gb, ga)
	return Row{Key: s.key, Fault: s.fault, Must: s.must, Held: o.held, Lost: o.lost, Dup: o.dup,
		Detect: o.detect, Recover: o.recover, GoBefore: gb, GoAfter: ga, HeapBefore: hb, HeapAfter: ha,
		Note: strings.Join(append(o.failures, o.notes...), "; "), Took: took}
}

// snapshot is the goroutine count and the live heap after a collection.
// Two collections: sync.Pool keeps what the first one frees in its victim
// cache, which is pooled buffers, not a leak.
func snapshot() (goroutines int, heap uint64) {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return runtime.NumGoroutine(), ms.HeapAlloc
}

// heapNow is the heap in use without forcing a collection, for sampling
// a peak while a row runs.
func heapNow() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// settle waits up to d for the goroutine count to fall to want and
// returns the count it saw last.
func settle(want int, d time.Duration) int {
	deadline := time.Now().Add(d)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitUntil polls cond every 10 ms for up to d; it returns how long cond
// took to hold and whether it did.
func waitUntil(d time.Duration, cond func() bool) (time.Duration, bool) {
	start := time.Now()
	for {
		if cond() {
			return time.Since(start), true
		}
		if time.Since(start) > d {
			return time.Since(start), false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// peakHeap samples the heap every 20 ms until stop is closed and returns
// the highest value seen.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		peak := heapNow()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				out <- max(peak, heapNow())
				return
			case <-t.C:
				peak = max(peak, heapNow())
			}
		}
	}()
	return out
}

const mib = 1 << 20

func numGoroutine() int { return runtime.NumGoroutine() }

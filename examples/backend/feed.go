package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// feed prints what happens, one line per event, with the time since the
// start and who did it.
type feed struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
}

func newFeed(w io.Writer) *feed { return &feed{w: w, start: time.Now()} }

// printf prints one event line.
func (f *feed) printf(who, format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fmt.Fprintf(f.w, "%6.2fs  %-10s %s\n", time.Since(f.start).Seconds(), who, fmt.Sprintf(format, args...))
}

package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/tim-go/sdk/types"
)

// feed prints the live feed: one line per event (time, who, what,
// priority, text), sampled so that it stays readable with many viewers.
// Rare events (mutes, notices, refusals, the like total) are always shown;
// chat and gifts are shown up to a few lines a second; likes are summed
// into one line a second.
type feed struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	window  time.Duration // the second being shown
	shown   map[string]int
	skipped int
	printed int
	likes   likeBurst
}

// Lines a second per sampled kind of line.
var feedBudget = map[string]int{"danmaku": 2, "reply": 1, "gift": 2, "refused": 1}

// likeBurst gathers the likes of one second.
type likeBurst struct {
	taps    int
	senders []string
	counts  map[string]int
}

func newFeed(w io.Writer, start time.Time) *feed {
	return &feed{w: w, start: start, shown: make(map[string]int)}
}

// printf writes a plain line (headers, notes).
func (f *feed) printf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fmt.Fprintf(f.w, format+"\n", args...)
}

// columns prints the header of the feed's columns.
func (f *feed) columns() {
	f.printf("%-9s  %-13s %-8s %-6s  %s", "time", "who", "what", "prio", "text")
}

// event shows a line; what names a sampled kind (feedBudget) or anything
// else to show always.
func (f *feed) event(at time.Time, who, what string, prio types.Priority, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rollLocked(at)
	if budget, sampled := feedBudget[what]; sampled {
		if f.shown[what] >= budget {
			f.skipped++
			return
		}
		f.shown[what]++
	}
	f.lineLocked(at, who, what, prio, text)
}

// like adds a like burst to this second's like line.
func (f *feed) like(at time.Time, who string, taps int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rollLocked(at)
	b := &f.likes
	if b.counts == nil {
		b.counts = make(map[string]int)
	}
	if b.counts[who] == 0 {
		b.senders = append(b.senders, who)
	}
	b.counts[who] += taps
	b.taps += taps
}

// flush prints what is gathered (the last like line).
func (f *feed) flush() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.flushLikesLocked(f.start.Add(f.window + time.Second - time.Millisecond))
}

// counts returns the lines printed and skipped.
func (f *feed) counts() (printed, skipped int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.printed, f.skipped
}

// rollLocked starts a new second when at is past the current one.
func (f *feed) rollLocked(at time.Time) {
	w := at.Sub(f.start).Truncate(time.Second)
	if w <= f.window {
		return
	}
	f.flushLikesLocked(f.start.Add(f.window + time.Second - time.Millisecond))
	f.window = w
	clear(f.shown)
}

const maxLikeNames = 3

func (f *feed) flushLikesLocked(at time.Time) {
	b := &f.likes
	if b.taps == 0 {
		return
	}
	names := make([]string, 0, maxLikeNames+1)
	for i, who := range b.senders {
		if i == maxLikeNames {
			names = append(names, fmt.Sprintf("+%d more", len(b.senders)-maxLikeNames))
			break
		}
		names = append(names, fmt.Sprintf("%s ×%d", who, b.counts[who]))
	}
	who, text := b.senders[0], fmt.Sprintf("+%d ♥", b.taps)
	if len(b.senders) > 1 {
		who, text = fmt.Sprintf("%d viewers", len(b.senders)), fmt.Sprintf("%s  (%s)", text, strings.Join(names, ", "))
	}
	f.lineLocked(at, who, "like", types.MsgPriorityLow, text)
	*b = likeBurst{}
}

func (f *feed) lineLocked(at time.Time, who, what string, prio types.Priority, text string) {
	f.printed++
	fmt.Fprintf(f.w, "%s  %-13s %-8s %-6s  %s\n", f.clock(at), who, what, prio, text)
}

// clock formats at as mm:ss.mmm since the start.
func (f *feed) clock(at time.Time) string { return clock(max(at.Sub(f.start), 0)) }

package main

import (
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tim-go/sdk/examples/loadtest/agentmetrics"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
)

// viewer is one SDK instance in the room, logged in or a guest. It is kept
// small: the harness's own bytes per viewer count in the heap figure.
type viewer struct {
	idx      int
	guest    bool
	joined   bool // set by its join goroutine, read after the ramp's Wait
	t        *tim.TIM
	receipts atomic.Int64 // load-test messages received, duplicates included
	dups     atomic.Int64
	others   atomic.Int64 // everything else received: join tips above all
}

// viewerID is the user ID of viewer j of the plan (guests have none).
func viewerID(j int) string { return "viewer" + strconv.Itoa(j) }

// tracker is the traffic phase's record of receipts: one bit per viewer and
// message (duplicates), and the latency histogram. It is made when traffic
// starts, so that the idle figures do not include it.
type tracker struct {
	msgs    int      // messages the phase may send
	words   int      // bitset words per viewer
	bits    []uint64 // viewer i owns bits[i*words : (i+1)*words]; only its handler touches them
	hist    histogram
	foreign atomic.Int64 // texts that are not this run's (another client in the room)
	agents  *agentTrack  // with -agent: latency by sending agent
	metrics *agentmetrics.Agent
}

func newTracker(msgs, viewers int) *tracker {
	words := (msgs + 63) / 64
	return &tracker{msgs: msgs, words: words, bits: make([]uint64, words*viewers)}
}

// textPrefix starts every load-test message: "lt <index> <send time, Unix ns>".
const textPrefix = "lt "

// loadText is the text of message idx sent at t.
func loadText(idx int, t time.Time) string {
	b := make([]byte, 0, 32)
	b = append(b, textPrefix...)
	b = strconv.AppendInt(b, int64(idx), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, t.UnixNano(), 10)
	return string(b)
}

// parseLoadText reads a load-test text; ok is false for any other text.
func parseLoadText(s string) (idx int, sent time.Time, ok bool) {
	rest, found := strings.CutPrefix(s, textPrefix)
	if !found {
		return 0, time.Time{}, false
	}
	a, b, found := strings.Cut(rest, " ")
	if !found {
		return 0, time.Time{}, false
	}
	i, err1 := strconv.Atoi(a)
	ns, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || i < 0 {
		return 0, time.Time{}, false
	}
	return i, time.Unix(0, ns), true
}

// receive is v's MESSAGE_RECEIVED handler. The SDK runs one handler call
// of an instance at a time, so v's bits need no lock.
func (tr *tracker) receive(v *viewer, msgs []*message.Message) {
	now := time.Now()
	for _, m := range msgs {
		if tr.agents != nil {
			tr.receiveAgent(v, m, now)
			continue
		}
		p, ok := m.Payload.(*message.TextPayload)
		if !ok {
			v.others.Add(1) // join tips and the like
			continue
		}
		idx, sent, ok := parseLoadText(p.Text)
		if !ok || idx >= tr.msgs {
			tr.foreign.Add(1)
			continue
		}
		dup := tr.mark(v, idx)
		tr.hist.record(v.idx, now.Sub(sent))
		tr.metrics.Receipt(now.Sub(sent), dup)
	}
}

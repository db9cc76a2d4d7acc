package main

import (
	"math"
	"sync/atomic"
	"time"

	"github.com/tim-go/sdk/message"
)

// senderLatency is one receiving agent's record of the messages of one
// sending agent: their latency histogram, in the buckets of histogram
// (one shard: it is one of several), and the least latency, signed —
// a negative least latency is a clock skew the histogram's clamp would hide.
type senderLatency struct {
	counts [histBuckets]atomic.Uint64
	n      atomic.Int64
	sum    atomic.Int64 // microseconds, clamped at 0 as the histogram's
	max    atomic.Int64 // microseconds
	min    atomic.Int64 // microseconds, signed; math.MaxInt64 before the first
}

// agentTrack is the tracker's part in agent mode.
type agentTrack struct {
	seed     int64
	bySender []senderLatency // by sending agent
}

func newAgentTrack(agents int, seed int64) *agentTrack {
	at := &agentTrack{seed: seed, bySender: make([]senderLatency, agents)}
	for i := range at.bySender {
		at.bySender[i].min.Store(math.MaxInt64)
	}
	return at
}

// receiveAgent is receive for an agent's viewer: the texts carry the
// sending agent and the run's seed.
func (tr *tracker) receiveAgent(v *viewer, m *message.Message, now time.Time) {
	p, ok := m.Payload.(*message.TextPayload)
	if !ok {
		v.others.Add(1)
		return
	}
	idx, sent, agent, seed, ok := parseAgentText(p.Text)
	if !ok || idx >= tr.msgs || seed != tr.agents.seed || agent >= len(tr.agents.bySender) {
		tr.foreign.Add(1)
		return
	}
	dup := tr.mark(v, idx)
	lat := now.Sub(sent)
	tr.hist.record(v.idx, lat)
	if s := &tr.agents.bySender[agent]; s.record(lat) {
		tr.metrics.MinLatency(agent, lat)
	}
	tr.metrics.Receipt(lat, dup)
}

// mark ticks message idx off for v and reports whether v had it already.
func (tr *tracker) mark(v *viewer, idx int) bool {
	w := &tr.bits[v.idx*tr.words+idx/64]
	bit := uint64(1) << (idx % 64)
	dup := *w&bit != 0
	if dup {
		v.dups.Add(1)
	}
	*w |= bit
	v.receipts.Add(1)
	return dup
}

// record adds one latency and reports whether it is the least so far.
func (s *senderLatency) record(d time.Duration) bool {
	us := d.Microseconds()
	clamped := max(us, 0)
	s.counts[bucketOf(uint64(clamped))].Add(1)
	s.n.Add(1)
	s.sum.Add(clamped)
	for {
		m := s.max.Load()
		if clamped <= m || s.max.CompareAndSwap(m, clamped) {
			break
		}
	}
	for {
		m := s.min.Load()
		if us >= m {
			return false
		}
		if s.min.CompareAndSwap(m, us) {
			return true
		}
	}
}

// histJSON is a latency histogram in a report: the buckets of histogram
// that hold anything, as [bucket, count] pairs, so that -report merges
// the agents' histograms bucket by bucket rather than averaging their
// percentiles.
type histJSON struct {
	N       int64       `json:"n"`
	SumUS   int64       `json:"sum_us"`
	MaxUS   int64       `json:"max_us"`
	MinUS   *int64      `json:"min_us,omitempty"` // signed: below zero, the sender's clock is ahead
	Buckets [][2]uint64 `json:"buckets"`
}

// snapshot is s as a histJSON.
func (s *senderLatency) snapshot() histJSON {
	h := histJSON{N: s.n.Load(), SumUS: s.sum.Load(), MaxUS: s.max.Load(), Buckets: [][2]uint64{}}
	if m := s.min.Load(); m != math.MaxInt64 {
		h.MinUS = &m
	}
	for b := range s.counts {
		if c := s.counts[b].Load(); c > 0 {
			h.Buckets = append(h.Buckets, [2]uint64{uint64(b), c})
		}
	}
	return h
}

// add merges o into h: counts add, the extremes take the extreme. Buckets
// out of range (a damaged report) are dropped.
func (h *histJSON) add(o histJSON) {
	counts := h.dense()
	for _, bc := range o.Buckets {
		if bc[0] < histBuckets {
			counts[bc[0]] += bc[1]
		}
	}
	h.N += o.N
	h.SumUS += o.SumUS
	h.MaxUS = max(h.MaxUS, o.MaxUS)
	if o.MinUS != nil && (h.MinUS == nil || *o.MinUS < *h.MinUS) {
		m := *o.MinUS
		h.MinUS = &m
	}
	h.Buckets = sparse(counts)
}

// dense is h's buckets as one count per bucket.
func (h *histJSON) dense() []uint64 {
	counts := make([]uint64, histBuckets)
	for _, bc := range h.Buckets {
		if bc[0] < histBuckets {
			counts[bc[0]] += bc[1]
		}
	}
	return counts
}

func sparse(counts []uint64) [][2]uint64 {
	out := [][2]uint64{}
	for b, c := range counts {
		if c > 0 {
			out = append(out, [2]uint64{uint64(b), c})
		}
	}
	return out
}

// summary reads h's percentiles as histogram.summary does.
func (h *histJSON) summary() latencies {
	return summarize(h.dense(), h.N, h.SumUS, h.MaxUS)
}

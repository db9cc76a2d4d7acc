package main

import (
	"math/bits"
	"sync/atomic"
	"time"
)

// histogram counts latencies in fixed log-linear buckets: exact below
// histSub microseconds, then histSub buckets per power of two (at most
// 1/histSub relative error). Its size does not grow with the receipts, so
// the harness's own memory stays out of the figures; recording is one
// atomic add, safe from every viewer's handler at once.
type histogram struct {
	shards [histShards]histShard
}

const (
	histSubBits = 4
	histSub     = 1 << histSubBits // buckets per power of two
	histBuckets = histSub + (64-histSubBits)*histSub
	// histShards spreads concurrent recorders over separate counters.
	histShards = 4
)

type histShard struct {
	counts [histBuckets]atomic.Uint64
	max    atomic.Int64 // microseconds
	sum    atomic.Int64 // microseconds
	n      atomic.Int64
}

// bucketOf is the bucket of v microseconds.
func bucketOf(v uint64) int {
	if v < histSub {
		return int(v)
	}
	e := bits.Len64(v) - histSubBits - 1 // v>>e is in [histSub, 2*histSub)
	return histSub + e*histSub + int(v>>e) - histSub
}

// bucketTop is the largest value, in microseconds, of bucket i.
func bucketTop(i int) uint64 {
	if i < histSub {
		return uint64(i)
	}
	e := (i - histSub) / histSub
	m := uint64(i-histSub)%histSub + histSub
	return (m+1)<<e - 1
}

// record adds one latency; shard is any number that spreads recorders
// (a viewer's index).
func (h *histogram) record(shard int, d time.Duration) {
	us := d.Microseconds()
	if us < 0 {
		us = 0 // clocks of one process do not go back; be safe anyway
	}
	s := &h.shards[shard%histShards]
	s.counts[bucketOf(uint64(us))].Add(1)
	s.sum.Add(us)
	s.n.Add(1)
	for {
		m := s.max.Load()
		if us <= m || s.max.CompareAndSwap(m, us) {
			break
		}
	}
}

// latencies is a summary of the histogram.
type latencies struct {
	N                       int64
	P50, P90, P99, Max, Avg time.Duration
}

// summary reads the percentiles: each is the top of the bucket where the
// rank falls, so it over-states by at most one bucket's width.
func (h *histogram) summary() latencies {
	var merged [histBuckets]uint64
	var n, sum, maxUS int64
	for i := range h.shards {
		s := &h.shards[i]
		for b := range merged {
			merged[b] += s.counts[b].Load()
		}
		n += s.n.Load()
		sum += s.sum.Load()
		maxUS = max(maxUS, s.max.Load())
	}
	return summarize(merged[:], n, sum, maxUS)
}

// summarize reads the percentiles of bucket counts (histBuckets of them)
// holding n latencies that add up to sum microseconds, the largest maxUS:
// a histogram's, or the Node viewers', which count in the same buckets.
func summarize(counts []uint64, n, sum, maxUS int64) latencies {
	l := latencies{N: n}
	if n <= 0 {
		return l
	}
	us := func(v int64) time.Duration { return time.Duration(v) * time.Microsecond }
	l.Max, l.Avg = us(maxUS), us(sum/n)
	rank := func(q float64) time.Duration {
		want := uint64(q*float64(n) + 0.5)
		want = max(want, 1)
		var seen uint64
		for b, c := range counts {
			seen += c
			if seen >= want {
				return min(us(int64(bucketTop(b))), l.Max)
			}
		}
		return l.Max
	}
	l.P50, l.P90, l.P99 = rank(0.50), rank(0.90), rank(0.99)
	return l
}

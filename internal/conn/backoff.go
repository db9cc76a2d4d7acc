package conn

import (
	"math/rand/v2"
	"time"
)

// Reconnect back-off defaults, as centrifuge-go uses them: the first retry
// comes within 200 ms, each later one may wait twice as long, never over 20 s.
const (
	DefaultBackoffMin    = 200 * time.Millisecond
	DefaultBackoffMax    = 20 * time.Second
	DefaultBackoffFactor = 2
)

// Backoff computes reconnect delays: exponential growth with full jitter, so
// that thousands of viewers dropped by the same server restart do not all
// come back in the same millisecond.
type Backoff struct {
	Min    time.Duration
	Max    time.Duration
	Factor float64
}

// DefaultBackoff is Min 200 ms, Max 20 s, Factor 2.
func DefaultBackoff() Backoff {
	return Backoff{Min: DefaultBackoffMin, Max: DefaultBackoffMax, Factor: DefaultBackoffFactor}
}

// Delay returns the wait before retry number attempt (0 for the first): a
// uniformly random duration in [0, min(Max, Min·Factor^attempt)].
func (b Backoff) Delay(attempt int) time.Duration {
	limit := b.ceiling(attempt)
	if limit <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(limit) + 1))
}

// ceiling is the upper bound of the jittered delay for attempt.
func (b Backoff) ceiling(attempt int) time.Duration {
	minD, maxD, f := b.Min, b.Max, b.Factor
	if minD <= 0 {
		minD = DefaultBackoffMin
	}
	if maxD < minD {
		maxD = minD
	}
	if f < 1 {
		f = DefaultBackoffFactor
	}
	d := float64(minD)
	for i := 0; i < attempt && d < float64(maxD); i++ {
		d *= f
	}
	if d > float64(maxD) {
		d = float64(maxD)
	}
	return time.Duration(d)
}

package restapi

import (
	"context"
	"math"
	"sync"

	"golang.org/x/time/rate"
)

// limiters keeps one token bucket per command: Tencent's limits are per
// command ("最高调用频率 200次/秒" on each page). Call takes any command
// string, so the map is bounded: past maxLimiters distinct commands, the
// rest share one bucket.
type limiters struct {
	rate  rate.Limit
	burst int

	mu sync.Mutex
	m  map[string]*rate.Limiter
}

// maxLimiters bounds the commands with a bucket of their own; Tencent's
// REST API has a few hundred commands, a live-room backend uses a few dozen.
const maxLimiters = 512

// sharedBucket keys the bucket of commands past maxLimiters ("" is no
// command's path).
const sharedBucket = ""

func newLimiters(perSecond float64, burst int) *limiters {
	if burst <= 0 {
		burst = max(1, int(math.Ceil(perSecond)))
	}
	return &limiters{rate: rate.Limit(perSecond), burst: burst, m: make(map[string]*rate.Limiter)}
}

// wait blocks until command may be sent, or ctx ends.
func (l *limiters) wait(ctx context.Context, command string) error {
	l.mu.Lock()
	if _, ok := l.m[command]; !ok && len(l.m) >= maxLimiters {
		command = sharedBucket
	}
	lim, ok := l.m[command]
	if !ok {
		lim = rate.NewLimiter(l.rate, l.burst)
		l.m[command] = lim
	}
	l.mu.Unlock()
	return lim.Wait(ctx)
}

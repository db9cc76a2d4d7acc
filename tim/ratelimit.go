package tim

import (
	"context"
	"sync"
	"time"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// cmdLimit is one of tim-js-sdk's client-side command limits: at most
// count requests of the command per window; more fail with 2996 without
// being sent.
type cmdLimit struct {
	count  int
	window time.Duration
}

// cmdLimits are tim-js-sdk 2.27.6's limits for the commands this package
// sends (its table also limits getGroupProfile and others).
var cmdLimits = map[string]cmdLimit{
	wire.CmdGetAVMembers:       {1, 3 * time.Second},
	wire.CmdInitGroupAttr:      {10, 5 * time.Second},
	wire.CmdSetGroupAttr:       {10, 5 * time.Second},
	wire.CmdDeleteGroupAttr:    {10, 5 * time.Second},
	wire.CmdClearGroupAttr:     {10, 5 * time.Second},
	wire.CmdGetGroupAttr:       {20, 5 * time.Second},
	wire.CmdUpdateGroupCounter: {20, 5 * time.Second},
	wire.CmdGetGroupCounter:    {20, 5 * time.Second},
}

// limiter counts requests per command in fixed windows, as tim-js-sdk
// does: a window opens with the first request after the previous one
// ended, and refused requests count too. No timer: it only compares times.
type limiter struct {
	mu      sync.Mutex
	windows map[string]*cmdWindow
}

type cmdWindow struct {
	start time.Time
	n     int
}

// allow counts a request of servcmd at now and reports whether it may go.
func (l *limiter) allow(servcmd string, now time.Time) bool {
	lim, ok := cmdLimits[servcmd]
	if !ok {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.windows == nil {
		l.windows = make(map[string]*cmdWindow)
	}
	w := l.windows[servcmd]
	if w == nil || now.Sub(w.start) > lim.window {
		l.windows[servcmd] = &cmdWindow{start: now, n: 1}
		return true
	}
	w.n++
	return w.n <= lim.count
}

// doLimited is do behind the command's client-side limit (2996).
func (t *TIM) doLimited(ctx context.Context, c call) error {
	if !t.limits.allow(c.servcmd, time.Now()) {
		return newError(types.ErrOverFrequencyLimit, c.servcmd)
	}
	return t.do(ctx, c)
}

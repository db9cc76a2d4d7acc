package conn

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
)

// startRunLocked starts the goroutine that (re)connects; c.mu is held.
func (c *Conn) startRunLocked(reconnect bool) {
	if c.runCancel != nil {
		c.runCancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.runCancel = cancel
	c.state = stateConnecting
	c.wg.Add(1)
	go c.run(ctx, reconnect)
}

// run dials until a socket is open and OnOpen accepted it, sleeping a
// jittered back-off between attempts. It exits when ctx is cancelled (Close,
// Destroy) or the socket is ready. The back-off grows across runs until a
// socket works (see failures): a server that accepts and then drops every
// socket, before or after OnOpen, gets ever rarer attempts, never a loop.
func (c *Conn) run(ctx context.Context, reconnect bool) {
	defer c.wg.Done()
	for attempt := 0; ; attempt++ {
		if reconnect || attempt > 0 {
			if !sleep(ctx, c.cfg.Backoff.Delay(c.nextFailure())) {
				return
			}
		}
		base := c.nextURL(reconnect || attempt > 0)
		ws, err := c.dial(ctx, base)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			c.log.Info("connect failed", zap.String("url", base), zap.Int("attempt", attempt), zap.Error(err))
			if attempt+1 >= disconnectedAfter {
				c.setNet(Disconnected)
			}
			continue
		}
		s := c.attach(ctx, ws)
		if s == nil {
			ws.closeNow()
			return
		}
		err = c.cfg.OnOpen(ctx, reconnect)
		if c.promote(ctx, s, err) {
			c.log.Debug("connected", zap.String("url", base), zap.Bool("reconnect", reconnect))
			// Connected is reported before the waiting requests wake, so
			// no reply on the new socket comes ahead of it.
			c.setNet(Connected)
			c.mu.Lock()
			c.broadcastLocked()
			c.mu.Unlock()
			return
		}
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			c.log.Info("socket refused after open", zap.Error(err))
		}
		c.drop(s, wire.CloseReconnect)
		reconnect = true
	}
}

// nextURL picks the base URL, moving to the next one on every reconnect.
func (c *Conn) nextURL(rotate bool) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rotate {
		c.hostIdx++
	}
	return c.cfg.URLs[c.hostIdx%len(c.cfg.URLs)]
}

// attach makes ws the current socket, starts its reader and heartbeat, and
// returns nil when ctx was cancelled meanwhile.
func (c *Conn) attach(ctx context.Context, ws *wsConn) *socket {
	s := &socket{ws: ws, done: make(chan struct{}), openedAt: time.Now(), undo: -1}
	s.lastRead.Store(time.Now().UnixNano())
	c.mu.Lock()
	if ctx.Err() != nil {
		c.mu.Unlock()
		return nil
	}
	c.sock, c.opening = s, s
	c.wg.Add(1)
	go c.read(s)
	c.mu.Unlock()
	c.startAlive(s)
	return s
}

// promote opens the gate of s after OnOpen (requests waiting for it wake at
// the caller's broadcast); false when s cannot be used.
func (c *Conn) promote(ctx context.Context, s *socket, openErr error) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.opening == s {
		c.opening = nil
	}
	if ctx.Err() != nil || s.isLost() || openErr != nil || c.sock != s {
		return false
	}
	s.ready = true
	if s.worked.Load() {
		c.resetFailuresLocked(s)
	}
	c.state = stateReady
	if c.runCancel != nil {
		c.runCancel()
		c.runCancel = nil
	}
	return true
}

// nextFailure counts one more reconnect attempt and returns the number of
// attempts before it since a socket last worked, the back-off's exponent.
func (c *Conn) nextFailure() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.failures
	c.failures++
	return n
}

// worked records that the server answered a request other than
// heartbeat.alive on s, or pushed on it: once s is also ready (OnOpen
// succeeded, which for a logged-in instance means the re-login was
// answered OK) the session works and the back-off starts again from Min.
func (c *Conn) worked(s *socket) {
	if s.worked.Load() || !s.worked.CompareAndSwap(false, true) {
		return
	}
	c.mu.Lock()
	if s.ready {
		c.resetFailuresLocked(s)
	}
	c.mu.Unlock()
}

// stableAfter is how long a socket that worked must live for its success
// to count: a server (or load balancer) that answers the login and drops
// the socket at once would otherwise restart the back-off at every round.
const stableAfter = 5 * time.Second

// resetFailuresLocked restarts the back-off because s works, remembering
// the count in case s dies young (lost); c.mu is held.
func (c *Conn) resetFailuresLocked(s *socket) {
	if c.failures != 0 {
		s.undo = c.failures
	}
	c.failures = 0
}

// Failures is the number of reconnect attempts since a socket last worked
// (0 while the session works); it drives the back-off.
func (c *Conn) Failures() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failures
}

// sleep waits d or until ctx is done; false when ctx is done.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

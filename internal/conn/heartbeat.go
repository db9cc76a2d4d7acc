package conn

import (
	"encoding/json"
	"errors"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// isRefusal tells the heartbeat.alive error codes after which reconnecting
// cannot help: 60002, after which tim-js-sdk stops reconnecting, and 70020
// (the SDKAppID does not exist), with which the emulator refuses a socket
// of another application before it closes it.
func isRefusal(code int) bool {
	return code == int(types.ErrHeartbeatFatal) || code == int(types.ErrUserSigAppMissing)
}

// startAlive sends heartbeat.alive on a fresh socket and arms the idle
// timer: whenever AliveIdle passes without an inbound frame another alive
// goes out. One timer per socket; no goroutine waits.
func (c *Conn) startAlive(s *socket) {
	c.sendAlive(s)
	s.aliveMu.Lock()
	s.alive = time.AfterFunc(c.cfg.AliveIdle, func() { c.aliveTick(s) })
	s.aliveMu.Unlock()
}

func (s *socket) stopAlive() {
	s.aliveMu.Lock()
	if s.alive != nil {
		s.alive.Stop()
	}
	s.aliveMu.Unlock()
}

// aliveTick fires AliveIdle after the last inbound frame was seen, or
// earlier; it sends an alive when the socket really was idle that long and
// re-arms for the rest of the window.
func (c *Conn) aliveTick(s *socket) {
	idle := time.Duration(time.Now().UnixNano() - s.lastRead.Load())
	next := c.cfg.AliveIdle - idle
	if next <= 0 {
		c.sendAlive(s)
		next = c.cfg.AliveIdle
	}
	s.aliveMu.Lock()
	defer s.aliveMu.Unlock()
	if !s.isLost() {
		s.alive.Reset(next)
	}
}

// sendAlive sends one heartbeat.alive unless one is already out; no reply
// within AliveTimeout forces a reconnect (close 4001).
func (c *Conn) sendAlive(s *socket) {
	if !s.aliveBusy.CompareAndSwap(false, true) {
		return
	}
	c.goOn(s, &Request{Servcmd: wire.CmdAlive, Timeout: c.cfg.AliveTimeout}, func(f *wire.Frame, err error) {
		s.aliveBusy.Store(false)
		switch {
		case errors.Is(err, ErrTimeout):
			c.log.Info("heartbeat.alive timed out; reconnecting")
			c.goTracked(func() { c.drop(s, wire.CloseReconnect) })
		case err == nil:
			var st wire.Status
			if json.Unmarshal(f.Body, &st) == nil && isRefusal(st.ErrorCode) {
				c.log.Warn("heartbeat failed for good; giving up", zap.Int("code", st.ErrorCode))
				c.refuse(&RefusedError{Code: st.ErrorCode, Info: st.ErrorInfo})
			}
		}
	})
}

package conn

import (
	"time"
)

// Deferred frames: a push acknowledgement need not leave at once (the
// server replays what was not acknowledged only after a re-login), so a
// viewer gathers them and sends them together, one system call for many,
// after deferDelay or with the next request, whichever comes first.
const (
	// deferDelay is the longest an acknowledgement waits. tim-js-sdk acks
	// at once; a fifth of a second is far below any resend a server could
	// make, and at a busy room's 40 pushes a second it gathers eight.
	deferDelay = 200 * time.Millisecond
	// maxDeferred frames waiting send them at once.
	maxDeferred = 32
)

// SendDeferred writes r without expecting a reply, like Send, but within
// deferDelay and together with the frames deferred beside it, or with the
// next request on the socket. It is dropped when no socket is ready, and
// lost with the socket (a server replays unacknowledged pushes after the
// re-login, so a lost acknowledgement costs a duplicate the receiver drops).
func (c *Conn) SendDeferred(r *Request) {
	body, err := encodeBody(r.Body)
	if err != nil {
		return
	}
	c.mu.Lock()
	s := c.sock
	ready := c.state == stateReady
	c.mu.Unlock()
	if s == nil || !ready {
		return
	}
	frame, err := c.frame(r, c.nextSeq(), body)
	if err != nil {
		return
	}
	s.laterMu.Lock()
	if s.isLost() {
		s.laterMu.Unlock()
		return
	}
	s.later = append(s.later, frame)
	n := len(s.later)
	switch {
	case n >= maxDeferred:
	case s.laterT == nil:
		s.laterT = time.AfterFunc(deferDelay, func() { c.flushDeferred(s) })
	case n == 1:
		s.laterT.Reset(deferDelay)
	}
	s.laterMu.Unlock()
	if n >= maxDeferred {
		c.flushDeferred(s)
	}
}

// takeDeferred returns the frames waiting on s and stops its timer.
func (s *socket) takeDeferred() [][]byte {
	s.laterMu.Lock()
	defer s.laterMu.Unlock()
	out := s.later
	s.later = nil
	if s.laterT != nil && len(out) > 0 {
		s.laterT.Stop()
	}
	return out
}

// flushDeferred writes the frames waiting on s.
func (c *Conn) flushDeferred(s *socket) {
	frames := s.takeDeferred()
	if len(frames) == 0 || s.isLost() {
		return
	}
	if err := s.ws.writeFrames(frames, writeTimeout); err != nil {
		c.lost(s, err)
	}
}

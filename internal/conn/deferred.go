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
	lent := frameBufs.Get().(*[]byte) // an ack's body, built here and copied into the frame
	defer putFrameBuf(lent)
	body, err := appendBody((*lent)[:0], r.Body)
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
	scratch := frameBufs.Get().(*[]byte)
	defer putFrameBuf(scratch)
	frame, err := c.appendFrame((*scratch)[:0], r, c.nextSeq(), body)
	if err != nil {
		return
	}
	*scratch = frame
	s.laterMu.Lock()
	if s.isLost() {
		s.laterMu.Unlock()
		return
	}
	if s.later == nil {
		s.later = frameBufs.Get().(*[]byte)
	}
	*s.later = appendClientFrame(*s.later, frame) // framed now, written as is
	s.laterN++
	n := s.laterN
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

// takeDeferred returns the frames waiting on s, already framed for the
// socket (nil when there are none; give the buffer back with
// releaseDeferred), and stops its timer.
func (s *socket) takeDeferred() *[]byte {
	s.laterMu.Lock()
	defer s.laterMu.Unlock()
	out := s.later
	s.later, s.laterN = nil, 0
	if s.laterT != nil && out != nil {
		s.laterT.Stop()
	}
	return out
}

// releaseDeferred gives a buffer of takeDeferred back.
func releaseDeferred(b *[]byte) {
	if b != nil {
		putFrameBuf(b)
	}
}

// flushDeferred writes the frames waiting on s.
func (c *Conn) flushDeferred(s *socket) {
	later := s.takeDeferred()
	if later == nil {
		return
	}
	defer releaseDeferred(later)
	if s.isLost() {
		return
	}
	if err := s.ws.writeFramed(*later, nil, writeTimeout); err != nil {
		c.lost(s, err)
	}
}

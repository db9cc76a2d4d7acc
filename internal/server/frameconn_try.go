package server

import (
	"errors"
	"os"
	"syscall"
)

// A socket that is idle when a frame is queued for it (the common case: a
// push or a poll reply every few tens of milliseconds) gets the frame
// written at once by the goroutine that queued it, in one non-blocking
// system call, instead of by a writer goroutine started for that one frame:
// starting, scheduling and parking that goroutine cost about as much as the
// write. When the socket cannot take the whole frame (its buffer is full: a
// slow or stalled client), the rest is kept in frameConn.pending and the
// writer goroutine takes over, so the goroutine that queued it never
// blocks. Sockets without a file descriptor of their own (TLS) always use
// the writer goroutine.

// errNoRawConn is returned by rawConnOf for a socket that is not a plain
// file descriptor.
var errNoRawConn = errors.New("no raw connection")

// rawConnOf returns the socket's syscall.RawConn, if it has one.
func rawConnOf(c any) (syscall.RawConn, error) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil, errNoRawConn
	}
	return sc.SyscallConn()
}

// canTryWrite reports whether tryWrite may be used on this socket.
func (c *frameConn) canTryWrite() bool { return c.raw != nil }

// tryWrite writes b as one FIN data frame of opcode op without blocking. It
// reports whether the whole frame went out; if not (and err is nil), the
// unwritten rest is pending and must be written, before anything else, by
// writeMessages. An error means the socket is broken.
func (c *frameConn) tryWrite(op byte, b []byte) (done bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, buf := getBuf()
	buf = appendFrameHeader(buf, op, len(b))
	buf = append(buf, b...)
	if len(c.pending) > 0 { // cannot happen while the caller holds the writer role
		c.pending = append(c.pending, buf...)
		putBuf(p, buf)
		return false, nil
	}
	if c.tryFn == nil {
		c.tryFn = c.writeOnce
	}
	c.try.buf = buf
	rerr := c.raw.Write(c.tryFn)
	n, werr := c.try.n, c.try.err
	c.try = tryState{}
	if errors.Is(rerr, os.ErrDeadlineExceeded) {
		// The deadline the writer goroutine last set has passed: no
		// attempt was made; the writer goroutine sets a fresh one.
		c.pending, c.pendingBuf, c.pendingPool = buf, buf, p
		return false, nil
	}
	if rerr != nil {
		putBuf(p, buf)
		return false, rerr
	}
	if n < 0 {
		n = 0
	}
	switch {
	case werr == nil && n == len(buf):
		putBuf(p, buf)
		return true, nil
	case werr == nil || werr == syscall.EAGAIN:
		c.pending, c.pendingBuf, c.pendingPool = buf[n:], buf, p
		return false, nil
	default:
		putBuf(p, buf)
		return false, werr
	}
}

// tryState is tryWrite's attempt, kept in the frameConn (under its mutex)
// so that the function handed to RawConn.Write is made once per socket,
// not once per frame.
type tryState struct {
	buf []byte
	n   int
	err error
}

// writeOnce is the one non-blocking attempt of tryWrite (RawConn.Write
// returns once it reports true, whatever the outcome: EAGAIN is left to the
// writer goroutine).
func (c *frameConn) writeOnce(fd uintptr) bool {
	for {
		c.try.n, c.try.err = syscall.Write(int(fd), c.try.buf)
		if c.try.err != syscall.EINTR {
			return true
		}
	}
}

// flushPendingLocked writes what tryWrite left unwritten (blocking, under
// the write deadline already set).
func (c *frameConn) flushPendingLocked() (int, error) {
	if len(c.pending) == 0 {
		return 0, nil
	}
	n, err := c.Conn.Write(c.pending)
	putBuf(c.pendingPool, c.pendingBuf)
	c.pending, c.pendingBuf, c.pendingPool = nil, nil, nil
	return n, err
}

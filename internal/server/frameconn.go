package server

import (
	"bufio"
	"encoding/binary"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// The WebSocket library (coder/websocket) does the handshake, reads and
// unmasks client frames, answers pings and closes sockets. Data frames to
// the client are written here instead, straight onto the socket: a server
// frame is a 2-10 byte header and the unmasked payload, and a batch of them
// goes out in one system call. That is where a delivery's cost lies (a
// loopback write costs far more than encoding a frame), and it skips the
// library's per-message locking and timers.

// maxBatchBytes is the most bytes gathered before a write.
const maxBatchBytes = 256 << 10

// controlFrameBuffer holds one whole control frame (125-byte payload and a
// 14-byte header at most) so that it reaches frameConn in one Write.
const controlFrameBuffer = 256

// clientFrameBuffer is the read buffer of a socket: client frames are
// requests of a few hundred bytes; bigger ones are read past it.
const clientFrameBuffer = 1024

// WebSocket opcodes of data frames.
const (
	opText   = 0x1
	opBinary = 0x2
)

// frameConn is the socket under the library. Its mutex keeps whole frames
// whole: the library's own writes (pongs, close frames) arrive as one Write
// per frame through its buffered writer, and a batch of data frames is one
// write under the same lock.
type frameConn struct {
	net.Conn
	raw      syscall.RawConn // nil when the socket has no descriptor of its own (TLS)
	mu       sync.Mutex
	buf      []byte
	deadline time.Time

	// pending is the unwritten rest of a frame tryWrite began (in
	// pendingBuf, from bufPool's pendingPool): the next write starts with it.
	pending     []byte
	pendingBuf  []byte
	pendingPool *[]byte
	tryFn       func(fd uintptr) bool // c.writeOnce, made once
	try         tryState
}

// Write is the library's path to the socket.
func (c *frameConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.flushPendingLocked(); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

// writeMessages writes each frame as one FIN data frame of opcode op, in
// as few system calls as the batch size allows, and returns the bytes
// written. The write deadline is refreshed only when less than half of
// timeout is left, as setting it costs more than the check.
func (c *frameConn) writeMessages(op byte, frames []outFrame, timeout time.Duration) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := time.Now(); c.deadline.Sub(now) < timeout/2 {
		c.deadline = now.Add(timeout)
		c.Conn.SetWriteDeadline(c.deadline)
	}
	n, err := c.flushPendingLocked()
	if err != nil {
		return n, err
	}
	p, buf := getBuf() // an idle socket keeps no buffer
	c.buf = buf
	defer func() {
		putBuf(p, c.buf)
		c.buf = nil
	}()
	for _, f := range frames {
		c.buf = appendFrameHeader(c.buf, op, len(f.b))
		c.buf = append(c.buf, f.b...)
		if len(c.buf) >= maxBatchBytes {
			if err := c.flushLocked(&n); err != nil {
				return n, err
			}
		}
	}
	return n, c.flushLocked(&n)
}

func (c *frameConn) flushLocked(n *int) error {
	if len(c.buf) == 0 {
		return nil
	}
	w, err := c.Conn.Write(c.buf)
	*n += w
	c.buf = c.buf[:0]
	return err
}

// appendFrameHeader appends an unmasked FIN frame header (RFC 6455 5.2).
func appendFrameHeader(b []byte, op byte, n int) []byte {
	b = append(b, 0x80|op)
	switch {
	case n < 126:
		return append(b, byte(n))
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16(append(b, 126), uint16(n))
	default:
		return binary.BigEndian.AppendUint64(append(b, 127), uint64(n))
	}
}

// frameHeaderLen is the length of appendFrameHeader's header for n bytes.
func frameHeaderLen(n int) int {
	switch {
	case n < 126:
		return 2
	case n <= 0xffff:
		return 4
	default:
		return 10
	}
}

// hijackingWriter hands the library a frameConn when it hijacks the HTTP
// connection.
type hijackingWriter struct {
	http.ResponseWriter
	fc *frameConn
	br *bufio.Reader // the read buffer handed to the library
}

// Hijack takes the connection over, wrapping the socket in a frameConn.
func (w *hijackingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	nc, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.fc = &frameConn{Conn: nc}
	if raw, err := rawConnOf(nc); err == nil {
		w.fc.raw = raw
	}
	// The library writes only control frames through this writer (at most
	// 139 bytes each, so one Write per frame); data frames bypass it.
	brw.Writer = bufio.NewWriterSize(w.fc, controlFrameBuffer)
	// Client frames are small requests: a 1 KiB reader instead of the HTTP
	// server's 4 KiB one, unless that one already holds bytes of the socket.
	if brw.Reader.Buffered() == 0 {
		brw.Reader = bufio.NewReaderSize(w.fc, clientFrameBuffer)
	}
	w.br = brw.Reader
	return w.fc, brw, nil
}

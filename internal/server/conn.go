package server

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/renew"
	"github.com/tim-go/sdk/internal/wire"
)

// maxBadFrames closes a socket after this many undecodable frames in a row
// (no reply is possible: a frame without a head has no servcmd+seq to echo).
const maxBadFrames = 8

// maxGuestKeysPerConn bounds the guest joins one socket may hold.
const maxGuestKeysPerConn = 64

// conn is one WebSocket. Its reader is the HTTP handler goroutine; writes go
// through a bounded queue drained by a writer goroutine that exists only
// while the queue is non-empty. A consumer whose queue overflows is dropped:
// it reconnects and resumes from the room's retention.
type conn struct {
	srv      *Server
	ws       *websocket.Conn
	fc       *frameConn    // the socket under ws; data frames are written here
	br       *bufio.Reader // the socket's read buffer, which ws reads too (frameread.go)
	id       uint64
	op       byte // opBinary on /binfo, opText on /info
	compress bool

	sess   atomic.Pointer[session] // the session logged in on this socket
	guests atomic.Int32            // guest keys issued on this socket
	acks   unacked                 // push frames awaiting acknowledgement (push_ack.go)

	mu      sync.Mutex
	queue   []outFrame
	spare   []outFrame
	queued  int // bytes in queue and being written
	writing bool
	partial bool // a frame writeNow began waits in fc.pending for the writer goroutine
	closed  bool

	badFrames int          // reader goroutine only
	renew     renew.Reader // reader goroutines only

	// The limits of limits.go: the client address's counts (nil when
	// exempt), the URL's SDKAppID check, and the read deadline (reader
	// goroutines only, once the socket is served).
	addr         *addrUse
	badApp       bool
	admitted     bool // logged in or joined as a guest at least once
	readDeadline time.Time
}

// outFrame is an encoded frame; pool is set when its buffer returns to
// bufPool once written (frames shared by many sockets have none). Without
// push acknowledgements (Config.DisablePushAck) a push frame names its
// batch and the tracker it updates once written, not when queued: a queue
// dropped with its socket must be replayed after the re-login. With them
// (the default) the frame is recorded in conn.acks instead.
type outFrame struct {
	b    []byte
	pool *[]byte
	push *pushBatch
	to   *delivered
}

func (f outFrame) release() {
	if f.pool != nil {
		putBuf(f.pool, f.b)
	}
}

const maxPooledBuf = 64 << 10

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func getBuf() (*[]byte, []byte) {
	p := bufPool.Get().(*[]byte)
	return p, (*p)[:0]
}

func putBuf(p *[]byte, b []byte) {
	if cap(b) > maxPooledBuf {
		return
	}
	*p = b[:0]
	bufPool.Put(p)
}

func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request, binary bool) {
	if s.isClosed() {
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	addr, ok := s.admitConn(r.RemoteAddr)
	if !ok {
		s.stats.connsRefused.Add(1)
		http.Error(w, "too many connections from this address", http.StatusTooManyRequests)
		return
	}
	hw := &hijackingWriter{ResponseWriter: w}
	ws, err := websocket.Accept(hw, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true, // browsers and Node send any Origin; this is an emulator
		CompressionMode:    websocket.CompressionDisabled,
	})
	if err != nil {
		s.releaseConn(addr)
		s.log.Debug("websocket accept failed", zap.Error(err))
		return
	}
	ws.SetReadLimit(s.cfg.MaxFrameSize)
	if hw.fc == nil { // cannot happen: Accept succeeded, so it hijacked
		s.releaseConn(addr)
		ws.CloseNow()
		return
	}
	c := &conn{srv: s, ws: ws, fc: hw.fc, br: hw.br, id: s.connSeq.Add(1), op: opText, addr: addr}
	c.badApp = !s.appMatches(r.URL.Query().Get(wire.ConnQuerySDKAppID))
	c.armLoginDeadline(time.Now())
	if binary {
		c.op = opBinary
		c.compress = !s.cfg.DisableCompression && r.URL.Query().Get(wire.ConnQueryCompress) == wire.ConnCompressGzip
	}
	if !s.addConn(c) {
		s.releaseConn(addr)
		ws.CloseNow()
		return
	}
	s.log.Debug("socket open", zap.Uint64("conn", c.id), zap.String("remote", r.RemoteAddr), zap.Bool("binary", binary), zap.Bool("compress", c.compress))
	// The socket gets a reader goroutine of its own and the handler returns:
	// the HTTP server's goroutine would otherwise keep its connection state,
	// its 4 KiB response writer and its deep stack for the socket's life.
	go s.serveConn(c)
}

// serveConn reads c until it is gone, then forgets it.
func (s *Server) serveConn(c *conn) {
	if c.readLoop() {
		go s.serveConn(c) // a fresh reader goes on: see readLoop
		return
	}
	defer s.wg.Done()
	c.kill()
	s.removeConn(c)
	if ss := c.sess.Load(); ss != nil {
		ss.detach(c)
	}
	s.log.Debug("socket closed", zap.Uint64("conn", c.id))
}

func (s *Server) addConn(c *conn) bool {
	s.connsMu.Lock()
	defer s.connsMu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.stats.connsOpened.Add(1)
	return true
}

func (s *Server) removeConn(c *conn) {
	s.connsMu.Lock()
	delete(s.conns, c)
	s.connsMu.Unlock()
	s.releaseConn(c.addr)
}

// CloseConnections drops every WebSocket at once, as a network blip would:
// sessions, rooms and poll keys stay, and clients re-login by A2. It returns
// how many sockets were dropped.
func (s *Server) CloseConnections() int { return s.killConns(false) }

// killConns drops every socket; with closing set it also refuses new ones.
func (s *Server) killConns(closing bool) int {
	s.connsMu.Lock()
	if closing {
		s.closed = true
	}
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.connsMu.Unlock()
	for _, c := range conns {
		c.kill()
	}
	return len(conns)
}

// readLoop handles c's frames in order. It returns false when the socket is
// gone, and true after a frame that asks for a fresh reader goroutine
// (package renew: after a quiet spell, so that an idle socket's reader
// parks on a small stack).
func (c *conn) readLoop() (renewed bool) {
	ctx := context.Background()
	c.renew.Start(time.Now())
	for {
		p, buf := getBuf()
		buf, fast := readFast(c.br, c.srv.cfg.MaxFrameSize, buf)
		if !fast {
			_, r, err := c.ws.Reader(ctx)
			if err == nil {
				buf, err = readAll(buf, r)
			}
			if err != nil {
				putBuf(p, buf)
				c.readFailed(err)
				return false
			}
		}
		c.srv.stats.framesIn.Add(1)
		now := time.Now()
		renew := c.renew.Frame(now)
		if renew {
			c.srv.stats.readerRenewals.Add(1) // counted before the reply goes out
		}
		ok := c.srv.handleFrame(c, buf)
		putBuf(p, buf)
		if !ok {
			return false
		}
		c.touch(now)
		if renew {
			return true
		}
	}
}

// readFailed logs and counts why a socket's read ended.
func (c *conn) readFailed(err error) {
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded) && !c.admitted:
		c.srv.stats.loginTimeouts.Add(1)
		c.srv.log.Debug("socket closed: no login or join in time", zap.Uint64("conn", c.id))
	case errors.Is(err, os.ErrDeadlineExceeded):
		c.srv.stats.idleTimeouts.Add(1)
		c.srv.log.Debug("socket closed: idle", zap.Uint64("conn", c.id))
	case websocket.CloseStatus(err) == -1:
		c.srv.log.Debug("socket read", zap.Uint64("conn", c.id), zap.Error(err))
	}
}

func readAll(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// badFrame counts an undecodable frame; it reports false when the socket
// should close.
func (c *conn) badFrame(err error) bool {
	c.srv.stats.badFrames.Add(1)
	c.badFrames++
	c.srv.log.Debug("bad frame", zap.Uint64("conn", c.id), zap.Error(err))
	if c.badFrames >= maxBadFrames {
		c.ws.Close(websocket.StatusInvalidFramePayloadData, "too many malformed frames")
		return false
	}
	return true
}

// send queues a frame the socket owns (released after writing). It reports
// false when the socket is closed or was just dropped as a slow consumer.
func (c *conn) send(f outFrame) bool { return c.enqueue(f, false) }

// sendNow is send that writes f at once, from the calling goroutine, when
// the socket is idle (writeNow). It is for deliveries (pushes and poll
// replies); a handler's reply keeps to send, so that a fanout its handler
// runs next (a join tip after the join reply) is queued behind it on the
// socket and not overtaken by another room's fanout meanwhile.
func (c *conn) sendNow(f outFrame) bool { return c.enqueue(f, true) }

func (c *conn) enqueue(f outFrame, now bool) bool {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		f.release()
		return false
	}
	cfg := &c.srv.cfg
	if len(c.queue) >= cfg.SendQueue || c.queued+len(f.b) > cfg.SendQueueBytes {
		c.mu.Unlock()
		f.release()
		c.srv.stats.slowConsumers.Add(1)
		c.srv.log.Info("dropping slow consumer", zap.Uint64("conn", c.id), zap.Int("queued_bytes", c.queued))
		c.kill()
		return false
	}
	if now && !c.writing && f.to == nil && c.fc.canTryWrite() {
		// Idle socket: write it here (frameconn_try.go). A frame that
		// counts as delivered once written (f.to) takes the queue, which
		// counts it only when it has wholly gone.
		c.writing = true
		c.queued += len(f.b)
		c.mu.Unlock()
		c.writeNow(f)
		return true
	}
	c.queue = append(c.queue, f)
	c.queued += len(f.b)
	start := !c.writing
	if start {
		c.writing = true
		c.srv.wg.Add(1) // under c.mu, before closed can be set: ordered before Server.Close's Wait
	}
	c.mu.Unlock()
	if start {
		go c.drain()
	}
	return true
}

// sendPlain queues a frame built in a pooled buffer, compressing it first
// when the socket asked for compression and the frame is not small.
func (c *conn) sendPlain(p *[]byte, b []byte) bool {
	if c.compress && len(b) >= wire.CompressMin {
		z := wire.Compress(b)
		putBuf(p, b)
		return c.send(outFrame{b: z})
	}
	return c.send(outFrame{b: b, pool: p})
}

// writeNow writes f on the idle socket from the calling goroutine, which
// holds the writer role (c.writing) meanwhile, then hands the role back or,
// when f did not wholly go or more frames were queued meanwhile, to a writer
// goroutine. It never blocks on the socket.
func (c *conn) writeNow(f outFrame) {
	done, err := c.fc.tryWrite(c.op, f.b)
	size := len(f.b)
	f.release() // written, or copied into fc.pending
	if err != nil {
		c.srv.log.Debug("socket write", zap.Uint64("conn", c.id), zap.Error(err))
		c.kill()
	} else {
		// A frame left partly in fc.pending counts now: the writer
		// goroutine finishes it, or the socket dies.
		c.srv.stats.framesOut.Add(1)
		c.srv.stats.bytesOut.Add(uint64(size + frameHeaderLen(size)))
	}
	c.mu.Lock()
	if !c.closed {
		c.queued -= size
	}
	start := !c.closed && (len(c.queue) > 0 || !done)
	if start {
		c.partial = !done
		c.srv.wg.Add(1) // under c.mu with closed false: ordered before Server.Close's Wait
	} else {
		c.writing = false
	}
	c.mu.Unlock()
	if start {
		go c.drain()
	}
}

// drain writes queued frames until the queue is empty, then exits.
func (c *conn) drain() {
	defer c.srv.wg.Done()
	for {
		c.mu.Lock()
		batch := c.queue
		partial := c.partial
		c.partial = false
		if (len(batch) == 0 && !partial) || c.closed {
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.queue, c.spare = c.spare[:0], nil
		c.mu.Unlock()

		n, err := c.fc.writeMessages(c.op, batch, c.srv.cfg.WriteTimeout)
		failed := err != nil
		if failed {
			c.srv.log.Debug("socket write", zap.Uint64("conn", c.id), zap.Error(err))
		} else {
			c.srv.stats.framesOut.Add(uint64(len(batch)))
			c.srv.stats.bytesOut.Add(uint64(n))
			for _, f := range batch {
				if f.to != nil {
					f.to.written(f.push.first(), f.push.last())
				}
			}
		}
		size := 0
		for i, f := range batch {
			size += len(f.b)
			f.release()
			batch[i] = outFrame{}
		}
		if failed {
			c.kill()
		}
		c.mu.Lock()
		if !c.closed {
			c.queued -= size
		}
		if c.spare == nil {
			c.spare = batch[:0]
		}
		c.mu.Unlock()
	}
}

// kill closes the socket at once (no close handshake) and drops its queue.
func (c *conn) kill() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	q := c.queue
	c.queue = nil
	c.queued = 0
	c.mu.Unlock()
	for _, f := range q {
		f.release()
	}
	c.ws.CloseNow()
}

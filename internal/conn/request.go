package conn

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
)

// Request is one command to send.
type Request struct {
	Servcmd string
	// Head builds the head for seq; nil uses Config.Head.
	Head func(servcmd string, seq uint64, now int64) wire.Head
	// Body is encoded with encoding/json; json.RawMessage and []byte go as is;
	// nil sends {}.
	Body any
	// Timeout overrides Config.RequestTimeout (wslogin 90 s, alive 3 s).
	Timeout time.Duration
	// Early sends on the socket OnOpen runs on, before the gate opens; only
	// valid inside OnOpen. An early request is not re-sent on another socket.
	Early bool
	// BorrowBody lends the reply's Body to the callback of Go instead of
	// copying it: the callback must be done with the Body when it returns
	// (it decodes the reply there and keeps nothing of it, as the poller
	// does), since the buffer is reused right after.
	BorrowBody bool
}

// pending is a request waiting for its reply; whoever removes it from
// Conn.pending calls cb, so cb runs exactly once.
type pending struct {
	sock  *socket
	timer *time.Timer // asynchronous requests only
	cb    func(*wire.Frame, error)
	// borrow: cb may read the frame's Body in place (Request.BorrowBody).
	borrow bool
}

func (p *pending) stop() {
	if p.timer != nil {
		p.timer.Stop()
	}
}

type result struct {
	f   *wire.Frame
	err error
}

func encodeBody(body any) ([]byte, error) { return appendBody(nil, body) }

// appendBody is encodeBody into dst, for a caller with a buffer to lend
// (json.RawMessage and []byte go as they are, not into dst).
func appendBody(dst []byte, body any) ([]byte, error) {
	switch b := body.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		return b, nil
	case []byte:
		return b, nil
	case wire.BodyAppender:
		if dst == nil {
			dst = make([]byte, 0, 128)
		}
		return b.AppendJSON(dst), nil
	}
	return json.Marshal(body)
}

// Do sends r and waits for its reply. A request whose socket drops is sent
// again, with the same seq, on the next socket (as tim-js-sdk does) until
// its timeout. Errors: ErrTimeout, ErrClosed, ctx.Err(), or ErrSocketLost
// for an early request.
func (c *Conn) Do(ctx context.Context, r *Request) (*wire.Frame, error) {
	body, err := encodeBody(r.Body)
	if err != nil {
		return nil, err
	}
	tctx, cancel := context.WithTimeout(ctx, c.timeout(r))
	defer cancel()
	seq := c.nextSeq()
	id := wire.ID{Servcmd: r.Servcmd, Seq: seq}
	ch := make(chan result, 1)
	for {
		s, err := c.socketFor(tctx, r.Early)
		if err != nil {
			return nil, reqErr(ctx, err)
		}
		p := &pending{sock: s, cb: func(f *wire.Frame, err error) { ch <- result{f, err} }}
		if !c.register(id, p) {
			if r.Early {
				return nil, ErrSocketLost
			}
			continue
		}
		if err := c.write(s, r, seq, body); err != nil {
			c.lost(s, err) // fails p with ErrSocketLost
		}
		var res result
		select {
		case res = <-ch:
		case <-tctx.Done():
			if c.unregister(id, p) {
				return nil, reqErr(ctx, tctx.Err())
			}
			res = <-ch // the reply won the race
		}
		if errors.Is(res.err, ErrSocketLost) && !r.Early {
			continue
		}
		return res.f, res.err
	}
}

// reqErr turns a context error into ErrTimeout unless the caller's ctx ended.
func reqErr(ctx context.Context, err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return ErrTimeout
	}
	return err
}

// Go sends r without waiting: cb gets the reply on the reader goroutine, or
// an error (ErrNotConnected at once when no socket is ready, ErrTimeout,
// ErrSocketLost, ErrClosed) on whichever goroutine noticed it. Go connects
// an idle Conn but does not wait for it.
func (c *Conn) Go(r *Request, cb func(*wire.Frame, error)) {
	c.mu.Lock()
	s := c.sock
	if c.state != stateReady {
		s = nil
		if c.state == stateIdle {
			c.startRunLocked(false)
		}
	}
	c.mu.Unlock()
	if s == nil {
		cb(nil, ErrNotConnected)
		return
	}
	c.goOn(s, r, cb)
}

// goOn sends r on s without waiting.
func (c *Conn) goOn(s *socket, r *Request, cb func(*wire.Frame, error)) {
	body, err := encodeBody(r.Body)
	if err != nil {
		cb(nil, err)
		return
	}
	seq := c.nextSeq()
	id := wire.ID{Servcmd: r.Servcmd, Seq: seq}
	p := &pending{sock: s, cb: cb, borrow: r.BorrowBody}
	p.timer = time.AfterFunc(c.timeout(r), func() {
		if c.unregister(id, p) {
			cb(nil, ErrTimeout)
		}
	})
	if !c.register(id, p) {
		p.stop()
		cb(nil, ErrSocketLost)
		return
	}
	if err := c.write(s, r, seq, body); err != nil {
		c.lost(s, err)
	}
}

// Send writes r without expecting a reply (openim.ws_msg_push_ack); it is
// dropped when no socket is ready.
func (c *Conn) Send(r *Request) {
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
	if err := c.write(s, r, c.nextSeq(), body); err != nil {
		c.lost(s, err)
	}
}

func (c *Conn) timeout(r *Request) time.Duration {
	if r.Timeout > 0 {
		return r.Timeout
	}
	return c.cfg.RequestTimeout
}

// socketFor waits until a socket may carry a request: the ready socket, or
// for an early request the socket OnOpen runs on. It connects an idle Conn.
func (c *Conn) socketFor(ctx context.Context, early bool) (*socket, error) {
	for {
		c.mu.Lock()
		switch {
		case c.state == stateDestroyed:
			c.mu.Unlock()
			return nil, ErrClosed
		case early:
			s := c.opening
			c.mu.Unlock()
			if s == nil {
				return nil, ErrSocketLost
			}
			return s, nil
		case c.state == stateReady && c.sock != nil:
			s := c.sock
			c.mu.Unlock()
			return s, nil
		case c.state == stateIdle:
			c.startRunLocked(false)
		}
		w := c.wake
		c.mu.Unlock()
		select {
		case <-w:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// register adds p unless its socket is already lost.
func (c *Conn) register(id wire.ID, p *pending) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.sock.isLost() {
		return false
	}
	c.pending[id] = p
	return true
}

// unregister removes p if it is still waiting; true means the caller owns cb.
func (c *Conn) unregister(id wire.ID, p *pending) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[id] != p {
		return false
	}
	delete(c.pending, id)
	return true
}

// take removes and returns the request a reply answers.
func (c *Conn) take(id wire.ID) *pending {
	c.mu.Lock()
	p := c.pending[id]
	if p != nil {
		delete(c.pending, id)
	}
	c.mu.Unlock()
	if p != nil {
		p.stop()
	}
	return p
}

// write sends one frame on s, after the deferred ones waiting on it
// (deferred.go), in the same system call.
func (c *Conn) write(s *socket, r *Request, seq uint64, body []byte) error {
	scratch := frameBufs.Get().(*[]byte)
	defer putFrameBuf(scratch)
	frame, err := c.appendFrame((*scratch)[:0], r, seq, body)
	if err != nil {
		return err
	}
	*scratch = frame
	later := s.takeDeferred()
	if later == nil {
		return s.ws.write(frame, writeTimeout)
	}
	defer releaseDeferred(later)
	*later = appendClientFrame(*later, frame) // behind the deferred ones
	return s.ws.writeFramed(*later, nil, writeTimeout)
}

// appendFrame appends r as a frame with sequence seq to dst.
func (c *Conn) appendFrame(dst []byte, r *Request, seq uint64, body []byte) ([]byte, error) {
	headFn := r.Head
	if headFn == nil {
		headFn = c.cfg.Head
	}
	h := headFn(r.Servcmd, seq, time.Now().Unix())
	frame, err := wire.AppendFrame(dst, &h, body)
	if err != nil {
		return nil, err
	}
	if ce := c.log.Check(zap.DebugLevel, "frame out"); ce != nil {
		ce.Write(zap.String("servcmd", r.Servcmd), zap.Uint64("seq", seq), zap.ByteString("body", body))
	}
	return frame, nil
}

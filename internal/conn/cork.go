package conn

import (
	"context"
	"net"
	"sync"
)

// corkConn lets several WebSocket frames leave in one write system call:
// while corked, writes gather in a buffer that uncork sends at once. A
// viewer acknowledging every push costs one system call per push
// otherwise, the largest share of its CPU (issue 12). It sits under TLS
// when there is one, so it gathers records.
type corkConn struct {
	net.Conn
	mu     sync.Mutex // gorilla's control frames (pongs) write from the reader
	corked bool
	buf    *[]byte // from corkBufs while corked
}

// corkBufs lends the gathering buffers: an idle connection holds none.
var corkBufs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func (c *corkConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.corked {
		if c.buf == nil {
			c.buf = corkBufs.Get().(*[]byte)
		}
		*c.buf = append(*c.buf, p...)
		c.mu.Unlock()
		return len(p), nil
	}
	c.mu.Unlock()
	return c.Conn.Write(p)
}

func (c *corkConn) cork() {
	c.mu.Lock()
	c.corked = true
	c.mu.Unlock()
}

// uncork sends what was gathered in one write and lets the buffer go (an
// idle connection keeps none).
func (c *corkConn) uncork() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.corked = false
	b := c.buf
	if b == nil {
		return nil
	}
	c.buf = nil
	_, err := c.Conn.Write(*b)
	if cap(*b) <= maxPooledRead {
		*b = (*b)[:0]
		corkBufs.Put(b)
	}
	return err
}

// dialTCP dials the TCP connection under every socket (tests count its
// writes).
var dialTCP = (&net.Dialer{}).DialContext

// dialCorked returns a NetDialContext that wraps the TCP connection it
// dials and hands it to got.
func dialCorked(got **corkConn) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialTCP(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		cc := &corkConn{Conn: c}
		*got = cc
		return cc, nil
	}
}

package conn

import (
	"context"
	"net"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/tim-go/sdk/internal/wire"
)

// countingConn counts the write system calls under a socket.
type countingConn struct {
	net.Conn
	writes atomic.Int32
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// connectedCounting returns a connected Conn whose sockets' write system
// calls are counted from now on.
func connectedCounting(t *testing.T, fs *fakeServer) (*Conn, *countingConn) {
	t.Helper()
	var cc *countingConn
	dialTCP = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		cc = &countingConn{Conn: c}
		return cc, nil
	}
	t.Cleanup(func() { dialTCP = (&net.Dialer{}).DialContext })
	c := newTestConn(t, []string{fs.wsURL()}, nil)
	if _, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdOnlineNum}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return fs.count(wire.CmdAlive) >= 1 })
	cc.writes.Store(0)
	return c, cc
}

func ack(n int) *Request {
	return &Request{Servcmd: wire.CmdPushAck, Body: wire.PushAckReq{SessionData: string(rune('a' + n))}}
}

// Deferred acknowledgements leave together, in one write, with the next
// request and ahead of it.
func TestDeferredFramesLeaveWithTheNextRequest(t *testing.T) {
	fs := newFakeServer(t)
	c, cc := connectedCounting(t, fs)
	for i := range 3 {
		c.SendDeferred(ack(i))
	}
	if _, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdOnlineNum}); err != nil {
		t.Fatal(err)
	}
	if n := cc.writes.Load(); n != 1 {
		t.Fatalf("%d writes for three acknowledgements and a request, want 1", n)
	}
	fs.mu.Lock()
	var order []string
	for _, h := range fs.seen {
		order = append(order, h.Servcmd)
	}
	fs.mu.Unlock()
	want := []string{wire.CmdPushAck, wire.CmdPushAck, wire.CmdPushAck, wire.CmdOnlineNum}
	if len(order) < 4 || !slices.Equal(order[len(order)-4:], want) {
		t.Fatalf("server saw %v, want it to end with %v", order, want)
	}
}

// Without another request they leave on their own, still together.
func TestDeferredFramesLeaveOnTheirOwn(t *testing.T) {
	fs := newFakeServer(t)
	c, cc := connectedCounting(t, fs)
	for i := range 5 {
		c.SendDeferred(ack(i))
	}
	waitFor(t, func() bool { return fs.count(wire.CmdPushAck) == 5 })
	if n := cc.writes.Load(); n != 1 {
		t.Fatalf("%d writes for five acknowledgements, want 1", n)
	}
	// A full batch does not wait.
	for i := range maxDeferred {
		c.SendDeferred(ack(i))
	}
	waitFor(t, func() bool { return fs.count(wire.CmdPushAck) == 5+maxDeferred })
	if n := cc.writes.Load(); n != 2 {
		t.Fatalf("%d writes after a full batch, want 2", n)
	}
}

// What is deferred on a socket that is lost goes with it: nothing is
// written later on the next socket.
func TestDeferredFramesDieWithTheSocket(t *testing.T) {
	fs := newFakeServer(t)
	c, _ := connectedCounting(t, fs)
	c.mu.Lock()
	s := c.sock
	c.mu.Unlock()
	c.SendDeferred(ack(0))
	c.drop(s, wire.CloseReconnect)
	s.laterMu.Lock()
	n := s.laterN
	s.laterMu.Unlock()
	if n != 0 {
		t.Fatalf("%d frames still deferred on a lost socket", n)
	}
	if _, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdOnlineNum}); err != nil {
		t.Fatal(err)
	}
	if got := fs.count(wire.CmdPushAck); got != 0 {
		t.Fatalf("%d acknowledgements of the lost socket were sent", got)
	}
}

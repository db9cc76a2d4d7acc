package timcluster

import (
	"io"
	"net"
	"sync"
	"time"
)

// dialTimeout bounds the front's dial of one node.
const dialTimeout = 2 * time.Second

// front is a round-robin TCP balancer on 127.0.0.1 that skips nodes that
// refuse connections, as a load balancer in front of a cluster would: the
// SDK knows one URL, and a reconnect may land on another node.
type front struct {
	ln    net.Listener
	addrs []string

	mu    sync.Mutex
	next  int
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

func newFront(addrs []string) (*front, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &front{ln: ln, addrs: addrs, conns: make(map[net.Conn]struct{})}
	f.wg.Add(1)
	go f.accept()
	return f, nil
}

func (f *front) accept() {
	defer f.wg.Done()
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		f.wg.Add(1)
		go f.relay(c)
	}
}

// relay connects c to the next node that accepts, trying each once.
func (f *front) relay(c net.Conn) {
	defer f.wg.Done()
	f.mu.Lock()
	start := f.next
	f.next = (f.next + 1) % len(f.addrs)
	f.mu.Unlock()
	var up net.Conn
	for i := range f.addrs {
		var err error
		if up, err = net.DialTimeout("tcp", f.addrs[(start+i)%len(f.addrs)], dialTimeout); err == nil {
			break
		}
	}
	if up == nil || !f.track(c, up) {
		c.Close()
		if up != nil {
			up.Close()
		}
		return
	}
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		io.Copy(dst, src)
		dst.Close()
		src.Close()
		done <- struct{}{}
	}
	go pipe(up, c)
	go pipe(c, up)
	<-done
	<-done
	f.mu.Lock()
	delete(f.conns, c)
	delete(f.conns, up)
	f.mu.Unlock()
}

// track registers a relayed pair; false once the front is closed.
func (f *front) track(a, b net.Conn) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conns == nil {
		return false
	}
	f.conns[a], f.conns[b] = struct{}{}, struct{}{}
	return true
}

func (f *front) close() {
	f.ln.Close()
	f.mu.Lock()
	for c := range f.conns {
		c.Close()
	}
	f.conns = nil
	f.mu.Unlock()
	f.wg.Wait()
}

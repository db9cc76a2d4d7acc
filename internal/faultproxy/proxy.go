// Package faultproxy is a TCP proxy that puts a bad network between a client
// and a server in tests and measurement programs: delay, a stall that keeps
// every socket open while nothing moves, cuts, corrupted bytes, and a
// listener that accepts and resets at once (a failing load balancer).
//
// It listens on loopback only. Each accepted connection is a pair of pumps,
// one per direction; a pump reads a chunk, waits out the faults, then writes
// it on, so a stalled pump holds at most one chunk plus what the kernel
// buffers hold, as a real stalled path would.
package faultproxy

import (
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// Direction names one half of a proxied connection.
type Direction int

// The two directions.
const (
	ToServer Direction = iota // client → server
	ToClient                  // server → client
)

// chunkSize is the most one pump reads at a time.
const chunkSize = 32 << 10

// Proxy forwards loopback TCP connections to a target address, injecting the
// faults its methods turn on. The zero value is not usable: call New.
type Proxy struct {
	ln net.Listener

	mu      sync.Mutex
	target  string // SetTarget changes it
	pairs   map[*pair]struct{}
	delay   time.Duration
	stall   chan struct{} // non-nil while stalled; closed by Resume
	corrupt [2]int        // chunks still to corrupt, per Direction
	reset   bool          // accept, then reset at once
	closed  bool

	accepted atomic.Int64
	wg       sync.WaitGroup
}

// pair is one proxied connection: the client's socket and the server's.
type pair struct {
	client, server net.Conn
	once           sync.Once
	closed         chan struct{} // closed with the pair: lets a stalled pump give up
}

// New starts a proxy on a free loopback port that forwards to target
// ("host:port").
func New(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, pairs: map[*pair]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// ForURL starts a proxy in front of the host of rawURL (ws://, http://…) and
// returns it with rawURL rewritten to go through it.
func ForURL(rawURL string) (*Proxy, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, "", err
	}
	p, err := New(u.Host)
	if err != nil {
		return nil, "", err
	}
	return p, p.URL(rawURL), nil
}

// Addr is the proxy's listening address, 127.0.0.1:PORT.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// URL returns rawURL with its host replaced by the proxy's address (rawURL
// unchanged if it does not parse).
func (p *Proxy) URL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.Host = p.Addr()
	return u.String()
}

// Accepted is how many connections the proxy has accepted so far.
func (p *Proxy) Accepted() int64 { return p.accepted.Load() }

// Open is how many proxied connections are open now.
func (p *Proxy) Open() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pairs)
}

// SetDelay delays every chunk by d in both directions from now on (0: none),
// keeping order.
func (p *Proxy) SetDelay(d time.Duration) {
	p.mu.Lock()
	p.delay = d
	p.mu.Unlock()
}

// Stall stops forwarding in both directions while keeping every socket open:
// neither end sees an error, bytes wait. New connections are accepted but
// stall too. Resume lets the bytes go on.
func (p *Proxy) Stall() {
	p.mu.Lock()
	if p.stall == nil {
		p.stall = make(chan struct{})
	}
	p.mu.Unlock()
}

// Resume ends a Stall.
func (p *Proxy) Resume() {
	p.mu.Lock()
	if p.stall != nil {
		close(p.stall)
		p.stall = nil
	}
	p.mu.Unlock()
}

// Cut resets every open proxied connection (both ends see a reset, as when a
// NAT or load balancer forgets them) and returns how many it cut.
func (p *Proxy) Cut() int {
	p.mu.Lock()
	pairs := make([]*pair, 0, len(p.pairs))
	for pr := range p.pairs {
		pairs = append(pairs, pr)
	}
	p.mu.Unlock()
	for _, pr := range pairs {
		pr.reset()
	}
	return len(pairs)
}

// Corrupt flips the bits of the last byte of each of the next n chunks going
// in direction d (the end of a WebSocket frame's payload, usually inside its
// JSON).
func (p *Proxy) Corrupt(d Direction, n int) {
	p.mu.Lock()
	p.corrupt[d] += n
	p.mu.Unlock()
}

// SetTarget sends the connections accepted from now on to addr
// ("host:port"); open ones stay with the old target. It lets a test put a
// restarted server, on a new port, behind the address its clients know.
func (p *Proxy) SetTarget(addr string) {
	p.mu.Lock()
	p.target = addr
	p.mu.Unlock()
}

// ResetOnAccept makes the proxy accept new connections and reset them at
// once (on) or forward them again (off).
func (p *Proxy) ResetOnAccept(on bool) {
	p.mu.Lock()
	p.reset = on
	p.mu.Unlock()
}

// Close stops the listener, resets every connection and waits for the pumps.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	err := p.ln.Close()
	p.Resume()
	p.Cut()
	p.wg.Wait()
	return err
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(10 * time.Millisecond) // e.g. out of descriptors: do not spin
			continue
		}
		p.accepted.Add(1)
		p.mu.Lock()
		reset, closed := p.reset, p.closed
		p.mu.Unlock()
		if reset || closed {
			resetConn(c)
			continue
		}
		p.wg.Add(1)
		go p.connect(c)
	}
}

// connect dials the target for client c and starts the two pumps.
func (p *Proxy) connect(c net.Conn) {
	defer p.wg.Done()
	p.mu.Lock()
	target := p.target
	p.mu.Unlock()
	s, err := net.DialTimeout("tcp", target, 5*time.Second)
	if err != nil {
		resetConn(c)
		return
	}
	pr := &pair{client: c, server: s, closed: make(chan struct{})}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		pr.reset()
		return
	}
	p.pairs[pr] = struct{}{}
	p.mu.Unlock()
	var done sync.WaitGroup
	done.Add(2)
	go func() { defer done.Done(); p.pump(pr, c, s, ToServer) }()
	go func() { defer done.Done(); p.pump(pr, s, c, ToClient) }()
	done.Wait()
	p.mu.Lock()
	delete(p.pairs, pr)
	p.mu.Unlock()
}

// pump copies src to dst a chunk at a time through the faults. When either
// side ends, the whole pair is closed.
func (p *Proxy) pump(pr *pair, src, dst net.Conn, d Direction) {
	defer pr.close()
	buf := make([]byte, chunkSize)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			read := time.Now()
			delay, stall, corrupt := p.faults(d)
			if stall != nil {
				select {
				case <-stall:
				case <-pr.closed:
					return
				}
			}
			if wait := time.Until(read.Add(delay)); wait > 0 {
				time.Sleep(wait)
			}
			if corrupt {
				buf[n-1] ^= 0xff
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				if cw, ok := dst.(interface{ CloseWrite() error }); ok {
					_ = cw.CloseWrite()
				}
			}
			return
		}
	}
}

// faults reads the faults that apply to the next chunk in direction d.
func (p *Proxy) faults(d Direction) (delay time.Duration, stall chan struct{}, corrupt bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.corrupt[d] > 0 {
		p.corrupt[d]--
		corrupt = true
	}
	return p.delay, p.stall, corrupt
}

func (pr *pair) close() {
	pr.once.Do(func() {
		pr.client.Close()
		pr.server.Close()
		close(pr.closed)
	})
}

func (pr *pair) reset() {
	pr.once.Do(func() {
		resetConn(pr.client)
		resetConn(pr.server)
		close(pr.closed)
	})
}

// resetConn closes c with SO_LINGER 0, so the peer sees a reset.
func resetConn(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	c.Close()
}

// Package conn is one tim-js-sdk style WebSocket: requests matched to replies
// by servcmd+seq, pushes handed to a callback, heartbeat.alive after 10 s of
// silence, and reconnect with jittered back-off and host rotation.
//
// A Conn owns at most one socket at a time and one goroutine per socket (the
// reader). Everything else runs on demand: timers are time.AfterFunc, the
// reconnect loop is a goroutine that exits once the socket is back, and
// synchronous requests wait on their caller's goroutine.
package conn

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	mrand "math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/renew"
	"github.com/tim-go/sdk/internal/wire"
)

// Timing defaults, as tim-js-sdk 2.27.6 has them.
const (
	// DefaultRequestTimeout: tim-js-sdk gives every request 15 s.
	DefaultRequestTimeout = 15 * time.Second
	// DefaultAliveTimeout: heartbeat.alive gets 3 s before a forced reconnect.
	DefaultAliveTimeout = 3 * time.Second
	// DefaultAliveIdle: an alive goes out after 10 s without inbound frames.
	DefaultAliveIdle = 10 * time.Second
	// DefaultDialTimeout bounds one WebSocket handshake.
	DefaultDialTimeout = 10 * time.Second
	// writeTimeout bounds one frame write; a socket that cannot take a frame
	// in this time is dead (a failed write closes it: transport.go).
	writeTimeout = 10 * time.Second
	// disconnectedAfter failed attempts in a row, the state reads
	// disconnected (retries go on in the background).
	disconnectedAfter = 3
	// seqWrap and seqStartMax: tim-js-sdk starts seq at a random value below
	// 10^8 and re-randomises it at 2 415 919 103.
	seqWrap     = 2415919103
	seqStartMax = 100000000
)

// Errors of the connection layer; the tim package maps them to TIM codes.
var (
	// ErrClosed: the Conn was closed or destroyed while the request waited.
	ErrClosed = errors.New("conn: closed")
	// ErrTimeout: no reply within the request's timeout.
	ErrTimeout = errors.New("conn: request timed out")
	// ErrNotConnected: an asynchronous request found no open socket.
	ErrNotConnected = errors.New("conn: not connected")
	// ErrSocketLost: the socket carrying the request closed before the reply.
	ErrSocketLost = errors.New("conn: socket lost")
)

// RefusedError is the server's refusal of the whole connection (a
// heartbeat.alive answered with a code after which retrying cannot help,
// such as 70020 "SDKAppID does not exist"): the Conn stops reconnecting and
// the requests waiting on it fail with it, so that Login returns the
// server's code at once instead of retrying until its deadline.
type RefusedError struct {
	Code int
	Info string
}

func (e *RefusedError) Error() string {
	return "conn: refused by the server: " + strconv.Itoa(e.Code) + " " + e.Info
}

// NetState is the connection state reported through Config.OnNetState.
type NetState string

// The three states, with tim-js-sdk's NET_STATE_* values.
const (
	Connected    NetState = "connected"
	Connecting   NetState = "connecting"
	Disconnected NetState = "disconnected"
)

// Config configures a Conn. URLs, Head and OnPush are required.
type Config struct {
	// URLs are the WebSocket base URLs (scheme and host, optionally a path;
	// "/binfo" is added when the path is empty). Each reconnect moves to the
	// next one, so [DEFAULT, BACKUP] rotates DEFAULT → BACKUP → DEFAULT.
	URLs       []string
	SDKAppID   uint64
	InstanceID string // 32 hex characters; generated when empty
	// Head builds the head of the Conn's own requests (heartbeat.alive) and
	// of requests without a Head of their own.
	Head func(servcmd string, seq uint64, now int64) wire.Head
	// OnPush receives every frame that answers no request, on the reader
	// goroutine; it must not block.
	OnPush func(*wire.Frame)
	// PushBorrows lends OnPush the frame's Body as Request.BorrowBody lends
	// it to a callback: OnPush is done with it when it returns, and checks
	// a Body taken on trust (wire.Frame.CheckBody) when its decoder refuses
	// it.
	PushBorrows bool
	// OnOpen runs after each socket opens and before queued requests may use
	// it; requests with Early set go out at once. reconnect is false for the
	// first socket after New or Close. An error drops the socket and retries,
	// unless OnOpen closed the Conn.
	OnOpen func(ctx context.Context, reconnect bool) error
	// OnNetState is told each change of state.
	OnNetState func(NetState)

	RequestTimeout time.Duration // default DefaultRequestTimeout
	AliveTimeout   time.Duration // default DefaultAliveTimeout
	AliveIdle      time.Duration // default DefaultAliveIdle
	DialTimeout    time.Duration // default DefaultDialTimeout
	TLSConfig      *tls.Config   // wss:// connections; nil: the system roots
	Backoff        Backoff       // zero value: DefaultBackoff
	Logger         *zap.Logger   // nil: no logs
}

type state int

const (
	stateIdle       state = iota // no socket; the next request connects
	stateConnecting              // the run goroutine is dialling or in OnOpen
	stateReady                   // sock is open and OnOpen succeeded
	stateDestroyed               // for good
)

// Conn is the connection of one SDK instance.
type Conn struct {
	cfg Config
	log *zap.Logger
	seq atomic.Uint64

	mu        sync.Mutex
	state     state
	sock      *socket // current socket, open or ready
	opening   *socket // the socket OnOpen runs on
	wake      chan struct{}
	pending   map[wire.ID]*pending
	hostIdx   int
	runCancel context.CancelFunc
	// failures counts reconnect attempts since a socket last worked: it
	// is reset only when a ready socket carries a reply to a request
	// other than heartbeat.alive, or a push (reconnect.go, worked), not
	// when a socket merely opens; and the reset is undone when that
	// socket dies within stableAfter of opening.
	failures int

	netMu    sync.Mutex
	netState NetState

	wg sync.WaitGroup // reader, run and closing goroutines
}

// socket is one WebSocket and its heartbeat.
type socket struct {
	ws        *wsConn
	done      chan struct{} // closed when the socket is lost
	once      sync.Once
	lastRead  atomic.Int64 // UnixNano of the last inbound frame
	renew     renew.Reader // reader goroutines only
	aliveMu   sync.Mutex
	alive     *time.Timer
	aliveBusy atomic.Bool
	worked    atomic.Bool // the server answered on it (Conn.worked)
	ready     bool        // promoted (OnOpen succeeded); under Conn.mu
	openedAt  time.Time
	laterMu   sync.Mutex
	later     *[]byte // frames deferred, framed for the socket (deferred.go)
	laterN    int
	laterT    *time.Timer // sends them
	// undo is the failure count this socket's success reset to 0, or -1;
	// under Conn.mu.
	undo int
}

func (s *socket) isLost() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// New returns an idle Conn; the first request opens the socket.
func New(cfg Config) *Conn {
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.AliveTimeout <= 0 {
		cfg.AliveTimeout = DefaultAliveTimeout
	}
	if cfg.AliveIdle <= 0 {
		cfg.AliveIdle = DefaultAliveIdle
	}
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = DefaultDialTimeout
	}
	if cfg.Backoff == (Backoff{}) {
		cfg.Backoff = DefaultBackoff()
	}
	if cfg.InstanceID == "" {
		cfg.InstanceID = NewInstanceID()
	}
	if cfg.OnPush == nil {
		cfg.OnPush = func(*wire.Frame) {}
	}
	if cfg.OnOpen == nil {
		cfg.OnOpen = func(context.Context, bool) error { return nil }
	}
	if cfg.OnNetState == nil {
		cfg.OnNetState = func(NetState) {}
	}
	log := cfg.Logger
	if log == nil {
		log = zap.NewNop()
	}
	c := &Conn{cfg: cfg, log: log, wake: make(chan struct{}), pending: make(map[wire.ID]*pending)}
	c.seq.Store(mrand.Uint64N(seqStartMax))
	return c
}

// NewInstanceID returns 32 random lowercase hex characters.
func NewInstanceID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// InstanceID is the instanceid sent in every connect URL.
func (c *Conn) InstanceID() string { return c.cfg.InstanceID }

// nextSeq is tim-js-sdk's frame counter.
func (c *Conn) nextSeq() uint64 {
	for {
		old := c.seq.Load()
		n := old + 1
		if n >= seqWrap {
			n = mrand.Uint64N(seqStartMax)
		}
		if c.seq.CompareAndSwap(old, n) {
			return n
		}
	}
}

// broadcastLocked wakes every goroutine waiting for a state change.
func (c *Conn) broadcastLocked() {
	close(c.wake)
	c.wake = make(chan struct{})
}

// setNet reports s when it differs from the last report.
func (c *Conn) setNet(s NetState) {
	c.netMu.Lock()
	defer c.netMu.Unlock()
	if c.netState == s {
		return
	}
	c.netState = s
	c.cfg.OnNetState(s)
}

// dialURL is tim-js-sdk's connect URL for base.
func (c *Conn) dialURL(base string) string {
	u := strings.TrimRight(base, "/")
	if i := strings.Index(u, "://"); i < 0 || !strings.Contains(u[i+3:], "/") {
		u += wire.PathBinary
	}
	var b strings.Builder
	b.WriteString(u)
	for i, kv := range [...][2]string{
		{wire.ConnQuerySDKAppID, strconv.FormatUint(c.cfg.SDKAppID, 10)},
		{wire.ConnQueryInstanceID, c.cfg.InstanceID},
		{wire.ConnQueryRandom, strconv.FormatFloat(mrand.Float64(), 'f', -1, 64)},
		{wire.ConnQueryPlatform, strconv.Itoa(wire.PlatformWeb)},
		{wire.ConnQueryHost, osName()},
		{wire.ConnQueryVersion, wire.ConnVersion},
		{wire.ConnQuerySDKVersion, wire.SDKVersion},
		{wire.ConnQueryCompress, wire.ConnCompressGzip},
	} {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(kv[0])
		b.WriteByte('=')
		b.WriteString(kv[1])
	}
	return b.String()
}

// osName is the connect URL's host parameter, as tim-js-sdk derives it.
func osName() string {
	switch runtime.GOOS {
	case "darwin":
		return "mac"
	case "windows":
		return "windows"
	case "ios":
		return "ios"
	case "android":
		return "android"
	}
	return "unknown"
}

// dial opens one WebSocket to base.
func (c *Conn) dial(ctx context.Context, base string) (*wsConn, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.DialTimeout)
	defer cancel()
	return dialWS(ctx, c.dialURL(base), c.cfg.TLSConfig)
}

// read is the socket's reader goroutine.
func (c *Conn) read(s *socket) {
	defer c.wg.Done()
	s.renew.Start(time.Now())
	for {
		buf, err := s.ws.readFrame()
		if err != nil {
			c.lost(s, err)
			return
		}
		now := time.Now()
		s.lastRead.Store(now.UnixNano())
		renew := s.renew.Frame(now)
		if renew {
			s.ws.dropIdleTLS() // the socket was idle
		}
		c.handle(s, buf)
		if renew { // a fresh reader parks on a small stack (package renew)
			c.wg.Add(1)
			go c.read(s)
			return
		}
	}
}

// handle decodes one inbound frame and gives it to the request waiting for
// it or to OnPush; it runs on the reader goroutine.
func (c *Conn) handle(s *socket, buf *bytes.Buffer) {
	f, borrowed, err := wire.DecodeFrameBorrowed(buf.Bytes())
	if err != nil {
		releaseFrame(buf)
		// The stream is damaged (a corrupting path, a broken server): a
		// dropped push would never be acknowledged, so the server would
		// never replay it. A new socket's re-login replays what is unacked.
		c.log.Warn("undecodable frame; reconnecting", zap.Error(err))
		c.goTracked(func() { c.drop(s, wire.CloseReconnect) })
		return
	}
	if ce := c.log.Check(zap.DebugLevel, "frame in"); ce != nil {
		ce.Write(zap.String("servcmd", f.Head.Servcmd), zap.Uint64("seq", f.Head.Seq), zap.ByteString("body", f.Body))
	}
	p := c.take(f.Head.ID())
	if p == nil || f.Head.Servcmd != wire.CmdAlive {
		c.worked(s)
	}
	lend := c.cfg.PushBorrows // may the reader of the body read it in place?
	if p != nil {
		lend = p.borrow
	}
	if !lend {
		if err := f.CheckBody(); err != nil { // as an undecodable frame
			borrowed.Release()
			releaseFrame(buf)
			if p != nil {
				p.cb(nil, ErrSocketLost)
			}
			c.log.Warn("undecodable frame; reconnecting", zap.Error(err))
			c.goTracked(func() { c.drop(s, wire.CloseReconnect) })
			return
		}
		if borrowed.Active() {
			f.Body = bytes.Clone(f.Body) // kept past this call: its own copy
		}
	}
	if p != nil {
		p.cb(f, nil)
	} else {
		c.cfg.OnPush(f)
	}
	borrowed.Release() // a lent body is read by now
	releaseFrame(buf)
}

// lost marks s as gone once: it fails the requests that went out on it and,
// when s was the ready socket, starts reconnecting.
func (c *Conn) lost(s *socket, cause error) {
	first := false
	s.once.Do(func() {
		first = true
		close(s.done)
		s.stopAlive()
		releaseDeferred(s.takeDeferred()) // lost with the socket
	})
	if !first {
		return
	}
	c.mu.Lock()
	if s.undo >= 0 && c.failures == 0 && time.Since(s.openedAt) < stableAfter {
		// Login answered, then the socket died at once: not a working
		// session, so the back-off goes on growing.
		c.failures = s.undo
	}
	var failed []*pending
	for id, p := range c.pending {
		if p.sock == s {
			delete(c.pending, id)
			failed = append(failed, p)
		}
	}
	reconnect := false
	if c.sock == s {
		c.sock = nil
		if c.state == stateReady {
			c.state = stateConnecting
			reconnect = true
		}
	}
	c.broadcastLocked()
	c.mu.Unlock()
	// Fail what went out on s first, so that its callers have seen the
	// loss before the new socket reports Connected.
	for _, p := range failed {
		p.stop()
		p.cb(nil, ErrSocketLost)
	}
	if !reconnect {
		return
	}
	c.log.Info("socket lost; reconnecting", zap.Error(cause))
	c.setNet(Connecting)
	c.mu.Lock()
	if c.state == stateConnecting && c.runCancel == nil {
		c.startRunLocked(true)
	}
	c.mu.Unlock()
}

// drop loses s and closes it with code (4001 forced reconnect, 4000 normal).
// It blocks for the close handshake (at most a few seconds).
func (c *Conn) drop(s *socket, code int) {
	c.lost(s, errors.New("dropped by client"))
	s.ws.close(code)
}

// Reconnect drops the current socket (close 4001) and reconnects, as
// tim-js-sdk does on a heartbeat timeout or an expired A2.
func (c *Conn) Reconnect() {
	c.mu.Lock()
	s := c.sock
	c.mu.Unlock()
	if s != nil {
		c.goTracked(func() { c.drop(s, wire.CloseReconnect) })
	}
}

// goTracked runs fn on a goroutine that Destroy waits for; after Destroy it
// does nothing.
func (c *Conn) goTracked(fn func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == stateDestroyed {
		return
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		fn()
	}()
}

// Close closes the socket (code 4000) and stops reconnecting; requests in
// flight fail with ErrClosed. The Conn stays usable: the next request
// connects again.
func (c *Conn) Close() { c.shutdown(stateIdle) }

// Destroy closes the Conn for good and waits for its goroutines. It must not
// be called from OnPush or OnOpen.
func (c *Conn) Destroy() {
	c.shutdown(stateDestroyed)
	c.wg.Wait()
}

func (c *Conn) shutdown(to state) {
	for _, s := range c.stop(to, ErrClosed) {
		c.drop(s, wire.CloseNormal)
	}
}

// refuse stops the Conn as Close does, failing the waiting requests with
// err; it may run on the reader goroutine, so the socket's close handshake
// happens on another.
func (c *Conn) refuse(err error) {
	socks := c.stop(stateIdle, err)
	c.goTracked(func() {
		for _, s := range socks {
			c.drop(s, wire.CloseNormal)
		}
	})
	c.setNet(Disconnected)
}

// stop moves the Conn to state to, fails every waiting request with err and
// returns the sockets to close.
func (c *Conn) stop(to state, err error) []*socket {
	c.mu.Lock()
	if c.state == stateDestroyed {
		c.mu.Unlock()
		return nil
	}
	c.state = to
	if c.runCancel != nil {
		c.runCancel()
		c.runCancel = nil
	}
	socks := []*socket{c.sock, c.opening}
	c.sock, c.opening = nil, nil
	failed := make([]*pending, 0, len(c.pending))
	for id, p := range c.pending {
		delete(c.pending, id)
		failed = append(failed, p)
	}
	c.broadcastLocked()
	c.mu.Unlock()
	for _, p := range failed {
		p.stop()
		p.cb(nil, err)
	}
	out := socks[:0]
	for i, s := range socks {
		if s != nil && (i == 0 || s != socks[0]) {
			out = append(out, s)
		}
	}
	return out
}

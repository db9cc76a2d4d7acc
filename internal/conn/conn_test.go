package conn

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/wire"
)

// fakeServer answers every request with a generic OK echoing its head,
// except what its hooks say. It records the requests and can drop sockets.
type fakeServer struct {
	*httptest.Server
	mu     sync.Mutex
	socks  []*websocket.Conn
	seen   []wire.Head
	urls   []string
	answer func(h wire.Head, body json.RawMessage) (reply any, ok bool) // ok false: no reply
	// raw, when set and ok, replaces the frame written back, byte for byte.
	raw     func(h wire.Head) (frame []byte, ok bool)
	accepts atomic.Int32
}

func newFakeServer(t *testing.T) *fakeServer {
	fs := &fakeServer{}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fakeServer) wsURL() string { return "ws" + strings.TrimPrefix(fs.URL, "http") }

func (fs *fakeServer) serve(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	fs.accepts.Add(1)
	fs.mu.Lock()
	fs.socks = append(fs.socks, ws)
	fs.urls = append(fs.urls, r.URL.String())
	fs.mu.Unlock()
	ctx := context.Background()
	for {
		_, data, err := ws.Read(ctx)
		if err != nil {
			return
		}
		f, err := wire.DecodeFrame(data)
		if err != nil {
			return
		}
		fs.mu.Lock()
		fs.seen = append(fs.seen, f.Head)
		answer, raw := fs.answer, fs.raw
		fs.mu.Unlock()
		if raw != nil {
			if out, ok := raw(f.Head); ok {
				_ = ws.Write(ctx, websocket.MessageBinary, out)
				continue
			}
		}
		var reply any = wire.OK()
		if answer != nil {
			var ok bool
			if reply, ok = answer(f.Head, f.Body); !ok {
				continue
			}
		}
		out, _ := wire.EncodeFrame(&f.Head, reply)
		_ = ws.Write(ctx, websocket.MessageBinary, out)
	}
}

// dropAll closes every server socket abruptly.
func (fs *fakeServer) dropAll() {
	fs.mu.Lock()
	socks := fs.socks
	fs.socks = nil
	fs.mu.Unlock()
	for _, s := range socks {
		_ = s.CloseNow()
	}
}

func (fs *fakeServer) count(servcmd string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	n := 0
	for _, h := range fs.seen {
		if h.Servcmd == servcmd {
			n++
		}
	}
	return n
}

func guestHead(servcmd string, seq uint64, now int64) wire.Head {
	return wire.GuestHead(1400000000, servcmd, seq, now)
}

func newTestConn(t *testing.T, urls []string, mod func(*Config)) *Conn {
	cfg := Config{URLs: urls, SDKAppID: 1400000000, Head: guestHead,
		Backoff: Backoff{Min: 10 * time.Millisecond, Max: 50 * time.Millisecond, Factor: 2}}
	if mod != nil {
		mod(&cfg)
	}
	c := New(cfg)
	t.Cleanup(c.Destroy)
	return c
}

func TestDoMatchesReplyAndBuildsURL(t *testing.T) {
	fs := newFakeServer(t)
	c := newTestConn(t, []string{fs.wsURL()}, nil)
	f, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdOnlineNum, Body: wire.GroupIDReq{GroupID: "g"}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Head.Servcmd != wire.CmdOnlineNum {
		t.Fatalf("reply servcmd %q", f.Head.Servcmd)
	}
	fs.mu.Lock()
	u := fs.urls[0]
	fs.mu.Unlock()
	for _, want := range []string{"/binfo?sdkappid=1400000000&instanceid=" + c.InstanceID(), "&platform=7&", "&sdkversion=2.27.6&compress=gzip"} {
		if !strings.Contains(u, want) {
			t.Errorf("url %q lacks %q", u, want)
		}
	}
	if len(c.InstanceID()) != 32 {
		t.Errorf("instance id %q", c.InstanceID())
	}
	// The socket opened with a heartbeat.alive.
	waitFor(t, func() bool { return fs.count(wire.CmdAlive) >= 1 })
}

func TestSeqIncrements(t *testing.T) {
	fs := newFakeServer(t)
	c := newTestConn(t, []string{fs.wsURL()}, nil)
	for range 3 {
		if _, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdQuitGroup}); err != nil {
			t.Fatal(err)
		}
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var seqs []uint64
	for _, h := range fs.seen {
		if h.Servcmd == wire.CmdQuitGroup {
			seqs = append(seqs, h.Seq)
		}
	}
	if len(seqs) != 3 || seqs[1] <= seqs[0] || seqs[2] <= seqs[1] || seqs[0] >= seqStartMax+10 {
		t.Fatalf("seqs %v", seqs)
	}
}

func TestTimeout(t *testing.T) {
	fs := newFakeServer(t)
	fs.answer = func(h wire.Head, _ json.RawMessage) (any, bool) { return wire.OK(), h.Servcmd != wire.CmdQuitGroup }
	c := newTestConn(t, []string{fs.wsURL()}, nil)
	_, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdQuitGroup, Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Do(ctx, &Request{Servcmd: wire.CmdQuitGroup}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}

func TestResendAfterDropAndHostRotation(t *testing.T) {
	fs := newFakeServer(t)
	var quits atomic.Int32
	fs.answer = func(h wire.Head, _ json.RawMessage) (any, bool) {
		if h.Servcmd == wire.CmdQuitGroup && quits.Add(1) == 1 {
			go fs.dropAll() // the first try dies with its socket
			return nil, false
		}
		return wire.OK(), true
	}
	var states []NetState
	var mu sync.Mutex
	var opens atomic.Int32
	var c *Conn
	bad := "ws://127.0.0.1:1" // refuses: the rotation must skip past it
	c = newTestConn(t, []string{fs.wsURL(), bad}, func(cfg *Config) {
		cfg.OnNetState = func(s NetState) { mu.Lock(); states = append(states, s); mu.Unlock() }
		cfg.OnOpen = func(ctx context.Context, reconnect bool) error {
			opens.Add(1)
			if reconnect { // a re-login goes out before the queued request
				_, err := c.Do(ctx, &Request{Servcmd: wire.CmdLogin, Early: true})
				return err
			}
			return nil
		}
	})
	f, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdQuitGroup})
	if err != nil {
		t.Fatal(err)
	}
	fs.mu.Lock()
	var seqs []uint64
	for _, h := range fs.seen {
		if h.Servcmd == wire.CmdQuitGroup {
			seqs = append(seqs, h.Seq)
		}
	}
	fs.mu.Unlock()
	if len(seqs) != 2 || seqs[0] != seqs[1] || f.Head.Seq != seqs[0] {
		t.Fatalf("quit seqs %v, reply seq %d: want the same seq re-sent", seqs, f.Head.Seq)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(states) < 3 || states[0] != Connected || states[1] != Connecting || states[len(states)-1] != Connected {
		t.Fatalf("states %v", states)
	}
	if opens.Load() < 2 || fs.count(wire.CmdLogin) < 1 {
		t.Fatalf("OnOpen ran %d times, %d early logins", opens.Load(), fs.count(wire.CmdLogin))
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var order []string
	for _, h := range fs.seen {
		if h.Servcmd == wire.CmdLogin || h.Servcmd == wire.CmdQuitGroup {
			order = append(order, h.Servcmd)
		}
	}
	if order[len(order)-1] != wire.CmdQuitGroup || order[len(order)-2] != wire.CmdLogin {
		t.Fatalf("order %v: the re-login must precede the re-sent request", order)
	}
}

func TestAliveTimeoutForcesReconnect(t *testing.T) {
	fs := newFakeServer(t)
	var ignore atomic.Bool
	ignore.Store(true)
	fs.answer = func(h wire.Head, _ json.RawMessage) (any, bool) {
		if h.Servcmd == wire.CmdAlive && ignore.Load() {
			return nil, false
		}
		return wire.OK(), true
	}
	c := newTestConn(t, []string{fs.wsURL()}, func(cfg *Config) {
		cfg.AliveTimeout = 100 * time.Millisecond
	})
	if _, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdQuitGroup}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return fs.accepts.Load() >= 2 })
	ignore.Store(false)
	if _, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdQuitGroup}); err != nil {
		t.Fatal(err)
	}
}

func TestIdleAlive(t *testing.T) {
	fs := newFakeServer(t)
	c := newTestConn(t, []string{fs.wsURL()}, func(cfg *Config) { cfg.AliveIdle = 50 * time.Millisecond })
	if _, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdQuitGroup}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return fs.count(wire.CmdAlive) >= 3 })
}

func TestGoAsyncAndClose(t *testing.T) {
	fs := newFakeServer(t)
	c := newTestConn(t, []string{fs.wsURL()}, nil)
	done := make(chan error, 1)
	c.Go(&Request{Servcmd: wire.CmdQuitGroup}, func(_ *wire.Frame, err error) { done <- err })
	if err := <-done; !errors.Is(err, ErrNotConnected) {
		t.Fatalf("before connecting: %v", err)
	}
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.state == stateReady })
	c.Go(&Request{Servcmd: wire.CmdQuitGroup}, func(_ *wire.Frame, err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdQuitGroup}); err != nil {
		t.Fatalf("a closed Conn reconnects on demand: %v", err)
	}
	c.Destroy()
	if _, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdQuitGroup}); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Destroy: %v", err)
	}
}

func TestBackoffFullJitter(t *testing.T) {
	b := DefaultBackoff()
	for attempt, ceil := range []time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond} {
		if got := b.ceiling(attempt); got != ceil {
			t.Errorf("ceiling(%d) = %v, want %v", attempt, got, ceil)
		}
	}
	if got := b.ceiling(30); got != 20*time.Second {
		t.Errorf("ceiling(30) = %v", got)
	}
	seen := map[time.Duration]bool{}
	for range 100 {
		d := b.Delay(3)
		if d < 0 || d > 1600*time.Millisecond {
			t.Fatalf("delay %v out of range", d)
		}
		seen[d] = true
	}
	if len(seen) < 50 {
		t.Fatalf("delays not jittered: %d distinct of 100", len(seen))
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

package conn

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// Issue 11 point 4: a server that accepts every socket and drops it at once
// (after answering only heartbeat.alive) gets a growing back-off, not a
// fresh one per socket; once a socket carries a real reply the back-off
// starts again from Min.
func TestBackoffGrowsUntilASocketWorks(t *testing.T) {
	fs := newFakeServer(t)
	var broken atomic.Bool
	broken.Store(true)
	fs.answer = func(h wire.Head, _ json.RawMessage) (any, bool) {
		if broken.Load() && h.Servcmd != wire.CmdAlive {
			go fs.dropAll()
			return nil, false
		}
		return wire.OK(), true
	}
	c := newTestConn(t, []string{fs.wsURL()}, func(cfg *Config) {
		cfg.Backoff = Backoff{Min: 50 * time.Millisecond, Max: time.Second, Factor: 2}
		cfg.OnOpen = func(ctx context.Context, reconnect bool) error {
			// A guest's OnOpen sends nothing: the socket is ready at once.
			return nil
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := fs.accepts.Load()
	// The request is re-sent on every new socket and dropped each time.
	if _, err := c.Do(ctx, &Request{Servcmd: wire.CmdQuitGroup, Timeout: time.Minute}); err == nil {
		t.Fatal("a request answered by a server that drops it")
	}
	n := fs.accepts.Load() - start
	t.Logf("%d sockets in 3 s, %d failures", n, c.Failures())
	if n > 20 {
		t.Fatalf("%d sockets in a 3 s window with back-off 50 ms…1 s, want at most 20", n)
	}
	if c.Failures() < 3 {
		t.Fatalf("failures %d: the back-off did not grow", c.Failures())
	}

	broken.Store(false)
	if _, err := c.Do(context.Background(), &Request{Servcmd: wire.CmdQuitGroup}); err != nil {
		t.Fatal(err)
	}
	if c.Failures() != 0 {
		t.Fatalf("failures %d after a socket worked, want 0", c.Failures())
	}
}

// A socket on which only heartbeat.alive was answered does not reset the
// back-off; the ceiling of each attempt grows up to Max.
func TestBackoffCeilingCapped(t *testing.T) {
	b := Backoff{Min: 50 * time.Millisecond, Max: time.Second, Factor: 2}
	want := []time.Duration{50, 100, 200, 400, 800, 1000, 1000}
	for i, w := range want {
		if got := b.ceiling(i); got != w*time.Millisecond {
			t.Errorf("ceiling(%d) = %v, want %v", i, got, w*time.Millisecond)
		}
	}
	if got := b.ceiling(1 << 30); got != time.Second {
		t.Errorf("ceiling(2^30) = %v", got)
	}
}

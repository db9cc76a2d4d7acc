package tim

import (
	"context"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/faultproxy"
	"github.com/tim-go/sdk/internal/hostile"
	"github.com/tim-go/sdk/internal/wire"
)

// backoffWindow is how long reconnect attempts are counted, and
// maxAttemptsInWindow how many a growing back-off of 50 ms…1 s allows in
// it (about 10 expected; a back-off that restarts per socket made 100+).
const (
	backoffWindow       = 3 * time.Second
	maxAttemptsInWindow = 20
)

// Issue 11 point 4, with a load balancer that accepts and resets: a
// logged-in instance whose socket is cut retries ever more rarely, and once
// the path works again it logs back in and its back-off starts afresh.
func TestBackoffAgainstAcceptThenReset(t *testing.T) {
	srv := hostile.New(nil)
	t.Cleanup(srv.Close)
	px, url, err := faultproxy.ForURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = px.Close() })
	tm := New(1400000001, WithProxyServer(url), WithRequestTimeout(2*time.Second),
		WithReconnectBackoff(50*time.Millisecond, time.Second))
	t.Cleanup(func() { _ = tm.Destroy(context.Background()) })
	if err := tm.Login(ctxT(t), "alice", "sig"); err != nil {
		t.Fatalf("Login: %v", err)
	}

	px.ResetOnAccept(true)
	start := px.Accepted()
	px.Cut()
	time.Sleep(backoffWindow)
	n := px.Accepted() - start
	t.Logf("%d connections in %v, failures %d", n, backoffWindow, tm.conn.Failures())
	if n > maxAttemptsInWindow {
		t.Fatalf("%d connections in %v, want at most %d", n, backoffWindow, maxAttemptsInWindow)
	}

	logins := srv.Count(wire.CmdLogin)
	px.ResetOnAccept(false)
	waitUntil(t, func() bool { return srv.Count(wire.CmdLogin) > logins && tm.conn.Failures() == 0 })
	if !tm.IsReady() {
		t.Fatal("not ready after the path recovered")
	}
}

// A server that accepts the socket, answers heartbeat.alive and drops the
// socket on every wslogin without answering: Login's retries back off
// instead of reconnecting at once each time.
func TestBackoffAgainstDropOnLogin(t *testing.T) {
	srv, tm := newHostile(t, func(c *hostile.Conn, f *wire.Frame) {
		if f.Head.Servcmd == wire.CmdLogin {
			c.Drop()
			return
		}
		hostile.Plausible(c, f)
	}, WithReconnectBackoff(50*time.Millisecond, time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), backoffWindow)
	defer cancel()
	if err := tm.Login(ctx, "alice", "sig"); err == nil {
		t.Fatal("Login succeeded against a server that drops it")
	}
	n := srv.Accepted()
	t.Logf("%d sockets in %v, failures %d", n, backoffWindow, tm.conn.Failures())
	if n > maxAttemptsInWindow {
		t.Fatalf("%d sockets in %v, want at most %d", n, backoffWindow, maxAttemptsInWindow)
	}
}

// A server that answers every login and drops the socket 50 ms later: the
// login "worked", but a session that dies at once must not restart the
// back-off (issue 11 point 4; 113 sockets in 18 s before).
func TestBackoffAgainstOpenThenDie(t *testing.T) {
	srv, tm := newHostile(t, func(c *hostile.Conn, f *wire.Frame) {
		hostile.Plausible(c, f)
		if f.Head.Servcmd == wire.CmdLogin {
			time.AfterFunc(50*time.Millisecond, c.Drop)
		}
	}, WithReconnectBackoff(50*time.Millisecond, time.Second))
	if err := tm.Login(ctxT(t), "alice", "sig"); err != nil {
		t.Fatalf("Login: %v", err)
	}
	start := srv.Accepted()
	time.Sleep(backoffWindow)
	n := srv.Accepted() - start
	t.Logf("%d sockets in %v, failures %d", n, backoffWindow, tm.conn.Failures())
	if n > maxAttemptsInWindow {
		t.Fatalf("%d sockets in %v, want at most %d", n, backoffWindow, maxAttemptsInWindow)
	}
	if n < 2 {
		t.Fatalf("%d sockets in %v: the instance stopped reconnecting", n, backoffWindow)
	}
}

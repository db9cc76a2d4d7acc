package tim

import (
	"sync/atomic"
	"testing"

	"github.com/tim-go/sdk/internal/hostile"
	"github.com/tim-go/sdk/internal/wire"
)

// A socket lost between the login reply and SDK_READY (here: the server
// sends an undecodable frame right after the login reply, which forces a
// reconnect): the re-login by A2 on the new socket continues the login,
// which succeeds, instead of failing with "login in progress".
func TestLoginSurvivesAReconnectBeforeReady(t *testing.T) {
	var sent atomic.Bool
	srv, tm := newHostile(t, func(c *hostile.Conn, f *wire.Frame) {
		hostile.Plausible(c, f)
		if f.Head.Servcmd == wire.CmdLogin && sent.CompareAndSwap(false, true) {
			_ = c.WriteRaw([]byte("not a frame"))
		}
	})
	if err := tm.Login(ctxT(t), "alice", "sig"); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if !tm.IsReady() {
		t.Fatal("not ready")
	}
	if srv.Accepted() < 2 || srv.Count(wire.CmdLogin) < 2 {
		t.Fatalf("%d sockets, %d logins: no reconnect happened", srv.Accepted(), srv.Count(wire.CmdLogin))
	}
}

package tim

import (
	"context"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/hostile"
	"github.com/tim-go/sdk/internal/wire"
)

// newHostile starts a fake server scripted by h and an instance pointed at it.
func newHostile(t *testing.T, h hostile.Handler, opts ...Option) (*hostile.Server, *TIM) {
	t.Helper()
	srv := hostile.New(h)
	t.Cleanup(srv.Close)
	opts = append([]Option{WithProxyServer(srv.URL), WithRequestTimeout(2 * time.Second)}, opts...)
	tm := New(1400000001, opts...)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tm.Destroy(ctx)
	})
	return srv, tm
}

// TestHostilePlausibleLogsIn checks the fake server itself: an honest script
// logs a client in and lets it join a room.
func TestHostilePlausibleLogsIn(t *testing.T) {
	srv, tm := newHostile(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tm.Login(ctx, "alice", "sig"); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if _, err := tm.JoinGroup(ctx, "@TGS#aRoom"); err != nil {
		t.Fatalf("JoinGroup: %v", err)
	}
	if srv.Count(wire.CmdLogin) != 1 || srv.Count(wire.CmdApplyJoin) != 1 {
		t.Fatalf("login %d join %d, want 1 1", srv.Count(wire.CmdLogin), srv.Count(wire.CmdApplyJoin))
	}
}

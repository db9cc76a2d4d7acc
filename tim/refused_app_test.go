package tim

import (
	"context"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// Login with an SDKAppID the server does not have: the emulator answers the
// first frame with 70020 and closes the socket (1008). Login returns that
// code, not a timeout after reconnecting until its deadline (issue 11 point
// 9), and the instance does not go on reconnecting in the background.
func TestLoginWithAnotherSDKAppID(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{})
	c := New(srv.SDKAppID+1, WithProxyServer(srv.URL))
	t.Cleanup(func() { _ = c.Destroy(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for range 2 { // and again: a refused instance stays usable
		err := c.Login(ctx, "alice", srv.UserSig("alice"))
		wantCode(t, err, types.ErrUserSigAppMissing)
		if ctx.Err() != nil {
			t.Fatal("Login waited until its deadline")
		}
	}
	before := srv.Stats().ConnectionsOpened
	time.Sleep(time.Second)
	if after := srv.Stats().ConnectionsOpened; after != before {
		t.Fatalf("sockets %d → %d after the refusal: still reconnecting", before, after)
	}
	if c.IsReady() {
		t.Fatal("ready after a refused login")
	}
}

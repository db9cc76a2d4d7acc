package tim

import (
	"context"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// TestDestroyWithTheServerGone: a logged-in instance whose server has gone
// does not wait a whole request timeout (here a minute) for the logout's
// reply: the logout is best effort while the network is down.
func TestDestroyWithTheServerGone(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	c := r.user("alice", WithRequestTimeout(time.Minute))
	in := record(c)
	r.srv.Close()
	in.wait(t, "the socket seen down", func(in *inbox) bool {
		return len(in.states) > 0 && in.states[len(in.states)-1] != types.NetStateConnected
	})
	done := make(chan struct{})
	go func() { _ = c.Destroy(context.Background()); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second): // far below the request timeout, far above the offline bound
		t.Fatal("Destroy waited for a server that is gone")
	}
}

// The same when Destroy comes at once, before the instance has seen its
// socket go (the logout then waits for the next socket, which never comes):
// the logout's own bound ends it, not the request timeout (a minute here).
func TestDestroyRightAfterTheServerWent(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	c := r.user("alice", WithRequestTimeout(time.Minute))
	r.join(c)
	r.srv.Close()
	done := make(chan struct{})
	go func() { _ = c.Destroy(context.Background()); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Destroy waited for a server that just went")
	}
}

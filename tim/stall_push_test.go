package tim

import (
	"fmt"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/faultproxy"
	"github.com/tim-go/sdk/tim/timtest"
)

// A logged-in push viewer behind a network that stops forwarding (a
// faultproxy stall, sockets open) while messages are sent, and then drops
// the connection: the server wrote those pushes into its socket, but they
// never arrived. After the SDK reconnects and logs in again, it must receive
// every one of them exactly once: the server counts a push as delivered only
// when the SDK acknowledged it, and replays the rest.
func TestPushStallLosesNothing(t *testing.T) {
	r := newTestRoom(t, timtest.Options{Delivery: "push", RoomMessageRate: -1})
	proxy, base, err := faultproxy.ForURL(r.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	viewer := r.user("viewer", WithProxyServer(base))
	in := record(viewer)
	r.join(viewer)
	r.warmUp(in)

	proxy.Stall()
	st := r.srv.Stats()
	const n = 5
	for i := range n {
		if _, err := r.srv.SendText(ctxT(t), r.id, "", fmt.Sprint("stalled ", i), "Normal"); err != nil {
			t.Fatal(err)
		}
	}
	// Every push left the server: written into the stalled socket.
	for deadline := 0; r.srv.Stats().FramesOut < st.FramesOut+n; deadline++ {
		if deadline == 1000 {
			t.Fatalf("the server wrote %d of %d pushes", r.srv.Stats().FramesOut-st.FramesOut, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	proxy.Cut() // what the stalled path held is gone
	proxy.Resume()

	for i := range n {
		in.waitMessage(t, fmt.Sprint("stalled ", i), isText(fmt.Sprint("stalled ", i)))
	}
	if _, err := r.srv.SendText(ctxT(t), r.id, "", "after", "Normal"); err != nil {
		t.Fatal(err)
	}
	in.waitMessage(t, "after", isText("after"))
	for i := range n {
		if c := in.count(isText(fmt.Sprint("stalled ", i))); c != 1 {
			t.Errorf("%q received %d times, want once", fmt.Sprint("stalled ", i), c)
		}
	}
}

// A path that flips a byte of a push frame (faultproxy Corrupt): the SDK
// cannot decode it and so never acknowledges it; instead of dropping it
// silently, it reconnects, and the re-login's replay of the unacknowledged
// delivers it, once.
func TestCorruptPushIsReplayed(t *testing.T) {
	r := newTestRoom(t, timtest.Options{Delivery: "push", RoomMessageRate: -1})
	proxy, base, err := faultproxy.ForURL(r.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	viewer := r.user("viewer", WithProxyServer(base))
	in := record(viewer)
	r.join(viewer)
	r.warmUp(in)

	proxy.Corrupt(faultproxy.ToClient, 1)
	if _, err := r.srv.SendText(ctxT(t), r.id, "", "corrupted", "Normal"); err != nil {
		t.Fatal(err)
	}
	in.waitMessage(t, "corrupted", isText("corrupted"))
	if _, err := r.srv.SendText(ctxT(t), r.id, "", "after", "Normal"); err != nil {
		t.Fatal(err)
	}
	in.waitMessage(t, "after", isText("after"))
	if c := in.count(isText("corrupted")); c != 1 {
		t.Fatalf("the corrupted push arrived %d times, want once", c)
	}
	if proxy.Accepted() < 2 {
		t.Fatal("no reconnect after an undecodable frame")
	}
}

package tim

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
)

// forwarder is a loopback TCP forwarder whose target can change, so that a
// client keeps one URL while the server behind it is replaced (faultproxy's
// target is fixed). With no target it closes what it accepts.
type forwarder struct {
	ln     net.Listener
	target atomic.Pointer[string]
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
}

func newForwarder(t *testing.T, target string) *forwarder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &forwarder{ln: ln, conns: map[net.Conn]struct{}{}}
	f.setTarget(target)
	f.wg.Add(1)
	go f.accept()
	t.Cleanup(f.close)
	return f
}

func (f *forwarder) url() string { return "ws://" + f.ln.Addr().String() }

func (f *forwarder) setTarget(addr string) { f.target.Store(&addr) }

func (f *forwarder) accept() {
	defer f.wg.Done()
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		f.wg.Add(1)
		go f.serve(c)
	}
}

func (f *forwarder) track(c net.Conn, on bool) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !on {
		delete(f.conns, c)
		return true
	}
	if f.conns == nil {
		return false // closed
	}
	f.conns[c] = struct{}{}
	return true
}

func (f *forwarder) serve(c net.Conn) {
	defer f.wg.Done()
	defer c.Close()
	target := *f.target.Load()
	if target == "" {
		return
	}
	up, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer up.Close()
	if !f.track(c, true) || !f.track(up, true) {
		return
	}
	defer f.track(c, false)
	defer f.track(up, false)
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		_ = dst.Close()
		_ = src.Close()
		done <- struct{}{}
	}
	go pipe(up, c)
	go pipe(c, up)
	<-done
	<-done
}

func (f *forwarder) close() {
	_ = f.ln.Close()
	f.mu.Lock()
	conns := f.conns
	f.conns = nil
	f.mu.Unlock()
	for c := range conns {
		_ = c.Close()
	}
	f.wg.Wait()
}

// Issue 11, point 3: the server restarts and the room is made again with
// the same ID. Every viewer (logged-in, by poll and by push, and a guest)
// logs in again or rejoins, and receives every message of the new room,
// although the old room had used the same sequences.
func TestRecreatedRoomDeliversFromItsFirstMessage(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		const roomID = "@TGS#aRECREATED"
		opts := timtest.Options{Delivery: delivery, PollHold: 2 * time.Second, SecretKey: strings.Repeat("5ec7e7", 8)}
		srv1 := timtest.NewServerT(t, opts)
		if _, err := srv1.CreateRoom(ctxT(t), roomID, "Live Room"); err != nil {
			t.Fatal(err)
		}
		fwd := newForwarder(t, strings.TrimPrefix(srv1.URL, "ws://"))
		r := &testRoom{t: t, srv: srv1, id: roomID}
		client := func(userID string) *TIM {
			c := New(srv1.SDKAppID, WithProxyServer(fwd.url()), WithReconnectBackoff(20*time.Millisecond, 200*time.Millisecond))
			t.Cleanup(func() { _ = c.Destroy(ctxT(t)) })
			if userID != "" {
				if err := c.Login(ctxT(t), userID, srv1.UserSig(userID)); err != nil {
					t.Fatal(err)
				}
			}
			return c
		}
		viewer, guest := client("viewer"), client("")
		viewerIn, guestIn := record(viewer), record(guest)
		r.join(viewer)
		r.join(guest)
		r.warmUp(viewerIn, guestIn)
		isText := func(prefix string) func(*message.Message) bool {
			return func(m *message.Message) bool {
				p, ok := m.Payload.(*message.TextPayload)
				return ok && strings.HasPrefix(p.Text, prefix)
			}
		}
		const n, m = 20, 10
		for i := range n {
			if _, err := srv1.SendText(ctxT(t), roomID, "", fmt.Sprint("old-", i), "Normal"); err != nil {
				t.Fatal(err)
			}
		}
		for _, in := range []*inbox{viewerIn, guestIn} {
			in.wait(t, "the old room's messages", func(in *inbox) bool { return countWhere(in.msgs, isText("old-")) == n })
		}

		// The restart: the old server goes, a new one makes the room again.
		fwd.setTarget("")
		srv1.Close()
		srv2 := timtest.NewServerT(t, opts)
		if _, err := srv2.CreateRoom(ctxT(t), roomID, "Live Room"); err != nil {
			t.Fatal(err)
		}
		fwd.setTarget(strings.TrimPrefix(srv2.URL, "ws://"))
		deadline := time.Now().Add(15 * time.Second)
		for st := srv2.Stats(); st.Members < 1 || st.Guests < 1; st = srv2.Stats() {
			if time.Now().After(deadline) {
				t.Fatalf("viewers did not come back: %+v", st)
			}
			time.Sleep(10 * time.Millisecond)
		}
		for i := range m {
			if _, err := srv2.SendText(ctxT(t), roomID, "", fmt.Sprint("new-", i), "Normal"); err != nil {
				t.Fatal(err)
			}
		}
		for name, in := range map[string]*inbox{"viewer": viewerIn, "guest": guestIn} {
			in.wait(t, name+" receives the new room's messages", func(in *inbox) bool {
				return countWhere(in.msgs, isText("new-")) == m
			})
		}
		// Nothing of the old room came twice.
		for name, in := range map[string]*inbox{"viewer": viewerIn, "guest": guestIn} {
			if got := in.count(isText("old-")); got != n {
				t.Fatalf("%s has %d old messages, want %d", name, got, n)
			}
		}
		// Destroy before the server goes: a logged-in instance whose server
		// is gone waits its request timeout to log out.
		for _, c := range []*TIM{viewer, guest} {
			_ = c.Destroy(ctxT(t))
		}
	})
}

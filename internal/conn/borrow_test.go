package conn

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tim-go/sdk/internal/wire"
)

// A reply's body is lent to a BorrowBody callback and copied for everyone
// else: a kept Frame must not change when the read buffer is reused.
func TestBorrowBodyAndKeptFrames(t *testing.T) {
	fs := newFakeServer(t)
	fs.answer = func(h wire.Head, _ json.RawMessage) (any, bool) {
		return map[string]any{"ActionStatus": "OK", "ErrorCode": 0,
			"Marker": fmt.Sprintf("reply-%d-%s", h.Seq, strings.Repeat("x", int(h.Seq%7)*100))}, true
	}
	c := newTestConn(t, []string{fs.wsURL()}, nil)
	c.Go(&Request{Servcmd: wire.CmdAlive}, func(*wire.Frame, error) {}) // connects
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.state == stateReady })

	type got struct {
		seq  uint64
		body string
		f    *wire.Frame
	}
	results := make(chan got, 64)
	for i := range 40 {
		borrow := i%2 == 0
		c.Go(&Request{Servcmd: wire.CmdQuitGroup, BorrowBody: borrow}, func(f *wire.Frame, err error) {
			if err != nil {
				t.Error(err)
				results <- got{}
				return
			}
			g := got{seq: f.Head.Seq, body: string(f.Body)} // read in place, copied out
			if !borrow {
				g.f = f // kept past the callback
			}
			results <- g
		})
	}
	var kept []got
	for range 40 {
		g := <-results
		want := fmt.Sprintf(`"reply-%d-%s"`, g.seq, strings.Repeat("x", int(g.seq%7)*100))
		if !strings.Contains(g.body, want) {
			t.Fatalf("reply %d: body %.80q", g.seq, g.body)
		}
		if g.f != nil {
			kept = append(kept, g)
		}
	}
	for _, g := range kept { // after 40 more frames went through the buffers
		if string(g.f.Body) != g.body {
			t.Fatalf("a kept frame's body changed: %.80q, was %.80q", g.f.Body, g.body)
		}
	}
}

// A reply whose frame goes on after its body reaches the callback with
// the exact body; a damaged one fails the request and drops the socket.
func TestBodyTakenOnTrust(t *testing.T) {
	fs := newFakeServer(t)
	mode := make(chan string, 1)
	fs.raw = func(h wire.Head) ([]byte, bool) {
		if h.Servcmd != wire.CmdQuitGroup {
			return nil, false
		}
		head, _ := json.Marshal(&h)
		switch <-mode {
		case "after":
			return []byte(`{"head":` + string(head) + `,"body":{"ActionStatus":"OK","ErrorCode":0},"extra":{"x":[1]}}`), true
		case "damaged":
			return []byte(`{"head":` + string(head) + `,"body":{"ActionStatus":"OK","ErrorCode":}}`), true
		}
		return nil, false
	}
	c := newTestConn(t, []string{fs.wsURL()}, nil)
	c.Go(&Request{Servcmd: wire.CmdAlive}, func(*wire.Frame, error) {}) // connects
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.state == stateReady })
	for _, borrow := range []bool{false, true} {
		mode <- "after"
		done := make(chan string, 1)
		c.Go(&Request{Servcmd: wire.CmdQuitGroup, BorrowBody: borrow}, func(f *wire.Frame, err error) {
			if err != nil {
				done <- err.Error()
				return
			}
			if err := f.CheckBody(); err != nil { // a borrowing reader checks what it keeps
				done <- err.Error()
				return
			}
			done <- string(f.Body)
		})
		if b := <-done; b != `{"ActionStatus":"OK","ErrorCode":0}` {
			t.Fatalf("borrow %v: body %q", borrow, b)
		}
	}
	accepts := fs.accepts.Load()
	mode <- "damaged"
	done := make(chan error, 1)
	c.Go(&Request{Servcmd: wire.CmdQuitGroup}, func(_ *wire.Frame, err error) { done <- err })
	if err := <-done; !errors.Is(err, ErrSocketLost) {
		t.Fatalf("a damaged reply: %v", err)
	}
	// The socket was dropped: the next request goes out on a new one.
	fs.mu.Lock()
	fs.raw = nil
	fs.mu.Unlock()
	waitFor(t, func() bool {
		c.Go(&Request{Servcmd: wire.CmdQuitGroup}, func(_ *wire.Frame, err error) { done <- err })
		return <-done == nil && fs.accepts.Load() > accepts
	})
}

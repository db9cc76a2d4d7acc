package server_test

import (
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// A socket's reader hands over to a fresh goroutine for the frames right
// after a quiet spell, never while frames come back to back, and requests
// are answered in order throughout.
func TestReaderRenewsAfterQuiet(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	c := dial(t, srv)
	renewals := func() uint64 { return srv.Stats().ReaderRenewals }

	online := func() {
		h := c.head(wire.CmdAlive)
		if f := c.roundTrip(h, struct{}{}); f.Head.Seq != h.Seq {
			t.Fatalf("reply to seq %d answers %d", h.Seq, f.Head.Seq)
		}
	}
	for range 5 { // back to back, on a fresh socket
		online()
	}
	if n := renewals(); n != 0 {
		t.Fatalf("%d renewals while busy", n)
	}
	time.Sleep(1100 * time.Millisecond) // past the 1 s quiet spell
	for range 3 {                       // the first ends the quiet spell; all three fall in the window
		online()
	}
	if n := renewals(); n != 3 {
		t.Fatalf("%d renewals after a quiet spell, want 3 (each frame within the window)", n)
	}
	time.Sleep(1100 * time.Millisecond) // past the 1 s window, quiet again
	online()                            // quiet again: one more
	if n := renewals(); n != 4 {
		t.Fatalf("%d renewals, want 4", n)
	}
}

package conn

import (
	"bytes"
	"context"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/renew"
	"github.com/tim-go/sdk/internal/wire"
)

// goid is the calling goroutine's number, read from its stack header.
func goid() uint64 {
	var buf [64]byte
	b := bytes.TrimPrefix(buf[:runtime.Stack(buf[:], false)], []byte("goroutine "))
	n, _ := strconv.ParseUint(string(b[:bytes.IndexByte(b, ' ')]), 10, 64)
	return n
}

// Frames right after a quiet spell each hand the socket to a fresh reader
// goroutine (so an idle socket parks on a small stack); back-to-back frames
// stay on one reader; order is kept throughout.
func TestReaderRenewsAfterQuiet(t *testing.T) {
	fs := newFakeServer(t)
	type seen struct{ seq, g uint64 }
	var mu sync.Mutex
	var got []seen
	c := newTestConn(t, []string{fs.wsURL()}, func(cfg *Config) {
		cfg.OnPush = func(f *wire.Frame) {
			mu.Lock()
			got = append(got, seen{f.Head.Seq, goid()})
			mu.Unlock()
		}
	})
	ctx := context.Background()
	if _, err := c.Do(ctx, &Request{Servcmd: wire.CmdOnlineNum, Body: wire.GroupIDReq{GroupID: "g"}}); err != nil {
		t.Fatal(err)
	}
	fs.mu.Lock()
	ws := fs.socks[0]
	fs.mu.Unlock()
	push := func(seqs ...uint64) {
		for _, seq := range seqs {
			h := wire.Head{Servcmd: "test.push", Seq: 1000 + seq}
			out, _ := wire.EncodeFrame(&h, wire.OK())
			if err := ws.Write(ctx, websocket.MessageBinary, out); err != nil {
				t.Fatal(err)
			}
		}
	}
	wait := func(n int) {
		waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) >= n })
	}
	push(1, 2, 3)
	wait(3)
	time.Sleep(renew.Quiet + 200*time.Millisecond)
	push(4, 5, 6)
	wait(6)

	mu.Lock()
	defer mu.Unlock()
	for i, s := range got {
		if s.seq != 1001+uint64(i) {
			t.Fatalf("frame %d has seq %d: out of order %v", i, s.seq, got)
		}
	}
	if got[0].g != got[1].g || got[1].g != got[2].g {
		t.Errorf("busy frames 1-3 on readers %d %d %d, want one", got[0].g, got[1].g, got[2].g)
	}
	// 4 ends the quiet spell on the old reader; 5 and 6, inside the renewal
	// window, each on the fresh reader its predecessor started.
	if got[3].g != got[2].g || got[4].g == got[3].g || got[5].g == got[4].g {
		t.Errorf("frames 3-6 on readers %d %d %d %d, want old, old, new, newer", got[2].g, got[3].g, got[4].g, got[5].g)
	}
}

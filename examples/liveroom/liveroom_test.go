package main

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// shortScene is a brief scene, well under the room's 40 msg/s budget.
func shortScene(viewers int, d time.Duration) config {
	cfg := defaultConfig()
	cfg.Viewers, cfg.Duration, cfg.Rate = viewers, d, 20
	cfg.Drain = 5 * time.Second // an upper bound: the drain ends when all has arrived
	return cfg
}

// syncBuffer is the scene's output, readable while the scene writes.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	onWrite func(string)
}

func (w *syncBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	n, err := w.b.Write(p)
	s := w.b.String()
	w.mu.Unlock()
	if w.onWrite != nil {
		w.onWrite(s)
	}
	return n, err
}

func (w *syncBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// checkDelivery checks the summary rows: every priority the scene uses
// was sent, and, under the budget, every viewer received every message.
func checkDelivery(t *testing.T, rep *report, want ...types.Priority) {
	t.Helper()
	if rep.nErr != 0 {
		t.Errorf("%d errors: %v", rep.nErr, rep.errs)
	}
	got := map[types.Priority]row{}
	for _, r := range rep.rows {
		got[r.prio] = r
	}
	for _, p := range want {
		r, ok := got[p]
		switch {
		case !ok || r.sent == 0:
			t.Errorf("%s: nothing sent", p)
			continue
		case r.expected < r.sent*(rep.viewers-1) || r.expected > r.sent*rep.viewers:
			t.Errorf("%s: expected %d receipts for %d messages to %d viewers", p, r.expected, r.sent, rep.viewers)
		case r.delivered != r.expected || r.dropped != 0 || r.partial != 0 || r.extra != 0:
			t.Errorf("%s: delivered %d of %d, dropped %d, partial %d, duplicates %d", p, r.delivered, r.expected, r.dropped, r.partial, r.extra)
		case r.failed != 0:
			t.Errorf("%s: %d sends failed", p, r.failed)
		case r.p50 <= 0 || r.p99 < r.p50:
			t.Errorf("%s: latency p50 %v p99 %v", p, r.p50, r.p99)
		}
	}
}

// waitGoroutines fails when the goroutines do not come back to n: the
// scene must leave nothing running (the server's side of closed sockets may
// take a moment).
func waitGoroutines(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines left, %d before:\n%s", runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// playScene plays cfg and returns the report and the output; the scene
// must set up, and leave no goroutine behind.
func playScene(t *testing.T, cfg config) (*report, string) {
	t.Helper()
	if err := cfg.check(); err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	var out syncBuffer
	rep, err := play(t.Context(), cfg, &out)
	if err != nil {
		t.Fatal(err)
	}
	waitGoroutines(t, before)
	return rep, out.String()
}

// onServer points cfg at srv the way it would point at Tencent IM: a URL,
// the SDKAppID, and the secret for UserSigs and the REST admin.
func onServer(cfg config, srv *timtest.Server) config {
	cfg.Server, cfg.SDKAppID, cfg.Secret, cfg.Admin = srv.URL, srv.SDKAppID, srv.SecretKey, srv.Admin
	return cfg
}

func TestSceneEmbedded(t *testing.T) {
	rep, text := playScene(t, shortScene(5, 2*time.Second))
	t.Log("\n" + text)
	checkDelivery(t, rep, types.MsgPriorityHigh, types.MsgPriorityNormal, types.MsgPriorityLow)
	if rep.viewers != 5 || rep.guests != 2 {
		t.Errorf("viewers %d, guests %d; want 5 and 2 (viewer01 and viewer05)", rep.viewers, rep.guests)
	}
	if rep.muted != "viewer02" || rep.refused == 0 || rep.muteSeen != rep.viewers {
		t.Errorf("mute: %q, %d refusals, tip seen by %d", rep.muted, rep.refused, rep.muteSeen)
	}
	if !strings.Contains(text, "refused  Normal  10017") || !strings.Contains(text, "viewer02 muted for 5m0s") {
		t.Error("the feed does not show the mute and the 10017 refusal")
	}
	if rep.notice != noticeText || rep.noticeBy != rep.viewers || !strings.Contains(text, noticeText+`" (system notice)`) {
		t.Errorf("notice %q seen by %d; in the feed: %v", rep.notice, rep.noticeBy, strings.Contains(text, noticeText))
	}
	if !rep.written || rep.likes == 0 || rep.fieldVal != rep.likes || rep.fieldBy != rep.viewers {
		t.Errorf("likes: %d accepted, field written %v = %d, seen by %d", rep.likes, rep.written, rep.fieldVal, rep.fieldBy)
	}
	for _, s := range []string{"likes = ", "summary:", "priority", "dropped", "p99", "errors:  none"} {
		if !strings.Contains(text, s) {
			t.Errorf("output lacks %q", s)
		}
	}
}

// TestSceneRemote plays the scene the way it runs against Tencent IM: a
// server given by URL, UserSigs and the REST admin from the secret.
func TestSceneRemote(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{Delivery: "push"})
	rep, _ := playScene(t, onServer(shortScene(4, 1500*time.Millisecond), srv))
	checkDelivery(t, rep, types.MsgPriorityHigh, types.MsgPriorityNormal, types.MsgPriorityLow)
	if rep.muted == "" || rep.refused == 0 || rep.noticeBy != rep.viewers || rep.fieldBy != rep.viewers {
		t.Errorf("admin script: muted %q (%d refusals), notice seen by %d, likes seen by %d",
			rep.muted, rep.refused, rep.noticeBy, rep.fieldBy)
	}
	if _, err := srv.OnlineCount(t.Context(), rep.room); err == nil {
		t.Errorf("room %s still exists after the scene", rep.room)
	}
}

// TestSceneOverBudget: over the room's 40 msg/s the server sheds Low first
// and never High, and the drops the scene measures on the client side are
// the ones the server counted.
func TestSceneOverBudget(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{})
	room, err := srv.CreateRoom(t.Context(), "", "Live")
	if err != nil {
		t.Fatal(err)
	}
	cfg := onServer(shortScene(4, 2*time.Second), srv)
	cfg.Rate, cfg.Drain, cfg.Group = 150, 2*time.Second, room
	rep, text := playScene(t, cfg)
	if rep.nErr != 0 {
		t.Errorf("%d errors: %v", rep.nErr, rep.errs)
	}
	server := srv.Dropped(room)
	ratio := map[types.Priority]float64{}
	for _, r := range rep.rows {
		if r.partial != 0 || r.extra != 0 || r.failed != 0 {
			t.Errorf("%s: %d partial, %d duplicates, %d failed", r.prio, r.partial, r.extra, r.failed)
		}
		if int64(r.dropped) != server[r.prio] {
			t.Errorf("%s: %d dropped seen from the viewers, %d counted by the server", r.prio, r.dropped, server[r.prio])
		}
		ratio[r.prio] = float64(r.dropped) / float64(r.sent)
	}
	if ratio[types.MsgPriorityHigh] != 0 || ratio[types.MsgPriorityLow] == 0 || ratio[types.MsgPriorityLow] < ratio[types.MsgPriorityNormal] {
		t.Errorf("drop ratios High %.2f, Normal %.2f, Low %.2f; want Low first, High never\n%s",
			ratio[types.MsgPriorityHigh], ratio[types.MsgPriorityNormal], ratio[types.MsgPriorityLow], text)
	}
}

// TestSceneOneUserSig: with one pre-made UserSig the host sends everything
// and the viewers are guests; there is no admin.
func TestSceneOneUserSig(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{})
	room, err := srv.CreateRoom(t.Context(), "", "Live")
	if err != nil {
		t.Fatal(err)
	}
	cfg := shortScene(3, time.Second)
	cfg.Server, cfg.SDKAppID, cfg.UserSig, cfg.Group = srv.URL, srv.SDKAppID, srv.UserSig("host"), room
	rep, text := playScene(t, cfg)
	checkDelivery(t, rep, types.MsgPriorityHigh, types.MsgPriorityNormal, types.MsgPriorityLow)
	if rep.guests != 3 || !rep.noAdmin || rep.muted != "" || rep.notice != "" {
		t.Errorf("guests %d, no admin %v, muted %q, notice %q", rep.guests, rep.noAdmin, rep.muted, rep.notice)
	}
	if !strings.Contains(text, "limited: with one UserSig") {
		t.Error("the summary does not say what was limited")
	}
	if _, err := srv.OnlineCount(t.Context(), room); err != nil {
		t.Errorf("the room given by -group is gone: %v", err)
	}
}

// TestSceneStopsEarly: cancelling (Ctrl-C) ends the traffic at once and
// still prints the summary; run returns nil.
func TestSceneStopsEarly(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &syncBuffer{onWrite: func(s string) {
		if strings.Count(s, "\n00:") >= 3 {
			cancel()
		}
	}}
	cfg := shortScene(3, time.Minute)
	start := time.Now()
	if err := run(ctx, cfg, out); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("stopping took %v", d)
	}
	for _, s := range []string{"(stopped early)", "summary:", "errors:  none"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q", s)
		}
	}
}

func TestConfigCheck(t *testing.T) {
	ok := defaultConfig()
	bad := map[string]func(*config){
		"one viewer":            func(c *config) { c.Viewers = 1 },
		"no rate":               func(c *config) { c.Rate = 0 },
		"secret without server": func(c *config) { c.Secret = "k" },
		"server without appid":  func(c *config) { c.Server, c.Secret = "ws://127.0.0.1:1", "k" },
		"server without sig":    func(c *config) { c.Server, c.SDKAppID = serverTencent, 1 },
		"usersig without room":  func(c *config) { c.Server, c.SDKAppID, c.UserSig = serverTencent, 1, "sig" },
		"http server":           func(c *config) { c.Server, c.SDKAppID, c.Secret = "http://x", 1, "k" },
	}
	if err := ok.check(); err != nil {
		t.Errorf("defaults: %v", err)
	}
	for name, edit := range bad {
		c := defaultConfig()
		edit(&c)
		if c.check() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	rest := map[string]string{
		serverTencent:                    DefaultTencentREST,
		"ws://127.0.0.1:8080":            "http://127.0.0.1:8080",
		"wss://im.example.com:443/binfo": "https://im.example.com:443",
	}
	for server, want := range rest {
		c := config{Server: server}
		if got := c.restBase(); got != want {
			t.Errorf("REST base of %s = %s, want %s", server, got, want)
		}
	}
}

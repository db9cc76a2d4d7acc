package main

import (
	"bytes"
	"net"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// shortRun is a brief run: the script (mute, ban, unmute, unban) plays in
// full whatever the duration, and the waits are upper bounds that end as
// soon as what they wait for has arrived.
func shortRun(d time.Duration) config {
	cfg := defaultConfig()
	cfg.Viewers, cfg.Duration = minViewers, d
	cfg.LikeFlush, cfg.NoticeEvery = 200*time.Millisecond, 300*time.Millisecond
	cfg.Drain = 10 * time.Second
	return cfg
}

// syncBuffer is the program's output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// runProgram runs cfg as main would and checks that no goroutine is left.
func runProgram(t *testing.T, cfg config) *summary {
	t.Helper()
	if err := cfg.check(); err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	var out syncBuffer
	sum, err := run(t.Context(), cfg, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	waitGoroutines(t, before)
	return sum
}

// waitGoroutines fails when the goroutines do not come back to n (the
// server side of closed sockets may take a moment).
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

// checkRecipes checks the counts every scripted run must show.
func checkRecipes(t *testing.T, s *summary) {
	t.Helper()
	sc, h := s.Scene, s.Hooks
	if len(s.Errors) > 0 {
		t.Errorf("errors: %q", s.Errors)
	}
	// Likes: every like accepted with a sequence was counted by the
	// after-send webhook and written to the room counter, in batches.
	if sc.LikesAccepted == 0 {
		t.Error("no like accepted")
	}
	if int64(h.LikesReported) != sc.LikesAccepted || s.LikesCounted != sc.LikesAccepted || s.LikesPending != 0 ||
		s.CounterFinal-s.CounterStart != s.LikesCounted {
		t.Errorf("likes: %d accepted, %d reported by the webhook, %d counted (%d pending), counter %d -> %d",
			sc.LikesAccepted, h.LikesReported, s.LikesCounted, s.LikesPending, s.CounterStart, s.CounterFinal)
	}
	// Review: rejected danmaku never delivered, masked words only starred,
	// commands never seen; each refusal reached its sender with the code.
	if sc.BlockedSent == 0 || h.Rejected == 0 || sc.Refused[codeBlockedWord] != h.Rejected {
		t.Errorf("blocked: %d sent, %d rejected by the webhook, %d refused with %d to the senders",
			sc.BlockedSent, h.Rejected, sc.Refused[codeBlockedWord], codeBlockedWord)
	}
	if sc.LeakedBlocked != 0 || sc.Unmasked != 0 || sc.CommandsSeen != 0 {
		t.Errorf("viewers received %d texts with a blocked word, %d with a masked word in clear, %d commands",
			sc.LeakedBlocked, sc.Unmasked, sc.CommandsSeen)
	}
	if h.Masked == 0 || sc.MaskedSeen == 0 {
		t.Errorf("masked: %d by the webhook, %d starred texts received", h.Masked, sc.MaskedSeen)
	}
	// Moderation: four commands carried out; the muted viewer refused with
	// 10017, the banned one with 10007 on rejoining, a viewer's command
	// refused.
	if s.CommandsOK != 4 || h.Commands != 4 || h.CommandsRefused != 1 {
		t.Errorf("commands: %d carried out of %d queued, %d refused: %q", s.CommandsOK, h.Commands, h.CommandsRefused, s.Commands)
	}
	if len(sc.MutedCodes) != mutedTries || slices.ContainsFunc(sc.MutedCodes, func(c int) bool { return c != int(types.ErrGroupShutUpDeny) }) {
		t.Errorf("the muted viewer's sends after the mute: %v, want %d x 10017", sc.MutedCodes, mutedTries)
	}
	if h.Exceptions[int(types.ErrGroupShutUpDeny)] < mutedTries {
		t.Errorf("send exceptions %v: want the muted viewer's 10017s", h.Exceptions)
	}
	if sc.BanRejoinCode != int(types.ErrGroupPermissionDeny) || !sc.Rejoined || h.Kicked != 1 {
		t.Errorf("ban: rejoin code %d (want 10007), rejoined after the unban %v, kicked exits %d", sc.BanRejoinCode, sc.Rejoined, h.Kicked)
	}
	if sc.CriticCode != codeCommandRefused {
		t.Errorf("a viewer's command: %d, want %d", sc.CriticCode, codeCommandRefused)
	}
	// Notices and members.
	if s.NoticesSent == 0 || s.NoticesSeen() == 0 {
		t.Errorf("notices: %d sent, %d seen", s.NoticesSent, s.NoticesSeen())
	}
	loggedIn := s.Viewers - s.Guests + 1 // and the host
	if h.PeakOnline != loggedIn || h.Joins != loggedIn+1 || h.Exits != h.Joins || s.OnlineAtEnd != 0 {
		t.Errorf("members: %d joins (want %d: the banned viewer rejoins), %d exits, peak %d (want %d), %d online at the end",
			h.Joins, loggedIn+1, h.Exits, h.PeakOnline, loggedIn, s.OnlineAtEnd)
	}
	if s.RefusedCallbacks != 0 {
		t.Errorf("%d callbacks refused", s.RefusedCallbacks)
	}
}

// TestBackendEmbedded runs the program as `go run ./examples/backend` does,
// at a short duration.
func TestBackendEmbedded(t *testing.T) {
	s := runProgram(t, shortRun(2*time.Second))
	if s.Viewers != minViewers || s.Guests != 1 {
		t.Errorf("%d viewers, %d guests", s.Viewers, s.Guests)
	}
	checkRecipes(t, s)
}

// TestBackendRemote runs the Tencent IM path (-sdkappid -secret -token
// -rest -ws) against an emulator in the test, which signs its callbacks
// with the token.
func TestBackendRemote(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	const token = "console-token"
	emu := timtest.NewServerT(t, timtest.Options{CallbackURL: "http://" + ln.Addr().String() + callbackPath, CallbackToken: token})
	cfg := shortRun(time.Second)
	cfg.SDKAppID, cfg.Secret, cfg.Token, cfg.Admin = emu.SDKAppID, emu.SecretKey, token, emu.Admin
	cfg.REST, cfg.WS, cfg.listener = emu.RESTURL, emu.URL, ln
	checkRecipes(t, runProgram(t, cfg))
}

func TestConfigCheck(t *testing.T) {
	ok := defaultConfig()
	if err := ok.check(); err != nil {
		t.Errorf("default: %v", err)
	}
	tencent := defaultConfig()
	tencent.SDKAppID, tencent.Secret, tencent.Token, tencent.Region, tencent.Viewers, tencent.Duration = 1400000000, "key", "tok", "Singapore", 0, 0
	if err := tencent.check(); err != nil {
		t.Errorf("tencent: %v", err)
	}
	if rc := tencent.restConfig(); rc.BaseURL != "" || rc.Region.Host() != "adminapisgp.im.qcloud.com" {
		t.Errorf("tencent REST: %+v", rc)
	}
	for name, change := range map[string]func(*config){
		"secret without app":   func(c *config) { c.Secret = "k" },
		"no viewers embedded":  func(c *config) { c.Viewers = 0 },
		"too few viewers":      func(c *config) { c.Viewers = 3 },
		"forever with viewers": func(c *config) { c.Duration = 0 },
		"rate":                 func(c *config) { c.Rate = 100 },
		"no token":             func(c *config) { c.SDKAppID, c.Secret = 1, "k" },
		"bad region":           func(c *config) { c.SDKAppID, c.Secret, c.Token, c.Region = 1, "k", "t", "mars" },
		"region and rest":      func(c *config) { c.SDKAppID, c.Secret, c.Token, c.Region, c.REST = 1, "k", "t", "seoul", "http://x" },
	} {
		c := defaultConfig()
		change(&c)
		if err := c.check(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestBackendWrongToken serves a room with no scripted viewers (-viewers 0,
// as on Tencent IM with real viewers) and a token that is not the
// emulator's: every callback is refused and counted, nothing is reviewed.
func TestBackendWrongToken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	emu := timtest.NewServerT(t, timtest.Options{CallbackURL: "http://" + ln.Addr().String() + callbackPath, CallbackToken: "the console's"})
	room, err := emu.CreateRoom(t.Context(), "", "room")
	if err != nil {
		t.Fatal(err)
	}
	cfg := defaultConfig()
	cfg.SDKAppID, cfg.Secret, cfg.Token, cfg.Admin = emu.SDKAppID, emu.SecretKey, "not the console's", emu.Admin
	cfg.REST, cfg.listener, cfg.Group = emu.RESTURL, ln, room
	cfg.Viewers, cfg.Duration, cfg.NoticeEvery = 0, time.Second, 0
	if err := cfg.check(); err != nil {
		t.Fatal(err)
	}
	done := make(chan *summary, 1)
	go func() {
		sum, err := run(t.Context(), cfg, &syncBuffer{})
		if err != nil {
			t.Error(err)
		}
		done <- sum
	}()
	// The listener exists: the callback waits in its backlog until the
	// backend serves, and is then refused; the emulator lets the text
	// through, as Tencent does when the before-send callback fails.
	if seq, err := emu.SendText(t.Context(), room, "", "buy followers", ""); err != nil || seq == 0 {
		t.Errorf("send: seq %d, %v", seq, err)
	}
	sum := <-done
	if sum == nil {
		return
	}
	if sum.RefusedCallbacks == 0 || sum.Hooks.Reviewed != 0 || sum.Hooks.Delivered != 0 {
		t.Errorf("%d callbacks refused, %d reviewed, %d delivered seen", sum.RefusedCallbacks, sum.Hooks.Reviewed, sum.Hooks.Delivered)
	}
}

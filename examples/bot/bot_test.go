package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// waitTimeout bounds each wait for an answer or a log line.
const waitTimeout = 10 * time.Second

// logBuffer holds the bot's log for the test to wait on.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitLog waits until the log has a line containing every part.
func (l *logBuffer) waitLog(t *testing.T, parts ...string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(l.String(), "\n") {
			if containsAll(line, parts) {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no log line with %q in:\n%s", parts, l.String())
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// startBot runs a bot in room until the test ends. stop cancels Run and
// returns its result; wait returns it without cancelling.
func startBot(t *testing.T, srv *timtest.Server, room string) (logs *logBuffer, stop, wait func() error) {
	t.Helper()
	logs = &logBuffer{}
	b, err := New(Config{SDKAppID: srv.SDKAppID, UserID: "bot", UserSig: srv.UserSig("bot"), GroupID: room,
		Options: []tim.Option{tim.WithProxyServer(srv.URL)}, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() { errc <- b.Run(ctx) }()
	var once sync.Once
	var runErr error
	wait = func() error {
		once.Do(func() { runErr = <-errc })
		return runErr
	}
	stop = func() error {
		cancel()
		return wait()
	}
	t.Cleanup(func() { _ = stop() })
	select {
	case <-b.Joined():
	case <-time.After(waitTimeout):
		t.Fatalf("bot did not join: %v", stop())
	}
	return logs, stop, wait
}

// user is a person in the room who talks to the bot.
type user struct {
	t       *tim.TIM
	room    string
	answers chan string
}

func newUser(t *testing.T, srv *timtest.Server, id, room string) *user {
	t.Helper()
	u := &user{t: tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL)), room: room, answers: make(chan string, 16)}
	t.Cleanup(func() { u.t.Destroy(context.Background()) })
	tim.On(u.t, tim.MessageReceived, func(msgs []*message.Message) {
		for _, m := range msgs {
			if p, ok := m.Payload.(*message.TextPayload); ok && m.From == "bot" {
				u.answers <- p.Text
			}
		}
	})
	if err := u.t.Login(t.Context(), id, srv.UserSig(id)); err != nil {
		t.Fatal(err)
	}
	if _, err := u.t.JoinGroup(t.Context(), room); err != nil {
		t.Fatal(err)
	}
	return u
}

// ask sends text and returns the bot's answer.
func (u *user) ask(t *testing.T, text string) string {
	t.Helper()
	msg, err := u.t.CreateTextMessage(tim.TextMessageOptions{To: u.room, ConversationType: types.ConvGroup,
		Payload: message.TextPayload{Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.t.SendMessage(t.Context(), msg); err != nil {
		t.Fatal(err)
	}
	select {
	case a := <-u.answers:
		return a
	case <-time.After(waitTimeout):
		t.Fatalf("no answer to %q", text)
		return ""
	}
}

func TestBot(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{})
	ctx := t.Context()
	room, err := srv.CreateRoom(ctx, "", "Live")
	if err != nil {
		t.Fatal(err)
	}
	logs, stop, _ := startBot(t, srv, room)
	alice := newUser(t, srv, "alice", room)

	if a := alice.ask(t, "!ping"); !regexp.MustCompile(`^@alice pong \(round trip \d+\.\d ms\)$`).MatchString(a) {
		t.Errorf("!ping answered %q", a)
	}
	if a := alice.ask(t, "!online"); a != "@alice online: 2" {
		t.Errorf("!online answered %q; want 2 (the bot and alice)", a)
	}
	if a := alice.ask(t, "!dance"); !strings.HasPrefix(a, "@alice unknown command !dance; commands:") {
		t.Errorf("!dance answered %q", a)
	}

	if err := srv.Mute(ctx, room, "alice", 60); err != nil {
		t.Fatal(err)
	}
	logs.waitLog(t, "msg=mute", "user=alice", "for=1m0s", "by=administrator")
	if err := srv.SystemNotice(ctx, room, "maintenance at midnight"); err != nil {
		t.Fatal(err)
	}
	logs.waitLog(t, "msg=notice", "type=Custom", `text="maintenance at midnight"`)

	before, err := srv.OnlineCount(ctx, room)
	if err != nil || before != 2 {
		t.Fatalf("online before the bot leaves: %d, %v", before, err)
	}
	if err := stop(); err != nil {
		t.Fatalf("Run after cancel: %v", err)
	}
	if after, err := srv.OnlineCount(ctx, room); err != nil || after != before-1 {
		t.Errorf("online after the bot left: %d (%v); want %d", after, err, before-1)
	}
	logs.waitLog(t, "msg=\"left room\"")
	logs.waitLog(t, "msg=\"logged out\"")
	t.Logf("the bot's log:\n%s", logs)
}

// TestBotRoomDismissed: the room going away stops the bot with an error.
func TestBotRoomDismissed(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{})
	room, err := srv.CreateRoom(t.Context(), "", "Live")
	if err != nil {
		t.Fatal(err)
	}
	_, _, wait := startBot(t, srv, room)
	if err := srv.DestroyRoom(t.Context(), room); err != nil {
		t.Fatal(err)
	}
	if err := wait(); err == nil || !strings.Contains(err.Error(), "Dismissed") {
		t.Errorf("Run = %v; want the room dismissed", err)
	}
}

func TestBotNeedsLogin(t *testing.T) {
	if _, err := New(Config{SDKAppID: 1, GroupID: "@TGS#a"}); !errors.Is(err, ErrGuest) {
		t.Errorf("New without a UserSig: %v", err)
	}
	if _, err := configure("tencent", false, 1, "bot", "", "", "@TGS#a"); err == nil {
		t.Error("flags without -usersig or -secret accepted")
	}
	cfg, err := configure("ws://127.0.0.1:1", false, 1400000001, "bot", "", "key", "@TGS#a")
	if err != nil || cfg.UserSig == "" || len(cfg.Options) != 1 {
		t.Errorf("configure with -secret: %+v, %v", cfg, err)
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(2, time.Second)
	now := time.Unix(1000, 0)
	got := []bool{l.allow(now), l.allow(now), l.allow(now), l.allow(now.Add(time.Second)), l.allow(now.Add(time.Second))}
	want := []bool{true, true, false, true, false}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("allow sequence %v, want %v", got, want)
		}
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/types"
)

// Answers are limited so that a flood of commands cannot make the bot flood
// the room: a burst of answerBurst, then one per answerEvery.
const (
	answerBurst = 5
	answerEvery = time.Second
)

const helpText = "commands: !ping (round trip to the server), !online (people in the room), !help"

// command answers a text message that starts with "!".
func (b *Bot) command(m *message.Message, text string) {
	cmd, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	if !strings.HasPrefix(cmd, "!") {
		return
	}
	if !b.limit.allow(time.Now()) {
		b.log.Warn("answer skipped: too many commands", "from", m.From, "command", cmd)
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, replyTimeout)
	defer cancel()
	var answer string
	switch cmd {
	case "!ping":
		answer = b.ping(ctx)
	case "!online":
		answer = b.online(ctx)
	case "!help":
		answer = helpText
	default:
		answer = "unknown command " + cmd + "; " + helpText
	}
	b.log.Info("command", "from", m.From, "command", cmd, "answer", answer)
	b.say(ctx, "@"+m.From+" "+answer)
}

// ping measures one request's round trip to the server (a profile read).
func (b *Bot) ping(ctx context.Context) string {
	start := time.Now()
	if _, err := b.t.GetUserProfile(ctx, []string{b.cfg.UserID}); err != nil {
		return "pong (round trip failed: " + errText(err) + ")"
	}
	return fmt.Sprintf("pong (round trip %.1f ms)", float64(time.Since(start).Microseconds())/1000)
}

// online reads the room's online count (cached as tim-js-sdk caches it).
func (b *Bot) online(ctx context.Context) string {
	n, err := b.t.GetGroupOnlineMemberCount(ctx, b.cfg.GroupID)
	if err != nil {
		return "online count failed: " + errText(err)
	}
	return fmt.Sprintf("online: %d", n)
}

// say sends text to the room.
func (b *Bot) say(ctx context.Context, text string) {
	msg, err := b.t.CreateTextMessage(tim.TextMessageOptions{To: b.cfg.GroupID, ConversationType: types.ConvGroup,
		Payload: message.TextPayload{Text: text}})
	if err == nil {
		_, err = b.t.SendMessage(ctx, msg)
	}
	if err != nil {
		b.log.Warn("answer not sent", "err", err) // 10017: the bot itself is muted
	}
}

// errText is the TIM code and message of err.
func errText(err error) string {
	var te *tim.Error
	if errors.As(err, &te) {
		return fmt.Sprintf("%d %s", te.Code, te.Message)
	}
	return err.Error()
}

// limiter is a token bucket.
type limiter struct {
	mu     sync.Mutex
	tokens float64
	burst  float64
	every  time.Duration
	last   time.Time
}

func newLimiter(burst int, every time.Duration) *limiter {
	return &limiter{tokens: float64(burst), burst: float64(burst), every: every}
}

// allow takes a token if there is one.
func (l *limiter) allow(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.last.IsZero() {
		l.tokens = min(l.burst, l.tokens+float64(now.Sub(l.last))/float64(l.every))
	}
	l.last = now
	if l.tokens < 1 {
		return false
	}
	l.tokens--
	return true
}

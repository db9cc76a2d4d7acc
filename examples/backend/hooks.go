package main

import (
	"context"
	"maps"
	"strconv"
	"strings"
	"sync"

	"github.com/tim-go/sdk/tim/webhook"
)

// The backend's webhook side: what Tencent IM (or the emulator) posts to
// the callback URL, and the business rules that answer it.

// Reject codes the backend gives refused messages: Tencent passes a code
// in [10100, 10200] and the ErrorInfo on to the sender (webhook.RejectCode).
const (
	codeBlockedWord    = 10101 // danmaku with a blocked word
	codeCommandRefused = 10102 // a moderation command not from the host, malformed, or over the queue
)

// hooks holds the webhook rules and what they saw.
type hooks struct {
	room   string
	host   string // only the host's commands are carried out
	review *reviewer
	likes  *likeBatcher
	cmds   chan command // to the moderation worker; full: the command is refused
	event  func(who, format string, args ...any)

	mu    sync.Mutex
	stats hookStats
	users map[string]bool // online logged-in members
}

// hookStats counts what the webhooks decided and saw.
type hookStats struct {
	Reviewed, Rejected, Masked  int // before-send texts
	Commands, CommandsRefused   int // moderation commands taken out of the stream
	LikeMessages, LikesReported int // after-send like messages and their counts
	Delivered                   int // after-send messages of the room
	Joins, Exits, Kicked        int // member callbacks (users)
	Exceptions                  map[int]int
	PeakOnline                  int
}

// maxPendingCommands bounds the moderation commands waiting for REST.
const maxPendingCommands = 64

func newHooks(room, host string, rv *reviewer, likes *likeBatcher, event func(who, format string, args ...any)) *hooks {
	return &hooks{
		room: room, host: host, review: rv, likes: likes, event: event,
		cmds:  make(chan command, maxPendingCommands),
		users: make(map[string]bool),
		stats: hookStats{Exceptions: make(map[int]int)},
	}
}

// handler is the http.Handler for the callback URL.
func (h *hooks) handler(sdkAppID uint64, token string) *webhook.Handler {
	return &webhook.Handler{
		SDKAppID: sdkAppID, Token: token,
		OnBeforeSendMsg:    h.beforeSend,
		OnAfterSendMsg:     h.afterSend,
		OnMemberJoin:       h.joined,
		OnMemberExit:       h.exited,
		OnSendMsgException: h.exception,
	}
}

// beforeSend reviews danmaku and takes the host's commands out of the
// stream. It answers at once: REST work goes to the moderation worker,
// since Tencent waits only 2 s for the verdict.
func (h *hooks) beforeSend(_ context.Context, m *webhook.BeforeSendMsg) webhook.Verdict {
	if m.GroupID != h.room {
		return webhook.Allow()
	}
	if c, ok := customOf(m.MsgBody, commandDesc); ok {
		return h.command(m.FromAccount, c.Data)
	}
	out := make([]webhook.Elem, 0, len(m.MsgBody))
	action := reviewAllow
	var sent, shown []string
	for _, e := range m.MsgBody {
		if e.MsgType != webhook.ElemText {
			out = append(out, e)
			continue
		}
		var tc webhook.TextContent
		if err := e.DecodeText(&tc); err != nil {
			out = append(out, e)
			continue
		}
		a, masked := h.review.review(tc.Text)
		action = max(action, a)
		out = append(out, webhook.TextElem(masked))
		sent, shown = append(sent, tc.Text), append(shown, masked)
	}
	if len(sent) == 0 {
		return webhook.Allow() // no text to review
	}
	h.mu.Lock()
	h.stats.Reviewed++
	switch action {
	case reviewReject:
		h.stats.Rejected++
	case reviewMask:
		h.stats.Masked++
	}
	h.mu.Unlock()
	switch action {
	case reviewReject:
		h.event("review", "refused %q from %s: %d", clip(strings.Join(sent, " ")), m.FromAccount, codeBlockedWord)
		return webhook.RejectCode(codeBlockedWord, "danmaku refused: blocked word")
	case reviewMask:
		h.event("review", "masked %q from %s: delivered as %q", clip(strings.Join(sent, " ")), m.FromAccount, clip(strings.Join(shown, " ")))
		return webhook.Rewrite(out...)
	}
	return webhook.Allow()
}

// command queues a moderation command from the host and drops its message
// (viewers never see commands); anyone else's is refused.
func (h *hooks) command(from, text string) webhook.Verdict {
	c, err := parseCommand(text)
	var v webhook.Verdict
	h.mu.Lock()
	switch {
	case err != nil:
		v = webhook.RejectCode(codeCommandRefused, "bad command: "+err.Error())
	case from != h.host:
		v = webhook.RejectCode(codeCommandRefused, "only the host moderates")
	default:
		select {
		case h.cmds <- c:
			v = webhook.Drop()
		default:
			v = webhook.RejectCode(codeCommandRefused, "too many commands waiting")
		}
	}
	if v.Code == webhook.CodeDrop {
		h.stats.Commands++
	} else {
		h.stats.CommandsRefused++
	}
	h.mu.Unlock()
	if v.Code == webhook.CodeDrop {
		h.event("webhook", "command %q from the host: queued, message dropped", clip(text))
	} else {
		h.event("webhook", "command %q from %s refused: %d %s", clip(text), from, v.Code, clip(v.Info))
	}
	return v
}

// afterSend counts the likes the room delivered.
func (h *hooks) afterSend(_ context.Context, m *webhook.AfterSendMsg) {
	if m.GroupID != h.room {
		return
	}
	n := int64(0)
	c, isLike := customOf(m.MsgBody, likeDesc)
	if isLike {
		n = likeCount(c.Data)
		h.likes.like(n)
	}
	h.mu.Lock()
	h.stats.Delivered++
	if isLike {
		h.stats.LikeMessages++
		h.stats.LikesReported += int(n)
	}
	h.mu.Unlock()
}

func (h *hooks) joined(_ context.Context, m *webhook.MemberJoin) {
	if m.GroupID != h.room {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, u := range webhook.Members(m.NewMemberList) {
		h.stats.Joins++
		h.users[u] = true
	}
	h.stats.PeakOnline = max(h.stats.PeakOnline, len(h.users))
}

func (h *hooks) exited(_ context.Context, m *webhook.MemberExit) {
	if m.GroupID != h.room {
		return
	}
	users := webhook.Members(m.ExitMemberList)
	h.mu.Lock()
	for _, u := range users {
		h.stats.Exits++
		if m.ExitType == webhook.ExitKicked {
			h.stats.Kicked++
		}
		delete(h.users, u)
	}
	h.mu.Unlock()
	if m.ExitType == webhook.ExitKicked {
		h.event("webhook", "%s taken out of the room (exit %s by %s)", strings.Join(users, ", "), m.ExitType, m.OperatorAccount)
	}
}

func (h *hooks) exception(_ context.Context, m *webhook.SendMsgException) {
	if m.GroupID != h.room {
		return
	}
	h.mu.Lock()
	h.stats.Exceptions[m.ErrorCode]++
	h.mu.Unlock()
	h.event("webhook", "send exception: %s's message not delivered: %d %s", m.FromAccount, m.ErrorCode, m.ErrorInfo)
}

// snapshot copies the counts and the online members.
func (h *hooks) snapshot() (hookStats, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.stats
	s.Exceptions = maps.Clone(h.stats.Exceptions)
	return s, len(h.users)
}

// maxShown bounds the characters of a user's text the feed prints.
const maxShown = 80

// clip shortens text to maxShown characters for the feed.
func clip(text string) string {
	if r := []rune(text); len(r) > maxShown {
		return string(r[:maxShown]) + "…"
	}
	return text
}

// customOf returns the first custom element whose Desc is desc.
func customOf(body []webhook.Elem, desc string) (webhook.CustomContent, bool) {
	for i := range body {
		if body[i].MsgType != webhook.ElemCustom {
			continue
		}
		var c webhook.CustomContent
		if body[i].DecodeCustom(&c) == nil && c.Desc == desc {
			return c, true
		}
	}
	return webhook.CustomContent{}, false
}

// likeCount reads a like message's count: 1 to maxLikesPerMessage, 1 when
// Data is not a number.
func likeCount(data string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(data), 10, 64)
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxLikesPerMessage)
}

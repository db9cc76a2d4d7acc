package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
)

// Webhooks (Config.CallbackURL) in Tencent's form: a POST of a JSON body to
// the URL with ?SdkAppid=&CallbackCommand=&contenttype=json&ClientIP=&OptPlatform=,
// and with Config.CallbackToken also &Sign=&RequestTime= (Sign is
// wire.CallbackSign of the token and the emulator's clock in seconds, as
// Tencent signs when the console's callback authentication is on).
// tim/webhook receives them.
//
// Group.CallbackBeforeSendMsg reviews every message before the budget: 0
// lets it through (a returned MsgBody or CloudCustomData replaces the
// message's), 1 rejects it (10016 to the sender), 2 drops it silently
// (success to the sender, nothing delivered), a code in [10100, 10200]
// rejects it with that code and the reply's ErrorInfo, any other code as 1.
// A call that fails (an HTTP status other than 200, as when the app refuses
// the signature) or takes
// over Config.CallbackTimeout lets the message through, or with
// Config.CallbackFailClosed rejects it with 10016 (the app asked that an
// unreviewed message be refused, and 10016 is the code tim-js-sdk shows for
// "refused by the app's callback"). The review runs off the socket's
// reader: each socket's messages queue in order behind their own review,
// so a slow callback delays only its sender, never the room, other senders
// or the sender's other requests. REST sends are reviewed in their own HTTP
// handler.
//
// Group.CallbackAfterSendMsg (for messages actually delivered, with MsgSeq
// and MsgTime), Group.CallbackAfterNewMemberJoin and
// Group.CallbackAfterMemberExit (ExitType Quit or Kicked) are posted
// asynchronously from a bounded queue (Config.CallbackQueue); when it is
// full the event is dropped and counted. Guests have no user ID: their
// joins are not reported. A session that ends (logout, reconnect grace)
// leaves its rooms as a Quit. Group.CallbackSendMsgException goes the same
// way for a message that was refused (muted, moderated, not a member) or
// dropped over the room's budget (10023).

const (
	// maxPendingReviews bounds the messages of one socket waiting for
	// review; more are refused with 10023 (send frequency over limit).
	maxPendingReviews = 64
	// hookWorkers posts the asynchronous webhooks.
	hookWorkers = 4
	// maxHookReply bounds a webhook reply read.
	maxHookReply = 1 << 20
)

// hooks posts the webhooks; nil when no CallbackURL is set (every method
// is then a no-op).
type hooks struct {
	srv    *Server
	base   *url.URL
	client *http.Client
	ctx    context.Context // canceled at Close: calls in flight end
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	pipes   map[*conn]*reviewPipe
	queue   []hookEvent
	workers int
	closed  bool
}

// reviewPipe is one socket's messages waiting for review, in order; a
// goroutine works through it while it is not empty.
type reviewPipe struct{ jobs []*sendJob }

// hookEvent is an asynchronous webhook.
type hookEvent struct {
	command, clientIP, platform string
	body                        any
}

func newHooks(s *Server) (*hooks, error) {
	if s.cfg.CallbackURL == "" {
		return nil, nil
	}
	u, err := url.Parse(s.cfg.CallbackURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("server: Config.CallbackURL %q is not an http(s) URL", s.cfg.CallbackURL)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &hooks{
		srv: s, base: u, ctx: ctx, cancel: cancel, pipes: make(map[*conn]*reviewPipe),
		client: &http.Client{
			Timeout:   s.cfg.CallbackTimeout,
			Transport: &http.Transport{MaxIdleConnsPerHost: 32, IdleConnTimeout: 30 * time.Second},
		},
	}, nil
}

// close cancels the calls in flight and waits for the hooks' goroutines.
func (h *hooks) close() {
	if h == nil {
		return
	}
	h.mu.Lock()
	h.closed = true
	h.queue = nil
	h.mu.Unlock()
	h.cancel()
	h.wg.Wait()
	h.client.CloseIdleConnections()
}

// reviews reports whether j must go through the before-send webhook.
func (h *hooks) reviews(j *sendJob) bool { return h != nil && !j.noBefore }

// submitSend sends an accepted message on: through the before-send review
// (off the reader; c orders one socket's messages, nil reviews in the
// caller's goroutine) and the room budget. j.done is called exactly once.
func (s *Server) submitSend(c *conn, j *sendJob) {
	h := s.hooks
	switch {
	case !h.reviews(j):
		s.deliverJob(j)
	case c == nil:
		if h.review(j) {
			s.deliverJob(j)
		}
	default:
		h.enqueueReview(c, j)
	}
}

func (h *hooks) enqueueReview(c *conn, j *sendJob) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		j.done(0, fail(CodeInternal, "server closed"))
		return
	}
	p := h.pipes[c]
	start := p == nil
	if start {
		p = &reviewPipe{}
		h.pipes[c] = p
	}
	if len(p.jobs) >= maxPendingReviews {
		h.mu.Unlock()
		j.done(0, fail(CodeSendTooFast, "%d messages already wait for the before-send callback", maxPendingReviews))
		return
	}
	p.jobs = append(p.jobs, j)
	if start {
		h.wg.Add(1)
		go h.runPipe(c, p)
	}
	h.mu.Unlock()
}

// runPipe reviews and delivers a socket's messages one at a time, in order,
// until none wait.
func (h *hooks) runPipe(c *conn, p *reviewPipe) {
	defer h.wg.Done()
	for {
		h.mu.Lock()
		if len(p.jobs) == 0 {
			delete(h.pipes, c)
			h.mu.Unlock()
			return
		}
		j := p.jobs[0]
		h.mu.Unlock()
		if h.review(j) {
			h.srv.deliverJob(j)
		}
		h.mu.Lock()
		p.jobs[0] = nil
		p.jobs = p.jobs[1:]
		h.mu.Unlock()
	}
}

// review asks Group.CallbackBeforeSendMsg about j. It reports whether j
// goes on (its body possibly replaced); otherwise j is finished.
func (h *hooks) review(j *sendJob) bool {
	s := h.srv
	r := j.room
	body := j.callbackBody(wire.CallbackBeforeSendMsg)
	body.MsgID = s.msgID(j)
	var resp wire.CallbackBeforeSendMsgResp
	if err := h.post(wire.CallbackBeforeSendMsg, j.clientIP, j.platform, body, &resp); err != nil {
		s.log.Info("before-send callback failed", zap.String("group", r.id), zap.Error(err))
		if s.cfg.CallbackFailClosed {
			j.done(0, fail(CodeCallbackRejected, "the before-send callback failed: %v", err))
			return false
		}
		return true
	}
	switch resp.ErrorCode {
	case wire.CallbackAllow:
		if len(resp.MsgBody) > 0 {
			j.body = resp.MsgBody
		}
		if resp.CloudCustomData != nil {
			j.cloud = *resp.CloudCustomData
		}
		return true
	case wire.CallbackDrop:
		s.stats.callbackDrops.Add(1)
		j.done(0, nil)
		return false
	}
	s.stats.callbackRejects.Add(1)
	if resp.ErrorCode >= wire.CallbackRejectCodeMin && resp.ErrorCode <= wire.CallbackRejectCodeMax {
		j.done(0, fail(resp.ErrorCode, "%s", resp.ErrorInfo)) // the app's own code and text reach the sender
		return false
	}
	j.done(0, fail(CodeCallbackRejected, "refused by the before-send callback: %d %s", resp.ErrorCode, resp.ErrorInfo))
	return false
}

// msgID is the message's ID as tim-js-sdk builds it on both ends
// (wire.MessageID); a message sent without a client time has its server
// time there.
func (s *Server) msgID(j *sendJob) string {
	ct := j.clientTime
	if ct == 0 {
		ct = j.time
	}
	return wire.MessageID(s.users.get(j.from).tinyID, ct, j.random)
}

// afterSend posts Group.CallbackAfterSendMsg for a delivered message.
func (h *hooks) afterSend(j *sendJob, seq uint64) {
	if h == nil || j.noAfter {
		return
	}
	body := wire.AfterSendMsgCallback{GroupMsgCallback: j.callbackBody(wire.CallbackAfterSendMsg), MsgSeq: seq, MsgTime: j.time}
	body.MsgID = h.srv.msgID(j)
	h.enqueue(hookEvent{command: wire.CallbackAfterSendMsg, clientIP: j.clientIP, platform: j.platform, body: body})
}

// sendFailed posts Group.CallbackSendMsgException for a message that was
// not delivered: refused (muted 10017, moderated 80001/80002, not a member)
// or dropped over the room's budget (10023, Tencent's sample:
// trtc.io/document/49462). It returns e, so that a refusal reads
// return nil, s.hooks.sendFailed(j, e).
func (h *hooks) sendFailed(j *sendJob, e *apiError) *apiError {
	if h == nil {
		return e
	}
	body := wire.SendMsgExceptionCallback{GroupMsgCallback: j.callbackBody(wire.CallbackSendMsgException), ErrorCode: e.code, ErrorInfo: e.info}
	h.enqueue(hookEvent{command: wire.CallbackSendMsgException, clientIP: j.clientIP, platform: j.platform, body: body})
	return e
}

// errOverBudget is what the exception callback says of a message dropped
// over the room's budget: Tencent's sample (trtc.io/document/49462). The
// sender is not told (success, no MsgSeq).
var errOverBudget = &apiError{code: CodeSendTooFast, info: "msg count exceeds limit,please retry later"}

// callbackBody is the message part of the message callbacks; the before-
// and after-send ones add MsgId (the exception callback has none).
func (j *sendJob) callbackBody(command string) wire.GroupMsgCallback {
	return wire.GroupMsgCallback{
		CallbackCommand: command, GroupID: j.room.id, Type: wire.AVChatRoomType,
		FromAccount: j.from, OperatorAccount: j.operator, Random: j.random,
		MsgBody: j.body, CloudCustomData: j.cloud, EventTime: wire.Millis(j.room.srv.now().UnixMilli()),
	}
}

// memberJoined posts Group.CallbackAfterNewMemberJoin for a user who joined.
func (h *hooks) memberJoined(r *room, userID string, c *conn) {
	if h == nil {
		return
	}
	h.enqueue(hookEvent{command: wire.CallbackAfterNewMemberJoin, clientIP: connIP(c), platform: wire.CallbackPlatformWeb, body: wire.MemberJoinCallback{
		CallbackCommand: wire.CallbackAfterNewMemberJoin, GroupID: r.id, Type: wire.AVChatRoomType,
		JoinType: wire.JoinApply, OperatorAccount: userID, NewMemberList: callbackMembers([]string{userID}),
		EventTime: wire.Millis(h.srv.now().UnixMilli()),
	}})
}

// membersExited posts Group.CallbackAfterMemberExit (exitType wire.ExitQuit
// or wire.ExitKicked).
func (h *hooks) membersExited(r *room, operator string, users []string, exitType string) {
	if h == nil || len(users) == 0 {
		return
	}
	platform := wire.CallbackPlatformWeb
	if exitType == wire.ExitKicked {
		platform = wire.CallbackPlatformREST
	}
	h.enqueue(hookEvent{command: wire.CallbackAfterMemberExit, platform: platform, body: wire.MemberExitCallback{
		CallbackCommand: wire.CallbackAfterMemberExit, GroupID: r.id, Type: wire.AVChatRoomType,
		ExitType: exitType, OperatorAccount: operator, ExitMemberList: callbackMembers(users),
		EventTime: wire.Millis(h.srv.now().UnixMilli()),
	}})
}

func callbackMembers(users []string) []wire.CallbackMember {
	out := make([]wire.CallbackMember, len(users))
	for i, u := range users {
		out[i].MemberAccount = u
	}
	return out
}

// enqueue queues an asynchronous webhook; a full queue drops it.
func (h *hooks) enqueue(ev hookEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	if len(h.queue) >= h.srv.cfg.CallbackQueue {
		h.srv.stats.callbacksDropped.Add(1)
		return
	}
	h.queue = append(h.queue, ev)
	if h.workers < hookWorkers {
		h.workers++
		h.wg.Add(1)
		go h.work()
	}
}

// work posts queued webhooks until none are left.
func (h *hooks) work() {
	defer h.wg.Done()
	for {
		h.mu.Lock()
		if len(h.queue) == 0 {
			h.queue = nil // let a burst's backing array go
			h.workers--
			h.mu.Unlock()
			return
		}
		ev := h.queue[0]
		h.queue[0] = hookEvent{}
		h.queue = h.queue[1:]
		h.mu.Unlock()
		if err := h.post(ev.command, ev.clientIP, ev.platform, ev.body, nil); err != nil {
			h.srv.log.Debug("webhook failed", zap.String("command", ev.command), zap.Error(err))
		}
	}
}

// post makes one webhook call and decodes the reply into out (when set).
func (h *hooks) post(command, clientIP, platform string, body, out any) error {
	s := h.srv
	s.stats.callbacks.Add(1)
	err := h.do(command, clientIP, platform, body, out)
	if err != nil {
		s.stats.callbackFailures.Add(1)
	}
	return err
}

func (h *hooks) do(command, clientIP, platform string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	u := *h.base
	q := u.Query()
	q.Set(wire.CallbackQuerySDKAppID, strconv.FormatUint(h.srv.cfg.SDKAppID, 10))
	q.Set(wire.CallbackQueryCommand, command)
	q.Set(wire.CallbackQueryContentType, wire.CallbackContentType)
	q.Set(wire.CallbackQueryClientIP, clientIP)
	q.Set(wire.CallbackQueryPlatform, platform)
	if token := h.srv.cfg.CallbackToken; token != "" {
		now := h.srv.now().Unix()
		q.Set(wire.CallbackQuerySign, wire.CallbackSign(token, now))
		q.Set(wire.CallbackQueryRequestTime, strconv.FormatInt(now, 10))
	}
	u.RawQuery = q.Encode()
	ctx, cancel := context.WithTimeout(h.ctx, h.srv.cfg.CallbackTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := h.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	lr := io.LimitReader(res.Body, maxHookReply)
	if res.StatusCode != http.StatusOK {
		io.Copy(io.Discard, lr)
		return fmt.Errorf("HTTP %d", res.StatusCode)
	}
	if out == nil {
		_, err = io.Copy(io.Discard, lr)
		return err
	}
	if err := json.NewDecoder(lr).Decode(out); err != nil {
		return fmt.Errorf("reply: %w", err)
	}
	return nil
}

// hookIP is connIP when webhooks are configured, and empty (no work on
// every send) when they are not.
func (s *Server) hookIP(c *conn) string {
	if s.hooks == nil {
		return ""
	}
	return connIP(c)
}

// connIP is the client's IP address (ClientIP), empty without a socket.
func connIP(c *conn) string {
	if c == nil || c.fc == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(c.fc.RemoteAddr().String())
	if err != nil {
		return ""
	}
	return host
}

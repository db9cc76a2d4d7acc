package timtest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/webhook"
)

// WebhookServer is an app backend for tests: a loopback HTTP server, a
// webhook.Handler underneath, that records every webhook the emulator
// posts and answers Group.CallbackBeforeSendMsg with its Review function's
// verdict. Point Options.CallbackURL at its URL.
type WebhookServer struct {
	URL string // http://127.0.0.1:PORT/im-callback

	review  func(Webhook) Verdict
	handler *webhook.Handler
	srv     *httptest.Server
	quit    chan struct{}
	once    sync.Once

	mu      sync.Mutex
	hooks   []Webhook
	refused int
	added   chan struct{} // closed and replaced at every new webhook
}

// Webhook is one call the server received, decoded.
type Webhook struct {
	Command   string     // CallbackCommand, e.g. "Group.CallbackAfterSendMsg"
	Query     url.Values // SdkAppid, CallbackCommand, contenttype, ClientIP, OptPlatform[, Sign, RequestTime]
	Body      []byte     // the JSON body as sent
	GroupID   string
	From      string   // From_Account (message webhooks)
	Operator  string   // Operator_Account
	Random    uint32   // message webhooks
	MsgID     string   // before- and after-send: the SDK's message ID
	MsgSeq    uint64   // after-send: the sequence members saw
	Texts     []string // the texts of the MsgBody's text elements
	JoinType  string   // after-join
	ExitType  string   // after-exit: "Quit" or "Kicked"
	Members   []string // NewMemberList or ExitMemberList
	ErrorCode int      // send exception: why the message failed (10017, 10023, 80001 …)
	ErrorInfo string   // send exception
}

// Verdict answers a before-send webhook.
type Verdict struct {
	Code  int           // 0 allow, 1 reject (sender gets 10016), 2 drop silently, 10100-10200 reject with this code
	Info  string        // ErrorInfo (the sender sees it with a code in 10100-10200)
	Text  string        // with Code 0: deliver one text element with this text instead
	Delay time.Duration // answer this late (past the emulator's timeout: a failed call)
}

// NewWebhookServer starts a webhook server that calls review for every
// before-send webhook (nil allows everything) and closes when the test ends.
func NewWebhookServer(t testing.TB, review func(Webhook) Verdict) *WebhookServer {
	return NewSignedWebhookServer(t, "", review)
}

// NewSignedWebhookServer is NewWebhookServer checking Tencent's callback
// authentication with token (Options.CallbackToken on the emulator's
// side): a webhook without a valid Sign and a RequestTime within a minute
// is refused (401/403), not recorded but counted by Refused.
func NewSignedWebhookServer(t testing.TB, token string, review func(Webhook) Verdict) *WebhookServer {
	w := &WebhookServer{review: review, quit: make(chan struct{}), added: make(chan struct{})}
	w.handler = &webhook.Handler{
		Token:           token,
		OnBeforeSendMsg: w.onBeforeSend,
		OnAfterSendMsg: func(ctx context.Context, m *webhook.AfterSendMsg) {
			h := w.message(ctx, &m.GroupMsgCallback)
			h.MsgSeq = m.MsgSeq
			w.record(h)
		},
		OnSendMsgException: func(ctx context.Context, m *webhook.SendMsgException) {
			h := w.message(ctx, &m.GroupMsgCallback)
			h.ErrorCode, h.ErrorInfo = m.ErrorCode, m.ErrorInfo
			w.record(h)
		},
		OnMemberJoin: func(ctx context.Context, m *webhook.MemberJoin) {
			h := received(ctx)
			h.GroupID, h.Operator, h.JoinType, h.Members = m.GroupID, m.OperatorAccount, m.JoinType, webhook.Members(m.NewMemberList)
			w.record(h)
		},
		OnMemberExit: func(ctx context.Context, m *webhook.MemberExit) {
			h := received(ctx)
			h.GroupID, h.Operator, h.ExitType, h.Members = m.GroupID, m.OperatorAccount, m.ExitType, webhook.Members(m.ExitMemberList)
			w.record(h)
		},
		OnOther: func(ctx context.Context, _ string, _ []byte) { w.record(received(ctx)) },
		OnError: func(*http.Request, int, error) {
			w.mu.Lock()
			w.refused++
			w.mu.Unlock()
		},
	}
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	w.URL = w.srv.URL + "/im-callback"
	t.Cleanup(w.Close)
	return w
}

// Close stops the server; delayed answers are cut short.
func (w *WebhookServer) Close() {
	w.once.Do(func() {
		close(w.quit)
		w.srv.Close()
	})
}

// Refused is how many requests the server refused (bad signature, stale
// RequestTime, bad body) without recording them.
func (w *WebhookServer) Refused() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.refused
}

// rawKey carries a request's raw query and body to the handler's functions.
type rawKey struct{}

type raw struct {
	query url.Values
	body  bytes.Buffer // filled as the handler reads the body, complete before any function runs
}

// serve hands the request to the webhook.Handler, keeping a copy of the
// query and of the body it reads (the handler bounds it).
func (w *WebhookServer) serve(rw http.ResponseWriter, r *http.Request) {
	rr := &raw{query: r.URL.Query()}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.TeeReader(r.Body, &rr.body), r.Body}
	w.handler.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), rawKey{}, rr)))
}

// received is the part of a Webhook every command has.
func received(ctx context.Context) Webhook {
	rr := ctx.Value(rawKey{}).(*raw)
	q, _ := webhook.QueryFrom(ctx)
	return Webhook{Command: q.CallbackCommand, Query: rr.query, Body: bytes.Clone(rr.body.Bytes())}
}

// message is received with the fields of a message webhook.
func (w *WebhookServer) message(ctx context.Context, m *webhook.GroupMsg) Webhook {
	h := received(ctx)
	h.GroupID, h.From, h.Operator, h.Random, h.MsgID = m.GroupID, m.FromAccount, m.OperatorAccount, m.Random, m.MsgID
	h.Texts = webhook.Texts(m.MsgBody)
	return h
}

func (w *WebhookServer) record(h Webhook) {
	w.mu.Lock()
	w.hooks = append(w.hooks, h)
	close(w.added)
	w.added = make(chan struct{})
	w.mu.Unlock()
}

// onBeforeSend records a before-send webhook and answers the review's
// verdict, as late as it asks.
func (w *WebhookServer) onBeforeSend(ctx context.Context, m *webhook.BeforeSendMsg) webhook.Verdict {
	h := w.message(ctx, m)
	w.record(h)
	if w.review == nil {
		return webhook.Allow()
	}
	v := w.review(h)
	if v.Delay > 0 {
		select {
		case <-time.After(v.Delay):
		case <-ctx.Done():
		case <-w.quit:
		}
	}
	verdict := webhook.Verdict{Code: v.Code, Info: v.Info} // any code, as the app sent it: the emulator's reading is under test
	if v.Text != "" {
		verdict.MsgBody = []webhook.Elem{webhook.TextElem(v.Text)}
	}
	return verdict
}

// Webhooks returns the webhooks received so far with that command (all
// when command is empty), in arrival order.
func (w *WebhookServer) Webhooks(command string) []Webhook {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []Webhook
	for _, h := range w.hooks {
		if command == "" || h.Command == command {
			out = append(out, h)
		}
	}
	return out
}

// Wait waits until n webhooks with that command have arrived and returns
// them, or returns what arrived when ctx ends.
func (w *WebhookServer) Wait(ctx context.Context, command string, n int) ([]Webhook, error) {
	for {
		w.mu.Lock()
		added := w.added
		w.mu.Unlock()
		if got := w.Webhooks(command); len(got) >= n {
			return got, nil
		}
		select {
		case <-added:
		case <-ctx.Done():
			return w.Webhooks(command), ctx.Err()
		}
	}
}

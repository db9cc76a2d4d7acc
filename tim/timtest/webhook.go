package timtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// WebhookServer is an app backend for tests: a loopback HTTP server that
// records every webhook the emulator posts and answers
// Group.CallbackBeforeSendMsg with its Review function's verdict. Point
// Options.CallbackURL at its URL.
type WebhookServer struct {
	URL string // http://127.0.0.1:PORT/im-callback

	review func(Webhook) Verdict
	srv    *httptest.Server
	quit   chan struct{}
	once   sync.Once

	mu    sync.Mutex
	hooks []Webhook
	added chan struct{} // closed and replaced at every new webhook
}

// Webhook is one call the server received, decoded.
type Webhook struct {
	Command  string     // CallbackCommand, e.g. "Group.CallbackAfterSendMsg"
	Query    url.Values // SdkAppid, CallbackCommand, contenttype, ClientIP, OptPlatform
	Body     []byte     // the JSON body as sent
	GroupID  string
	From     string   // From_Account (message webhooks)
	Operator string   // Operator_Account
	Random   uint32   // message webhooks
	MsgID    string   // message webhooks: the SDK's message ID
	MsgSeq   uint64   // after-send: the sequence members saw
	Texts    []string // the texts of the MsgBody's text elements
	JoinType string   // after-join
	ExitType string   // after-exit: "Quit" or "Kicked"
	Members  []string // NewMemberList or ExitMemberList
}

// Verdict answers a before-send webhook.
type Verdict struct {
	Code  int           // 0 allow, 1 reject (sender gets 10016), 2 drop silently
	Text  string        // with Code 0: deliver one text element with this text instead
	Delay time.Duration // answer this late (past the emulator's timeout: a failed call)
}

// NewWebhookServer starts a webhook server that calls review for every
// before-send webhook (nil allows everything) and closes when the test ends.
func NewWebhookServer(t testing.TB, review func(Webhook) Verdict) *WebhookServer {
	w := &WebhookServer{review: review, quit: make(chan struct{}), added: make(chan struct{})}
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

func (w *WebhookServer) serve(rw http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	h := decodeWebhook(r.URL.Query(), raw)
	w.mu.Lock()
	w.hooks = append(w.hooks, h)
	close(w.added)
	w.added = make(chan struct{})
	w.mu.Unlock()
	resp := wire.CallbackBeforeSendMsgResp{Status: wire.OK()}
	if h.Command == wire.CallbackBeforeSendMsg && w.review != nil {
		v := w.review(h)
		if v.Delay > 0 {
			select {
			case <-time.After(v.Delay):
			case <-r.Context().Done():
				return
			case <-w.quit:
				return
			}
		}
		if v.Code != 0 {
			resp.ErrorCode = v.Code // Tencent's samples keep ActionStatus OK
		}
		if v.Text != "" {
			resp.MsgBody = []wire.Elem{wire.TextElem(v.Text)}
		}
	}
	rw.Header().Set("Content-Type", "application/json")
	json.NewEncoder(rw).Encode(resp)
}

func decodeWebhook(q url.Values, raw []byte) Webhook {
	var body struct {
		wire.CallbackSendMsg
		JoinType       string                `json:"JoinType"`
		ExitType       string                `json:"ExitType"`
		NewMemberList  []wire.CallbackMember `json:"NewMemberList"`
		ExitMemberList []wire.CallbackMember `json:"ExitMemberList"`
	}
	json.Unmarshal(raw, &body) // a body that does not decode is still recorded
	h := Webhook{
		Command: q.Get(wire.CallbackQueryCommand), Query: q, Body: raw, GroupID: body.GroupID,
		From: body.FromAccount, Operator: body.OperatorAccount, Random: body.Random, MsgID: body.MsgID,
		MsgSeq: body.MsgSeq, JoinType: body.JoinType, ExitType: body.ExitType,
	}
	for _, e := range body.MsgBody {
		if c, err := e.Content(); err == nil {
			if tc, ok := c.(*wire.TextContent); ok {
				h.Texts = append(h.Texts, tc.Text)
			}
		}
	}
	for _, m := range append(body.NewMemberList, body.ExitMemberList...) {
		h.Members = append(h.Members, m.MemberAccount)
	}
	return h
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

package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// DefaultMaxBody bounds a callback body: the largest a live room sends, a
// before-send callback with a 12 KB MsgBody (Tencent's message limit),
// stays far below it even with every character escaped.
const DefaultMaxBody = 256 << 10

// Handler is an http.Handler for the callback URL. It checks the request
// (POST, SdkAppid, the signature, the body size), decodes the body by its
// CallbackCommand and calls the matching function, then answers in
// Tencent's form {ActionStatus, ErrorCode, ErrorInfo[, MsgBody,
// CloudCustomData]}. A request it refuses gets an HTTP error and calls
// nothing: 405 for a method other than POST, 403 for another SdkAppid, 401
// for a missing signature and 403 for a wrong or stale one, 413 for a body
// over MaxBody, 400 for a body that does not decode. Set the fields before
// serving; the functions may be called concurrently.
type Handler struct {
	// SDKAppID is the app's SDKAppID; a callback for another app is
	// refused (Tencent asks every receiver to check). 0 checks nothing.
	SDKAppID uint64
	// Token is the callback authentication token set in the console (or
	// with set_callback_token, trtc.io/document/69528); when set, every
	// callback must carry a Sign of it and a RequestTime within MaxSkew.
	// Empty checks nothing.
	Token string
	// MaxSkew is how far RequestTime may be from now (DefaultMaxSkew).
	MaxSkew time.Duration
	// MaxBody bounds a callback body in bytes (DefaultMaxBody).
	MaxBody int64
	// Now is the clock RequestTime is checked against (time.Now).
	Now func() time.Time

	// OnBeforeSendMsg reviews a message before it is delivered; nil allows
	// every message. Tencent waits 2 s for the answer.
	OnBeforeSendMsg func(ctx context.Context, m *BeforeSendMsg) Verdict
	// OnAfterSendMsg learns of a delivered message.
	OnAfterSendMsg func(ctx context.Context, m *AfterSendMsg)
	// OnMemberJoin learns of users who joined a group.
	OnMemberJoin func(ctx context.Context, m *MemberJoin)
	// OnMemberExit learns of users who left a group or were removed.
	OnMemberExit func(ctx context.Context, m *MemberExit)
	// OnSendMsgException learns of a message that could not be delivered.
	OnSendMsgException func(ctx context.Context, m *SendMsgException)
	// OnOther gets any other callback command with its raw body; the
	// reply is always OK (ErrorCode 0, which lets a before-event callback
	// go on).
	OnOther func(ctx context.Context, command string, body []byte)
	// OnError learns of every request refused before any function was
	// called, with the HTTP status it got and why.
	OnError func(r *http.Request, status int, err error)
}

type queryKey struct{}

// QueryFrom returns the query of the callback being handled, for the
// Handler's functions (ClientIP, OptPlatform …).
func QueryFrom(ctx context.Context) (Query, bool) {
	q, ok := ctx.Value(queryKey{}).(Query)
	return q, ok
}

// ServeHTTP handles one callback.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, http.StatusMethodNotAllowed, fmt.Errorf("webhook: method %s", r.Method))
		return
	}
	q := ParseQuery(r.URL.Query())
	if h.SDKAppID != 0 && q.SDKAppID != h.SDKAppID {
		h.refuse(w, r, http.StatusForbidden, fmt.Errorf("webhook: SdkAppid %d is not %d", q.SDKAppID, h.SDKAppID))
		return
	}
	if h.Token != "" {
		now := time.Now
		if h.Now != nil {
			now = h.Now
		}
		if err := Verify(h.Token, q, now(), h.MaxSkew); err != nil {
			status := http.StatusForbidden
			if errors.Is(err, ErrUnsigned) {
				status = http.StatusUnauthorized
			}
			h.refuse(w, r, status, err)
			return
		}
	}
	limit := h.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.refuse(w, r, http.StatusRequestEntityTooLarge, fmt.Errorf("webhook: body over %d bytes", limit))
			return
		}
		h.refuse(w, r, http.StatusBadRequest, fmt.Errorf("webhook: reading the body: %w", err))
		return
	}
	var env struct {
		CallbackCommand string `json:"CallbackCommand"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		h.refuse(w, r, http.StatusBadRequest, fmt.Errorf("webhook: body: %w", err))
		return
	}
	switch {
	case q.CallbackCommand == "":
		q.CallbackCommand = env.CallbackCommand
	case env.CallbackCommand != "" && env.CallbackCommand != q.CallbackCommand:
		h.refuse(w, r, http.StatusBadRequest, fmt.Errorf("webhook: body's command %q is not the URL's %q", env.CallbackCommand, q.CallbackCommand))
		return
	}
	ctx := context.WithValue(r.Context(), queryKey{}, q)
	reply, err := h.dispatch(ctx, q.CallbackCommand, body)
	if err != nil {
		h.refuse(w, r, http.StatusBadRequest, fmt.Errorf("webhook: %s body: %w", q.CallbackCommand, err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(reply) // a failed write is the caller's loss: Tencent sees a failed call
}

// dispatch decodes body as command's and calls its function; the reply is
// the verdict for a before-send callback and OK for every other.
func (h *Handler) dispatch(ctx context.Context, command string, body []byte) (any, error) {
	ack := wire.OK()
	switch command {
	case CommandBeforeSendMsg:
		var m BeforeSendMsg
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, err
		}
		v := Allow()
		if h.OnBeforeSendMsg != nil {
			v = h.OnBeforeSendMsg(ctx, &m)
		}
		return v.reply(), nil
	case CommandAfterSendMsg:
		return ack, call(ctx, body, h.OnAfterSendMsg)
	case CommandMemberJoin:
		return ack, call(ctx, body, h.OnMemberJoin)
	case CommandMemberExit:
		return ack, call(ctx, body, h.OnMemberExit)
	case CommandSendMsgException:
		return ack, call(ctx, body, h.OnSendMsgException)
	}
	if h.OnOther != nil {
		h.OnOther(ctx, command, body)
	}
	return ack, nil
}

// call decodes body into a T and calls fn with it (when set).
func call[T any](ctx context.Context, body []byte, fn func(context.Context, *T)) error {
	var m T
	if err := json.Unmarshal(body, &m); err != nil {
		return err
	}
	if fn != nil {
		fn(ctx, &m)
	}
	return nil
}

func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, status int, err error) {
	if h.OnError != nil {
		h.OnError(r, status, err)
	}
	http.Error(w, err.Error(), status)
}

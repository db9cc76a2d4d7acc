package tim

import (
	"context"
	"encoding/json"
	"time"

	"github.com/tim-go/sdk/internal/conn"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// headFunc builds a request head for a seq.
type headFunc = func(servcmd string, seq uint64, now int64) wire.Head

// call is one request/reply: it sends body, decodes the reply into out (nil:
// status only) and returns the server's error for a failed status, after
// reacting to the codes tim-js-sdk inspects on any reply (kicks, expired A2).
type call struct {
	servcmd string
	head    headFunc // nil: the instance's current head
	body    any
	out     wire.Statuser
	timeout time.Duration
	early   bool // inside onOpen, on the new socket
	quiet   bool // do not react to kick/expiry codes (login, re-login)
}

func (t *TIM) do(ctx context.Context, c call) error {
	f, err := t.conn.Do(ctx, &conn.Request{Servcmd: c.servcmd, Head: c.head, Body: c.body, Timeout: c.timeout, Early: c.early})
	if err != nil {
		return connError(err)
	}
	return t.reply(f, c.out, c.quiet)
}

// reply decodes a reply frame into out and checks its status.
func (t *TIM) reply(f *wire.Frame, out wire.Statuser, quiet bool) error {
	if out == nil {
		out = new(wire.Status)
	}
	if err := decodeReply(f.Body, out); err != nil {
		return newError(types.ErrUncaught, "bad reply to "+f.Head.Servcmd+": "+err.Error())
	}
	st := out.GetStatus()
	if !st.Failed() {
		return nil
	}
	err := statusError(st)
	if types.Code(st.ErrorCode) == types.ErrHelloAnswerKickedOut {
		var k wire.KickResp
		if json.Unmarshal(f.Body, &k) == nil {
			err.kickType = k.KickType
		}
	}
	if !quiet {
		t.inspect(err)
	}
	return err
}

// inspect reacts to the codes tim-js-sdk checks on every reply: 1002 with a
// KickType is a kick; 20002/70001 mean the A2 expired, which a reconnect
// resolves (re-login by A2, then by UserSig, else userSigExpired).
func (t *TIM) inspect(err *Error) {
	switch {
	case err.kickType != 0:
		t.onKick(err.kickType)
	case err.Code == types.ErrMsgInternalAuthFailed || err.Code == types.ErrUserSigExpired:
		if t.sess.Load() != nil {
			t.conn.Reconnect()
		}
	}
}

// decodeReply uses wire's fast decoder for the long-poll reply, the one
// reply on the per-message path; other replies are rare.
func decodeReply(body []byte, out wire.Statuser) error {
	if r, ok := out.(*wire.GetMsgResp); ok {
		return wire.DecodeGetMsgResp(body, r)
	}
	return json.Unmarshal(body, out)
}

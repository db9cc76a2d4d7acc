package tim

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/types"
)

// sendable is the validation a payload may offer.
type sendable interface{ Validate() error }

// SendMessage sends a message made by a create call to its group
// (send_group_msg, wire-protocol.md 4.6). On success it returns the same
// message with Status success and the server's Sequence and Time; the ID is
// kept. On failure the message's Status is fail and the error is a *Error:
// the not-ready reason (2024 for guests), 2105 for a message this instance
// did not create, 2101 for a live room not joined, 2403 for an empty
// payload, or the server's code (10017 muted, 10010, 80001…). The server's
// echo of the message is not delivered to MESSAGE_RECEIVED.
func (t *TIM) SendMessage(ctx context.Context, m *message.Message) (*message.Message, error) {
	if err := t.checkReady("sendMessage"); err != nil {
		return m, err
	}
	s := t.sess.Load()
	switch {
	case m == nil || m.Payload == nil || s == nil || m.SenderTinyID != s.tinyID || m.From != s.userID:
		return m, newError(types.ErrNeedMessageInstance, "")
	case m.ConversationType != types.ConvGroup:
		return m, fail(m, newError(types.ErrInvalidConversationType, ""))
	}
	if v, ok := m.Payload.(sendable); ok && v.Validate() != nil {
		return m, fail(m, newError(types.ErrMessageNotSendable, v.Validate().Error()))
	}
	if t.room(m.To) == nil {
		// tim-js-sdk probes the group: a live room not joined is 2101. A
		// non-member may not read the profile (10007), which says the same.
		g, err := t.fetchGroup(ctx, m.To, nil)
		switch {
		case codeOf(err) == types.ErrGroupNotFound:
			return m, fail(m, err)
		case err != nil || g.IsAVChatRoom():
			return m, fail(m, newError(types.ErrNotInAVChatRoom, ""))
		}
	}
	body, ok := sendRequest(m)
	if !ok {
		return m, fail(m, newError(types.ErrMessageNotSendable, "unsupported payload "+string(m.Type)))
	}
	m.Status = types.MsgStatusUnSend
	t.recv.sent(m)
	tjg := s.tinyID + "-" + strconv.FormatUint(uint64(m.Random), 10)
	head := func(servcmd string, seq uint64, now int64) wire.Head {
		h := wire.SessionHeadRef(t.sdkAppID, s.a2, s.tinyID, &s.instID, servcmd, seq, now)
		if cur := t.sess.Load(); cur != nil {
			h.A2, h.TinyID, h.StatusInstID = cur.a2, cur.tinyID, &cur.instID
		}
		h.TjgID = &tjg
		return h
	}
	var resp wire.SendGroupMsgResp
	if err := t.do(ctx, call{servcmd: wire.CmdSendGroupMsg, head: head, body: json.RawMessage(body), out: &resp}); err != nil {
		return m, fail(m, err)
	}
	m.Status = types.MsgStatusSuccess
	if resp.MsgTime != 0 {
		m.Time = resp.MsgTime
	}
	m.Sequence = resp.MsgSeq
	return m, nil
}

// fail marks m as failed and returns err.
func fail(m *message.Message, err error) error {
	m.Status = types.MsgStatusFail
	return err
}

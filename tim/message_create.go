package tim

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/types"
)

// MessageOptions are the options of the create*Message calls (JS
// MESSAGE_OPTIONS): the target group, the conversation type (GROUP), the
// payload, an optional priority (default Normal) and cloud custom data.
type MessageOptions[P any] struct {
	To               string
	ConversationType types.ConvType
	Payload          P
	Priority         types.Priority
	CloudCustomData  string
}

// Options of each create call.
type (
	TextMessageOptions   = MessageOptions[message.TextPayload]
	CustomMessageOptions = MessageOptions[message.CustomPayload]
	FaceMessageOptions   = MessageOptions[message.FacePayload]
)

// maxRandom is tim-js-sdk's random: round(Math.random()·99999999).
const maxRandom = 99999999

// CreateTextMessage builds a text message to send with SendMessage. The
// text must not be empty. Not ready (guests included): the not-ready
// reason, 2024 before login.
func (t *TIM) CreateTextMessage(o TextMessageOptions) (*message.Message, error) {
	if o.Payload.Text == "" {
		return nil, invalid("payload.text is empty")
	}
	p := o.Payload
	return t.createMessage(o.To, o.ConversationType, o.Priority, o.CloudCustomData, &p)
}

// CreateCustomMessage builds a custom message (data, description,
// extension). One that has all three empty is refused by SendMessage
// (2403), as in tim-js-sdk.
func (t *TIM) CreateCustomMessage(o CustomMessageOptions) (*message.Message, error) {
	p := o.Payload
	return t.createMessage(o.To, o.ConversationType, o.Priority, o.CloudCustomData, &p)
}

// CreateFaceMessage builds a face (sticker) message; Data is required.
func (t *TIM) CreateFaceMessage(o FaceMessageOptions) (*message.Message, error) {
	if o.Payload.Data == "" {
		return nil, invalid("payload.data is empty")
	}
	p := o.Payload
	return t.createMessage(o.To, o.ConversationType, o.Priority, o.CloudCustomData, &p)
}

// createMessage fills the fields tim-js-sdk sets on a new message: ID
// "<tinyID>-<clientTime>-<random>", from, flow out, status unSend, the
// user's nick and avatar, and the client sequence.
func (t *TIM) createMessage(to string, conv types.ConvType, prio types.Priority, ccd string, p message.Payload) (*message.Message, error) {
	if err := t.checkReady(createAPI(p)); err != nil {
		return nil, err
	}
	switch {
	case to == "":
		return nil, invalid("to is empty")
	case conv == types.ConvC2C:
		return nil, newError(types.ErrInvalidConversationType, "only GROUP conversations are supported")
	case conv != types.ConvGroup:
		return nil, invalid("conversationType must be GROUP")
	case prio == "":
		prio = types.MsgPriorityNormal
	case !prio.Valid():
		return nil, invalid("unknown priority " + string(prio))
	}
	s := t.sess.Load()
	if s == nil {
		return nil, newError(types.ErrNotLoggedIn, "")
	}
	now := t.now().Unix()
	random := uint32(rand.IntN(maxRandom + 1))
	t.mu.Lock()
	seq := t.nextClientSeqLocked()
	nick, avatar := "", ""
	if t.myProfile != nil {
		nick, avatar = t.myProfile.Nick, t.myProfile.Avatar
	}
	t.mu.Unlock()
	m := &message.Message{
		ID:               message.MakeID(s.tinyID, now, random),
		Type:             p.Type(),
		Payload:          p,
		ConversationID:   conv.ConversationID(to),
		ConversationType: conv,
		To:               to,
		From:             s.userID,
		Flow:             types.FlowOut,
		Time:             now,
		Status:           types.MsgStatusUnSend,
		Priority:         prio,
		Nick:             nick,
		Avatar:           avatar,
		Random:           random,
		ClientTime:       now,
		ClientSeq:        seq,
		CloudCustomData:  ccd,
		SenderTinyID:     s.tinyID,
	}
	if r := t.room(to); r != nil {
		m.NameCard = r.snapshot().SelfInfo.NameCard
	}
	return m, nil
}

// nextClientSeqLocked is tim-js-sdk's clientSequence: seeded HHMMSS0001 from
// the local time at first use (a one-digit hour gets a "3" prefix, as the
// JS code does), then +1 per message.
func (t *TIM) nextClientSeqLocked() uint64 {
	if t.clientSeq == 0 {
		n := time.Now()
		h := strconv.Itoa(n.Hour())
		if n.Hour() < 10 {
			h = "3" + h
		}
		seed, _ := strconv.ParseUint(h+twoDigits(n.Minute())+twoDigits(n.Second())+"0001", 10, 64)
		t.clientSeq = seed
		return seed
	}
	t.clientSeq++
	return t.clientSeq
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

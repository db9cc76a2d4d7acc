package message

import (
	"strconv"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// Message is one message, tip or system notice (the JS Message object).
type Message struct {
	// ID is "<senderTinyID>-<clientTime>-<random>" (see MakeID); sender and
	// receivers derive the same ID.
	ID string `json:"ID"`
	// Type is the element type; it equals Payload.Type().
	Type types.MsgType `json:"type"`
	// Payload is the content of the (first and only) element.
	Payload Payload `json:"payload"`

	// ConversationID is "GROUP<groupID>", "C2C<userID>" or "@TIM#SYSTEM".
	ConversationID string `json:"conversationID"`
	// ConversationType is GROUP, C2C, or @TIM#SYSTEM for system notices.
	ConversationType types.ConvType `json:"conversationType"`
	// To is the group ID of a group message (the peer for C2C).
	To string `json:"to"`
	// From is the sender's user ID; types.SystemAccount for tips and notices.
	From string `json:"from"`
	// Flow is "out" when From is the current user, "in" otherwise, and empty
	// for guests (no current user).
	Flow types.Flow `json:"flow"`
	// Time is the server time of the message, Unix seconds.
	Time int64 `json:"time"`
	// Status is unSend until sent, then success or fail; received messages
	// are success.
	Status types.MsgStatus `json:"status"`
	// Priority is the group delivery priority; Normal by default.
	Priority types.Priority `json:"priority"`

	// Nick is the sender's nickname when sent.
	Nick string `json:"nick"`
	// Avatar is the sender's avatar URL when sent.
	Avatar string `json:"avatar"`
	// NameCard is the sender's name card in the group.
	NameCard string `json:"nameCard"`

	// Sequence is the group sequence the server gave the message (0 until
	// sent); unique per room across messages, tips and notices.
	Sequence uint64 `json:"sequence"`
	// Random is the sender's random number, part of the ID; it also lets the
	// sender recognise its own echo.
	Random uint32 `json:"random"`
	// ClientTime is the sender's clock (corrected by the server offset) when
	// the message was created, Unix seconds; part of the ID.
	ClientTime int64 `json:"clientTime"`
	// ClientSeq is the sender's per-user message counter (JS clientSequence).
	ClientSeq uint64 `json:"clientSequence"`
	// CloudCustomData is app data carried beside the payload; "" by default.
	CloudCustomData string `json:"cloudCustomData"`

	// IsSystemMessage is true for group system notices.
	IsSystemMessage bool `json:"isSystemMessage"`
	// IsBroadcastMessage is true for messages broadcast to every live room
	// of the app.
	IsBroadcastMessage bool `json:"isBroadcastMessage"`
	// SenderTinyID is the sender's numeric tiny ID, the first part of ID.
	SenderTinyID string `json:"senderTinyID"`
}

// MakeID builds a message ID the way tim-js-sdk does:
// "<senderTinyID>-<clientTime>-<random>". The format has one definition,
// in the wire package, which the emulator shares.
func MakeID(senderTinyID string, clientTime int64, random uint32) string {
	return wire.MessageID(senderTinyID, clientTime, random)
}

// String summarises m for logs: type, ID, conversation, sequence and sender.
func (m *Message) String() string {
	if m == nil {
		return "<nil message>"
	}
	return string(m.Type) + " " + m.ID + " in " + m.ConversationID +
		" seq " + strconv.FormatUint(m.Sequence, 10) + " from " + m.From
}

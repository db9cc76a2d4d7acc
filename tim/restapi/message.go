package restapi

import (
	"context"
	"math/rand/v2"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// SendGroupMsgRequest is group_open_http_svc/send_group_msg
// (cloud.tencent.com/document/product/269/1629, trtc.io/document/34959).
//
// From_Account sends as that user (empty: the admin). Random identifies
// the message: Tencent drops a second message with the same Random within
// 5 minutes, so SendGroupMsg fills an empty one once and retries with it.
// MsgPriority is "High", "Normal" (default), "Low" or "Lowest": a room
// over its 40 messages/s keeps the higher ones. SendMsgControl may hold
// NoMsgCheck; ForbidCallbackControl may hold ForbidBeforeSendMsgCallback
// and ForbidAfterSendMsgCallback.
type SendGroupMsgRequest struct {
	GroupID               string         `json:"GroupId"`
	FromAccount           string         `json:"From_Account,omitempty"`
	Random                uint32         `json:"Random"`
	MsgPriority           types.Priority `json:"MsgPriority,omitempty"`
	MsgBody               []MsgElement   `json:"MsgBody"`
	CloudCustomData       string         `json:"CloudCustomData,omitempty"`
	SendMsgControl        []string       `json:"SendMsgControl,omitempty"`
	ForbidCallbackControl []string       `json:"ForbidCallbackControl,omitempty"`
}

// SendGroupMsgResponse carries the message's room sequence and time.
// MsgDropReason names why the room dropped the message ("MsgFreqCtrl": its
// rate limit), empty when it was delivered.
type SendGroupMsgResponse struct {
	MsgTime       int64  `json:"MsgTime"`
	MsgSeq        uint64 `json:"MsgSeq"`
	MsgDropReason string `json:"MsgDropReason,omitempty"`
}

// SendGroupMsg sends a message to a group. An empty Random is filled
// with a random one.
func (c *Client) SendGroupMsg(ctx context.Context, req SendGroupMsgRequest) (*SendGroupMsgResponse, error) {
	if req.Random == 0 {
		req.Random = nonZeroRandom()
	}
	return call[SendGroupMsgResponse](ctx, c, CmdSendGroupMsg, req)
}

// SendGroupSystemNotificationRequest is
// group_open_http_svc/send_group_system_notification
// (trtc.io/document/34958). In an AVChatRoom the notice goes to every
// member: ToMembers_Account is not honoured. Not retried (Tencent has no
// dedup key for it).
type SendGroupSystemNotificationRequest struct {
	GroupID          string   `json:"GroupId"`
	ToMembersAccount []string `json:"ToMembers_Account,omitempty"`
	Content          string   `json:"Content"`
}

// SendGroupSystemNotification sends a group system notice (tim-js-sdk
// GROUP_SYSTEM_NOTICE type 255, the content as userDefinedField).
func (c *Client) SendGroupSystemNotification(ctx context.Context, req SendGroupSystemNotificationRequest) error {
	return c.Call(ctx, CmdSendGroupSystemNotification, req, nil)
}

// GroupMsgRecallRequest is group_open_http_svc/group_msg_recall
// (cloud.tencent.com/document/product/269/12341, trtc.io/document/34965):
// up to 10 messages by sequence. Tencent supports it on an AVChatRoom for
// Native SDK 7.4.4634+ and Web SDK 3.1.2+, for messages under an hour
// old, reaching the members online; tim-js-sdk 2.27.6 does not show it.
type GroupMsgRecallRequest struct {
	GroupID    string   `json:"GroupId"`
	MsgSeqList []MsgSeq `json:"MsgSeqList"`
	Reason     string   `json:"Reason,omitempty"`
}

// MsgSeq names one group message by its sequence (trtc.io/document/34965).
type MsgSeq struct {
	MsgSeq uint64 `json:"MsgSeq"`
}

// GroupMsgRecallResponse has one result per message (RetCode 0: recalled;
// trtc.io/document/34965).
type GroupMsgRecallResponse struct {
	RecallRetList []RecallResult `json:"RecallRetList"`
}

// RecallResult is one message's recall result (trtc.io/document/34965).
type RecallResult struct {
	MsgSeq  uint64 `json:"MsgSeq"`
	RetCode int    `json:"RetCode"`
}

// GroupMsgRecall recalls group messages.
func (c *Client) GroupMsgRecall(ctx context.Context, req GroupMsgRecallRequest) (*GroupMsgRecallResponse, error) {
	return call[GroupMsgRecallResponse](ctx, c, CmdGroupMsgRecall, req)
}

// Values of SendMsgRequest.SyncOtherMachine.
const (
	SyncToSender   = wire.SyncToSender   // 1: the message also reaches the sender's devices
	NoSyncToSender = wire.NoSyncToSender // 2: it does not
)

// SendMsgRequest is openim/sendmsg, a one-to-one message from the backend
// (cloud.tencent.com/document/product/269/2282, trtc.io/document/34919):
// from the admin, or from From_Account, to To_Account (a bot, a viewer).
// Tencent deduplicates by From_Account, MsgSeq, MsgRandom and the content
// for 120 s, so SendMsg fills an empty MsgRandom once and retries with it.
// The call checks neither friendship nor the sender's mute.
type SendMsgRequest struct {
	SyncOtherMachine      int          `json:"SyncOtherMachine,omitempty"`
	FromAccount           string       `json:"From_Account,omitempty"`
	ToAccount             string       `json:"To_Account"`
	MsgLifeTime           *int         `json:"MsgLifeTime,omitempty"`
	MsgSeq                uint32       `json:"MsgSeq,omitempty"`
	MsgRandom             uint32       `json:"MsgRandom"`
	MsgBody               []MsgElement `json:"MsgBody"`
	CloudCustomData       string       `json:"CloudCustomData,omitempty"`
	SendMsgControl        []string     `json:"SendMsgControl,omitempty"`
	ForbidCallbackControl []string     `json:"ForbidCallbackControl,omitempty"`
}

// SendMsgResponse carries the message's time and key (for recall;
// trtc.io/document/34919).
type SendMsgResponse struct {
	MsgTime int64  `json:"MsgTime"`
	MsgKey  string `json:"MsgKey"`
}

// SendMsg sends a one-to-one message. An empty MsgRandom is filled with a
// random one.
func (c *Client) SendMsg(ctx context.Context, req SendMsgRequest) (*SendMsgResponse, error) {
	if req.MsgRandom == 0 {
		req.MsgRandom = nonZeroRandom()
	}
	return call[SendMsgResponse](ctx, c, CmdSendMsg, req)
}

// nonZeroRandom is a random uint32 other than 0, which reads as unset.
func nonZeroRandom() uint32 { return rand.Uint32N(1<<32-1) + 1 }

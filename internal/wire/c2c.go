package wire

import (
	"encoding/json"
	"strconv"
)

// One-to-one (C2C) messages: the REST command a business backend sends them
// with, the message item tim-js-sdk 2.27.6 accepts in a push and in the
// openim.getmsg sync, and the push body. Read from the tim-js-sdk 2.27.6
// bundle and confirmed by running it against the emulator
// (docs/wire-additions.md, "One-to-one messages").

// RESTSendMsg is openim/sendmsg: one C2C message from the App admin, or from
// an account the admin names, to one account (trtc.io/document/34919,
// cloud.tencent.com/document/product/269/2282).
const RESTSendMsg = "openim/sendmsg"

// EventC2CMsg is the outer Event of a msg_push element carrying C2cMsgArray.
// tim-js-sdk routes C2C messages by the C2cMsgArray key alone and never
// reads this number; 1 is Tencent's event for C2C messages [inferred].
const EventC2CMsg = 1

// Values of RESTSendMsgReq.SyncOtherMachine (trtc.io/document/34919).
const (
	SyncToSender   = 1 // the message also reaches From_Account's online instances
	NoSyncToSender = 2 // it does not
)

// MaxC2CMsgLifeTime is the longest MsgLifeTime Tencent accepts: 7 days, in
// seconds; it is also the default (trtc.io/document/34919).
const MaxC2CMsgLifeTime = 7 * 24 * 3600

// SendMsgControl values of openim/sendmsg besides SendMsgControlNoMsgCheck:
// NoUnread and NoLastMsg leave the message out of the unread count and the
// conversation's last message; WithMuteNotifications honours the
// receiver's do-not-disturb setting (trtc.io/document/34919).
const (
	SendMsgControlNoUnread      = "NoUnread"
	SendMsgControlNoLastMsg     = "NoLastMsg"
	SendMsgControlWithMuteNotif = "WithMuteNotifications"
)

// RESTSendMsgReq is the openim/sendmsg body with every field kept raw, so
// that the emulator can refuse a missing or wrong-typed field with the code
// Tencent gives that field. Follows trtc.io/document/34919.
type RESTSendMsgReq struct {
	SyncOtherMachine        json.RawMessage `json:"SyncOtherMachine"`
	FromAccount             json.RawMessage `json:"From_Account"`
	ToAccount               json.RawMessage `json:"To_Account"`
	MsgLifeTime             json.RawMessage `json:"MsgLifeTime"`
	MsgSeq                  json.RawMessage `json:"MsgSeq"`
	MsgRandom               json.RawMessage `json:"MsgRandom"`
	MsgBody                 json.RawMessage `json:"MsgBody"`
	CloudCustomData         json.RawMessage `json:"CloudCustomData"`
	SupportMessageExtension json.RawMessage `json:"SupportMessageExtension"`
	SendMsgControl          json.RawMessage `json:"SendMsgControl"`
	ForbidCallbackControl   json.RawMessage `json:"ForbidCallbackControl"`
	OfflinePushInfo         json.RawMessage `json:"OfflinePushInfo"`
	IsNeedReadReceipt       json.RawMessage `json:"IsNeedReadReceipt"`
}

// RESTSendMsgResp is the openim/sendmsg reply: the message's time and its
// MsgKey ("<MsgSeq>_<MsgRandom>_<MsgTime>", the key recall uses).
type RESTSendMsgResp struct {
	Status
	MsgTime int64  `json:"MsgTime"`
	MsgKey  string `json:"MsgKey"`
}

// C2CMsgKey builds a C2C message's MsgKey as Tencent's replies show it:
// "<MsgSeq>_<MsgRandom>_<MsgTime>" (trtc.io/document/34919).
func C2CMsgKey(seq uint64, random uint32, msgTime int64) string {
	b := make([]byte, 0, 40)
	b = strconv.AppendUint(b, seq, 10)
	b = append(b, '_')
	b = strconv.AppendUint(b, uint64(random), 10)
	b = append(b, '_')
	b = strconv.AppendInt(b, msgTime, 10)
	return string(b)
}

// C2CMsg is one C2C message as tim-js-sdk reads it from msg_push's
// C2cMsgArray and from openim.getmsg's MsgList (its keys become from, to,
// sequence, random, time, clientTime, tinyID, messageKey, elements, nick,
// avatar, cloudCustomData, isSyncMessage, msgLifeTime, messageControlInfo).
// The SDK builds the message ID from TinyId, MsgClientTime and MsgRandom,
// and drops a repeat of From_Account, To_Account, MsgRandom, MsgSeq and
// MsgTimeStamp: a message pushed and then synced must carry the same five.
type C2CMsg struct {
	FromAccount        string `json:"From_Account"`
	ToAccount          string `json:"To_Account"`
	MsgSeq             uint64 `json:"MsgSeq"`
	MsgRandom          uint32 `json:"MsgRandom"`
	MsgTimeStamp       int64  `json:"MsgTimeStamp"`
	MsgClientTime      int64  `json:"MsgClientTime,omitempty"`
	TinyID             string `json:"TinyId,omitempty"` // the sender's
	MsgKey             string `json:"MsgKey,omitempty"`
	FromAccountNick    string `json:"From_AccountNick"`
	FromAccountHeadurl string `json:"From_AccountHeadurl"`
	// IsSyncMsg 1 marks a copy sent to the sender's own instances
	// (SyncOtherMachine 1): From_Account and To_Account then name the peer
	// and the sender, and the SDK swaps them back.
	IsSyncMsg int `json:"IsSyncMsg,omitempty"`
	// MsgLifeTime 0 makes tim-js-sdk treat the message as online-only.
	MsgLifeTime     int            `json:"MsgLifeTime"`
	MsgBody         []Elem         `json:"MsgBody"`
	CloudCustomData string         `json:"CloudCustomData,omitempty"`
	SendMsgControl  *C2CMsgControl `json:"SendMsgControl,omitempty"`
}

// C2CMsgControl is an item's SendMsgControl, which tim-js-sdk reads as
// messageControlInfo {excludedFromUnreadCount, excludedFromLastMessage}.
type C2CMsgControl struct {
	NoUnread  int `json:"NoUnread,omitempty"`
	NoLastMsg int `json:"NoLastMsg,omitempty"`
}

// C2CSyncResp is the openim.getmsg reply with messages. SyncFlag 0 or 1
// makes tim-js-sdk ask again with the Cookie; 2 ends the sync; an empty
// Cookie stops it at once.
type C2CSyncResp struct {
	Status
	Cookie   string            `json:"Cookie"`
	SyncFlag int               `json:"SyncFlag"`
	MsgList  []json.RawMessage `json:"MsgList"`
}

// openim.getmsg SyncFlag values.
const (
	SyncFlagMore = 1 // more pages follow: ask again with the Cookie
	SyncFlagDone = 2 // the sync is complete
)

// AppendC2CPushBody writes a msg_push body carrying encoded C2C items in
// one EventArray element (Event 1, C2cMsgArray). sessionData, when set,
// asks for an ack.
func AppendC2CPushBody(dst []byte, items []json.RawMessage, sessionData string) []byte {
	dst = append(dst, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","EventArray":[{"Event":`...)
	dst = strconv.AppendInt(dst, EventC2CMsg, 10)
	dst = append(dst, `,"C2cMsgArray":[`...)
	for i, it := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, it...)
	}
	dst = append(dst, "]}]"...)
	if sessionData != "" {
		dst = append(dst, `,"NeedAck":1,"SessionData":`...)
		dst = appendJSONString(dst, sessionData)
	}
	return append(dst, '}')
}

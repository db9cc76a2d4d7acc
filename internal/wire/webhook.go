package wire

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// Webhooks ("third-party callbacks"): the server POSTs a JSON body to the
// app's callback URL with the query
// ?SdkAppid=&CallbackCommand=&contenttype=json&ClientIP=&OptPlatform=, and,
// when a callback token is configured, &Sign=&RequestTime= (Webhook
// Overview, trtc.io/document/34354). Only the before-send reply is read;
// Tencent ignores the replies of the after-event callbacks. The emulator
// (internal/server) posts these bodies and the public package tim/webhook
// receives them: both use the types below.

// Callback commands (the CallbackCommand query parameter and body field).
const (
	CallbackBeforeSendMsg      = "Group.CallbackBeforeSendMsg"      // trtc.io/document/34374
	CallbackAfterSendMsg       = "Group.CallbackAfterSendMsg"       // trtc.io/document/34375
	CallbackAfterNewMemberJoin = "Group.CallbackAfterNewMemberJoin" // trtc.io/document/34372
	CallbackAfterMemberExit    = "Group.CallbackAfterMemberExit"    // trtc.io/document/34373
	CallbackSendMsgException   = "Group.CallbackSendMsgException"   // trtc.io/document/49462
)

// Callback query parameters (trtc.io/document/34354, "Webhook Protocol"
// and "Security Considerations").
const (
	CallbackQuerySDKAppID    = "SdkAppid"
	CallbackQueryCommand     = "CallbackCommand"
	CallbackQueryContentType = "contenttype"
	CallbackQueryClientIP    = "ClientIP"
	CallbackQueryPlatform    = "OptPlatform"
	CallbackQuerySign        = "Sign"        // with a token: hex(sha256(Token + RequestTime))
	CallbackQueryRequestTime = "RequestTime" // with a token: the signing time, Unix seconds
)

// CallbackContentType is the contenttype query value.
const CallbackContentType = ContentTypeJSON

// OptPlatform values the emulator sends: tim-js-sdk clients are Web, REST
// calls are RESTAPI. Tencent also sends Android, iOS, Windows, macOS, iPad
// and Unknown (trtc.io/document/34354).
const (
	CallbackPlatformWeb  = "Web"
	CallbackPlatformREST = "RESTAPI"
)

// CallbackSign is Tencent's callback signature: the lower-case hex SHA-256
// of the token followed by the decimal RequestTime, "Sign=sha256(Token
// RequestTime)" (trtc.io/document/34354; tencentcloud.com/document/product/
// 647/64412 adds that a RequestTime over 1 minute from now is refused).
// Token "xxxxyyyy" at 1669872112 signs as 17773bc3…d484061.
func CallbackSign(token string, requestTime int64) string {
	sum := sha256.Sum256([]byte(token + strconv.FormatInt(requestTime, 10)))
	return hex.EncodeToString(sum[:])
}

// Before-send verdicts (the reply's ErrorCode, trtc.io/document/34374).
const (
	CallbackAllow  = 0 // deliver (with the reply's MsgBody/CloudCustomData, if given)
	CallbackReject = 1 // refuse: the sender gets 10016
	CallbackDrop   = 2 // drop silently: the sender gets success
)

// A before-send reply whose ErrorCode is in [CallbackRejectCodeMin,
// CallbackRejectCodeMax] refuses the message and gives the sender that
// ErrorCode and the reply's ErrorInfo instead of 10016 (trtc.io/document/
// 34374, response field ErrorCode).
const (
	CallbackRejectCodeMin = 10100
	CallbackRejectCodeMax = 10200
)

// Member exit types of Group.CallbackAfterMemberExit.
const (
	ExitQuit   = "Quit"   // the member left
	ExitKicked = "Kicked" // removed or banned by an admin
)

// Join types of Group.CallbackAfterNewMemberJoin.
const (
	JoinApply   = "Apply"   // the member joined by themselves (every live-room join)
	JoinInvited = "Invited" // added by invitation
)

// ForbidCallbackControl values of REST send_group_msg.
const (
	ForbidBeforeSendMsgCallback = "ForbidBeforeSendMsgCallback"
	ForbidAfterSendMsgCallback  = "ForbidAfterSendMsgCallback"
)

// SendMsgControl value that skips content moderation (sensitive words).
const SendMsgControlNoMsgCheck = "NoMsgCheck"

// Millis is a callback's EventTime: milliseconds since the Unix epoch.
// Tencent's pages type it Integer but quote it in every sample
// ("EventTime":"1670574414123"), so it decodes from a number or a string
// of digits; it encodes as a number.
type Millis int64

// Time is m as a time.Time.
func (m Millis) Time() time.Time { return time.UnixMilli(int64(m)) }

// UnmarshalJSON accepts 1670574414123 and "1670574414123".
func (m *Millis) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("wire: EventTime %s is not a number of milliseconds", b)
	}
	*m = Millis(n)
	return nil
}

// GroupMsgCallback is the body of Group.CallbackBeforeSendMsg and the
// message part of Group.CallbackAfterSendMsg and
// Group.CallbackSendMsgException. Follows trtc.io/document/34374 (and the
// live-room page trtc.io/document/74347, which adds MsgId).
type GroupMsgCallback struct {
	CallbackCommand string `json:"CallbackCommand"`
	GroupID         string `json:"GroupId"`
	Type            string `json:"Type"`             // "AVChatRoom" for a live room
	FromAccount     string `json:"From_Account"`     // the sender
	OperatorAccount string `json:"Operator_Account"` // who made the request: the sender, or the admin for REST sends
	Random          uint32 `json:"Random"`
	MsgID           string `json:"MsgId,omitempty"` // the message's ID as the SDK knows it
	OnlineOnlyFlag  int    `json:"OnlineOnlyFlag"`  // 1 for an online-only message; always 0 in live rooms
	MsgBody         []Elem `json:"MsgBody"`
	CloudCustomData string `json:"CloudCustomData,omitempty"`
	EventTime       Millis `json:"EventTime"`
}

// AfterSendMsgCallback is the body of Group.CallbackAfterSendMsg, posted
// for a message that was delivered. Follows trtc.io/document/34375.
type AfterSendMsgCallback struct {
	GroupMsgCallback
	MsgSeq  uint64 `json:"MsgSeq"`  // the sequence members saw
	MsgTime int64  `json:"MsgTime"` // the server's send time, Unix seconds
}

// SendMsgExceptionCallback is the body of Group.CallbackSendMsgException,
// posted when a group message could not be delivered: a bad parameter (the
// group does not exist), over the send frequency limit (10023), refused by
// content moderation (80001, 80002) or a muted sender (10017). Follows
// trtc.io/document/49462.
type SendMsgExceptionCallback struct {
	GroupMsgCallback
	ErrorCode int    `json:"ErrorCode"` // why the message failed
	ErrorInfo string `json:"ErrorInfo"`
}

// CallbackBeforeSendMsgResp is the app's verdict on a message
// (trtc.io/document/34374). ErrorCode 0 delivers the message, with MsgBody
// replacing its body when not empty and CloudCustomData replacing its cloud
// data when present; 1 refuses it (10016); 2 drops it silently; a code in
// [CallbackRejectCodeMin, CallbackRejectCodeMax] refuses it with that code
// and ErrorInfo. Tencent's samples keep ActionStatus "OK" in every case.
type CallbackBeforeSendMsgResp struct {
	Status
	MsgBody         []Elem  `json:"MsgBody,omitempty"`
	CloudCustomData *string `json:"CloudCustomData,omitempty"`
}

// CallbackMember is one user in a member callback.
type CallbackMember struct {
	MemberAccount string `json:"Member_Account"`
}

// MemberJoinCallback is the body of Group.CallbackAfterNewMemberJoin.
// Follows trtc.io/document/34372.
type MemberJoinCallback struct {
	CallbackCommand string           `json:"CallbackCommand"`
	GroupID         string           `json:"GroupId"`
	Type            string           `json:"Type"`
	JoinType        string           `json:"JoinType"`         // JoinApply or JoinInvited
	OperatorAccount string           `json:"Operator_Account"` // who made the request
	NewMemberList   []CallbackMember `json:"NewMemberList"`
	EventTime       Millis           `json:"EventTime"`
}

// MemberExitCallback is the body of Group.CallbackAfterMemberExit.
// Follows trtc.io/document/34373.
type MemberExitCallback struct {
	CallbackCommand string           `json:"CallbackCommand"`
	GroupID         string           `json:"GroupId"`
	Type            string           `json:"Type"`
	ExitType        string           `json:"ExitType"`         // ExitQuit or ExitKicked
	OperatorAccount string           `json:"Operator_Account"` // the member who left, or the admin who removed them
	ExitMemberList  []CallbackMember `json:"ExitMemberList"`
	EventTime       Millis           `json:"EventTime"`
}

package wire

// Webhooks ("third-party callbacks", server-api.md "Webhooks"): the server
// POSTs a JSON body to the app's callback URL with the query
// ?SdkAppid=&CallbackCommand=&contenttype=json&ClientIP=&OptPlatform=.
// Only the before-send reply is read; the others are fire and forget.

// Callback commands.
const (
	CallbackBeforeSendMsg      = "Group.CallbackBeforeSendMsg"
	CallbackAfterSendMsg       = "Group.CallbackAfterSendMsg"
	CallbackAfterNewMemberJoin = "Group.CallbackAfterNewMemberJoin"
	CallbackAfterMemberExit    = "Group.CallbackAfterMemberExit"
)

// Callback query parameters.
const (
	CallbackQuerySDKAppID    = "SdkAppid"
	CallbackQueryCommand     = "CallbackCommand"
	CallbackQueryContentType = "contenttype"
	CallbackQueryClientIP    = "ClientIP"
	CallbackQueryPlatform    = "OptPlatform"
)

// OptPlatform values the emulator sends: tim-js-sdk clients are Web, REST
// calls are RESTAPI.
const (
	CallbackPlatformWeb  = "Web"
	CallbackPlatformREST = "RESTAPI"
)

// Before-send verdicts (the reply's ErrorCode).
const (
	CallbackAllow  = 0 // deliver (with the reply's MsgBody/CloudCustomData, if given)
	CallbackReject = 1 // refuse: the sender gets 10016
	CallbackDrop   = 2 // drop silently: the sender gets success
)

// Member exit types of Group.CallbackAfterMemberExit.
const (
	ExitQuit   = "Quit"   // the member left
	ExitKicked = "Kicked" // removed or banned by an admin
)

// JoinApply is JoinType for a member who joined by themselves.
const JoinApply = "Apply"

// ForbidCallbackControl values of REST send_group_msg.
const (
	ForbidBeforeSendMsgCallback = "ForbidBeforeSendMsgCallback"
	ForbidAfterSendMsgCallback  = "ForbidAfterSendMsgCallback"
)

// SendMsgControl value that skips content moderation (sensitive words).
const SendMsgControlNoMsgCheck = "NoMsgCheck"

// CallbackSendMsg is the body of Group.CallbackBeforeSendMsg and, with
// MsgSeq and MsgTime, of Group.CallbackAfterSendMsg.
type CallbackSendMsg struct {
	CallbackCommand string `json:"CallbackCommand"`
	GroupID         string `json:"GroupId"`
	Type            string `json:"Type"`
	FromAccount     string `json:"From_Account"`
	OperatorAccount string `json:"Operator_Account"`
	Random          uint32 `json:"Random"`
	MsgSeq          uint64 `json:"MsgSeq,omitempty"`
	MsgTime         int64  `json:"MsgTime,omitempty"`
	MsgID           string `json:"MsgId,omitempty"`
	OnlineOnlyFlag  int    `json:"OnlineOnlyFlag"` // always 0 in live rooms
	MsgBody         []Elem `json:"MsgBody"`
	CloudCustomData string `json:"CloudCustomData,omitempty"`
	EventTime       int64  `json:"EventTime"` // milliseconds
}

// CallbackBeforeSendMsgResp is the app's verdict. A non-empty MsgBody, or a
// CloudCustomData that is present, replaces the message's.
type CallbackBeforeSendMsgResp struct {
	Status
	MsgBody         []Elem  `json:"MsgBody,omitempty"`
	CloudCustomData *string `json:"CloudCustomData,omitempty"`
}

// CallbackMember is one user in a member callback.
type CallbackMember struct {
	MemberAccount string `json:"Member_Account"`
}

// CallbackMemberJoin is Group.CallbackAfterNewMemberJoin.
type CallbackMemberJoin struct {
	CallbackCommand string           `json:"CallbackCommand"`
	GroupID         string           `json:"GroupId"`
	Type            string           `json:"Type"`
	JoinType        string           `json:"JoinType"`
	OperatorAccount string           `json:"Operator_Account"`
	NewMemberList   []CallbackMember `json:"NewMemberList"`
	EventTime       int64            `json:"EventTime"`
}

// CallbackMemberExit is Group.CallbackAfterMemberExit.
type CallbackMemberExit struct {
	CallbackCommand string           `json:"CallbackCommand"`
	GroupID         string           `json:"GroupId"`
	Type            string           `json:"Type"`
	ExitType        string           `json:"ExitType"`
	OperatorAccount string           `json:"Operator_Account"`
	ExitMemberList  []CallbackMember `json:"ExitMemberList"`
	EventTime       int64            `json:"EventTime"`
}

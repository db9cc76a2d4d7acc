package webhook

import "github.com/tim-go/sdk/internal/wire"

// Callback commands a live-room backend handles (the CallbackCommand query
// parameter and body field).
const (
	CommandBeforeSendMsg    = wire.CallbackBeforeSendMsg      // trtc.io/document/34374
	CommandAfterSendMsg     = wire.CallbackAfterSendMsg       // trtc.io/document/34375
	CommandMemberJoin       = wire.CallbackAfterNewMemberJoin // trtc.io/document/34372
	CommandMemberExit       = wire.CallbackAfterMemberExit    // trtc.io/document/34373
	CommandSendMsgException = wire.CallbackSendMsgException   // trtc.io/document/49462
)

// GroupMsg is the message part of the group message callbacks: CallbackCommand,
// GroupID ("GroupId"), Type ("AVChatRoom" for a live room), FromAccount
// (the sender, "From_Account"), OperatorAccount (who made the request: the
// sender, or the App admin for a REST send), Random, MsgID ("MsgId", the
// SDK's message ID), OnlineOnlyFlag (0 in live rooms), MsgBody,
// CloudCustomData and EventTime (milliseconds). Follows
// trtc.io/document/34374.
type GroupMsg = wire.GroupMsgCallback

// BeforeSendMsg is the body of Group.CallbackBeforeSendMsg: a message about
// to be delivered, for review (trtc.io/document/34374). Its fields are
// GroupMsg's.
type BeforeSendMsg = wire.GroupMsgCallback

// AfterSendMsg is the body of Group.CallbackAfterSendMsg: a message that
// was delivered, GroupMsg's fields (promoted from the embedded
// GroupMsgCallback) plus MsgSeq and MsgTime (Unix seconds). Follows
// trtc.io/document/34375.
type AfterSendMsg = wire.AfterSendMsgCallback

// SendMsgException is the body of Group.CallbackSendMsgException: a message
// that could not be delivered, GroupMsg's fields (without MsgId) plus
// ErrorCode and ErrorInfo: 10023 over the send frequency limit, 10017 a
// muted sender, 80001/80002 refused by content moderation, or a bad
// parameter such as a group that does not exist. Follows
// trtc.io/document/49462.
type SendMsgException = wire.SendMsgExceptionCallback

// MemberJoin is the body of Group.CallbackAfterNewMemberJoin: GroupID, Type,
// JoinType ("Apply"; "Invited"), OperatorAccount, NewMemberList and
// EventTime. Follows trtc.io/document/34372.
type MemberJoin = wire.MemberJoinCallback

// MemberExit is the body of Group.CallbackAfterMemberExit: GroupID, Type,
// ExitType (ExitQuit or ExitKicked), OperatorAccount (the member who left,
// or the admin who removed them), ExitMemberList and EventTime. Follows
// trtc.io/document/34373.
type MemberExit = wire.MemberExitCallback

// Member is one user of NewMemberList or ExitMemberList ("Member_Account").
type Member = wire.CallbackMember

// Millis is a callback's EventTime, milliseconds since the Unix epoch; it
// decodes from a number or, as in Tencent's samples, a quoted number.
type Millis = wire.Millis

// ExitType values of MemberExit.
const (
	ExitQuit   = wire.ExitQuit   // the member left
	ExitKicked = wire.ExitKicked // removed or banned by an admin
)

// JoinType values of MemberJoin.
const (
	JoinApply   = wire.JoinApply   // joined by themselves: every live-room join
	JoinInvited = wire.JoinInvited // added by invitation
)

// Members returns the user IDs of a member list.
func Members(list []Member) []string {
	out := make([]string, len(list))
	for i, m := range list {
		out[i] = m.MemberAccount
	}
	return out
}

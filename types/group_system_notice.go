package types

// GroupSystemNoticeOp is the operationType of a group system notice
// (MsgGrpSysNotice payload). tim-js-sdk has no constants for it; the names
// here follow Tencent's TUIKit meanings.
type GroupSystemNoticeOp int

const (
	// GrpSysNoticeJoinRequest (1): someone applied to join (sent to admins).
	GrpSysNoticeJoinRequest GroupSystemNoticeOp = 1
	// GrpSysNoticeJoinAccepted (2): your application was accepted.
	GrpSysNoticeJoinAccepted GroupSystemNoticeOp = 2
	// GrpSysNoticeJoinRejected (3): your application was rejected.
	GrpSysNoticeJoinRejected GroupSystemNoticeOp = 3
	// GrpSysNoticeKicked (4): an admin removed you from the group; the SDK
	// drops the group locally.
	GrpSysNoticeKicked GroupSystemNoticeOp = 4
	// GrpSysNoticeDismissed (5): the group was dismissed; the SDK drops it
	// locally and stops receiving.
	GrpSysNoticeDismissed GroupSystemNoticeOp = 5
	// GrpSysNoticeCreated (6): the group was created (sent to the creator).
	GrpSysNoticeCreated GroupSystemNoticeOp = 6
	// GrpSysNoticeInvited (7): you were added to the group.
	GrpSysNoticeInvited GroupSystemNoticeOp = 7
	// GrpSysNoticeQuit (8): you left the group.
	GrpSysNoticeQuit GroupSystemNoticeOp = 8
	// GrpSysNoticeSetAdmin (9): you were made admin.
	GrpSysNoticeSetAdmin GroupSystemNoticeOp = 9
	// GrpSysNoticeCanceledAdmin (10): your admin role was revoked.
	GrpSysNoticeCanceledAdmin GroupSystemNoticeOp = 10
	// GrpSysNoticeReclaimed (11): the group was reclaimed.
	GrpSysNoticeReclaimed GroupSystemNoticeOp = 11
	// GrpSysNoticeInviteRequest (12): an invitation waits for your approval.
	GrpSysNoticeInviteRequest GroupSystemNoticeOp = 12
	// GrpSysNoticeInviteAccepted (13): an invitation was accepted.
	GrpSysNoticeInviteAccepted GroupSystemNoticeOp = 13
	// GrpSysNoticeInviteRejected (14): an invitation was rejected.
	GrpSysNoticeInviteRejected GroupSystemNoticeOp = 14
	// GrpSysNoticeRemindTypeSynced (20): the message remind type was changed
	// on another device.
	GrpSysNoticeRemindTypeSynced GroupSystemNoticeOp = 20
	// GrpSysNoticeBanned (21): you were banned from the live room; the SDK
	// drops the room locally and stops receiving.
	GrpSysNoticeBanned GroupSystemNoticeOp = 21
	// GrpSysNoticeCustom (255): a custom notice sent through the REST API;
	// its text is in userDefinedField.
	GrpSysNoticeCustom GroupSystemNoticeOp = 255
)

var groupSystemNoticeOpNames = map[GroupSystemNoticeOp]string{
	GrpSysNoticeJoinRequest:      "JoinRequest",
	GrpSysNoticeJoinAccepted:     "JoinAccepted",
	GrpSysNoticeJoinRejected:     "JoinRejected",
	GrpSysNoticeKicked:           "Kicked",
	GrpSysNoticeDismissed:        "Dismissed",
	GrpSysNoticeCreated:          "Created",
	GrpSysNoticeInvited:          "Invited",
	GrpSysNoticeQuit:             "Quit",
	GrpSysNoticeSetAdmin:         "SetAdmin",
	GrpSysNoticeCanceledAdmin:    "CanceledAdmin",
	GrpSysNoticeReclaimed:        "Reclaimed",
	GrpSysNoticeInviteRequest:    "InviteRequest",
	GrpSysNoticeInviteAccepted:   "InviteAccepted",
	GrpSysNoticeInviteRejected:   "InviteRejected",
	GrpSysNoticeRemindTypeSynced: "RemindTypeSynced",
	GrpSysNoticeBanned:           "Banned",
	GrpSysNoticeCustom:           "Custom",
}

// String is a short name for op, or "GroupSystemNoticeOp(n)" for an
// undeclared one.
func (op GroupSystemNoticeOp) String() string {
	return opName(groupSystemNoticeOpNames, op, "GroupSystemNoticeOp")
}

// RemovesGroup reports whether a notice of this kind means the user is no
// longer in the group (kicked, dismissed, banned, quit), which is when
// tim-js-sdk drops the group and its conversation locally.
func (op GroupSystemNoticeOp) RemovesGroup() bool {
	switch op {
	case GrpSysNoticeKicked, GrpSysNoticeDismissed, GrpSysNoticeBanned, GrpSysNoticeQuit:
		return true
	}
	return false
}

package types

// GroupType is the type of a group (Group.type).
type GroupType string

const (
	// GrpWork is TIM.TYPES.GRP_WORK (alias GRP_PRIVATE): a work group.
	GrpWork GroupType = "Private"
	// GrpPublic is TIM.TYPES.GRP_PUBLIC: a public group.
	GrpPublic GroupType = "Public"
	// GrpMeeting is TIM.TYPES.GRP_MEETING (alias GRP_CHATROOM): a meeting group.
	GrpMeeting GroupType = "ChatRoom"
	// GrpAVChatRoom is TIM.TYPES.GRP_AVCHATROOM: a live room, the group type
	// this module is built for.
	GrpAVChatRoom GroupType = "AVChatRoom"
	// GrpCommunity is TIM.TYPES.GRP_COMMUNITY: a community.
	GrpCommunity GroupType = "Community"
)

// Valid reports whether t is a type createGroup accepts (others fail with
// [ErrIllegalGroupType]).
func (t GroupType) Valid() bool {
	switch t {
	case GrpWork, GrpPublic, GrpMeeting, GrpAVChatRoom, GrpCommunity:
		return true
	}
	return false
}

// MemberRole is a group member's role (GroupMember.role).
type MemberRole string

const (
	// GrpMbrRoleOwner is TIM.TYPES.GRP_MBR_ROLE_OWNER.
	GrpMbrRoleOwner MemberRole = "Owner"
	// GrpMbrRoleAdmin is TIM.TYPES.GRP_MBR_ROLE_ADMIN.
	GrpMbrRoleAdmin MemberRole = "Admin"
	// GrpMbrRoleMember is TIM.TYPES.GRP_MBR_ROLE_MEMBER.
	GrpMbrRoleMember MemberRole = "Member"
	// GrpMbrRoleCustom is TIM.TYPES.GRP_MBR_ROLE_CUSTOM (Community only).
	GrpMbrRoleCustom MemberRole = "Custom"
)

// JoinOption says how users may join a group (Group.joinOption). Live rooms
// are always FreeAccess.
type JoinOption string

const (
	// JoinOptionsFreeAccess is TIM.TYPES.JOIN_OPTIONS_FREE_ACCESS.
	JoinOptionsFreeAccess JoinOption = "FreeAccess"
	// JoinOptionsNeedPermission is TIM.TYPES.JOIN_OPTIONS_NEED_PERMISSION.
	JoinOptionsNeedPermission JoinOption = "NeedPermission"
	// JoinOptionsDisableApply is TIM.TYPES.JOIN_OPTIONS_DISABLE_APPLY.
	JoinOptionsDisableApply JoinOption = "DisableApply"
)

// JoinStatus is the outcome of joinGroup (data.status).
type JoinStatus string

const (
	// JoinStatusSuccess is TIM.TYPES.JOIN_STATUS_SUCCESS: joined now.
	JoinStatusSuccess JoinStatus = "JoinedSuccess"
	// JoinStatusAlreadyInGroup is TIM.TYPES.JOIN_STATUS_ALREADY_IN_GROUP.
	JoinStatusAlreadyInGroup JoinStatus = "AlreadyInGroup"
	// JoinStatusWaitApproval is TIM.TYPES.JOIN_STATUS_WAIT_APPROVAL: the
	// request waits for an admin (never for live rooms).
	JoinStatusWaitApproval JoinStatus = "WaitAdminApproval"
)

// MessageRemindType is how a group's messages are announced to the user
// (Group.selfInfo.messageRemindType).
type MessageRemindType string

const (
	// MsgRemindAcptAndNote is TIM.TYPES.MSG_REMIND_ACPT_AND_NOTE: receive and notify.
	MsgRemindAcptAndNote MessageRemindType = "AcceptAndNotify"
	// MsgRemindAcptNotNote is TIM.TYPES.MSG_REMIND_ACPT_NOT_NOTE: receive silently.
	MsgRemindAcptNotNote MessageRemindType = "AcceptNotNotify"
	// MsgRemindDiscard is TIM.TYPES.MSG_REMIND_DISCARD: do not receive.
	MsgRemindDiscard MessageRemindType = "Discard"
)

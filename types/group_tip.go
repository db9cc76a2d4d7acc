package types

// GroupTipOp is the operationType of a group tip (MsgGrpTip payload).
type GroupTipOp int

const (
	// GrpTipMbrJoin is TIM.TYPES.GRP_TIP_MBR_JOIN: members joined.
	GrpTipMbrJoin GroupTipOp = 1
	// GrpTipMbrQuit is TIM.TYPES.GRP_TIP_MBR_QUIT: a member quit.
	GrpTipMbrQuit GroupTipOp = 2
	// GrpTipMbrKickedOut is TIM.TYPES.GRP_TIP_MBR_KICKED_OUT: members removed.
	GrpTipMbrKickedOut GroupTipOp = 3
	// GrpTipMbrSetAdmin is TIM.TYPES.GRP_TIP_MBR_SET_ADMIN: members made admin.
	GrpTipMbrSetAdmin GroupTipOp = 4
	// GrpTipMbrCanceledAdmin is TIM.TYPES.GRP_TIP_MBR_CANCELED_ADMIN: admin role revoked.
	GrpTipMbrCanceledAdmin GroupTipOp = 5
	// GrpTipGrpProfileUpdated is TIM.TYPES.GRP_TIP_GRP_PROFILE_UPDATED: name,
	// notification, custom fields… changed.
	GrpTipGrpProfileUpdated GroupTipOp = 6
	// GrpTipMbrProfileUpdated is TIM.TYPES.GRP_TIP_MBR_PROFILE_UPDATED: members
	// muted or unmuted (muteTime per member).
	GrpTipMbrProfileUpdated GroupTipOp = 7
	// GrpTipBanAVChatRoomMember is TIM.TYPES.GRP_TIP_BAN_AVCHATROOM_MEMBER:
	// members banned from the live room.
	GrpTipBanAVChatRoomMember GroupTipOp = 10
	// GrpTipUnbanAVChatRoomMember is TIM.TYPES.GRP_TIP_UNBAN_AVCHATROOM_MEMBER.
	GrpTipUnbanAVChatRoomMember GroupTipOp = 11
)

var groupTipOpNames = map[GroupTipOp]string{
	GrpTipMbrJoin:               "GRP_TIP_MBR_JOIN",
	GrpTipMbrQuit:               "GRP_TIP_MBR_QUIT",
	GrpTipMbrKickedOut:          "GRP_TIP_MBR_KICKED_OUT",
	GrpTipMbrSetAdmin:           "GRP_TIP_MBR_SET_ADMIN",
	GrpTipMbrCanceledAdmin:      "GRP_TIP_MBR_CANCELED_ADMIN",
	GrpTipGrpProfileUpdated:     "GRP_TIP_GRP_PROFILE_UPDATED",
	GrpTipMbrProfileUpdated:     "GRP_TIP_MBR_PROFILE_UPDATED",
	GrpTipBanAVChatRoomMember:   "GRP_TIP_BAN_AVCHATROOM_MEMBER",
	GrpTipUnbanAVChatRoomMember: "GRP_TIP_UNBAN_AVCHATROOM_MEMBER",
}

// String is the TIM.TYPES name of op, or "GroupTipOp(n)" for an undeclared one
// (8 is a Community topic change, which has no constant).
func (op GroupTipOp) String() string {
	return opName(groupTipOpNames, op, "GroupTipOp")
}

package wire

// Group tip operation types (TipBody.OpType), as TIM.TYPES numbers them.
const (
	TipMemberJoin         = 1  // GRP_TIP_MBR_JOIN
	TipMemberQuit         = 2  // GRP_TIP_MBR_QUIT
	TipMemberKickedOut    = 3  // GRP_TIP_MBR_KICKED_OUT
	TipMemberSetAdmin     = 4  // GRP_TIP_MBR_SET_ADMIN
	TipMemberCancelAdmin  = 5  // GRP_TIP_MBR_CANCELED_ADMIN
	TipGroupProfileUpdate = 6  // GRP_TIP_GRP_PROFILE_UPDATED
	TipMemberProfile      = 7  // GRP_TIP_MBR_PROFILE_UPDATED (mute, name card)
	TipBanMember          = 10 // GRP_TIP_BAN_AVCHATROOM_MEMBER
	TipUnbanMember        = 11 // GRP_TIP_UNBAN_AVCHATROOM_MEMBER
)

// Group roles and option values as get_group_self_member_info and the REST
// API spell them.
const (
	RoleOwner        = "Owner"
	RoleAdmin        = "Admin"
	RoleMember       = "Member"
	SwitchOn         = "On"  // ShutUpAllMember
	SwitchOff        = "Off" // ShutUpAllMember
	MsgFlagAccept    = "AcceptAndNotify"
	ApplyFreeAccess  = "FreeAccess"
	MuteForever      = 4294967295 // ShutUpTime: muted for good
	OnlineInfExpires = 60         // ET of OnlineInf and ExpireTime of get_online_member_num, seconds
)

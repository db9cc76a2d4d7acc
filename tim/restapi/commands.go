package restapi

// Command paths ("service/command"), for Call and Repeatable. Each typed
// method names the doc page its command follows.
const (
	CmdAccountImport      = "im_open_login_svc/account_import"
	CmdMultiAccountImport = "im_open_login_svc/multiaccount_import"
	CmdKick               = "im_open_login_svc/kick"
	CmdPortraitGet        = "profile/portrait_get"
	CmdPortraitSet        = "profile/portrait_set"
	CmdQueryOnlineStatus  = "openim/query_online_status"
	CmdQueryState         = "openim/querystate" // the old path of query_online_status
	CmdSendMsg            = "openim/sendmsg"
	CmdSetNoSpeaking      = "openconfigsvr/setnospeaking"
	CmdGetNoSpeaking      = "openconfigsvr/getnospeaking"

	CmdCreateGroup                 = "group_open_http_svc/create_group"
	CmdDestroyGroup                = "group_open_http_svc/destroy_group"
	CmdGetGroupInfo                = "group_open_http_svc/get_group_info"
	CmdModifyGroupBaseInfo         = "group_open_http_svc/modify_group_base_info"
	CmdSendGroupMsg                = "group_open_http_svc/send_group_msg"
	CmdSendGroupSystemNotification = "group_open_http_svc/send_group_system_notification"
	CmdGroupMsgRecall              = "group_open_http_svc/group_msg_recall"
	CmdForbidSendMsg               = "group_open_http_svc/forbid_send_msg"
	CmdGetGroupMutedAccount        = "group_open_http_svc/get_group_muted_account"
	CmdModifyGroupMemberInfo       = "group_open_http_svc/modify_group_member_info"
	CmdDeleteGroupMember           = "group_open_http_svc/delete_group_member"
	CmdBanGroupMember              = "group_open_http_svc/ban_group_member"
	CmdUnbanGroupMember            = "group_open_http_svc/unban_group_member"
	CmdGetGroupBanMember           = "group_open_http_svc/get_group_ban_member"
	CmdGetOnlineMemberNum          = "group_open_http_svc/get_online_member_num"
	CmdGetMembers                  = "group_open_avchatroom_http_svc/get_members"
	CmdModifyAdmin                 = "group_open_avchatroom_http_svc/modify_admin"
	CmdGetAdminList                = "group_open_avchatroom_http_svc/get_admin_list"
	CmdUpdateGroupCounter          = "group_open_http_svc/update_group_counter"
	CmdGetGroupCounter             = "group_open_http_svc/get_group_counter"
	CmdSetGroupAttr                = "group_open_http_svc/set_group_attr"
	CmdModifyGroupAttr             = "group_open_http_svc/modify_group_attr"
	CmdDeleteGroupAttr             = "group_open_http_svc/delete_group_attr"
	CmdClearGroupAttr              = "group_open_http_svc/clear_group_attr"
	CmdGetGroupAttr                = "group_open_attr_http_svc/get_group_attr"
)

// Values of Tencent's enumerated fields.
const (
	// AVChatRoom is the Type of a live room (create_group).
	AVChatRoom = "AVChatRoom"
	// On and Off are the values of switches such as MuteAllMember.
	On  = "On"
	Off = "Off"
	// MuteForever is the mute time of "for good" in forbid_send_msg,
	// modify_group_member_info and setnospeaking (0xFFFFFFFF seconds).
	MuteForever = 4294967295
	// RoleAdmin and RoleMember are modify_group_member_info's roles.
	RoleAdmin  = "Admin"
	RoleMember = "Member"
	// NoMsgCheck in SendMsgControl skips sensitive-word checking.
	NoMsgCheck = "NoMsgCheck"
	// ForbidBeforeSendMsgCallback and ForbidAfterSendMsgCallback in
	// ForbidCallbackControl skip the app's webhooks for this message.
	ForbidBeforeSendMsgCallback = "ForbidBeforeSendMsgCallback"
	ForbidAfterSendMsgCallback  = "ForbidAfterSendMsgCallback"
	// CounterSet, CounterIncrease and CounterDecrease are
	// update_group_counter's modes.
	CounterSet      = "Set"
	CounterIncrease = "Increase"
	CounterDecrease = "Decrease"
)

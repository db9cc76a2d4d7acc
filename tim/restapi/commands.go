package restapi

import "github.com/tim-go/sdk/internal/wire"

// Command paths ("service/command"), for Call and Repeatable, each spelled
// once in the wire package the emulator shares (the path is beside it).
// Each typed method names the doc page its command follows.
const (
	CmdAccountImport      = wire.RESTAccountImport      // "im_open_login_svc/account_import"
	CmdMultiAccountImport = wire.RESTMultiAccountImport // "im_open_login_svc/multiaccount_import"
	CmdKick               = wire.RESTKick               // "im_open_login_svc/kick"
	CmdPortraitGet        = wire.RESTPortraitGet        // "profile/portrait_get"
	CmdPortraitSet        = wire.RESTPortraitSet        // "profile/portrait_set"
	CmdQueryOnlineStatus  = wire.RESTQueryOnlineStatus  // "openim/query_online_status"
	CmdQueryState         = wire.RESTQueryState         // "openim/querystate": the old path of query_online_status
	CmdSendMsg            = wire.RESTSendMsg            // "openim/sendmsg"
	CmdSetNoSpeaking      = wire.RESTSetNoSpeaking      // "openconfigsvr/setnospeaking"
	CmdGetNoSpeaking      = wire.RESTGetNoSpeaking      // "openconfigsvr/getnospeaking"

	CmdCreateGroup                 = wire.RESTCreateGroup        // "group_open_http_svc/create_group"
	CmdDestroyGroup                = wire.RESTDestroyGroup       // "group_open_http_svc/destroy_group"
	CmdGetGroupInfo                = wire.RESTGetGroupInfo       // "group_open_http_svc/get_group_info"
	CmdModifyGroupBaseInfo         = wire.RESTModifyGroupBase    // "group_open_http_svc/modify_group_base_info"
	CmdSendGroupMsg                = wire.RESTSendGroupMsg       // "group_open_http_svc/send_group_msg"
	CmdSendGroupSystemNotification = wire.RESTSendSystemNotice   // "group_open_http_svc/send_group_system_notification"
	CmdGroupMsgRecall              = wire.RESTGroupMsgRecall     // "group_open_http_svc/group_msg_recall"
	CmdForbidSendMsg               = wire.RESTForbidSendMsg      // "group_open_http_svc/forbid_send_msg"
	CmdGetGroupMutedAccount        = wire.RESTGetGroupMutedAcct  // "group_open_http_svc/get_group_muted_account"
	CmdModifyGroupMemberInfo       = wire.RESTModifyGroupMember  // "group_open_http_svc/modify_group_member_info"
	CmdDeleteGroupMember           = wire.RESTDeleteGroupMember  // "group_open_http_svc/delete_group_member"
	CmdBanGroupMember              = wire.RESTBanGroupMember     // "group_open_http_svc/ban_group_member"
	CmdUnbanGroupMember            = wire.RESTUnbanGroupMember   // "group_open_http_svc/unban_group_member"
	CmdGetGroupBanMember           = wire.RESTGetGroupBanMember  // "group_open_http_svc/get_group_ban_member"
	CmdGetOnlineMemberNum          = wire.RESTGetOnlineMemberNum // "group_open_http_svc/get_online_member_num"
	CmdGetMembers                  = wire.RESTGetAVMembers       // "group_open_avchatroom_http_svc/get_members"
	CmdModifyAdmin                 = wire.RESTModifyAdmin        // "group_open_avchatroom_http_svc/modify_admin"
	CmdGetAdminList                = wire.RESTGetAdminList       // "group_open_avchatroom_http_svc/get_admin_list"
	CmdUpdateGroupCounter          = wire.RESTUpdateGroupCounter // "group_open_http_svc/update_group_counter"
	CmdGetGroupCounter             = wire.RESTGetGroupCounter    // "group_open_http_svc/get_group_counter"
	CmdSetGroupAttr                = wire.RESTInitGroupAttr      // "group_open_http_svc/set_group_attr"
	CmdModifyGroupAttr             = wire.RESTSetGroupAttr       // "group_open_http_svc/modify_group_attr"
	CmdDeleteGroupAttr             = wire.RESTDeleteGroupAttr    // "group_open_http_svc/delete_group_attr"
	CmdClearGroupAttr              = wire.RESTClearGroupAttr     // "group_open_http_svc/clear_group_attr"
	CmdGetGroupAttr                = wire.RESTGetGroupAttr       // "group_open_attr_http_svc/get_group_attr"
)

// Values of Tencent's enumerated fields (each spelled once, in the wire
// package the emulator shares; the value is beside it).
const (
	// AVChatRoom is the Type of a live room (create_group).
	AVChatRoom = wire.AVChatRoomType // "AVChatRoom"
	// On and Off are the values of switches such as MuteAllMember.
	On  = wire.SwitchOn  // "On"
	Off = wire.SwitchOff // "Off"
	// MuteForever is the mute time of "for good" in forbid_send_msg,
	// modify_group_member_info and setnospeaking (0xFFFFFFFF seconds).
	MuteForever = wire.MuteForever // 4294967295
	// RoleAdmin and RoleMember are modify_group_member_info's roles.
	RoleAdmin  = wire.RoleAdmin  // "Admin"
	RoleMember = wire.RoleMember // "Member"
	// NoMsgCheck in SendMsgControl skips sensitive-word checking.
	NoMsgCheck = wire.SendMsgControlNoMsgCheck // "NoMsgCheck"
	// ForbidBeforeSendMsgCallback and ForbidAfterSendMsgCallback in
	// ForbidCallbackControl skip the app's webhooks for this message.
	ForbidBeforeSendMsgCallback = wire.ForbidBeforeSendMsgCallback // "ForbidBeforeSendMsgCallback"
	ForbidAfterSendMsgCallback  = wire.ForbidAfterSendMsgCallback  // "ForbidAfterSendMsgCallback"
	// CounterSet, CounterIncrease and CounterDecrease are
	// update_group_counter's modes.
	CounterSet      = wire.CounterModeSet      // "Set"
	CounterIncrease = wire.CounterModeIncrease // "Increase"
	CounterDecrease = wire.CounterModeDecrease // "Decrease"
)

package wire

// Servcmds: "<service>.<command>" as tim-js-sdk 2.27.6 sends them.
const (
	CmdAlive    = "heartbeat.alive"
	CmdLogin    = "im_open_status.wslogin"
	CmdHello    = "im_open_status.wshello"
	CmdLogout   = "im_open_status.wslogout"
	CmdKickPush = "im_open_status.stat_forceoffline"

	CmdPortraitGet = "profile.portrait_get_all"
	CmdPortraitSet = "profile.portrait_set"

	CmdBlackListGet        = "sns.black_list_get"
	CmdPageGet             = "recentcontact.page_get"
	CmdGetContactGroup     = "recentcontact.get_contact_group"
	CmdAuthKey             = "openim.authkey"
	CmdC2CGetMsg           = "openim.getmsg"
	CmdC2CPeerMute         = "openim.get_c2c_peer_mute_notifications"
	CmdJoinedGroupList     = "group_open_http_svc.get_joined_group_list"
	CmdMillionJoinedGroups = "million_group_open_http_svc.get_joined_group_list"
	CmdFetchConfig         = "im_sdk_config_mgr.fetch_config"
	CmdFetchPurchaseBits   = "im_sdk_config_mgr.fetch_imsdk_purchase_bitsv2"
	CmdTelemetry           = "imopenstat.tim_web_report_v2"

	CmdApplyJoin       = "group_open_http_svc.apply_join_group"
	CmdApplyJoinNoAuth = "group_open_http_noauth_svc.apply_join_group"
	CmdSelfMemberInfo  = "group_open_http_svc.get_group_self_member_info"
	CmdSendGroupMsg    = "group_open_http_svc.send_group_msg"
	CmdQuitGroup       = "group_open_http_svc.quit_group"
	CmdOnlineNum       = "group_open_http_svc.get_online_member_num"
	CmdGetMsg          = "group_open_long_polling_http_svc.get_msg"
	CmdGetMsgNoAuth    = "group_open_long_polling_http_noauth_svc.get_msg"

	CmdPushAck   = "openim.ws_msg_push_ack"
	CmdMsgPush   = "im_open_push.msg_push"
	CmdMultiPush = "im_open_push.multi_msg_push_ws"
)

// Client constants that tim-js-sdk puts in every request head.
const (
	HeadVer           = "v4"
	PlatformWeb       = 7
	WebSDKAppID       = 537048168
	WebSDKVersion     = "1.7.3"
	SDKAbility        = 192371
	ContentTypeJSON   = "json"
	SDKVersion        = "2.27.6" // the tim-js-sdk version we speak as
	SystemAccount     = "@TIM#SYSTEM"
	SystemTinyID      = "144115198244471703" // fixed TinyId of @TIM#SYSTEM messages
	AVChatRoomType    = "AVChatRoom"
	JoinedSuccess     = "JoinedSuccess"
	PathBinary        = "/binfo"
	PathText          = "/info"
	CloseNormal       = 4000 // logout / destroy
	CloseReconnect    = 4001 // forced reconnect
	DefaultHoldTime   = 90   // the HoldTime tim-js-sdk always sends
	ProfileTagNick    = "Tag_Profile_IM_Nick"
	ProfileTagImage   = "Tag_Profile_IM_Image"
	ProfileTagGender  = "Tag_Profile_IM_Gender"
	ProfileTagAllow   = "Tag_Profile_IM_AllowType"
	ProfileTagSelfSig = "Tag_Profile_IM_SelfSignature"
)

// Event numbers of stream items and push arrays.
const (
	EventGroupMsg       = 3
	EventGroupTip       = 4
	EventGroupNotice    = 5
	EventGroupTipOnline = 6
	EventKickNotify     = 9
	EventBroadcastMsg   = 17
	KickMultipleAccount = 1
	KickMultipleDevice  = 2
	KickRESTAPI         = 3
	NoticeKicked        = 4
	NoticeDismissed     = 5
	NoticeBanned        = 21
	NoticeCustom        = 255
	LogoutTypeUser      = 0
	LogoutTypeKicked    = 1
)

package wire

// REST API (Tencent's /v4/<service>/<command>) shares Status with the
// WebSocket replies. These are the bodies the emulator accepts and the
// helpers send; names are Tencent's.

// REST paths.
const (
	RESTCreateGroup        = "group_open_http_svc/create_group"
	RESTDestroyGroup       = "group_open_http_svc/destroy_group"
	RESTSendGroupMsg       = "group_open_http_svc/send_group_msg"
	RESTSendSystemNotice   = "group_open_http_svc/send_group_system_notification"
	RESTModifyGroupBase    = "group_open_http_svc/modify_group_base_info"
	RESTModifyGroupMember  = "group_open_http_svc/modify_group_member_info"
	RESTForbidSendMsg      = "group_open_http_svc/forbid_send_msg"
	RESTDeleteGroupMember  = "group_open_http_svc/delete_group_member"
	RESTGetGroupInfo       = "group_open_http_svc/get_group_info"
	RESTGetOnlineMemberNum = "group_open_http_svc/get_online_member_num"
	RESTKick               = "im_open_login_svc/kick"
	RESTPortraitSet        = "profile/portrait_set"
)

// CreateGroupReq is create_group (trtc.io/document/34895). Type and Name
// are required; an AVChatRoom takes no MemberList (10007).
type CreateGroupReq struct {
	OwnerAccount    string        `json:"Owner_Account,omitempty"`
	Type            string        `json:"Type"`
	GroupID         string        `json:"GroupId,omitempty"`
	Name            string        `json:"Name"`
	Introduction    string        `json:"Introduction,omitempty"`
	Notification    string        `json:"Notification,omitempty"`
	FaceURL         string        `json:"FaceUrl,omitempty"`
	MaxMemberCount  int           `json:"MaxMemberCount,omitempty"`
	ApplyJoinOption string        `json:"ApplyJoinOption,omitempty"`
	AppDefinedData  []KeyValue    `json:"AppDefinedData,omitempty"`
	MemberList      []GroupMember `json:"MemberList,omitempty"`
}

// GroupMember is one entry of create_group's MemberList.
type GroupMember struct {
	MemberAccount string `json:"Member_Account"`
	Role          string `json:"Role,omitempty"`
}

// CreateGroupResp returns the (possibly generated) group ID.
type CreateGroupResp struct {
	Status
	GroupID string `json:"GroupId,omitempty"`
}

// RESTSendGroupMsgReq is REST send_group_msg (as any From_Account).
type RESTSendGroupMsgReq struct {
	GroupID         string   `json:"GroupId"`
	FromAccount     string   `json:"From_Account,omitempty"`
	Random          uint32   `json:"Random"`
	MsgPriority     Priority `json:"MsgPriority,omitzero"`
	MsgBody         []Elem   `json:"MsgBody"`
	CloudCustomData string   `json:"CloudCustomData,omitempty"`
	OnlineOnlyFlag  int      `json:"OnlineOnlyFlag,omitempty"`
	// SendMsgControl may hold SendMsgControlNoMsgCheck; ForbidCallbackControl
	// may hold ForbidBeforeSendMsgCallback and ForbidAfterSendMsgCallback.
	SendMsgControl        []string `json:"SendMsgControl,omitempty"`
	ForbidCallbackControl []string `json:"ForbidCallbackControl,omitempty"`
}

// SystemNoticeReq is send_group_system_notification.
type SystemNoticeReq struct {
	GroupID          string   `json:"GroupId"`
	ToMembersAccount []string `json:"ToMembers_Account,omitempty"`
	Content          string   `json:"Content"`
}

// ModifyGroupBaseReq is modify_group_base_info; nil fields are unchanged.
type ModifyGroupBaseReq struct {
	GroupID      string  `json:"GroupId"`
	Name         *string `json:"Name,omitempty"`
	Introduction *string `json:"Introduction,omitempty"`
	Notification *string `json:"Notification,omitempty"`
	FaceURL      *string `json:"FaceUrl,omitempty"`
	// MuteAllMember is Tencent's current name (trtc.io/document/34962);
	// ShutUpAllMember the old one, which tim-js-sdk still sends over the
	// WebSocket. The emulator accepts either.
	MuteAllMember   *string    `json:"MuteAllMember,omitempty"`
	ShutUpAllMember *string    `json:"ShutUpAllMember,omitempty"`
	AppDefinedData  []KeyValue `json:"AppDefinedData,omitempty"`
}

// ForbidSendMsgReq is forbid_send_msg (cloud.tencent.com/document/product/269/1627):
// MuteTime seconds (0 unmutes, MuteForever for good), required;
// ShutUpTime is its old name, still accepted.
type ForbidSendMsgReq struct {
	GroupID        string   `json:"GroupId"`
	MembersAccount []string `json:"Members_Account"`
	MuteTime       *int64   `json:"MuteTime,omitempty"`
	ShutUpTime     *int64   `json:"ShutUpTime,omitempty"`
}

// ModifyGroupMemberReq is modify_group_member_info.
type ModifyGroupMemberReq struct {
	GroupID       string  `json:"GroupId"`
	MemberAccount string  `json:"Member_Account"`
	Role          *string `json:"Role,omitempty"`
	// MuteTime is Tencent's current REST name (trtc.io/document/34955);
	// ShutUpTime the old one, which tim-js-sdk sends over the WebSocket.
	MuteTime   *int64  `json:"MuteTime,omitempty"`
	ShutUpTime *int64  `json:"ShutUpTime,omitempty"`
	NameCard   *string `json:"NameCard,omitempty"`
}

// KickReq is im_open_login_svc/kick (cloud.tencent.com/document/product/269/3853):
// UserID is Tencent's name; Identifier an older one, still accepted.
type KickReq struct {
	UserID     string `json:"UserID,omitempty"`
	Identifier string `json:"Identifier,omitempty"`
}

// RESTPortraitSetReq is profile/portrait_set from the REST API.
type RESTPortraitSetReq struct {
	FromAccount string        `json:"From_Account"`
	ProfileItem []ProfileItem `json:"ProfileItem"`
}

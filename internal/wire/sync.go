package wire

// Bodies of the commands tim-js-sdk sends right after login. A live-room
// client needs little of them, but SDK_READY waits on PageGet and the real
// SDK sends them all, so the emulator answers each.

// PageGetReq is recentcontact.page_get.
type PageGetReq struct {
	FromAccount    string `json:"From_Account"`
	TimeStamp      int64  `json:"TimeStamp"`
	StartIndex     int    `json:"StartIndex"`
	TopTimeStamp   int64  `json:"TopTimeStamp"`
	TopStartIndex  int    `json:"TopStartIndex"`
	OrderType      int    `json:"OrderType"`
	MsgAssistFlags int    `json:"MsgAssistFlags"`
	AssistFlags    int    `json:"AssistFlags"`
}

// PageGetResp must say CompleteFlag 1 or the SDK keeps paging.
type PageGetResp struct {
	Status
	CompleteFlag     int   `json:"CompleteFlag"`
	TimeStamp        int64 `json:"TimeStamp"`
	StartIndex       int   `json:"StartIndex"`
	SessionItem      []any `json:"SessionItem"`
	PinnedTimeStamp  int64 `json:"PinnedTimeStamp"`
	PinnedStartIndex int   `json:"PinnedStartIndex"`
}

// BlackListGetReq is sns.black_list_get.
type BlackListGetReq struct {
	FromAccount  string `json:"From_Account"`
	StartIndex   int    `json:"StartIndex"`
	MaxLimited   int    `json:"MaxLimited"`
	LastSequence int    `json:"LastSequence"`
}

// ContactGroupReq is recentcontact.get_contact_group.
type ContactGroupReq struct {
	FromAccount string `json:"From_Account"`
	StartTime   int64  `json:"StartTime"`
	StartIndex  int    `json:"StartIndex"`
}

// AuthKeyResp is the openim.authkey reply.
type AuthKeyResp struct {
	Status
	AuthKey    string `json:"AuthKey,omitempty"`
	ExpireTime int64  `json:"ExpireTime,omitempty"`
}

// C2CGetMsgReq is openim.getmsg (C2C sync).
type C2CGetMsgReq struct {
	Cookie        string `json:"Cookie"`
	SyncFlag      int    `json:"SyncFlag"`
	NeedAbstract  int    `json:"NeedAbstract"`
	IsOnlineSync  int    `json:"IsOnlineSync"`
	NeedSignaling int    `json:"NeedSignaling"`
}

// C2CGetMsgResp ends the C2C sync when Cookie is non-empty and SyncFlag is 2.
type C2CGetMsgResp struct {
	Status
	Cookie      string `json:"Cookie"`
	SyncFlag    int    `json:"SyncFlag"`
	MsgList     []any  `json:"MsgList"`
	MaxMsgCount int    `json:"MaxMsgCount"`
}

// PeerMuteReq is openim.get_c2c_peer_mute_notifications.
type PeerMuteReq struct {
	UpdateSeq int `json:"UpdateSeq"`
}

// JoinedGroupListReq is (million_)group_open_http_svc.get_joined_group_list.
type JoinedGroupListReq struct {
	MemberAccount  string          `json:"Member_Account"`
	Limit          int             `json:"Limit"`
	Offset         int             `json:"Offset"`
	ResponseFilter *ResponseFilter `json:"ResponseFilter,omitempty"`
	SupportTopic   int             `json:"SupportTopic"`
}

// ResponseFilter selects the group fields a reply should carry.
type ResponseFilter struct {
	GroupBaseInfoFilter        []string `json:"GroupBaseInfoFilter,omitempty"`
	SelfInfoFilter             []string `json:"SelfInfoFilter,omitempty"`
	MemberInfoFilter           []string `json:"MemberInfoFilter,omitempty"`
	AppDefinedDataFilter_Group []string `json:"AppDefinedDataFilter_Group,omitempty"`
}

// JoinedGroupListResp never lists AVChatRooms.
type JoinedGroupListResp struct {
	Status
	TotalCount  int   `json:"TotalCount"`
	GroupIDList []any `json:"GroupIdList"`
}

// FetchConfigReq is im_sdk_config_mgr.fetch_config.
type FetchConfigReq struct {
	SDKAppID uint64 `json:"uint32_sdkappid"`
	Version  uint64 `json:"uint64_version"`
}

// FetchConfigResp carries the cloud config (JSON text; empty = defaults).
type FetchConfigResp struct {
	ConfigStatus
	JSONConfig  string `json:"str_json_config"`
	ExpiredTime int64  `json:"uint32_expired_time"`
	SDKAppID    uint64 `json:"uint32_sdkappid"`
	Version     uint64 `json:"uint64_version"`
}

// PurchaseBitsReq is im_sdk_config_mgr.fetch_imsdk_purchase_bitsv2.
type PurchaseBitsReq struct {
	SDKAppID uint64 `json:"uint32_sdkappid"`
}

// PurchaseBitsResp carries the feature bits (empty: no paid features).
type PurchaseBitsResp struct {
	ConfigStatus
	PurchaseBits string `json:"str_purchase_bits"`
	ExpiredTime  int64  `json:"uint32_expired_time"`
}

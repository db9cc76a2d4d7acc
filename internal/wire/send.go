package wire

// SendGroupMsgReq is group_open_http_svc.send_group_msg as tim-js-sdk sends it.
type SendGroupMsgReq struct {
	FromAccount             string           `json:"From_Account"`
	GroupID                 string           `json:"GroupId"`
	Random                  uint32           `json:"Random"`
	ClientSeq               uint64           `json:"ClientSeq,omitempty"`
	MsgPriority             Priority         `json:"MsgPriority,omitzero"`
	MsgBody                 []Elem           `json:"MsgBody"`
	CloudCustomData         string           `json:"CloudCustomData"`
	OnlineOnlyFlag          int              `json:"OnlineOnlyFlag"`
	OfflinePushInfo         *OfflinePushInfo `json:"OfflinePushInfo,omitempty"`
	GroupAtInfo             []any            `json:"GroupAtInfo,omitempty"`
	SendMsgControl          []string         `json:"SendMsgControl,omitempty"`
	MsgClientTime           int64            `json:"MsgClientTime"`
	NeedReadReceipt         int              `json:"NeedReadReceipt"`
	SupportMessageExtension int              `json:"SupportMessageExtension"`
}

// OfflinePushInfo is sent with every message; live rooms ignore it.
type OfflinePushInfo struct {
	PushFlag    int          `json:"PushFlag"`
	Title       string       `json:"Title"`
	Desc        string       `json:"Desc"`
	Ext         string       `json:"Ext"`
	ApnsInfo    *ApnsInfo    `json:"ApnsInfo,omitempty"`
	AndroidInfo *AndroidInfo `json:"AndroidInfo,omitempty"`
}

// ApnsInfo is part of OfflinePushInfo.
type ApnsInfo struct {
	BadgeMode int `json:"BadgeMode"`
}

// AndroidInfo is part of OfflinePushInfo.
type AndroidInfo struct {
	OPPOChannelID string `json:"OPPOChannelID"`
}

// DefaultOfflinePushInfo is what tim-js-sdk sends when the app gives none.
func DefaultOfflinePushInfo() *OfflinePushInfo {
	return &OfflinePushInfo{ApnsInfo: &ApnsInfo{}, AndroidInfo: &AndroidInfo{}}
}

// SendGroupMsgResp carries the server time and the room sequence of the message.
type SendGroupMsgResp struct {
	Status
	MsgTime int64  `json:"MsgTime,omitempty"`
	MsgSeq  uint64 `json:"MsgSeq,omitempty"`
}

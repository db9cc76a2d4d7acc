package message

import "github.com/tim-go/sdk/types"

// GroupSystemNoticePayload is the content of a MsgGrpSysNotice message, sent
// to the user about a group (dismissed, kicked, banned, custom notice…).
// Such messages have conversation type types.ConvSystem.
type GroupSystemNoticePayload struct {
	// OperationType says what the notice is about.
	OperationType types.GroupSystemNoticeOp `json:"operationType"`
	// OperatorID is who caused it.
	OperatorID string `json:"operatorID"`
	// UserDefinedField is the text of a GrpSysNoticeCustom notice.
	UserDefinedField string `json:"userDefinedField"`
	// HandleMessage is the remark attached to an application's handling.
	HandleMessage string `json:"handleMessage"`
	// GroupProfile names the group.
	GroupProfile NoticeGroup `json:"groupProfile"`
}

// Type returns types.MsgGrpSysNotice.
func (*GroupSystemNoticePayload) Type() types.MsgType { return types.MsgGrpSysNotice }
func (*GroupSystemNoticePayload) isPayload()          {}

// NoticeGroup names the group a system notice is about. Unlike TipGroup the
// name field is "name", as in tim-js-sdk.
type NoticeGroup struct {
	GroupID string `json:"groupID"`
	Name    string `json:"name"`
}

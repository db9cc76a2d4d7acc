package message

import "github.com/tim-go/sdk/types"

// GroupTipPayload is the content of a MsgGrpTip message: something happened
// in the group (join, quit, mute, profile change…).
type GroupTipPayload struct {
	// OperationType says what happened.
	OperationType types.GroupTipOp `json:"operationType"`
	// OperatorID is who did it (the member for a join or quit).
	OperatorID string `json:"operatorID"`
	// UserIDList is the members concerned; [OperatorID] when the tip names none.
	UserIDList []string `json:"userIDList"`
	// MemberList is the members concerned with their profile and, for
	// GrpTipMbrProfileUpdated, their mute time.
	MemberList []TipMember `json:"memberList"`
	// NewGroupProfile is what changed, for GrpTipGrpProfileUpdated only.
	NewGroupProfile *GroupProfileChange `json:"newGroupProfile,omitempty"`
	// GroupProfile names the group.
	GroupProfile TipGroup `json:"groupProfile"`
	// MemberNum is the member count after a join or quit, when the tip has it.
	MemberNum int `json:"memberNum,omitempty"`
	// OnlineMemberNum is the room's online count carried by live-room tips,
	// when present (tim-js-sdk only feeds its online-count cache with it).
	OnlineMemberNum int `json:"onlineMemberNum,omitempty"`
}

// Type returns types.MsgGrpTip.
func (*GroupTipPayload) Type() types.MsgType { return types.MsgGrpTip }
func (*GroupTipPayload) isPayload()          {}

// TipMember is one member named by a group tip.
type TipMember struct {
	UserID string `json:"userID"`
	Nick   string `json:"nick"`
	Avatar string `json:"avatar"`
	// MuteTime is the mute duration in seconds for GrpTipMbrProfileUpdated
	// (0 = unmuted).
	MuteTime int64 `json:"muteTime"`
}

// TipGroup names the group a tip is about.
type TipGroup struct {
	GroupID   string `json:"groupID"`
	GroupName string `json:"groupName"`
}

// GroupProfileChange lists the group fields a GrpTipGrpProfileUpdated tip
// changed. Only the changed fields are set: an empty string means
// "unchanged", and a nil MuteAllMembers means the mute-all flag did not change.
type GroupProfileChange struct {
	// GroupName is the new name (JS: newGroupProfile.groupName, not name).
	GroupName        string        `json:"groupName,omitempty"`
	Introduction     string        `json:"introduction,omitempty"`
	Notification     string        `json:"notification,omitempty"`
	Avatar           string        `json:"avatar,omitempty"`
	OwnerID          string        `json:"ownerID,omitempty"`
	MuteAllMembers   *bool         `json:"muteAllMembers,omitempty"`
	GroupCustomField []CustomField `json:"groupCustomField,omitempty"`
}

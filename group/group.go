package group

import "github.com/tim-go/sdk/types"

// CustomField is an app-defined key/value pair (groupCustomField).
type CustomField = types.CustomField

// Group is a group's profile (the JS Group object).
type Group struct {
	GroupID string          `json:"groupID"`
	Name    string          `json:"name"`
	Type    types.GroupType `json:"type"`
	// Avatar is the group's face URL.
	Avatar       string `json:"avatar"`
	Introduction string `json:"introduction"`
	Notification string `json:"notification"`
	OwnerID      string `json:"ownerID"`
	// CreateTime is when the group was created, Unix seconds.
	CreateTime int64 `json:"createTime"`
	// MemberCount is the member count (JS also reads it as memberNum).
	MemberCount int `json:"memberCount"`
	// MaxMemberCount is the member limit (JS also maxMemberNum).
	MaxMemberCount int `json:"maxMemberCount"`
	// JoinOption is always FreeAccess for live rooms.
	JoinOption types.JoinOption `json:"joinOption"`
	// MuteAllMembers is true when only owner and admins may speak.
	MuteAllMembers bool `json:"muteAllMembers"`
	// NextMessageSeq is the sequence the next group message will get.
	NextMessageSeq   uint64         `json:"nextMessageSeq"`
	GroupCustomField []CustomField  `json:"groupCustomField"`
	SelfInfo         MemberSelfInfo `json:"selfInfo"`
}

// MemberSelfInfo is the current user's membership of a group
// (Group.selfInfo).
type MemberSelfInfo struct {
	Role types.MemberRole `json:"role"`
	// JoinTime is when the user joined, Unix seconds.
	JoinTime          int64                   `json:"joinTime"`
	MessageRemindType types.MessageRemindType `json:"messageRemindType"`
	// MuteUntil is when the user's mute ends, Unix seconds; 0 = not muted.
	MuteUntil int64  `json:"muteUntil"`
	NameCard  string `json:"nameCard"`
}

// IsAVChatRoom reports whether g is a live room.
func (g *Group) IsAVChatRoom() bool { return g != nil && g.Type == types.GrpAVChatRoom }

// CustomField returns the value of the group custom field key and whether
// it is set.
func (g *Group) CustomField(key string) (string, bool) {
	return types.CustomFieldValue(g.GroupCustomField, key)
}

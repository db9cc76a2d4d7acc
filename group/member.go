package group

import "github.com/tim-go/sdk/types"

// Member is one member of a group (the JS GroupMember object).
type Member struct {
	UserID string           `json:"userID"`
	Nick   string           `json:"nick"`
	Avatar string           `json:"avatar"`
	Role   types.MemberRole `json:"role"`
	// JoinTime is when the member joined, Unix seconds.
	JoinTime int64 `json:"joinTime"`
	// MuteUntil is when the member's mute ends, Unix seconds; 0 = not muted.
	MuteUntil int64 `json:"muteUntil"`
	// NameCard is the member's name in this group.
	NameCard string `json:"nameCard"`
}

// IsMuted reports whether the member is muted at now (Unix seconds).
func (m *Member) IsMuted(now int64) bool { return m.MuteUntil > now }

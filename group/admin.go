package group

// ProfileUpdate lists the group fields UpdateGroupProfile changes (the JS
// updateGroupProfile options); nil fields and a nil GroupCustomField stay
// as they are.
type ProfileUpdate struct {
	Name         *string
	Avatar       *string
	Introduction *string
	Notification *string
	// MuteAllMembers mutes everyone but the owner and admins (true) or
	// lifts that mute (false).
	MuteAllMembers *bool
	// GroupCustomField sets app-defined fields; an empty value deletes the
	// key, as Tencent's REST API does.
	GroupCustomField []CustomField
}

// MemberList is one page of a group's members (the result of
// getGroupMemberList).
type MemberList struct {
	MemberList []*Member `json:"memberList"`
	// Offset is the cursor of the next page; 0 after the last page.
	Offset int64 `json:"offset"`
}

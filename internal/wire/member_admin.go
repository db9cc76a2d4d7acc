package wire

// Member and room administration from the SDK: setGroupMemberMuteTime and
// setGroupMemberRole send modify_group_member_info ([ModifyGroupMemberReq]:
// muteTime as ShutUpTime, userID as Member_Account), updateGroupProfile
// sends modify_group_base_info ([ModifyGroupBaseReq]: avatar as FaceUrl,
// muteAllMembers as ShutUpAllMember "On"/"Off", groupCustomField as
// AppDefinedData), getGroupMemberList in a live room sends get_members
// (offset as Timestamp, filter as Mark), and the member lookup that follows
// a mute sends get_specified_group_member_info, and deleteGroupMember in a
// live room sends ban_group_member (userIDList as Members_Account, duration
// as Duration, reason as Description).

// Servcmds and REST paths of member administration.
const (
	CmdModifyGroupMember   = "group_open_http_svc.modify_group_member_info"
	CmdModifyGroupBase     = "group_open_http_svc.modify_group_base_info"
	CmdSpecifiedMemberInfo = "group_open_http_svc.get_specified_group_member_info"
	CmdGetAVMembers        = "group_open_avchatroom_http_svc.get_members"
	RESTGetAVMembers       = "group_open_avchatroom_http_svc/get_members"
	// CmdBanGroupMember is deleteGroupMember in a live room; its body is a
	// [BanGroupMemberReq] (ban.go).
	CmdBanGroupMember = "group_open_http_svc.ban_group_member"
)

// AVMembersReq is get_members: Timestamp is 0 for the first page, then the
// reply's NextTimestamp; Mark filters by a member mark.
type AVMembersReq struct {
	GroupID   string `json:"GroupId"`
	Timestamp int64  `json:"Timestamp"`
	Mark      int    `json:"Mark,omitempty"`
}

// AVMembersResp is one page of a live room's online members; NextTimestamp
// 0 means the last page.
type AVMembersResp struct {
	Status
	MemberList    []AVMember `json:"MemberList"`
	NextTimestamp int64      `json:"NextTimestamp"`
}

// AVMember is an online member of a live room.
type AVMember struct {
	MemberAccount string `json:"Member_Account"`
	JoinTime      int64  `json:"JoinTime"`
	NickName      string `json:"NickName"`
	Avatar        string `json:"Avatar"`
}

// SpecifiedMemberInfoReq is get_specified_group_member_info.
type SpecifiedMemberInfoReq struct {
	GroupID           string   `json:"GroupId"`
	MemberListAccount []string `json:"Member_List_Account"`
	MemberInfoFilter  []string `json:"MemberInfoFilter,omitempty"`
}

// SpecifiedMemberInfoResp lists the requested users that are members.
type SpecifiedMemberInfoResp struct {
	Status
	MemberList []MemberInfo `json:"MemberList"`
}

// MemberInfo is a member's role, join time, name card and mute end.
type MemberInfo struct {
	MemberAccount string `json:"Member_Account"`
	Role          string `json:"Role"`
	JoinTime      int64  `json:"JoinTime"`
	NameCard      string `json:"NameCard"`
	ShutUpUntil   int64  `json:"ShutUpUntil"`
}

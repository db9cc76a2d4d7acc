package restapi

import "context"

// KeyValue is a custom field (AppDefinedData) of a group or a member
// (trtc.io/document/34895, 34962).
type KeyValue struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// CreateGroupRequest is group_open_http_svc/create_group
// (trtc.io/document/34895). For a live room Type is AVChatRoom; GroupId
// is the app's own ID (empty: Tencent makes one, "@TGS#a…"); Name is at
// most 30 bytes. AppDefinedData keys must be declared in the console.
type CreateGroupRequest struct {
	OwnerAccount    string     `json:"Owner_Account,omitempty"`
	Type            string     `json:"Type"`
	GroupID         string     `json:"GroupId,omitempty"`
	Name            string     `json:"Name"`
	Introduction    string     `json:"Introduction,omitempty"`
	Notification    string     `json:"Notification,omitempty"`
	FaceURL         string     `json:"FaceUrl,omitempty"`
	MaxMemberCount  int        `json:"MaxMemberCount,omitempty"`
	ApplyJoinOption string     `json:"ApplyJoinOption,omitempty"`
	AppDefinedData  []KeyValue `json:"AppDefinedData,omitempty"`
}

// CreateGroupResponse carries the group's ID (trtc.io/document/34895).
type CreateGroupResponse struct {
	GroupID string `json:"GroupId"`
}

// CreateGroup creates a group. It is not retried: a second try of a
// generated ID would make a second group.
func (c *Client) CreateGroup(ctx context.Context, req CreateGroupRequest) (*CreateGroupResponse, error) {
	return call[CreateGroupResponse](ctx, c, CmdCreateGroup, req)
}

// groupIDRequest is a body with only GroupId (destroy_group,
// get_group_muted_account, get_online_member_num, get_group_attr,
// clear_group_attr).
type groupIDRequest struct {
	GroupID string `json:"GroupId"`
}

// DestroyGroup dismisses a group (group_open_http_svc/destroy_group,
// trtc.io/document/34896): members get the dismissal system notice.
func (c *Client) DestroyGroup(ctx context.Context, groupID string) error {
	return c.Call(ctx, CmdDestroyGroup, groupIDRequest{GroupID: groupID}, nil)
}

// GetGroupInfoRequest is group_open_http_svc/get_group_info
// (trtc.io/document/34961). For an AVChatRoom Tencent returns the profile
// but not the member count or list.
type GetGroupInfoRequest struct {
	GroupIDList    []string        `json:"GroupIdList"`
	ResponseFilter *ResponseFilter `json:"ResponseFilter,omitempty"`
}

// ResponseFilter picks what get_group_info returns (trtc.io/document/34961): base fields by name
// ("Type", "Name", "Introduction", …), member fields, and which custom
// fields of the group and of members.
type ResponseFilter struct {
	GroupBaseInfoFilter             []string `json:"GroupBaseInfoFilter,omitempty"`
	MemberInfoFilter                []string `json:"MemberInfoFilter,omitempty"`
	AppDefinedDataFilterGroup       []string `json:"AppDefinedDataFilter_Group,omitempty"`
	AppDefinedDataFilterGroupMember []string `json:"AppDefinedDataFilter_GroupMember,omitempty"`
}

// GetGroupInfoResponse has one GroupInfo per requested group
// (trtc.io/document/34961).
type GetGroupInfoResponse struct {
	GroupInfo []GroupInfo `json:"GroupInfo"`
}

// GroupInfo is one group's profile in get_group_info's reply
// (trtc.io/document/34961); a non-zero ErrorCode (10010, 10015) marks a
// group that could not be read.
type GroupInfo struct {
	GroupID         string `json:"GroupId"`
	ErrorCode       int    `json:"ErrorCode"`
	ErrorInfo       string `json:"ErrorInfo"`
	Type            string `json:"Type"`
	Name            string `json:"Name"`
	Introduction    string `json:"Introduction"`
	Notification    string `json:"Notification"`
	FaceURL         string `json:"FaceUrl"`
	OwnerAccount    string `json:"Owner_Account"`
	CreateTime      int64  `json:"CreateTime"`
	InfoSeq         uint64 `json:"InfoSeq"`
	LastInfoTime    int64  `json:"LastInfoTime"`
	LastMsgTime     int64  `json:"LastMsgTime"`
	NextMsgSeq      uint64 `json:"NextMsgSeq"`
	MemberNum       int    `json:"MemberNum"`
	MaxMemberNum    int    `json:"MaxMemberNum"`
	ApplyJoinOption string `json:"ApplyJoinOption"`
	// MuteAllMember is "On" while only the owner and admins may speak.
	MuteAllMember string `json:"MuteAllMember"`
	// ShutUpAllMember is the older name of MuteAllMember, which older
	// servers answer with.
	ShutUpAllMember string     `json:"ShutUpAllMember,omitempty"`
	AppDefinedData  []KeyValue `json:"AppDefinedData,omitempty"`
}

// MutedAll reports whether the group's mute-all switch is on, under
// either name.
func (g *GroupInfo) MutedAll() bool { return g.MuteAllMember == On || g.ShutUpAllMember == On }

// GetGroupInfo reads groups' profiles.
func (c *Client) GetGroupInfo(ctx context.Context, req GetGroupInfoRequest) (*GetGroupInfoResponse, error) {
	return call[GetGroupInfoResponse](ctx, c, CmdGetGroupInfo, req)
}

// ModifyGroupBaseInfoRequest is group_open_http_svc/modify_group_base_info
// (trtc.io/document/34962); nil fields stay as they are. MuteAllMember is
// On or Off; an AppDefinedData value "" deletes the key.
type ModifyGroupBaseInfoRequest struct {
	GroupID         string     `json:"GroupId"`
	Name            *string    `json:"Name,omitempty"`
	Introduction    *string    `json:"Introduction,omitempty"`
	Notification    *string    `json:"Notification,omitempty"`
	FaceURL         *string    `json:"FaceUrl,omitempty"`
	MaxMemberNum    *int       `json:"MaxMemberNum,omitempty"`
	ApplyJoinOption *string    `json:"ApplyJoinOption,omitempty"`
	MuteAllMember   *string    `json:"MuteAllMember,omitempty"`
	AppDefinedData  []KeyValue `json:"AppDefinedData,omitempty"`
}

// ModifyGroupBaseInfo changes a group's profile; members get a profile
// tip listing the change.
func (c *Client) ModifyGroupBaseInfo(ctx context.Context, req ModifyGroupBaseInfoRequest) error {
	return c.Call(ctx, CmdModifyGroupBaseInfo, req, nil)
}

// GetOnlineMemberNum is the number of users online in a live room,
// guests included (group_open_http_svc/get_online_member_num,
// tencentcloud.com/document/product/1047/38521).
func (c *Client) GetOnlineMemberNum(ctx context.Context, groupID string) (int, error) {
	var resp struct {
		OnlineMemberNum int `json:"OnlineMemberNum"`
	}
	err := c.Call(ctx, CmdGetOnlineMemberNum, groupIDRequest{GroupID: groupID}, &resp)
	return resp.OnlineMemberNum, err
}

// GetMembersRequest is group_open_avchatroom_http_svc/get_members
// (trtc.io/document/50293), the live room's online member list: Timestamp
// 0 for the first page, then the reply's NextTimestamp. Tencent caches the
// list for about 40 s and returns the latest 1,000 members with the
// console switch on (Premium), 30 otherwise.
type GetMembersRequest struct {
	GroupID   string `json:"GroupId"`
	Timestamp int64  `json:"Timestamp"`
}

// GetMembersResponse is one page (trtc.io/document/50293); NextTimestamp
// 0 ends the list.
type GetMembersResponse struct {
	MemberList    []AVMember `json:"MemberList"`
	NextTimestamp int64      `json:"NextTimestamp"`
}

// AVMember is one online member of a live room (trtc.io/document/50293).
type AVMember struct {
	MemberAccount string `json:"Member_Account"`
	JoinTime      int64  `json:"JoinTime"`
}

// GetMembers reads one page of a live room's online members.
func (c *Client) GetMembers(ctx context.Context, req GetMembersRequest) (*GetMembersResponse, error) {
	return call[GetMembersResponse](ctx, c, CmdGetMembers, req)
}

package restapi

import (
	"context"
	"encoding/json"
)

// ForbidSendMsgRequest is group_open_http_svc/forbid_send_msg
// (cloud.tencent.com/document/product/269/1627, trtc.io/document/34951):
// up to 500 members muted for MuteTime seconds (0 unmutes, MuteForever
// for good). Muted users stay muted when they leave and rejoin; the room
// sees a mute tip.
type ForbidSendMsgRequest struct {
	GroupID        string   `json:"GroupId"`
	MembersAccount []string `json:"Members_Account"`
	MuteTime       uint32   `json:"MuteTime"`
}

// ForbidSendMsg mutes or unmutes members.
func (c *Client) ForbidSendMsg(ctx context.Context, req ForbidSendMsgRequest) error {
	return c.Call(ctx, CmdForbidSendMsg, req, nil)
}

// GetGroupMutedAccountResponse is group_open_http_svc/get_group_muted_account's
// reply (cloud.tencent.com/document/product/269/2925, trtc.io/document/34964).
// A reply in the old names (ShuttedUinList of Member_Account and
// ShuttedUntil, as the old command get_group_shutted_uin and older servers
// answer) is read into MutedAccountList too.
type GetGroupMutedAccountResponse struct {
	GroupID          string         `json:"GroupId"`
	MutedAccountList []MutedAccount `json:"MutedAccountList"`
}

// UnmarshalJSON reads the current names, or the old ones when the current
// list is absent.
func (r *GetGroupMutedAccountResponse) UnmarshalJSON(b []byte) error {
	var v struct {
		GroupID          string          `json:"GroupId"`
		MutedAccountList *[]MutedAccount `json:"MutedAccountList"`
		ShuttedUinList   []struct {
			MemberAccount string `json:"Member_Account"`
			ShuttedUntil  int64  `json:"ShuttedUntil"`
		} `json:"ShuttedUinList"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	r.GroupID, r.MutedAccountList = v.GroupID, nil
	if v.MutedAccountList != nil {
		r.MutedAccountList = *v.MutedAccountList
		return nil
	}
	for _, m := range v.ShuttedUinList {
		r.MutedAccountList = append(r.MutedAccountList, MutedAccount{MemberAccount: m.MemberAccount, MutedUntil: m.ShuttedUntil})
	}
	return nil
}

// MutedAccount is one muted user and the end of the mute (Unix seconds;
// cloud.tencent.com/document/product/269/2925).
type MutedAccount struct {
	MemberAccount string `json:"Member_Account"`
	MutedUntil    int64  `json:"MutedUntil"`
}

// GetGroupMutedAccount lists a group's muted members.
func (c *Client) GetGroupMutedAccount(ctx context.Context, groupID string) (*GetGroupMutedAccountResponse, error) {
	return call[GetGroupMutedAccountResponse](ctx, c, CmdGetGroupMutedAccount, groupIDRequest{GroupID: groupID})
}

// ModifyGroupMemberInfoRequest is group_open_http_svc/modify_group_member_info
// (trtc.io/document/34900); nil fields stay. MuteTime is seconds (0
// unmutes); Role is RoleAdmin or RoleMember. Tencent does not support it
// on an AVChatRoom, which stores no member profiles (10004,
// cloud.tencent.com/document/product/269/1623): there, mute with
// ForbidSendMsg and make admins with ModifyAdmin.
type ModifyGroupMemberInfoRequest struct {
	GroupID              string     `json:"GroupId"`
	MemberAccount        string     `json:"Member_Account"`
	Role                 *string    `json:"Role,omitempty"`
	MuteTime             *uint32    `json:"MuteTime,omitempty"`
	NameCard             *string    `json:"NameCard,omitempty"`
	AppMemberDefinedData []KeyValue `json:"AppMemberDefinedData,omitempty"`
}

// ModifyGroupMemberInfo changes one member.
func (c *Client) ModifyGroupMemberInfo(ctx context.Context, req ModifyGroupMemberInfoRequest) error {
	return c.Call(ctx, CmdModifyGroupMemberInfo, req, nil)
}

// DeleteGroupMemberRequest is group_open_http_svc/delete_group_member
// (trtc.io/document/34949): up to 100 members. Tencent does not support it
// on an AVChatRoom (10004): a live room bans instead (BanGroupMember).
type DeleteGroupMemberRequest struct {
	GroupID            string   `json:"GroupId"`
	Silence            int      `json:"Silence,omitempty"`
	Reason             string   `json:"Reason,omitempty"`
	MemberToDelAccount []string `json:"MemberToDel_Account"`
}

// DeleteGroupMember removes members (not in an AVChatRoom; see the type).
func (c *Client) DeleteGroupMember(ctx context.Context, req DeleteGroupMemberRequest) error {
	return c.Call(ctx, CmdDeleteGroupMember, req, nil)
}

// BanGroupMemberRequest is group_open_http_svc/ban_group_member
// (trtc.io/document/50296): up to 20 members are taken out of the live
// room and can neither rejoin nor receive for Duration seconds.
// Description is the reason. Needs the Premium edition and the console's
// ban switch.
type BanGroupMemberRequest struct {
	GroupID        string   `json:"GroupId"`
	MembersAccount []string `json:"Members_Account"`
	Duration       uint32   `json:"Duration"`
	Description    string   `json:"Description,omitempty"`
}

// BanGroupMember bans members.
func (c *Client) BanGroupMember(ctx context.Context, req BanGroupMemberRequest) error {
	return c.Call(ctx, CmdBanGroupMember, req, nil)
}

// UnbanGroupMemberRequest is group_open_http_svc/unban_group_member
// (trtc.io/document/50297).
type UnbanGroupMemberRequest struct {
	GroupID        string   `json:"GroupId"`
	MembersAccount []string `json:"Members_Account"`
}

// UnbanGroupMember lifts bans.
func (c *Client) UnbanGroupMember(ctx context.Context, req UnbanGroupMemberRequest) error {
	return c.Call(ctx, CmdUnbanGroupMember, req, nil)
}

// GetGroupBanMemberRequest is group_open_http_svc/get_group_ban_member
// (cloud.tencent.com/document/product/269/89989, trtc.io/document/50295):
// Offset 0 first, then the reply's NextOffset; Limit at most 100.
type GetGroupBanMemberRequest struct {
	GroupID string `json:"GroupId"`
	Limit   int    `json:"Limit"`
	Offset  int    `json:"Offset"`
}

// GetGroupBanMemberResponse is one page (cloud.tencent.com/document/product/269/89989);
// NextOffset 0 ends the list.
type GetGroupBanMemberResponse struct {
	BannedAccountList []BannedAccount `json:"BannedAccountList"`
	NextOffset        int             `json:"NextOffset"`
}

// BannedAccount is one banned user and the end of the ban (Unix seconds;
// cloud.tencent.com/document/product/269/89989).
type BannedAccount struct {
	MemberAccount string `json:"Member_Account"`
	BannedUntil   int64  `json:"BannedUntil"`
}

// GetGroupBanMember reads one page of a live room's banned users.
func (c *Client) GetGroupBanMember(ctx context.Context, req GetGroupBanMemberRequest) (*GetGroupBanMemberResponse, error) {
	return call[GetGroupBanMemberResponse](ctx, c, CmdGetGroupBanMember, req)
}

package wire

// Live-room bans and mute lists (server-api.md "What AVChatRoom lacks";
// trtc.io/document/50296, 50295). A ban takes users out of the room and
// keeps them from rejoining or receiving for Duration seconds; the room sees
// tip 10 (ban) and 11 (unban), the banned user gets system notice 21.
// tim-js-sdk's deleteGroupMember with a duration sends the same body as
// servcmd group_open_http_svc.ban_group_member.

// REST paths of bans and mute lists.
const (
	RESTBanGroupMember     = "group_open_http_svc/ban_group_member"
	RESTUnbanGroupMember   = "group_open_http_svc/unban_group_member"
	RESTGetGroupBanMember  = "group_open_http_svc/get_group_ban_member"
	RESTGetGroupMutedAcct  = "group_open_http_svc/get_group_muted_account"
	RESTGetGroupShuttedUin = "group_open_http_svc/get_group_shutted_uin" // the old name of get_group_muted_account
)

// BanGroupMemberReq is ban_group_member (REST and tim-js-sdk's
// deleteGroupMember in a live room): up to 20 users, Duration seconds,
// Description the reason.
type BanGroupMemberReq struct {
	GroupID        string   `json:"GroupId"`
	MembersAccount []string `json:"Members_Account"`
	Duration       int64    `json:"Duration"`
	Description    string   `json:"Description,omitempty"`
}

// UnbanGroupMemberReq is unban_group_member.
type UnbanGroupMemberReq struct {
	GroupID        string   `json:"GroupId"`
	MembersAccount []string `json:"Members_Account"`
}

// GetGroupBanMemberReq is get_group_ban_member: a page of the banned users.
type GetGroupBanMemberReq struct {
	GroupID string `json:"GroupId"`
	Offset  int    `json:"Offset,omitempty"`
	Limit   int    `json:"Limit,omitempty"`
}

// GetGroupBanMemberResp lists banned users with the end of their ban (Unix
// seconds); NextOffset 0 means the last page (trtc.io/document/50295).
type GetGroupBanMemberResp struct {
	Status
	BannedAccountList []BannedAccount `json:"BannedAccountList"`
	NextOffset        int             `json:"NextOffset"`
}

// BannedAccount is one banned user.
type BannedAccount struct {
	MemberAccount string `json:"Member_Account"`
	BannedUntil   int64  `json:"BannedUntil"`
}

// GetGroupMutedAccountResp is get_group_muted_account's reply (the request
// is a [GroupIDReq]; trtc.io/document/34964): the muted users with the end
// of their mute (Unix seconds), under the names the page shows today.
type GetGroupMutedAccountResp struct {
	Status
	GroupID          string         `json:"GroupId"`
	MutedAccountList []MutedAccount `json:"MutedAccountList"`
}

// MutedAccount is one muted user.
type MutedAccount struct {
	MemberAccount string `json:"Member_Account"`
	MutedUntil    int64  `json:"MutedUntil"`
}

// GetGroupShuttedUinResp is the reply of the old command
// get_group_shutted_uin, in the old names its page showed
// (intl.cloud.tencent.com/document/product/1047/34964, 2020).
type GetGroupShuttedUinResp struct {
	Status
	GroupID        string           `json:"GroupId"`
	ShuttedUinList []ShuttedAccount `json:"ShuttedUinList"`
}

// ShuttedAccount is one muted user in the old names.
type ShuttedAccount struct {
	MemberAccount string `json:"Member_Account"`
	ShuttedUntil  int64  `json:"ShuttedUntil"`
}

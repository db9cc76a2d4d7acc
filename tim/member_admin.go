package tim

import (
	"context"
	"slices"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// memberInfoFilter is what tim-js-sdk asks of a member after changing it.
var memberInfoFilter = []string{"Role", "JoinTime", "NameCard", "ShutUpUntil"}

// GetGroupMemberList returns one page of a joined live room's online
// members, latest joins first (group_open_avchatroom_http_svc.get_members):
// offset 0 asks for the first page, then the Offset of the previous one;
// Offset 0 means the last page. Members carry user ID, nick, avatar and
// join time. A group the user has not joined gives an empty list without
// a request, as in tim-js-sdk; at most one request per 3 s leaves the
// client (2996).
func (t *TIM) GetGroupMemberList(ctx context.Context, groupID string, offset int64) (*group.MemberList, error) {
	if err := t.checkReady("getGroupMemberList"); err != nil {
		return nil, err
	}
	switch {
	case groupID == "":
		return nil, invalid("groupID is empty")
	case offset < 0:
		return nil, invalid("offset is negative")
	}
	out := &group.MemberList{MemberList: []*group.Member{}}
	if r := t.room(groupID); r == nil || !r.av {
		return out, nil
	}
	var resp wire.AVMembersResp
	err := t.doLimited(ctx, call{servcmd: wire.CmdGetAVMembers, body: wire.AVMembersReq{GroupID: groupID, Timestamp: offset}, out: &resp})
	if err != nil {
		return nil, err
	}
	for i := range resp.MemberList {
		out.MemberList = append(out.MemberList, mapAVMember(&resp.MemberList[i]))
	}
	out.Offset = max(resp.NextTimestamp, 0) // 0: the last page; never a negative cursor
	return out, nil
}

// SetGroupMemberMuteTime mutes a member for seconds (0 unmutes) through
// modify_group_member_info; every member gets tip 7. Owner and admins may
// mute ordinary members, the owner also admins (10007 otherwise); muting
// oneself is 2685. It returns the member as the server now has it, or nil
// when the user is not in the room.
func (t *TIM) SetGroupMemberMuteTime(ctx context.Context, groupID, userID string, seconds int64) (*group.Member, error) {
	if err := t.checkReady("setGroupMemberMuteTime"); err != nil {
		return nil, err
	}
	switch {
	case groupID == "" || userID == "":
		return nil, invalid("groupID and userID are required")
	case seconds < 0 || seconds > wire.MuteForever:
		return nil, invalid("muteTime is out of range")
	case userID == t.UserID():
		return nil, newError(types.ErrCannotMuteSelf, "")
	}
	req := wire.ModifyGroupMemberReq{GroupID: groupID, MemberAccount: userID, ShutUpTime: &seconds}
	if err := t.do(ctx, call{servcmd: wire.CmdModifyGroupMember, body: req}); err != nil {
		return nil, err
	}
	return t.fetchMember(ctx, groupID, userID)
}

// SetGroupMemberRole makes a member of a joined room an Admin or a Member
// again (modify_group_member_info; tips 4 and 5). Only the owner may (2681,
// from the role the join reported); the role must be Admin or Member
// (2683) and not the user's own (2684); a room not joined is 2603. Unlike
// tim-js-sdk 2.27.6, which refuses live rooms outright (2682), this
// follows tim-js-sdk 3.x: live rooms have admins.
func (t *TIM) SetGroupMemberRole(ctx context.Context, groupID, userID string, role types.MemberRole) (*group.Member, error) {
	if err := t.checkReady("setGroupMemberRole"); err != nil {
		return nil, err
	}
	if groupID == "" || userID == "" || role == "" {
		return nil, invalid("groupID, userID and role are required")
	}
	r := t.room(groupID)
	switch {
	case r == nil:
		return nil, newError(types.ErrCannotFindGroup, "")
	case r.snapshot().SelfInfo.Role != types.GrpMbrRoleOwner:
		return nil, newError(types.ErrNotOwner, "")
	case role != types.GrpMbrRoleAdmin && role != types.GrpMbrRoleMember:
		return nil, newError(types.ErrInvalidMemberRole, "")
	case userID == t.UserID():
		return nil, newError(types.ErrCannotSetSelfMemberRole, "")
	}
	s := string(role)
	req := wire.ModifyGroupMemberReq{GroupID: groupID, MemberAccount: userID, Role: &s}
	if err := t.do(ctx, call{servcmd: wire.CmdModifyGroupMember, body: req}); err != nil {
		return nil, err
	}
	return t.fetchMember(ctx, groupID, userID)
}

// fetchMember reads one member (get_specified_group_member_info) with its
// nick and avatar (portrait_get_all), as tim-js-sdk does after a change;
// nil when the user is not in the room.
func (t *TIM) fetchMember(ctx context.Context, groupID, userID string) (*group.Member, error) {
	var resp wire.SpecifiedMemberInfoResp
	req := wire.SpecifiedMemberInfoReq{GroupID: groupID, MemberListAccount: []string{userID}, MemberInfoFilter: memberInfoFilter}
	if err := t.do(ctx, call{servcmd: wire.CmdSpecifiedMemberInfo, body: req, out: &resp}); err != nil {
		return nil, err
	}
	for i := range resp.MemberList {
		if resp.MemberList[i].MemberAccount != userID {
			continue
		}
		m := mapMemberInfo(&resp.MemberList[i])
		ps, err := t.fetchProfiles(ctx, t.UserID(), []string{userID})
		if err != nil {
			return nil, err
		}
		if len(ps) > 0 {
			m.Nick, m.Avatar = ps[0].Nick, ps[0].Avatar
		}
		return m, nil
	}
	return nil, nil
}

// UpdateGroupProfile changes a group's profile (modify_group_base_info) as
// its owner or an admin (10007 otherwise); every member gets tip 6 listing
// the change. It returns the joined group as changed, or nil for a group
// the user has not joined.
func (t *TIM) UpdateGroupProfile(ctx context.Context, groupID string, u group.ProfileUpdate) (*group.Group, error) {
	if err := t.checkReady("updateGroupProfile"); err != nil {
		return nil, err
	}
	if groupID == "" {
		return nil, invalid("groupID is empty")
	}
	for _, f := range u.GroupCustomField {
		if f.Key == "" {
			return nil, invalid("groupCustomField has an empty key")
		}
	}
	if err := t.do(ctx, call{servcmd: wire.CmdModifyGroupBase, body: modifyBaseReq(groupID, &u)}); err != nil {
		return nil, err
	}
	r := t.room(groupID)
	if r == nil {
		return nil, nil
	}
	r.mu.Lock()
	if r.group != nil {
		g := *r.group
		applyProfileUpdate(&g, &u)
		r.group = &g
	}
	r.mu.Unlock()
	return r.snapshot(), nil
}

// DeleteGroupMember in a live room is a timed ban (ban_group_member): the
// users are taken out, cannot rejoin or receive for seconds, get system
// notice 21 (their SDK drops the room), and the room sees tip 10. Only the
// owner and admins may ban (10007). A group the user has not joined is
// 2603, a duration under a second 2686, as in tim-js-sdk. It returns the
// user IDs.
func (t *TIM) DeleteGroupMember(ctx context.Context, groupID string, userIDs []string, seconds int64, reason string) ([]string, error) {
	if err := t.checkReady("deleteGroupMember"); err != nil {
		return nil, err
	}
	switch {
	case groupID == "":
		return nil, invalid("groupID is empty")
	case len(userIDs) == 0:
		return nil, invalid("userIDList is empty")
	case t.room(groupID) == nil:
		return nil, newError(types.ErrCannotFindGroup, "")
	case seconds <= 0:
		return nil, newError(types.ErrBanDurationInvalid, "")
	}
	req := wire.BanGroupMemberReq{GroupID: groupID, MembersAccount: userIDs, Duration: seconds, Description: reason}
	if err := t.do(ctx, call{servcmd: wire.CmdBanGroupMember, body: req}); err != nil {
		return nil, err
	}
	return slices.Clone(userIDs), nil
}

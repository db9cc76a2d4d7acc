package server

import (
	"cmp"
	"slices"

	"github.com/tim-go/sdk/internal/wire"
)

// Room administration by members over the WebSocket: the same changes as
// the REST commands, but by a user whose role allows them, who is named as
// the tips' operator.

// Member list pages (get_members): Tencent returns the latest online
// members, at most avMembersMax, avMembersPage per reply.
const (
	avMembersPage = 250
	avMembersMax  = 1000
	maxMemberIDs  = 500 // IDs of one get_specified_group_member_info
)

// checkMember fails with code unless sess is in the room; a BytesKey, when
// sent, must be the room's AVChatRoomKey from the join.
func (r *room) checkMember(sess *session, bytesKey string, code int) *apiError {
	if bytesKey != "" && bytesKey != avChatRoomKey(r.id) {
		return fail(CodeBadParam, "BytesKey is not the key of group %s", r.id)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.destroyed:
		return fail(CodeNoGroup, "group %s does not exist", r.id)
	case !r.isMemberLocked(sess):
		return fail(code, "not in group %s", r.id)
	}
	return nil
}

// isMemberLocked reports whether sess is the room's member of its user.
func (r *room) isMemberLocked(sess *session) bool {
	m := r.members[sess.userID]
	return m != nil && m.sess == sess
}

// isManager reports whether role may administer members (mute, profile).
func isManager(role string) bool { return role == wire.RoleOwner || role == wire.RoleAdmin }

// handleModifyGroupMember is group_open_http_svc.modify_group_member_info
// (setGroupMemberMuteTime, setGroupMemberRole, setGroupMemberNameCard):
// the owner sets roles (tip 4/5); the owner and admins mute members (tip
// 7), admins only ordinary members; anyone sets their own name card.
func (s *Server) handleModifyGroupMember(q *request) (any, *apiError) {
	var req wire.ModifyGroupMemberReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if e := checkMemberChange(&req); e != nil {
		return nil, e
	}
	op, user := q.sess.userID, req.MemberAccount
	now := s.nowUnix()
	if req.Role != nil {
		_, e := r.publish(func() (*wire.Item, *apiError) {
			switch {
			case !r.isMemberLocked(q.sess):
				return nil, fail(CodeNotMember, "not in group %s", r.id)
			case r.roleLocked(op) != wire.RoleOwner:
				return nil, fail(CodeNotMember, "only the owner sets roles")
			}
			return r.setRoleLocked(op, []string{user}, *req.Role)
		})
		if e != nil {
			return nil, e
		}
	}
	if req.ShutUpTime != nil {
		_, e := r.publish(func() (*wire.Item, *apiError) {
			opRole, userRole := r.roleLocked(op), r.roleLocked(user)
			switch {
			case !r.isMemberLocked(q.sess):
				return nil, fail(CodeNotMember, "not in group %s", r.id)
			case user == op:
				return nil, fail(CodeBadParam, "cannot mute yourself")
			case !isManager(opRole) || userRole == wire.RoleOwner || (userRole == wire.RoleAdmin && opRole != wire.RoleOwner):
				return nil, fail(CodeNotMember, "%s may not mute %s", opRole, userRole)
			}
			return r.muteByLocked(op, []string{user}, *req.ShutUpTime, now), nil
		})
		if e != nil {
			return nil, e
		}
	}
	if req.NameCard != nil {
		r.mu.Lock()
		defer r.mu.Unlock()
		switch {
		case !r.isMemberLocked(q.sess):
			return nil, fail(CodeNotMember, "not in group %s", r.id)
		case user != op && !isManager(r.roleLocked(op)):
			return nil, fail(CodeNotMember, "only managers set others' name cards")
		case *req.NameCard == "":
			delete(r.cards, user)
		default:
			r.cards[user] = *req.NameCard
		}
	}
	return okBody, nil
}

// checkMemberChange validates a modify_group_member_info request (REST or
// WebSocket) before it meets the room.
func checkMemberChange(req *wire.ModifyGroupMemberReq) *apiError {
	secs, e := eitherName(req.MuteTime, req.ShutUpTime, "MuteTime", "ShutUpTime", CodeBadParam)
	if e != nil {
		return e
	}
	req.ShutUpTime, req.MuteTime = secs, nil // one name from here on
	switch {
	case req.MemberAccount == "":
		return fail(CodeBadParam, "Member_Account is required")
	case req.Role != nil && *req.Role != wire.RoleAdmin && *req.Role != wire.RoleMember:
		return fail(CodeBadParam, "Role must be Admin or Member")
	case req.ShutUpTime != nil && (*req.ShutUpTime < 0 || *req.ShutUpTime > wire.MuteForever):
		return fail(CodeBadParam, "ShutUpTime must be 0 to %d", int64(wire.MuteForever))
	}
	return nil
}

// setRoleLocked makes users Admins (tip 4) or Members (tip 5) on behalf
// of operator; the owner's role never changes.
func (r *room) setRoleLocked(operator string, users []string, role string) (*wire.Item, *apiError) {
	if slices.Contains(users, r.owner) {
		return nil, fail(CodeBadParam, "the owner's role cannot change")
	}
	tip := wire.TipMemberSetAdmin
	for _, u := range users {
		if role == wire.RoleAdmin {
			r.roles[u] = wire.RoleAdmin
		} else {
			delete(r.roles, u)
			tip = wire.TipMemberCancelAdmin
		}
	}
	return r.tipLocked(tip, operator, users, nil), nil
}

// muteByLocked sets the users' mute (0 unmutes) and returns tip 7 by
// operator.
func (r *room) muteByLocked(operator string, users []string, seconds, now int64) *wire.Item {
	mm := make([]wire.MemberMute, len(users))
	for i, u := range users {
		if seconds == 0 {
			delete(r.mutes, u)
		} else {
			r.mutes[u] = now + seconds
		}
		mm[i] = wire.MemberMute{UserAccount: u, ShutupTime: seconds}
	}
	return r.tipLocked(wire.TipMemberProfile, operator, users, func(tb *wire.TipBody) { tb.MsgMemberInfo = mm })
}

// handleModifyGroupBase is group_open_http_svc.modify_group_base_info
// (updateGroupProfile) by the owner or an admin: tip 6 lists the change.
func (s *Server) handleModifyGroupBase(q *request) (any, *apiError) {
	var req wire.ModifyGroupBaseReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	c, e := checkBaseChange(&req)
	if e != nil {
		return nil, e
	}
	op, now := q.sess.userID, s.nowUnix()
	_, e = r.publish(func() (*wire.Item, *apiError) {
		switch {
		case !r.isMemberLocked(q.sess):
			return nil, fail(CodeNotMember, "not in group %s", r.id)
		case !isManager(r.roleLocked(op)):
			return nil, fail(CodeNotMember, "only the owner and admins change the group")
		}
		return r.applyBaseChangeLocked(op, c, now)
	})
	if e != nil {
		return nil, e
	}
	return okBody, nil
}

// baseChange is a checked modify_group_base_info request; muteAll is
// ShutUpAllMember as the tip's ShutupAll (nil: unchanged).
type baseChange struct {
	req     *wire.ModifyGroupBaseReq
	muteAll *int
}

// checkBaseChange validates what does not depend on the room.
func checkBaseChange(req *wire.ModifyGroupBaseReq) (*baseChange, *apiError) {
	c := &baseChange{req: req}
	all, e := eitherName(req.MuteAllMember, req.ShutUpAllMember, "MuteAllMember", "ShutUpAllMember", CodeBadParam)
	if e != nil {
		return nil, e
	}
	if v := all; v != nil {
		switch *v {
		case wire.SwitchOn:
			c.muteAll = new(int)
			*c.muteAll = 1
		case wire.SwitchOff:
			c.muteAll = new(int)
		default:
			return nil, fail(CodeBadParam, "MuteAllMember must be On or Off")
		}
	}
	if req.Name != nil && (*req.Name == "" || len(*req.Name) > maxGroupNameLen) {
		return nil, fail(CodeBadParam, "Name needs 1 to %d bytes", maxGroupNameLen)
	}
	return c, nil
}

// applyBaseChangeLocked applies the change on behalf of operator and
// returns tip 6 listing it, or nil when nothing changed.
func (r *room) applyBaseChangeLocked(operator string, c *baseChange, now int64) (*wire.Item, *apiError) {
	req := c.req
	if e := r.setAppDataLocked(req.AppDefinedData); e != nil {
		return nil, e
	}
	ni := &wire.GroupNewInfo{
		GroupName: req.Name, GroupIntroduction: req.Introduction, GroupNotification: req.Notification,
		GroupFaceURL: req.FaceURL, ShutupAll: c.muteAll, MsgAppDefinedData: req.AppDefinedData,
	}
	for _, f := range []struct{ dst, v *string }{{&r.name, req.Name}, {&r.intro, req.Introduction},
		{&r.notification, req.Notification}, {&r.faceURL, req.FaceURL}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	if c.muteAll != nil {
		r.muteAll = *c.muteAll == 1
	}
	if ni.GroupName == nil && ni.GroupIntroduction == nil && ni.GroupNotification == nil &&
		ni.GroupFaceURL == nil && ni.ShutupAll == nil && len(ni.MsgAppDefinedData) == 0 {
		return nil, nil // nothing changed: no tip
	}
	r.infoSeq++
	r.infoTime = now
	return r.tipLocked(wire.TipGroupProfileUpdate, operator, nil, func(tb *wire.TipBody) { tb.MsgGroupNewInfo = ni }), nil
}

// handleSpecifiedMemberInfo is get_specified_group_member_info: the
// requested users that are in the room, with role, join time, name card
// and mute end.
func (s *Server) handleSpecifiedMemberInfo(q *request) (any, *apiError) {
	var req wire.SpecifiedMemberInfoReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if n := len(req.MemberListAccount); n == 0 || n > maxMemberIDs {
		return nil, fail(CodeBadParam, "Member_List_Account needs 1 to %d IDs", maxMemberIDs)
	}
	if e := r.checkMember(q.sess, "", CodeNotMember); e != nil {
		return nil, e
	}
	now := s.nowUnix()
	r.mu.Lock()
	defer r.mu.Unlock()
	out := []wire.MemberInfo{}
	for _, id := range req.MemberListAccount {
		if m := r.members[id]; m != nil {
			out = append(out, wire.MemberInfo{MemberAccount: id, Role: r.roleLocked(id), JoinTime: m.joinTime,
				NameCard: r.cards[id], ShutUpUntil: r.mutedUntilLocked(id, now)})
		}
	}
	return wire.SpecifiedMemberInfoResp{Status: wire.OK(), MemberList: out}, nil
}

// handleGetAVMembers is group_open_avchatroom_http_svc.get_members
// (getGroupMemberList in a live room), for members.
func (s *Server) handleGetAVMembers(q *request) (any, *apiError) {
	var req wire.AVMembersReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if e := r.checkMember(q.sess, "", CodeNotMember); e != nil {
		return nil, e
	}
	return r.avMembers(req.Timestamp, req.Mark)
}

// restGetAVMembers is the REST get_members.
func (s *Server) restGetAVMembers(body []byte) (any, *apiError) {
	var req wire.AVMembersReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if !hasField(body, "Timestamp") { // required, 0 for the first page (trtc.io/document/50293)
		return nil, fail(CodeBadParam, "Timestamp is required")
	}
	return r.avMembers(req.Timestamp, req.Mark)
}

// avMembers is one page of the online members, latest joins first. The
// cursor (Timestamp/NextTimestamp) is opaque to clients: here the index of
// the page's first member. No member marks are emulated, so a Mark filter
// matches nobody.
func (r *room) avMembers(cursor int64, mark int) (any, *apiError) {
	if cursor < 0 {
		return nil, fail(CodeBadParam, "Timestamp must not be negative")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.destroyed {
		return nil, fail(CodeNoGroup, "group %s does not exist", r.id)
	}
	resp := wire.AVMembersResp{Status: wire.OK(), MemberList: []wire.AVMember{}}
	if mark != 0 {
		return resp, nil
	}
	list := make([]*member, 0, len(r.members))
	for _, m := range r.members {
		list = append(list, m)
	}
	slices.SortFunc(list, func(a, b *member) int {
		return cmp.Or(cmp.Compare(b.joinTime, a.joinTime), cmp.Compare(a.userID, b.userID))
	})
	list = list[:min(len(list), avMembersMax)]
	start := int(min(cursor, int64(len(list))))
	end := min(start+avMembersPage, len(list))
	for _, m := range list[start:end] {
		ex := r.srv.users.extra(m.userID)
		resp.MemberList = append(resp.MemberList, wire.AVMember{MemberAccount: m.userID, JoinTime: m.joinTime, NickName: ex.NickName, Avatar: ex.ImageURL})
	}
	if end < len(list) {
		resp.NextTimestamp = int64(end)
	}
	return resp, nil
}

// handleBanGroupMember is group_open_http_svc.ban_group_member
// (deleteGroupMember in a live room): the owner and admins ban ordinary
// members, the owner also admins, nobody the owner or themselves; the ban
// itself is ban.go's.
func (s *Server) handleBanGroupMember(q *request) (any, *apiError) {
	var req wire.BanGroupMemberReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	op, now := q.sess.userID, s.nowUnix()
	r.mu.Lock()
	opRole := r.roleLocked(op)
	switch {
	case r.destroyed:
		e = fail(CodeNoGroup, "group %s does not exist", r.id)
	case !r.isMemberLocked(q.sess):
		e = fail(CodeNotMember, "not in group %s", r.id)
	case !isManager(opRole):
		e = fail(CodeNotMember, "only the owner and admins ban members")
	case slices.Contains(req.MembersAccount, op):
		e = fail(CodeBadParam, "cannot ban yourself")
	case slices.ContainsFunc(req.MembersAccount, func(u string) bool {
		role := r.roleLocked(u)
		return role == wire.RoleOwner || role == wire.RoleAdmin && opRole != wire.RoleOwner
	}):
		e = fail(CodeNotMember, "%s may not ban the owner or an admin", opRole)
	}
	var d *banDone
	if e == nil {
		d, e = r.banLocked(op, req.MembersAccount, req.Duration, req.Description, now)
	}
	r.mu.Unlock()
	if e != nil {
		return nil, e
	}
	q.c.reply(q.f, okBody)
	d.run()
	return noReply, nil
}

package server

import (
	"github.com/tim-go/sdk/internal/wire"
)

// maxForbidMembers is forbid_send_msg's limit (trtc.io/document/34951).
const maxForbidMembers = 500

func (s *Server) restCreateGroup(body []byte) (any, *apiError) {
	var req wire.CreateGroupReq
	if e := decodeREST(body, &req); e != nil {
		return nil, e
	}
	if len(req.MemberList) > 0 && req.Type == wire.AVChatRoomType {
		// trtc.io/document/34895: members of an AVChatRoom join from the
		// SDK; naming any at creation is refused with 10007.
		return nil, fail(CodeNotMember, "an AVChatRoom is created without members")
	}
	id, e := s.createRoom(&req)
	if e != nil {
		return nil, e
	}
	return wire.CreateGroupResp{Status: wire.OK(), GroupID: id}, nil
}

// okAfter answers a generic OK once a room change went through.
func okAfter(_ *item, e *apiError) (any, *apiError) {
	if e != nil {
		return nil, e
	}
	return wire.OK(), nil
}

// publish runs a room change under the lock and delivers what it published.
func (r *room) publish(change func() (*wire.Item, *apiError)) (*item, *apiError) {
	r.mu.Lock()
	if r.destroyed {
		r.mu.Unlock()
		return nil, fail(CodeNoGroup, "group %s does not exist", r.id)
	}
	wi, e := change()
	if e != nil || wi == nil {
		r.mu.Unlock()
		return nil, e
	}
	fo, e := r.publishLocked(wi)
	r.mu.Unlock()
	if e != nil {
		return nil, e
	}
	fo.run()
	return fo.items[len(fo.items)-1], nil
}

func (s *Server) restDestroyGroup(body []byte) (any, *apiError) {
	var req wire.GroupIDReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if e := r.destroy(s.cfg.Admin); e != nil {
		return nil, e
	}
	return wire.OK(), nil
}

// restSendGroupMsg sends as any From_Account (the admin by default); the
// sender need not be in the room and is not subject to mutes.
func (s *Server) restSendGroupMsg(body []byte) (any, *apiError) {
	var req wire.RESTSendGroupMsgReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	switch {
	case len(req.MsgBody) == 0:
		return nil, fail(CodeBadParam, "MsgBody is empty")
	case !hasField(body, "Random"):
		// trtc.io/document/34959: Random is required (a message with the
		// same Random within 5 minutes counts as the same message).
		return nil, fail(CodeBadParam, "Random is required")
	case req.MsgPriority.Level == 0 && hasField(body, "MsgPriority"):
		// The page names High, Normal, Low and Lowest; the WebSocket's
		// lenient reading (unknown: Normal) is tim-js-sdk's, not the API's.
		return nil, fail(CodeBadParam, "MsgPriority must be High, Normal, Low or Lowest")
	case len(req.FromAccount) > wire.MaxUserIDLen:
		// No account has a longer UserID (trtc.io/document/34953), and the
		// sender keys the send dedup and the webhooks.
		return nil, fail(CodeBadParam, "From_Account is longer than %d bytes", wire.MaxUserIDLen)
	}
	from := req.FromAccount
	if from == "" {
		from = s.cfg.Admin
	}
	random := req.Random
	if random == 0 {
		random = randomMsgRandom()
	}
	now := s.nowUnix()
	var ent *sentMsg
	if req.Random != 0 { // the same message again within 5 minutes (send_dedup.go)
		r.mu.Lock()
		var dup bool
		if !r.destroyed {
			ent, dup = r.claimSendLocked(sendKey{from, req.Random}, s.now())
		}
		if dup {
			return s.answerRepeat(r, ent)
		}
		r.mu.Unlock()
	}
	if e := s.checkContent(req.MsgBody, req.SendMsgControl); e != nil {
		if ent != nil {
			r.finishSend(ent, 0, now, e)
		}
		return nil, s.hooks.sendFailed(s.restSendJob(r, &req, from, random, now), e)
	}
	s.stats.messages.Add(1)
	return s.sendREST(r, &req, from, random, now, ent) // budget.go: the reply waits for the budget
}

// answerRepeat answers a REST send_group_msg that repeats ent, with the
// first's reply, once it has one; the room is locked and gets unlocked.
func (s *Server) answerRepeat(r *room, ent *sentMsg) (any, *apiError) {
	type result struct {
		seq     uint64
		msgTime int64
		e       *apiError
	}
	ch := make(chan result, 1)
	answer := ent.answerLocked(func(seq uint64, msgTime int64, e *apiError) { ch <- result{seq, msgTime, e} })
	r.mu.Unlock()
	s.stats.duplicateSends.Add(1)
	answer()
	res := <-ch // the first's done always comes
	if res.e != nil {
		return nil, res.e
	}
	return wire.SendGroupMsgResp{Status: wire.OK(), MsgTime: res.msgTime, MsgSeq: res.seq}, nil
}

// restSystemNotice is send_group_system_notification: notice 255 to every
// member (ToMembers_Account is ignored in AVChatRooms, as in Tencent's).
func (s *Server) restSystemNotice(body []byte) (any, *apiError) {
	var req wire.SystemNoticeReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if req.Content == "" {
		return nil, fail(CodeBadParam, "Content is required")
	}
	return okAfter(r.publish(func() (*wire.Item, *apiError) {
		return r.noticeLocked(wire.NoticeCustom, s.cfg.Admin, req.Content), nil
	}))
}

// restModifyGroupBase applies the given fields and sends tip 6 listing them
// (custom fields as MsgAppDefinedData), by the app admin.
func (s *Server) restModifyGroupBase(body []byte) (any, *apiError) {
	var req wire.ModifyGroupBaseReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	c, e := checkBaseChange(&req)
	if e != nil {
		return nil, e
	}
	now := s.nowUnix()
	return okAfter(r.publish(func() (*wire.Item, *apiError) { return r.applyBaseChangeLocked(s.cfg.Admin, c, now) }))
}

// restForbidSendMsg mutes Members_Account for MuteTime seconds (0 unmutes).
func (s *Server) restForbidSendMsg(body []byte) (any, *apiError) {
	var req wire.ForbidSendMsgReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	secs, e := eitherName(req.MuteTime, req.ShutUpTime, "MuteTime", "ShutUpTime", CodeBadParam)
	switch {
	case e != nil:
		return nil, e
	case len(req.MembersAccount) == 0 || len(req.MembersAccount) > maxForbidMembers:
		return nil, fail(CodeBadParam, "Members_Account needs 1 to %d IDs", maxForbidMembers)
	case secs == nil:
		return nil, fail(CodeBadParam, "MuteTime is required")
	case *secs < 0 || *secs > wire.MuteForever:
		return nil, fail(CodeBadParam, "MuteTime must be 0 to %d", int64(wire.MuteForever))
	}
	now := s.nowUnix()
	return okAfter(r.publish(func() (*wire.Item, *apiError) {
		return r.muteByLocked(s.cfg.Admin, req.MembersAccount, *secs, now), nil
	}))
}

// restModifyGroupMember is modify_group_member_info, which Tencent does
// not support on an AVChatRoom: a live room stores no member profiles
// (cloud.tencent.com/document/product/269/1623, "AVChatRoom: 不支持").
// After the body and group checks it is refused with 10004, as
// delete_group_member is; live-room admins come from modify_admin
// (rest_admin.go) and mutes from forbid_send_msg.
func (s *Server) restModifyGroupMember(body []byte) (any, *apiError) {
	var req wire.ModifyGroupMemberReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if e := checkMemberChange(&req); e != nil {
		return nil, e
	}
	return nil, fail(CodeBadParam, "group %s is an AVChatRoom, which stores no member profiles: use modify_admin or forbid_send_msg", r.id)
}

// restGetGroupInfo is get_group_info: all custom fields unless
// AppDefinedDataFilter_Group names some; the mute-all switch as
// MuteAllMember.
func (s *Server) restGetGroupInfo(body []byte) (any, *apiError) {
	var req wire.GetGroupInfoReq
	if e := decodeREST(body, &req); e != nil {
		return nil, e
	}
	var keys []string
	if req.ResponseFilter != nil {
		keys = req.ResponseFilter.AppDefinedDataFilter_Group
	}
	infos, e := s.groupInfos(req.GroupIDList, keys, keys == nil, nil)
	if e != nil {
		return nil, e
	}
	for i := range infos { // the REST reply's name today (trtc.io/document/34961)
		infos[i].MuteAllMember, infos[i].ShutUpAllMember = infos[i].ShutUpAllMember, ""
	}
	return wire.GetGroupInfoResp{Status: wire.OK(), GroupInfo: infos}, nil
}

func (s *Server) restOnlineNum(body []byte) (any, *apiError) {
	var req wire.GroupIDReq
	if e := decodeREST(body, &req); e != nil {
		return nil, e
	}
	return s.onlineNum(req.GroupID)
}

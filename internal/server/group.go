package server

import (
	"github.com/tim-go/sdk/internal/wire"
)

// maxGroupIDList bounds the GroupIdList of one info request.
const maxGroupIDList = 50

// decodeRoom decodes a request body into req and finds the group that
// *groupID (a field of req) names. REST bodies must be present (strict);
// an empty frame body reads as {}.
func (s *Server) decodeRoom(body []byte, strict bool, req any, groupID *string) (*room, *apiError) {
	decode := decodeBody
	if strict {
		decode = decodeREST
	}
	if e := decode(body, req); e != nil {
		return nil, e
	}
	return s.findRoom(*groupID)
}

// findRoom looks a group up for a request naming it.
func (s *Server) findRoom(groupID string) (*room, *apiError) {
	if groupID == "" {
		return nil, fail(CodeBadParam, "GroupId is required")
	}
	r := s.room(groupID)
	if r == nil {
		return nil, fail(CodeNoGroup, "group %s does not exist", groupID)
	}
	return r, nil
}

// handleJoin is group_open_http_svc.apply_join_group (joinGroup, logged in).
func (s *Server) handleJoin(q *request) (any, *apiError) {
	var req wire.ApplyJoinReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if q.sess.roomCount() >= maxRoomsPerSession {
		return nil, fail(CodeBadParam, "in too many groups (max %d)", maxRoomsPerSession)
	}
	resp, fo, e := r.join(q.sess)
	if e != nil {
		return nil, e
	}
	q.c.reply(q.f, resp) // the reply goes out before the join tip
	fo.run()
	return noReply, nil
}

// handleGuestJoin is group_open_http_noauth_svc.apply_join_group (joinGroup
// without login). The guest is known by its LongPollingKey only.
func (s *Server) handleGuestJoin(q *request) (any, *apiError) {
	var req wire.ApplyJoinReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if e := q.c.reserveGuest(); e != nil { // per socket and per address (limits.go)
		return nil, e
	}
	resp, e := r.joinGuest(q.c)
	if e != nil {
		q.c.unreserveGuest()
		return nil, e
	}
	return resp, nil
}

// handleQuit is group_open_http_svc.quit_group.
func (s *Server) handleQuit(q *request) (any, *apiError) {
	var req wire.GroupIDReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	r.mu.Lock()
	m := r.members[q.sess.userID]
	owner := r.owner == q.sess.userID
	r.mu.Unlock()
	switch {
	case m == nil || m.sess != q.sess:
		return nil, fail(CodeNotMember, "not in group %s", r.id)
	case owner:
		return nil, fail(CodeOwnerCannotQuit, "the owner cannot quit an AVChatRoom")
	}
	r.leave(m, true)
	return okBody, nil
}

// handleSelfMemberInfo is get_group_self_member_info (getGroupProfile):
// GroupInfo with the caller's SelfInfo. Custom fields (AppDefinedData)
// follow get_group_info (trtc.io/document/34961): a request without a
// ResponseFilter, the "basic form", gets them all; one with a filter gets
// only those its AppDefinedDataFilter_Group names, so none for
// tim-js-sdk's getGroupProfile without groupCustomFieldFilter. A group the
// caller is not in gets 10007.
func (s *Server) handleSelfMemberInfo(q *request) (any, *apiError) {
	var req wire.SelfMemberInfoReq
	if e := decodeBody(q.f.Body, &req); e != nil {
		return nil, e
	}
	var keys []string
	all := req.ResponseFilter == nil
	if !all {
		keys = req.ResponseFilter.AppDefinedDataFilter_Group
	}
	infos, e := s.groupInfos(req.GroupIDList, keys, all, q.sess)
	if e != nil {
		return nil, e
	}
	return wire.SelfMemberInfoResp{Status: wire.OK(), GroupInfo: infos}, nil
}

// groupInfos answers info requests (WebSocket and REST): one GroupInfo per
// ID, with a per-group ErrorCode for missing groups (and, given a session,
// for groups it is not in).
func (s *Server) groupInfos(ids []string, keys []string, all bool, sess *session) ([]wire.GroupInfo, *apiError) {
	if len(ids) == 0 || len(ids) > maxGroupIDList {
		return nil, fail(CodeBadParam, "GroupIdList needs 1 to %d IDs", maxGroupIDList)
	}
	now := s.nowUnix()
	out := make([]wire.GroupInfo, 0, len(ids))
	for _, id := range ids {
		r := s.room(id)
		if r == nil {
			out = append(out, wire.GroupInfo{GroupID: id, ErrorCode: CodeNoGroup, ErrorInfo: "group does not exist"})
			continue
		}
		r.mu.Lock()
		var self string
		if sess != nil {
			if m := r.members[sess.userID]; m != nil && m.sess == sess {
				self = sess.userID
			}
		}
		if sess != nil && self == "" {
			r.mu.Unlock()
			out = append(out, wire.GroupInfo{GroupID: id, ErrorCode: CodeNotMember, ErrorInfo: "not in group"})
			continue
		}
		out = append(out, r.infoLocked(keys, all, self, now))
		r.mu.Unlock()
	}
	return out, nil
}

// handleOnlineNum is get_online_member_num: members plus guests online.
func (s *Server) handleOnlineNum(q *request) (any, *apiError) {
	var req wire.GroupIDReq
	if e := decodeBody(q.f.Body, &req); e != nil {
		return nil, e
	}
	return s.onlineNum(req.GroupID)
}

func (s *Server) onlineNum(groupID string) (any, *apiError) {
	r, e := s.findRoom(groupID)
	if e != nil {
		return nil, e
	}
	r.mu.Lock()
	n := r.onlineLocked()
	r.mu.Unlock()
	return wire.OnlineNumResp{Status: wire.OK(), OnlineMemberNum: n, ExpireTime: wire.OnlineInfExpires}, nil
}

// handleSendGroupMsg is group_open_http_svc.send_group_msg (sendMessage).
// The sender is the session's user (From_Account is not trusted); it must
// be in the room and not muted. The message is echoed to the sender too.
func (s *Server) handleSendGroupMsg(q *request) (any, *apiError) {
	var req wire.SendGroupMsgReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if len(req.MsgBody) == 0 {
		return nil, fail(CodeBadParam, "MsgBody is empty")
	}
	user := q.sess.userID
	now := s.nowUnix()
	c, f := q.c, q.f
	reply := func(seq uint64, msgTime int64, e *apiError) {
		if e != nil {
			c.replyError(f, e)
			return
		}
		c.reply(f, wire.SendGroupMsgResp{Status: wire.OK(), MsgTime: msgTime, MsgSeq: seq})
	}
	r.mu.Lock()
	var ent *sentMsg
	if !r.destroyed {
		var dup bool
		if ent, dup = r.claimSendLocked(sendKey{user, req.Random}, s.now()); dup {
			// The same message again (send_dedup.go).
			answer := ent.answerLocked(reply)
			r.mu.Unlock()
			s.stats.duplicateSends.Add(1)
			answer()
			return noReply, nil
		}
	}
	j := &sendJob{
		room: r, from: user, operator: user, random: req.Random, clientTime: req.MsgClientTime,
		prio: req.MsgPriority, body: req.MsgBody, cloud: req.CloudCustomData, time: now,
		platform: wire.CallbackPlatformWeb, clientIP: s.hookIP(c),
		done: func(seq uint64, e *apiError) { // seq 0: dropped by the budget or the callback
			reply(seq, now, e)
			if ent != nil {
				r.finishSend(ent, seq, now, e)
			}
		},
	}
	refuse := func(e *apiError) (any, *apiError) {
		if ent != nil {
			r.finishSend(ent, 0, now, e)
		}
		return nil, s.hooks.sendFailed(j, e)
	}
	// A refused message is reported to Group.CallbackSendMsgException (webhook.go).
	switch role := r.roleLocked(user); {
	case r.destroyed:
		r.mu.Unlock()
		return refuse(fail(CodeNoGroup, "group %s does not exist", r.id))
	case !r.isMemberLocked(q.sess):
		r.mu.Unlock()
		return refuse(fail(CodeNotMember, "not in group %s", r.id))
	case r.mutedUntilLocked(user, now) != 0 || s.users.groupMuted(user, now):
		r.mu.Unlock()
		return refuse(fail(CodeMuted, "muted in group %s", r.id))
	case r.muteAll && role == wire.RoleMember:
		r.mu.Unlock()
		return refuse(fail(CodeMuted, "group %s is muted", r.id))
	}
	r.mu.Unlock()
	if e := s.checkContent(req.MsgBody, req.SendMsgControl); e != nil {
		return refuse(e)
	}
	s.stats.messages.Add(1)
	s.submitSend(c, j)
	return noReply, nil
}

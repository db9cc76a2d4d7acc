package server

import (
	"cmp"
	"slices"

	"github.com/tim-go/sdk/internal/wire"
)

// REST commands of the live-room rules: send_group_msg through the budget
// and the webhooks, bans, and the lists of muted and banned users.

// Limits of the ban commands (trtc.io/document/50296, 50295).
const (
	maxBanPage        = 100  // the largest page of get_group_ban_member
	maxBanDescription = 1000 // bytes of ban_group_member's Description
)

// sendREST sends a REST message through the before-send webhook (unless
// ForbidCallbackControl says not to) and the budget, and waits for its
// fate: MsgSeq when published, none when dropped silently. ent, if set,
// is the record of its Random (send_dedup.go), completed with its answer.
func (s *Server) sendREST(r *room, req *wire.RESTSendGroupMsgReq, from string, random uint32, now int64, ent *sentMsg) (any, *apiError) {
	type result struct {
		seq uint64
		e   *apiError
	}
	ch := make(chan result, 1)
	j := s.restSendJob(r, req, from, random, now)
	j.done = func(seq uint64, e *apiError) {
		ch <- result{seq, e}
		if ent != nil { // repeats of this send get its answer (send_dedup.go)
			r.finishSend(ent, seq, now, e)
		}
	}
	s.submitSend(nil, j)
	res := <-ch // done always comes: published, dropped, failed, or failed at Close
	if res.e != nil {
		return nil, res.e
	}
	return wire.SendGroupMsgResp{Status: wire.OK(), MsgTime: now, MsgSeq: res.seq}, nil
}

// restSendJob is a REST message on its way (done still to set).
func (s *Server) restSendJob(r *room, req *wire.RESTSendGroupMsgReq, from string, random uint32, now int64) *sendJob {
	return &sendJob{
		room: r, from: from, operator: s.cfg.Admin, random: random, clientTime: now,
		prio: req.MsgPriority, body: req.MsgBody, cloud: req.CloudCustomData, time: now,
		platform: wire.CallbackPlatformREST,
		noBefore: slices.Contains(req.ForbidCallbackControl, wire.ForbidBeforeSendMsgCallback),
		noAfter:  slices.Contains(req.ForbidCallbackControl, wire.ForbidAfterSendMsgCallback),
	}
}

// restBanMember is ban_group_member: tip 10 to the room, notice 21 to the
// banned members, who are taken out and cannot rejoin for Duration seconds.
func (s *Server) restBanMember(body []byte) (any, *apiError) {
	var req wire.BanGroupMemberReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if len(req.Description) > maxBanDescription {
		return nil, fail(CodeBadParam, "Description is longer than %d bytes", maxBanDescription)
	}
	if e := r.ban(s.cfg.Admin, req.MembersAccount, req.Duration, req.Description); e != nil {
		return nil, e
	}
	return wire.OK(), nil
}

// restUnbanMember is unban_group_member: tip 11 listing those that were banned.
func (s *Server) restUnbanMember(body []byte) (any, *apiError) {
	var req wire.UnbanGroupMemberReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if n := len(req.MembersAccount); n == 0 || n > maxBanMembers {
		return nil, fail(CodeBadParam, "Members_Account needs 1 to %d IDs", maxBanMembers)
	}
	now := s.nowUnix()
	return okAfter(r.publish(func() (*wire.Item, *apiError) {
		return r.unbanLocked(s.cfg.Admin, req.MembersAccount, now), nil
	}))
}

// restGetBanned is get_group_ban_member: a page of the live bans, by user ID.
func (s *Server) restGetBanned(body []byte) (any, *apiError) {
	var req wire.GetGroupBanMemberReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	switch {
	case req.Offset < 0:
		return nil, fail(CodeBadParam, "Offset must not be negative")
	case req.Limit < 0 || req.Limit > maxBanPage:
		return nil, fail(CodeBadParam, "Limit must be 0 to %d", maxBanPage)
	case req.Limit == 0:
		req.Limit = maxBanPage
	}
	r.mu.Lock()
	all := r.bannedLocked(s.nowUnix())
	r.mu.Unlock()
	resp := wire.GetGroupBanMemberResp{Status: wire.OK(), BannedAccountList: []wire.BannedAccount{}}
	if req.Offset < len(all) {
		end := min(len(all), req.Offset+req.Limit)
		resp.BannedAccountList = all[req.Offset:end]
		if end < len(all) {
			resp.NextOffset = end
		}
	}
	return resp, nil
}

// restGetMuted is get_group_muted_account: the users muted now, with the
// end of the mute, as MutedAccountList/MutedUntil (trtc.io/document/34964).
func (s *Server) restGetMuted(body []byte) (any, *apiError) {
	r, muted, e := s.mutedList(body)
	if e != nil {
		return nil, e
	}
	resp := wire.GetGroupMutedAccountResp{Status: wire.OK(), GroupID: r.id, MutedAccountList: muted}
	return resp, nil
}

// restGetShutted is the old command get_group_shutted_uin, answered in the
// old names (ShuttedUinList/ShuttedUntil) its page showed.
func (s *Server) restGetShutted(body []byte) (any, *apiError) {
	r, muted, e := s.mutedList(body)
	if e != nil {
		return nil, e
	}
	resp := wire.GetGroupShuttedUinResp{Status: wire.OK(), GroupID: r.id, ShuttedUinList: make([]wire.ShuttedAccount, len(muted))}
	for i, m := range muted {
		resp.ShuttedUinList[i] = wire.ShuttedAccount{MemberAccount: m.MemberAccount, ShuttedUntil: m.MutedUntil}
	}
	return resp, nil
}

// mutedList decodes a GroupId body and lists the room's live mutes by user.
func (s *Server) mutedList(body []byte) (*room, []wire.MutedAccount, *apiError) {
	var req wire.GroupIDReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, nil, e
	}
	now := s.nowUnix()
	muted := []wire.MutedAccount{}
	r.mu.Lock()
	for u, until := range r.mutes {
		if until > now {
			muted = append(muted, wire.MutedAccount{MemberAccount: u, MutedUntil: until})
		}
	}
	r.mu.Unlock()
	slices.SortFunc(muted, func(a, b wire.MutedAccount) int { return cmp.Compare(a.MemberAccount, b.MemberAccount) })
	return r, muted, nil
}

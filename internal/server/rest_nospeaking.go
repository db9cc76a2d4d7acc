package server

import (
	"github.com/tim-go/sdk/internal/wire"
)

// Global mutes (openconfigsvr/setnospeaking and getnospeaking,
// cloud.tencent.com/document/product/269/4230 and 4229): while an account's
// GroupmsgNospeakingTime runs, every group message it sends from the SDK
// fails with 10017 and the before-send webhook is not called. The REST
// send_group_msg as From_Account is the App admin speaking for the user and
// is not refused: the page speaks of the account's own sends, and the
// emulator's REST sends ignore group mutes the same way. The one-to-one
// mute is stored and reported (the emulator has no one-to-one messages).

// restSetNoSpeaking is setnospeaking: Set_Account and at least one of the
// two times, each 0 (lift) to 4294967295 (for good) seconds.
func (s *Server) restSetNoSpeaking(body []byte) (any, *apiError) {
	var req wire.SetNoSpeakingReq
	if e := decodeRESTAs(body, &req, noSpeakingCodes); e != nil {
		return nil, e
	}
	c2c, group := req.C2CmsgNospeakingTime, req.GroupmsgNospeakingTime
	switch {
	case req.SetAccount == "":
		return nil, fail(CodeNoSpeakingNoAccount, "Set_Account is required")
	case len(req.SetAccount) > wire.MaxUserIDLen: // no such account can exist (trtc.io/document/34953)
		return nil, fail(CodeAccountNotFound, "account %q does not exist", req.SetAccount)
	case c2c == nil && group == nil:
		return nil, fail(CodeNoSpeakingNoTime, "C2CmsgNospeakingTime or GroupmsgNospeakingTime is required")
	case c2c != nil && (*c2c < 0 || *c2c > wire.MuteForever):
		return nil, fail(CodeNoSpeakingC2CType, "C2CmsgNospeakingTime must be 0 to %d", int64(wire.MuteForever))
	case group != nil && (*group < 0 || *group > wire.MuteForever):
		return nil, fail(CodeNoSpeakingGroupType, "GroupmsgNospeakingTime must be 0 to %d", int64(wire.MuteForever))
	}
	now := s.nowUnix()
	x := s.users.get(req.SetAccount)
	s.users.mu.Lock()
	if c2c != nil {
		x.c2cMuteUntil = muteUntil(*c2c, now)
	}
	if group != nil {
		s.users.setGroupMuteLocked(x, muteUntil(*group, now))
	}
	s.users.mu.Unlock()
	return wire.OK(), nil
}

// restGetNoSpeaking is getnospeaking: the seconds of each mute left.
func (s *Server) restGetNoSpeaking(body []byte) (any, *apiError) {
	var req wire.GetNoSpeakingReq
	if e := decodeRESTAs(body, &req, noSpeakingCodes); e != nil {
		return nil, e
	}
	switch {
	case req.GetAccount == "":
		return nil, fail(CodeNoSpeakingNoAccount, "Get_Account is required")
	case !s.users.exists(req.GetAccount):
		return nil, fail(CodeAccountNotFound, "account %q does not exist", req.GetAccount)
	}
	now := s.nowUnix()
	s.users.mu.RLock()
	x := s.users.m[req.GetAccount]
	resp := wire.GetNoSpeakingResp{Status: wire.OK(), C2CmsgNospeakingTime: muteLeft(x.c2cMuteUntil, now),
		GroupmsgNospeakingTime: muteLeft(x.groupMuteUntil, now)}
	s.users.mu.RUnlock()
	return resp, nil
}

// muteUntil turns a mute's seconds into its end: 0 none, wire.MuteForever
// for good.
func muteUntil(secs, now int64) int64 {
	switch secs {
	case 0, wire.MuteForever:
		return secs
	}
	return now + secs
}

// muteLeft is the seconds of a mute left at now, as getnospeaking reports.
func muteLeft(until, now int64) int64 {
	switch {
	case until == wire.MuteForever:
		return until
	case until > now:
		return until - now
	}
	return 0
}

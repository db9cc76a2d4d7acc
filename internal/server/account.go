package server

import (
	"github.com/tim-go/sdk/internal/wire"
)

// Account state beyond the profile: whether an account exists, the UserSigs
// a REST kick revoked, and the global mutes of setnospeaking.
//
// Accounts: Tencent creates an account on account_import and on the first
// SDK login (trtc.io/document/34953: "auto-import"), so the emulator never
// requires an import before a login; an account also exists once the App
// admin names it over REST in a way that creates it (portrait_set, a
// message sent as it). A kick, getnospeaking or query_online_status of an
// account that does not exist gets 70107.
//
// Revoked UserSigs: im_open_login_svc/kick makes every UserSig the user had
// expire (trtc.io/document/34957). TLS.time has one-second resolution, so
// the rule is: after a kick in Unix second K, a UserSig with TLS.time < K
// is refused with 70001; one with TLS.time >= K logs in. A UserSig made
// earlier in the kick's own second is therefore still accepted: the
// emulator cannot tell it from one made right after the kick, and Tencent
// promises that a freshly generated UserSig logs in at once, which a rule
// refusing the whole second would break.

// exists reports whether the account was imported, logged in or created
// over REST.
func (u *users) exists(id string) bool {
	u.mu.RLock()
	defer u.mu.RUnlock()
	return u.m[id] != nil
}

// importAccount creates the account (account_import), setting the nick
// and avatar when given.
func (u *users) importAccount(id, nick, faceURL string) {
	x := u.get(id)
	u.mu.Lock()
	defer u.mu.Unlock()
	if nick != "" {
		x.nick = nick
	}
	if faceURL != "" {
		x.image = faceURL
	}
}

// revokeSigs refuses, from now on, the UserSigs of userID issued before
// this second.
func (s *Server) revokeSigs(userID string) {
	now := s.nowUnix()
	x := s.users.get(userID)
	s.users.mu.Lock()
	x.sigsFrom = max(x.sigsFrom, now)
	s.users.mu.Unlock()
}

// sigRevoked checks a verified UserSig of userID issued at issued (Unix
// seconds) against the user's last REST kick.
func (s *Server) sigRevoked(userID string, issued int64) *apiError {
	s.users.mu.RLock()
	x := s.users.m[userID]
	var from int64
	if x != nil {
		from = x.sigsFrom
	}
	s.users.mu.RUnlock()
	if issued < from {
		return fail(CodeUserSigRevoked, "UserSig issued at %d was revoked by a kick at %d", issued, from)
	}
	return nil
}

// groupMuted reports whether userID is under a global group mute
// (setnospeaking's GroupmsgNospeakingTime) at now.
// It runs on every WebSocket group send: with no global group mute set
// anywhere it takes no lock.
func (u *users) groupMuted(userID string, now int64) bool {
	if u.groupMutes.Load() == 0 {
		return false
	}
	u.mu.RLock()
	defer u.mu.RUnlock()
	x := u.m[userID]
	return x != nil && x.groupMuteUntil > now
}

// setGroupMuteLocked sets x's global group mute end (0 lifts it), keeping
// u.groupMutes in step. u.mu is held.
func (u *users) setGroupMuteLocked(x *user, until int64) {
	switch {
	case x.groupMuteUntil == 0 && until != 0:
		u.groupMutes.Add(1)
	case x.groupMuteUntil != 0 && until == 0:
		u.groupMutes.Add(-1)
	}
	x.groupMuteUntil = until
}

// restAccountImport is im_open_login_svc/account_import
// (trtc.io/document/34953): UserID (old name Identifier) of up to 32
// bytes, with an optional Nick and FaceUrl.
func (s *Server) restAccountImport(body []byte) (any, *apiError) {
	var req wire.AccountImportReq
	if e := decodeRESTAs(body, &req, loginCodes); e != nil {
		return nil, e
	}
	id, e := loginUserID(req.UserID, req.Identifier)
	switch {
	case e != nil:
		return nil, e
	case len(id) > wire.MaxUserIDLen:
		return nil, fail(CodeLoginBadParam, "UserID is longer than %d bytes", wire.MaxUserIDLen)
	}
	s.users.importAccount(id, req.Nick, req.FaceURL)
	return wire.OK(), nil
}

// restMultiAccountImport is im_open_login_svc/multiaccount_import
// (trtc.io/document/34954): up to 100 UserIDs; the ones that cannot be
// imported (empty or over 32 bytes) come back in FailAccounts.
func (s *Server) restMultiAccountImport(body []byte) (any, *apiError) {
	var req wire.MultiAccountImportReq
	if e := decodeRESTAs(body, &req, loginCodes); e != nil {
		return nil, e
	}
	if n := len(req.Accounts); n == 0 || n > wire.MaxMultiAccountImport {
		return nil, fail(CodeLoginBadParam, "Accounts needs 1 to %d UserIDs", wire.MaxMultiAccountImport)
	}
	resp := wire.MultiAccountImportResp{Status: wire.OK(), FailAccounts: []string{}}
	for _, id := range req.Accounts {
		if id == "" || len(id) > wire.MaxUserIDLen {
			resp.FailAccounts = append(resp.FailAccounts, id)
			continue
		}
		s.users.importAccount(id, "", "")
	}
	return resp, nil
}

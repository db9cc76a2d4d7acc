package tim

import (
	"context"
	"time"

	"github.com/tim-go/sdk/internal/conn"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/profile"
	"github.com/tim-go/sdk/types"
)

// DefaultHelloInterval is tim-js-sdk's wshello period when the login reply
// gives none.
const DefaultHelloInterval = 120 * time.Second

// Login signs userID in with userSig (im_open_status.wslogin) and returns
// once the SDK is ready: SDK_READY has been emitted and IsReady is true.
// A repeated Login of the logged-in user returns nil, as tim-js-sdk resolves
// it; one while a login runs fails with 2025. Server refusals pass through
// (70001 expired, 70003/70009 invalid UserSig, 70013, 70014).
func (t *TIM) Login(ctx context.Context, userID, userSig string) error {
	switch {
	case userID == "":
		return newError(types.ErrNoUserID, "")
	case userSig == "":
		return newError(types.ErrNoUserSig, "")
	}
	t.mu.Lock()
	switch {
	case t.destroyed:
		t.mu.Unlock()
		return errDestroyed
	case t.login == loggingIn:
		t.mu.Unlock()
		return newError(types.ErrRepeatLogin, "")
	case t.login == loggedIn:
		t.mu.Unlock()
		if t.UserID() != userID {
			return invalid("already logged in as " + t.UserID() + "; log out first")
		}
		return nil
	}
	t.login, t.notReady = loggingIn, types.ErrLoggingIn
	t.mu.Unlock()

	s, err := t.wslogin(ctx, userID, userSig, nil, false)
	if err == nil {
		t.sess.Store(s)
		err = t.afterLogin(ctx, s)
	}
	if err != nil {
		t.mu.Lock()
		if t.login == loggingIn {
			t.login, t.notReady = loggedOut, types.ErrLoginFailed
			t.sess.Store(nil)
		}
		t.mu.Unlock()
		return err
	}
	t.em.emit(types.EventSDKReady, struct{}{})
	t.emitGroupList() // tim-js-sdk: its group list, synced at login
	t.startC2CSync()  // c2c_sync.go: what was sent while logged out
	return nil
}

// wslogin logs in: with the UserSig (prev nil) or again by A2 (prev set).
func (t *TIM) wslogin(ctx context.Context, userID, userSig string, prev *session, early bool) (*session, error) {
	head := func(servcmd string, seq uint64, now int64) wire.Head {
		if prev != nil {
			return wire.SessionHeadRef(t.sdkAppID, prev.a2, prev.tinyID, &prev.instID, servcmd, seq, now)
		}
		return wire.LoginHead(t.sdkAppID, userID, userSig, servcmd, seq, now)
	}
	start := time.Now()
	var resp wire.LoginResp
	err := t.do(ctx, call{servcmd: wire.CmdLogin, head: head, body: wire.NewLoginReq(), out: &resp,
		timeout: t.opts.loginTimeout, early: early, quiet: true})
	if err != nil {
		return nil, err
	}
	switch { // bounds.go: lengths past the bounds count as missing
	case resp.A2Key == "" || len(resp.A2Key) > maxA2KeyLen:
		return nil, newError(types.ErrNoA2Key, "")
	case resp.TinyID == "" || len(resp.TinyID) > maxTinyIDLen:
		return nil, newError(types.ErrNoTinyID, "")
	}
	now := time.Now()
	return &session{userID: userID, userSig: userSig, a2: resp.A2Key, tinyID: resp.TinyID, instID: resp.InstID,
		hello: helloInterval(resp.HelloInterval), offset: serverOffset(resp.TimeStamp, now.Sub(start), now)}, nil
}

// afterLogin does what gates SDK_READY in tim-js-sdk (the first
// recentcontact.page_get reply) and fetches the user's own profile, then
// marks the SDK ready.
func (t *TIM) afterLogin(ctx context.Context, s *session) error {
	_ = t.do(ctx, call{servcmd: wire.CmdPageGet, body: wire.PageGetReq{FromAccount: s.userID, OrderType: 1,
		MsgAssistFlags: 4, AssistFlags: 15}})
	me := profile.New(s.userID)
	if ps, err := t.fetchProfiles(ctx, s.userID, []string{s.userID}); err == nil && len(ps) == 1 {
		me = ps[0]
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	// A reconnect meanwhile (a lost or damaged socket) logs in again by A2
	// and swaps the session: still this login, not a failure of it.
	cur := t.sess.Load()
	if t.login != loggingIn || cur == nil || cur.userID != s.userID {
		return newError(t.notReady, "")
	}
	t.login, t.ready, t.myProfile = loggedIn, true, me
	t.startHelloLocked(cur)
	return nil
}

// Logout signs the user out (wslogout), stops receiving, forgets the rooms
// and emits SDK_NOT_READY; no quit_group is sent, as in tim-js-sdk. Not
// logged in: 2024. Server errors are ignored.
func (t *TIM) Logout(ctx context.Context) error {
	t.mu.Lock()
	switch {
	case t.destroyed:
		t.mu.Unlock()
		return errDestroyed
	case t.login != loggedIn:
		t.mu.Unlock()
		return newError(types.ErrNotLoggedIn, "")
	}
	t.mu.Unlock()
	t.logout(ctx)
	return nil
}

// logoutOfflineWait bounds a logout's wait for a socket while the network is
// down, and logoutTimeout its whole wait otherwise: the server ends an
// unreachable session by itself and the reply changes nothing (its errors
// are ignored), so Logout and Destroy need not wait a whole request timeout
// for a server that is gone or just went (one the SDK has not yet noticed
// gone takes the request to the next socket).
const (
	logoutOfflineWait = time.Second
	logoutTimeout     = 2 * time.Second
)

// logout sends wslogout (errors ignored) and resets the instance.
func (t *TIM) logout(ctx context.Context) {
	if !t.netUp.Load() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, logoutOfflineWait)
		defer cancel()
	}
	_ = t.do(ctx, call{servcmd: wire.CmdLogout, body: wire.LogoutReq{LogoutType: wire.LogoutTypeUser}, quiet: true,
		timeout: logoutTimeout})
	t.endSession(types.ErrLoggedOut, "")
}

// endSession resets the instance after a logout or kick: the session and
// its rooms go, then KICKED_OUT (for a kick), GROUP_LIST_UPDATED (when
// rooms went) and SDK_NOT_READY are emitted in that order. False when no
// session was open.
func (t *TIM) endSession(reason types.Code, kicked types.KickedOutType) bool {
	t.mu.Lock()
	if t.login == loggedOut {
		t.mu.Unlock()
		return false
	}
	t.login, t.ready, t.notReady = loggedOut, false, reason
	t.stopSessionLocked()
	rooms := t.takeRoomsLocked()
	t.mu.Unlock()
	stopRooms(rooms)
	t.recv.reset()
	if kicked != "" {
		t.em.emit(types.EventKickedOut, KickedOutEvent{Type: kicked})
	}
	if len(rooms) > 0 {
		t.flushGroupList()
	}
	t.em.emit(types.EventSDKNotReady, struct{}{})
	return true
}

// stopSessionLocked forgets the session and stops wshello.
func (t *TIM) stopSessionLocked() {
	if t.hello != nil {
		t.hello.Stop()
		t.hello = nil
	}
	t.sess.Store(nil)
	t.myProfile = nil
}

// startHelloLocked arms wshello every HelloInterval while logged in.
func (t *TIM) startHelloLocked(s *session) {
	if t.hello != nil {
		t.hello.Stop()
	}
	t.hello = time.AfterFunc(s.hello, t.sayHello)
}

// sayHello sends one wshello; its reply is where the server says "kicked"
// (1002) or "A2 expired" (70001).
func (t *TIM) sayHello() {
	t.mu.Lock()
	s := t.sess.Load()
	if t.login != loggedIn || s == nil || t.hello == nil {
		t.mu.Unlock()
		return
	}
	t.hello.Reset(s.hello)
	t.mu.Unlock()
	t.conn.Go(&conn.Request{Servcmd: wire.CmdHello, Body: wire.HelloReq{}}, func(f *wire.Frame, err error) {
		if err == nil {
			_ = t.reply(f, nil, false)
		}
	})
}

// onOpen runs on every new socket before other requests may use it: it logs
// in again by A2 (head shape 2), falls back to the UserSig the user gave
// when the A2 is refused, and rejoins rooms the server lost. Going beyond
// tim-js-sdk, which neither falls back nor rejoins.
func (t *TIM) onOpen(ctx context.Context, reconnect bool) error {
	s := t.sess.Load()
	fresh := false
	if s != nil {
		ns, err := t.wslogin(ctx, s.userID, s.userSig, s, true)
		if isA2Refused(err) {
			t.log.Info("A2 refused on re-login; logging in with the UserSig")
			ns, err = t.wslogin(ctx, s.userID, s.userSig, nil, true)
			if err != nil && codeOf(err) != types.ErrNetwork && codeOf(err) != types.ErrNetworkTimeout {
				t.log.Warn("re-login with the UserSig failed; kicked out", errField(err))
				if t.endSession(types.ErrKickedOutUserSigExpired, types.KickedOutUserSigExpired) {
					t.conn.Close()
				}
				return err
			}
			fresh = true
		}
		if kt, ok := kickTypes[kickTypeOf(err)]; ok {
			// The server kicked this session while the socket was down.
			if t.endSession(kt.NotReadyCode(), kt) {
				t.conn.Close()
			}
			return err
		}
		if err != nil {
			return err
		}
		if !t.swapSession(s, ns) {
			return nil // logged out meanwhile
		}
	}
	t.rejoinAll(ctx, fresh)
	if s != nil {
		t.startC2CSync() // c2c_sync.go: what the dropped socket missed
	}
	return nil
}

// isA2Refused tells whether a re-login error means the server forgot the A2.
func isA2Refused(err error) bool {
	c := codeOf(err)
	return c == types.ErrUserSigExpired || c == types.ErrMsgInternalAuthFailed
}

// swapSession installs the session of a re-login if old is still current.
func (t *TIM) swapSession(old, s *session) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.sess.Load() != old {
		return false
	}
	t.sess.Store(s)
	if t.login == loggedIn {
		t.startHelloLocked(s)
	}
	return true
}

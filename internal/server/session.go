package server

import (
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/usersig"
)

// maxRoomsPerSession bounds the rooms one session may be in (tim-js-sdk
// keeps one AVChatRoom unless unlimitedAVChatRoom is set).
const maxRoomsPerSession = 100

// session is one logged-in instance: A2 -> user. It survives its socket: a
// dropped socket detaches it for Config.ReconnectGrace, during which a
// re-login by A2 (head shape 2) on a new socket finds its rooms, poll keys
// and push subscription intact. Logout, a kick or the end of the grace ends
// it: it leaves its rooms (quit tip, OpType 2) and its A2 is forgotten.
type session struct {
	srv    *Server
	a2     string
	userID string
	tinyID string
	instID uint64
	conn   atomic.Pointer[conn]
	// sigExpiry is when the UserSig of the first login expires: the A2
	// derives from it, so a re-login by A2 after it gets 70001 (what the
	// native SDKs report as onUserSigExpired, tencentcloud.com/document/
	// product/1047/48867), however long the socket grace still runs.
	sigExpiry time.Time

	mu         sync.Mutex
	rooms      map[string]*member // room ID -> membership
	ended      bool
	detachedAt time.Time
	grace      *time.Timer
}

// handleLogin is im_open_status.wslogin: a first login with identifier and
// UserSig (head shape 1) or a re-login by A2 after a reconnect (shape 2).
func (s *Server) handleLogin(q *request) (any, *apiError) {
	h := &q.f.Head
	var sess *session
	switch h.Shape() {
	case wire.ShapeSession:
		var e *apiError
		if sess, e = s.authSession(h); e != nil {
			return nil, e
		}
		if !s.now().Before(sess.sigExpiry) {
			s.endSession(sess, "UserSig expired")
			s.stats.loginFailures.Add(1)
			return nil, fail(CodeA2Expired, "the UserSig behind this A2 expired")
		}
		s.stats.relogins.Add(1)
	default:
		var id, sig string
		if h.Identifier != nil {
			id = *h.Identifier
		}
		if h.UserSig != nil {
			sig = *h.UserSig
		}
		if len(id) > wire.MaxUserIDLen {
			// A UserID is at most 32 bytes (trtc.io/document/34953,
			// and 7003 in trtc.io/document/34348); the login service's
			// answer to a field out of its protocol's bounds is 70402.
			s.stats.loginFailures.Add(1)
			return nil, fail(CodeLoginBadParam, "UserID is longer than %d bytes", wire.MaxUserIDLen)
		}
		info, err := usersig.Verify(sig, s.cfg.SDKAppID, s.cfg.SecretKey, id, s.now())
		if err != nil {
			s.stats.loginFailures.Add(1)
			return nil, fail(usersig.Code(err), "%v", err)
		}
		if e := s.sigRevoked(id, info.Time.Unix()); e != nil {
			s.stats.loginFailures.Add(1)
			return nil, e
		}
		sess = s.newSession(id, q.c, info.Time.Add(info.Expire))
		s.stats.logins.Add(1)
		s.shareSession(sess)
	}
	sess.attach(q.c)
	q.c.reply(q.f, wire.LoginResp{
		Status: wire.OK(), A2Key: sess.a2, TinyID: sess.tinyID, InstID: sess.instID,
		HelloInterval: int(s.cfg.HelloInterval / time.Second), TimeStamp: s.now().Unix(),
		PurchaseBits: purchaseBits,
	})
	sess.replayPushes(q.c)
	return noReply, nil
}

// newSession registers a session for userID, kicking the user's previous
// one (KickType 1, multipleAccount) unless it is logged in on this socket.
func (s *Server) newSession(userID string, c *conn, sigExpiry time.Time) *session {
	u := s.users.get(userID)
	sess := &session{
		srv: s, a2: randomHex(32), userID: userID, tinyID: u.tinyID,
		instID: randomInstID(), rooms: make(map[string]*member), sigExpiry: sigExpiry,
	}
	s.sessMu.Lock()
	old := s.byUser[userID]
	s.byA2[sess.a2] = sess
	s.byUser[userID] = sess
	s.sessMu.Unlock()
	if old != nil {
		kickType := wire.KickMultipleAccount
		if oc := old.conn.Load(); oc == c {
			kickType = 0 // the same socket logs in again: replace quietly
		}
		s.kick(old, kickType, sess.instID)
	}
	return sess
}

// authSession finds the session of a shape-2 head. A first-login or guest
// head gets CodeNeedLogin; an A2 that was kicked gets 1002 with its
// KickType; an unknown A2 gets 70001 (the SDK reports userSigExpired).
func (s *Server) authSession(h *wire.Head) (*session, *apiError) {
	if h.Shape() != wire.ShapeSession {
		return nil, fail(CodeNeedLogin, "%s needs a logged-in head (a2)", h.Servcmd)
	}
	s.sessMu.RLock()
	sess := s.byA2[h.A2]
	kickType := 0
	if sess == nil {
		kickType = s.tombs.get(h.A2)
	}
	s.sessMu.RUnlock()
	if sess == nil && kickType == 0 {
		sess = s.adoptSession(h.A2) // nil without a SessionStore
	}
	switch {
	case sess != nil:
		return sess, nil
	case kickType == tombLoggedOut:
		return nil, fail(CodeNeedLogin, "logged out")
	case kickType != 0:
		return nil, &apiError{code: CodeKicked, info: "kicked out", kickType: kickType}
	}
	return nil, fail(CodeA2Expired, "unknown or expired A2")
}

// handleLogout is im_open_status.wslogout: it ends the session. It always
// succeeds, as the SDK ignores its errors.
func (s *Server) handleLogout(q *request) (any, *apiError) {
	if q.f.Head.Shape() == wire.ShapeSession {
		s.sessMu.RLock()
		sess := s.byA2[q.f.Head.A2]
		s.sessMu.RUnlock()
		if sess != nil {
			s.sessMu.Lock()
			s.tombs.add(sess.a2, tombLoggedOut)
			s.sessMu.Unlock()
			s.endSession(sess, "logout")
			s.shareSession(sess) // ended: forgotten cluster-wide
		}
	}
	return okBody, nil
}

// kick pushes im_open_status.stat_forceoffline (if kickType != 0) to the
// session's socket, remembers its A2 as kicked and ends it.
func (s *Server) kick(sess *session, kickType int, newInstID uint64) {
	if kickType != 0 {
		if c := sess.conn.Load(); c != nil {
			p := wire.NewKickPush(kickType)
			p.EventArray[0].C2cNotifyMsgArray[0].KickoutMsgNotify.NewInstInfo.InstID = newInstID
			c.pushFrame(wire.CmdKickPush, p)
		}
		s.sessMu.Lock()
		s.tombs.add(sess.a2, kickType)
		s.sessMu.Unlock()
		s.stats.kicks.Add(1)
	}
	s.endSession(sess, "kicked")
}

// KickUser does what REST im_open_login_svc/kick does: it revokes the
// UserSigs userID was issued before this second (account.go) and ends the
// user's session (KickType 3). It reports whether the user had one.
func (s *Server) KickUser(userID string) bool {
	s.revokeSigs(userID)
	s.sessMu.RLock()
	sess := s.byUser[userID]
	s.sessMu.RUnlock()
	if sess == nil {
		return false
	}
	s.kick(sess, wire.KickRESTAPI, 0)
	return true
}

// endSession forgets the session and takes it out of its rooms.
func (s *Server) endSession(sess *session, why string) {
	sess.mu.Lock()
	if sess.ended {
		sess.mu.Unlock()
		return
	}
	sess.ended = true
	rooms := sess.rooms
	sess.rooms = nil
	if sess.grace != nil {
		sess.grace.Stop()
	}
	sess.mu.Unlock()

	s.sessMu.Lock()
	if s.byA2[sess.a2] == sess {
		delete(s.byA2, sess.a2)
	}
	if s.byUser[sess.userID] == sess {
		delete(s.byUser, sess.userID)
	}
	s.sessMu.Unlock()
	if c := sess.conn.Swap(nil); c != nil {
		c.sess.CompareAndSwap(sess, nil)
	}
	for _, m := range rooms {
		m.room.leave(m, true)
	}
	s.log.Debug("session ended", zap.String("user", sess.userID), zap.String("why", why))
}

// attach makes c the session's socket (login or re-login on c). A socket
// the session had before is retired: the instance logged in again on a new
// one, so the old one is dead to it even if it never closed (a network that
// stopped forwarding), and what it took without acknowledging is replayed.
func (sess *session) attach(c *conn) {
	if old := sess.conn.Swap(c); old != nil && old != c {
		old.sess.CompareAndSwap(sess, nil)
		old.kill()
	}
	if prev := c.sess.Swap(sess); prev != nil && prev != sess {
		prev.detach(c)
	}
	sess.mu.Lock()
	if sess.grace != nil {
		sess.grace.Stop()
	}
	sess.detachedAt = time.Time{}
	sess.mu.Unlock()
}

// detach notes that c, the session's socket, is gone and starts the grace.
func (sess *session) detach(c *conn) {
	if !sess.conn.CompareAndSwap(c, nil) {
		return
	}
	grace := sess.srv.cfg.ReconnectGrace
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if sess.ended {
		return
	}
	sess.detachedAt = time.Now()
	if sess.grace == nil {
		sess.grace = time.AfterFunc(grace, sess.graceExpired)
	} else {
		sess.grace.Reset(grace)
	}
}

func (sess *session) graceExpired() {
	s := sess.srv
	if s.isClosed() {
		return
	}
	sess.mu.Lock()
	expired := !sess.ended && sess.conn.Load() == nil && !sess.detachedAt.IsZero() &&
		time.Since(sess.detachedAt) >= s.cfg.ReconnectGrace
	sess.mu.Unlock()
	if expired {
		s.stats.sessionsExpired.Add(1)
		s.endSession(sess, "reconnect grace expired")
	}
}

func (sess *session) stopTimer() {
	sess.mu.Lock()
	if sess.grace != nil {
		sess.grace.Stop()
	}
	sess.mu.Unlock()
}

// addRoom records a membership; it reports false if the session has ended
// (the caller then undoes the join) or is in too many rooms.
func (sess *session) addRoom(m *member) bool {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if sess.ended {
		return false
	}
	sess.rooms[m.room.id] = m
	return true
}

func (sess *session) roomCount() int {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	return len(sess.rooms)
}

func (sess *session) dropRoom(m *member) {
	sess.mu.Lock()
	if sess.rooms[m.room.id] == m {
		delete(sess.rooms, m.room.id)
	}
	sess.mu.Unlock()
}

// tombstoneCap bounds the remembered kicked A2s.
const tombstoneCap = 4096

// tombLoggedOut marks an A2 that logged out (other marks are KickTypes).
const tombLoggedOut = -1

// tombstones remembers recently kicked and logged-out A2s (FIFO-bounded),
// so that an instance that missed its kick push learns of it on its next
// request, and a late request after a logout is refused quietly.
type tombstones struct {
	kinds map[string]int
	order []string
	next  int
}

func newTombstones(n int) tombstones {
	return tombstones{kinds: make(map[string]int), order: make([]string, n)}
}

func (t *tombstones) add(a2 string, kickType int) {
	if old := t.order[t.next]; old != "" {
		delete(t.kinds, old)
	}
	t.order[t.next] = a2
	t.next = (t.next + 1) % len(t.order)
	t.kinds[a2] = kickType
}

func (t *tombstones) get(a2 string) int { return t.kinds[a2] }

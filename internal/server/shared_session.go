package server

import (
	"context"
	"slices"
	"time"

	"go.uber.org/zap"
)

// maxA2Len bounds an A2 looked up in the SessionStore (ours are 64 hex digits).
const maxA2Len = 128

// SessionStore shares logged-in sessions between the nodes of a cluster,
// so that a client whose socket moves to another node re-logs in there by
// A2 and resumes its rooms. The in-process emulator has none
// (Config.SessionStore nil).
type SessionStore interface {
	// PutSession stores (or replaces) the session of a2.
	PutSession(ctx context.Context, a2 string, rec SessionRecord) error
	// GetSession returns the session of a2; false when there is none.
	GetSession(ctx context.Context, a2 string) (SessionRecord, bool, error)
	// DeleteSession forgets the session of a2 (a logout).
	DeleteSession(ctx context.Context, a2 string) error
}

// SessionRecord is what another node needs to take a session over.
type SessionRecord struct {
	UserID    string            `json:"user"`
	TinyID    string            `json:"tiny"`
	InstID    uint64            `json:"inst"`
	SigExpiry int64             `json:"sig_expiry"` // Unix seconds
	Rooms     map[string]uint64 `json:"rooms"`      // room ID -> the room's last sequence when the member joined
}

// shareSession writes sess to the SessionStore, if any: after a login and
// after each change of its rooms.
func (s *Server) shareSession(sess *session) {
	st := s.cfg.SessionStore
	if st == nil {
		return
	}
	rec := SessionRecord{UserID: sess.userID, TinyID: sess.tinyID, InstID: sess.instID,
		SigExpiry: sess.sigExpiry.Unix(), Rooms: make(map[string]uint64)}
	sess.mu.Lock()
	ended := sess.ended
	for id, m := range sess.rooms {
		rec.Rooms[id] = m.from
	}
	sess.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
	defer cancel()
	var err error
	if ended {
		err = st.DeleteSession(ctx, sess.a2)
	} else {
		err = st.PutSession(ctx, sess.a2, rec)
	}
	if err != nil {
		s.log.Warn("shared sessions: cannot store a session", zap.String("user", sess.userID), zap.Error(err))
	}
}

// adoptSession takes over a session another node logged in: it registers
// it under the same A2 and puts it back in its rooms, as push members
// whose deliveries resume from where they joined (the re-login's replay
// then sends what the room retained since; the SDKs drop what they already
// have by sequence). Poll members are not adopted: their Keys belong to
// the old node, and the SDK joins again when its Key is refused.
func (s *Server) adoptSession(a2 string) *session {
	st := s.cfg.SessionStore
	if st == nil || len(a2) > maxA2Len {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
	rec, ok, err := st.GetSession(ctx, a2)
	cancel()
	if err != nil {
		s.log.Warn("shared sessions: cannot read a session", zap.Error(err))
	}
	if !ok || err != nil {
		return nil
	}
	sess := &session{srv: s, a2: a2, userID: rec.UserID, tinyID: rec.TinyID, instID: rec.InstID,
		rooms: make(map[string]*member), sigExpiry: time.Unix(rec.SigExpiry, 0)}
	s.sessMu.Lock()
	if got := s.byA2[a2]; got != nil { // adopted meanwhile
		s.sessMu.Unlock()
		return got
	}
	s.byA2[a2] = sess
	if s.byUser[rec.UserID] == nil {
		s.byUser[rec.UserID] = sess
	}
	s.sessMu.Unlock()
	if s.cfg.Delivery != DeliveryPoll {
		for id, from := range rec.Rooms {
			if r := s.room(id); r != nil {
				r.adopt(sess, from)
			}
		}
	}
	return sess
}

// adopt puts sess back in the room as a push member delivered up to from.
func (r *room) adopt(sess *session, from uint64) {
	r.mu.Lock()
	if r.destroyed || r.members[sess.userID] != nil {
		r.mu.Unlock()
		return
	}
	m := &member{room: r, sess: sess, userID: sess.userID, joinTime: r.srv.now().Unix(), from: from}
	m.pushed.reset(min(from, r.seq))
	r.pushers = append(slices.Clip(r.pushers), m)
	r.members[sess.userID] = m
	r.mu.Unlock()
	if !sess.addRoom(m) {
		r.leave(m, false)
	}
}

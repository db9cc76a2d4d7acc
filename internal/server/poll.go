package server

import (
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// poller is one long-poll Key: a member's (poll delivery) or a guest's. A
// Key names its room, since get_msg carries no GroupId. At most one get_msg
// per Key waits at a time; a newer one replaces it.
type poller struct {
	key   string
	room  *room
	sess  *session // nil for a guest
	guest bool
	conn  *conn // the socket a guest joined on (for its per-socket bound)

	// Guarded by room.mu.
	waiting    *waiter
	removed    bool
	lastActive time.Time
	hold       *time.Timer // answers the waiting poll empty at its deadline
	idle       *time.Timer // forgets a silent guest, or a Key of a destroyed room
}

// waiter is a get_msg held until an item arrives or its deadline passes.
type waiter struct {
	p        *poller
	c        *conn
	head     []byte // the request head, echoed in the reply
	start    uint64
	deadline time.Time
	idx      int // position in room.waiters; -1 once detached
}

func (r *room) newPollerLocked(sess *session, guestConn *conn) *poller {
	p := &poller{key: randomHex(12), room: r, sess: sess, guest: sess == nil, conn: guestConn, lastActive: time.Now()}
	if p.guest {
		guestConn.guests.Add(1)
		p.armIdleLocked()
	}
	r.srv.addKey(p)
	return p
}

func (r *room) addWaiterLocked(w *waiter) {
	w.idx = len(r.waiters)
	r.waiters = append(r.waiters, w)
}

func (r *room) removeWaiterLocked(w *waiter) {
	i := w.idx
	if i < 0 || i >= len(r.waiters) || r.waiters[i] != w {
		return
	}
	last := len(r.waiters) - 1
	r.waiters[i] = r.waiters[last]
	r.waiters[i].idx = i
	r.waiters[last] = nil
	r.waiters = r.waiters[:last]
	w.idx = -1
}

// handleGetMsg is group_open_long_polling_http_svc.get_msg (members).
func (s *Server) handleGetMsg(q *request) (any, *apiError) { return s.getMsg(q, false) }

// handleGuestGetMsg is group_open_long_polling_http_noauth_svc.get_msg (guests).
func (s *Server) handleGuestGetMsg(q *request) (any, *apiError) { return s.getMsg(q, true) }

func (s *Server) getMsg(q *request, guest bool) (any, *apiError) {
	var req wire.GetMsgReq
	if e := decodeGetMsgReq(q.f.Body, &req); e != nil {
		return nil, e
	}
	p := s.poller(req.Key)
	if p == nil || p.guest != guest || (!guest && p.sess != q.sess) {
		return nil, fail(CodeNotMember, "unknown long-poll Key")
	}
	hold := s.cfg.PollHold
	if req.HoldTime > 0 {
		hold = min(hold, time.Duration(req.HoldTime)*time.Second)
	}
	s.stats.polls.Add(1)
	return p.room.poll(p, q, req.StartSeq, hold)
}

// poll answers at once when items from start are retained (StartSeq 0
// means "from now on"; a start older than the retention moves up to the
// oldest retained item), and otherwise holds the request until an item
// arrives or hold passes (then an empty reply with the same Key and
// NextSeq).
func (r *room) poll(p *poller, q *request, start uint64, hold time.Duration) (any, *apiError) {
	now := time.Now()
	r.mu.Lock()
	if p.removed {
		r.mu.Unlock()
		return nil, fail(CodeNotMember, "not in group %s", r.id)
	}
	p.lastActive = now
	last := r.seq
	if start == 0 || start > last+1 {
		start = last + 1
	}
	if oldest := r.oldestLocked(); start < oldest {
		r.srv.stats.retentionGaps.Add(1)
		start = oldest
	}
	if start <= last {
		items := r.itemsLocked(start, r.srv.cfg.MaxPollBatch)
		r.mu.Unlock()
		q.c.sendPollReply(q.f.RawHead, p.key, items[len(items)-1].seq+1, items)
		return noReply, nil
	}
	if r.destroyed {
		r.removePollerLocked(p)
		r.mu.Unlock()
		return nil, fail(CodeNoGroup, "group %s was destroyed", r.id)
	}
	old := p.waiting
	if old != nil {
		r.removeWaiterLocked(old)
	}
	w := &waiter{p: p, c: q.c, head: q.f.RawHead, start: start, deadline: now.Add(hold)}
	p.waiting = w
	r.addWaiterLocked(w)
	if p.hold == nil {
		p.hold = time.AfterFunc(hold, p.holdExpired)
	} else {
		p.hold.Reset(hold)
	}
	r.mu.Unlock()
	old.replyEmpty()
	return noReply, nil
}

// holdExpired answers the waiting poll empty once its deadline passed (a
// firing left over from an earlier hold finds a later deadline and waits
// for its own).
func (p *poller) holdExpired() {
	r := p.room
	if r.srv.isClosed() {
		return
	}
	r.mu.Lock()
	w := p.waiting
	if w == nil || time.Now().Before(w.deadline) {
		r.mu.Unlock()
		return
	}
	r.removeWaiterLocked(w)
	p.waiting = nil
	p.lastActive = time.Now()
	r.mu.Unlock()
	r.srv.stats.pollTimeouts.Add(1)
	w.replyEmpty()
}

// replyEmpty answers a waiting poll with no items and the same NextSeq.
func (w *waiter) replyEmpty() {
	if w == nil {
		return
	}
	w.c.sendPollReply(w.head, w.p.key, w.start, nil)
}

// armIdleLocked starts (or restarts) the idle timer: guests that stop
// polling, and every Key of a destroyed room, are forgotten after
// Config.GuestTimeout of silence.
func (p *poller) armIdleLocked() {
	d := p.room.srv.cfg.GuestTimeout
	if p.idle == nil {
		p.idle = time.AfterFunc(d, p.idleExpired)
	} else {
		p.idle.Reset(d)
	}
}

func (p *poller) idleExpired() {
	r := p.room
	if r.srv.isClosed() {
		return
	}
	timeout := r.srv.cfg.GuestTimeout
	r.mu.Lock()
	defer r.mu.Unlock()
	if p.removed {
		return
	}
	if idle := time.Since(p.lastActive); p.waiting != nil || idle < timeout {
		p.idle.Reset(timeout - min(idle, timeout) + time.Millisecond)
		return
	}
	if p.guest {
		r.srv.stats.guestsExpired.Add(1)
	}
	r.removePollerLocked(p)
}

func (p *poller) stopTimers() {
	if t := p.hold; t != nil {
		t.Stop()
	}
	if t := p.idle; t != nil {
		t.Stop()
	}
}

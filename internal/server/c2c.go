package server

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// One-to-one (C2C) messages a backend sends with openim/sendmsg. Each
// reaches the receiver's logged-in instance at once as a msg_push
// (C2cMsgArray); unless its MsgLifeTime is 0 it is also kept, so that
// openim.getmsg, the C2C sync tim-js-sdk runs after every login and
// reconnect, hands over what never reached a socket: Tencent keeps a user's
// offline messages for up to 7 days (trtc.io/document/34919) and the most
// recent 100 of a conversation (cloud.tencent.com/document/product/378/3662).
// A message leaves the store once its push is acknowledged by the receiver
// (written to one of its sockets, with Config.DisablePushAck) or a sync's
// Cookie confirms it, so each is delivered once; one pushed into a stalled
// socket and never acknowledged, or returned by a sync reply lost with its
// socket, is handed over by the sync after the re-login.

// Bounds of the C2C store.
const (
	c2cPerUser   = 100      // undelivered messages kept per receiver; the oldest go first
	c2cMaxStored = 20000    // undelivered messages kept across all receivers
	c2cMaxBytes  = 32 << 20 // their encoded bytes across all receivers
	c2cSyncPage  = 20       // messages per openim.getmsg reply (SyncFlag 1 asks for more)

	// Tencent drops a repeat of a sender's MsgSeq, MsgRandom and content
	// within 120 s (cloud.tencent.com/document/product/269/2282).
	c2cDedupTTL = 120 * time.Second
	c2cDedupCap = 4096 // remembered sends
)

// c2cStore holds the undelivered C2C messages of every receiver and the
// recent sends for deduplication. One lock: C2C traffic is the backend's,
// not a room's.
type c2cStore struct {
	mu    sync.Mutex
	boxes map[string]*mailbox // receiver -> undelivered messages
	boxID uint64              // the last mailbox id given

	// order is every stored message oldest first, for the total bounds;
	// entries of messages that left earlier stay until they reach the
	// front or a compaction.
	order []*c2cMsg
	live  int // stored messages
	bytes int // their encoded size

	dedup     map[c2cKey]c2cSent
	dedupRing []c2cKey // FIFO of dedup's keys, at most c2cDedupCap
	dedupNext int
}

// mailbox is one receiver's undelivered messages in the order sent, each
// with a per-receiver sequence; delivered records which sequences the
// receiver acknowledged (or, without acknowledgements, were written to one
// of its sockets): the push path's tracker.
type mailbox struct {
	user      string
	id        uint64    // unique in the store: a Cookie names the mailbox it confirms
	last      uint64    // the last sequence given
	synced    uint64    // the last sequence a sync reply returned
	msgs      []*c2cMsg // ascending seq
	delivered delivered
}

// c2cMsg is one stored message: its encoded item, once for push and sync.
type c2cMsg struct {
	box     *mailbox
	seq     uint64
	item    json.RawMessage
	expires int64 // Unix seconds
	gone    bool  // left the store (delivered, expired or evicted)
}

// c2cKey identifies a send for Tencent's 120-second deduplication: sender,
// MsgSeq as given (0 when the backend left it out), MsgRandom and a CRC32
// of the body; the receiver too, since the same request to another user is
// another message.
type c2cKey struct {
	from, to string
	seq      uint64
	random   uint32
	crc      uint32
}

// c2cSent is what a deduplicated repeat is answered with.
type c2cSent struct {
	at      time.Time
	msgTime int64
	msgKey  string
}

// seen returns the answer of an identical send less than c2cDedupTTL ago.
func (st *c2cStore) seen(k c2cKey, now time.Time) (c2cSent, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	sent, ok := st.dedup[k]
	if !ok || now.Sub(sent.at) >= c2cDedupTTL {
		return c2cSent{}, false
	}
	return sent, true
}

// remember records a send for deduplication, forgetting the oldest past
// c2cDedupCap.
func (st *c2cStore) remember(k c2cKey, sent c2cSent) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.dedup == nil {
		st.dedup = make(map[c2cKey]c2cSent)
		st.dedupRing = make([]c2cKey, 0, 64)
	}
	if _, ok := st.dedup[k]; ok {
		st.dedup[k] = sent
		return
	}
	if len(st.dedupRing) < c2cDedupCap {
		st.dedupRing = append(st.dedupRing, k)
	} else {
		delete(st.dedup, st.dedupRing[st.dedupNext])
		st.dedupRing[st.dedupNext] = k
		st.dedupNext = (st.dedupNext + 1) % c2cDedupCap
	}
	st.dedup[k] = sent
}

// put stores an encoded message for user until expires (Unix seconds) and
// returns it; the oldest messages go when a bound is passed.
func (st *c2cStore) put(user string, item json.RawMessage, expires, now int64) *c2cMsg {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.boxes == nil {
		st.boxes = make(map[string]*mailbox)
	}
	b := st.boxes[user]
	if b == nil {
		st.boxID++
		b = &mailbox{user: user, id: st.boxID}
		st.boxes[user] = b
	}
	st.pruneLocked(b, now)
	b.last++
	m := &c2cMsg{box: b, seq: b.last, item: item, expires: expires}
	b.msgs = append(b.msgs, m)
	st.order = append(st.order, m)
	st.live++
	st.bytes += len(item)
	if len(b.msgs) > c2cPerUser {
		st.dropLocked(b.msgs[0])
	}
	for st.live > c2cMaxStored || st.bytes > c2cMaxBytes {
		st.evictOldestLocked()
	}
	st.compactLocked()
	return m
}

// syncPage answers one openim.getmsg of user: it first drops what the
// request's Cookie says the instance received (the sequences up to the one
// the Cookie names, when it names this mailbox), then returns up to n of
// the undelivered messages left, oldest first, the Cookie to confirm them
// with, and whether more remain. What a reply returns stays stored until a
// later sync's Cookie confirms it (or its push is acknowledged): a reply
// lost with its socket is handed over again by the sync after the
// re-login, as Tencent's Cookie is a sync point.
func (st *c2cStore) syncPage(user, cookie string, n int, now int64) (items []json.RawMessage, next string, more bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	b := st.boxes[user]
	if b == nil {
		return nil, c2cCookie(0, 0), false
	}
	confirmed := uint64(0)
	if box, seq, ok := parseC2CCookie(cookie); ok && box == b.id {
		confirmed = min(seq, b.synced) // a forged Cookie confirms no more than was returned
		b.delivered.skipTo(confirmed)
	}
	st.pruneLocked(b, now)
	last := confirmed
	for _, m := range b.msgs[:min(len(b.msgs), n)] {
		items = append(items, m.item)
		last = m.seq
	}
	b.synced = max(b.synced, last)
	more = len(b.msgs) > len(items)
	next = c2cCookie(b.id, last)
	st.forgetEmptyLocked(b)
	return items, next, more
}

// c2cCookie is the openim.getmsg Cookie that confirms mailbox box's
// sequences up to seq. tim-js-sdk stops its sync at an empty Cookie, so it
// never is.
func c2cCookie(box, seq uint64) string { return "c" + itoa(box) + "." + itoa(seq) }

// parseC2CCookie reads a Cookie c2cCookie made; false for any other.
func parseC2CCookie(c string) (box, seq uint64, ok bool) {
	c, found := strings.CutPrefix(c, "c")
	bs, ss, dot := strings.Cut(c, ".")
	if !found || !dot || len(c) > 41 {
		return 0, 0, false
	}
	box, err1 := strconv.ParseUint(bs, 10, 64)
	seq, err2 := strconv.ParseUint(ss, 10, 64)
	return box, seq, err1 == nil && err2 == nil
}

// pending is how many undelivered messages user has (tests and stats).
func (st *c2cStore) pending(user string, now int64) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	b := st.boxes[user]
	if b == nil {
		return 0
	}
	st.pruneLocked(b, now)
	n := len(b.msgs)
	st.forgetEmptyLocked(b)
	return n
}

// stored is how many messages the store holds across receivers, and their
// encoded size.
func (st *c2cStore) stored() (msgs, bytes int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.live, st.bytes
}

// pruneLocked drops b's messages that were written to a socket or expired.
func (st *c2cStore) pruneLocked(b *mailbox, now int64) {
	if len(b.msgs) == 0 {
		return
	}
	due := b.delivered.gaps(b.last)
	for _, m := range append([]*c2cMsg(nil), b.msgs...) {
		if m.expires <= now || !inRanges(due, m.seq) {
			st.dropLocked(m)
		}
	}
}

// inRanges reports whether seq lies in one of the sorted ranges.
func inRanges(rs []seqRange, seq uint64) bool {
	for _, r := range rs {
		if seq < r.first {
			return false
		}
		if seq <= r.last {
			return true
		}
	}
	return false
}

// dropLocked takes m out of its mailbox and the totals.
func (st *c2cStore) dropLocked(m *c2cMsg) {
	if m.gone {
		return
	}
	m.gone = true
	b := m.box
	for i, x := range b.msgs {
		if x == m {
			b.msgs = append(b.msgs[:i], b.msgs[i+1:]...)
			break
		}
	}
	st.live--
	st.bytes -= len(m.item)
	m.item = nil // the order entry may outlive it
}

// evictOldestLocked drops the oldest stored message of any receiver.
func (st *c2cStore) evictOldestLocked() {
	for len(st.order) > 0 {
		m := st.order[0]
		st.order[0] = nil
		st.order = st.order[1:]
		if !m.gone {
			st.dropLocked(m)
			st.forgetEmptyLocked(m.box)
			return
		}
	}
}

// compactLocked drops the order entries of messages that left, once they
// outnumber the stored ones, so that order stays within twice the bound.
func (st *c2cStore) compactLocked() {
	if len(st.order) <= 2*st.live+64 {
		return
	}
	kept := make([]*c2cMsg, 0, st.live)
	for _, m := range st.order {
		if !m.gone {
			kept = append(kept, m)
		}
	}
	st.order = kept
}

// forgetEmptyLocked removes a mailbox with nothing left in it. A push still
// queued for it updates a tracker no longer read, which is harmless: its
// message left with the mailbox's other state.
func (st *c2cStore) forgetEmptyLocked(b *mailbox) {
	if len(b.msgs) == 0 && st.boxes[b.user] == b {
		delete(st.boxes, b.user)
	}
}

// pushMark names the message a push frame carries, for the socket writer
// to record in the mailbox's delivered tracker once written (without push
// acknowledgements): the same bookkeeping room pushes use (conn.drain
// calls to.written(push.first(), push.last())).
func (m *c2cMsg) pushMark() *pushBatch {
	return &pushBatch{items: []*item{{seq: m.seq}}}
}

// pushC2C sends encoded C2C items to user's logged-in instance, if any (the
// emulator keeps one session per user). With m set, the acknowledgement
// (or the write) is recorded so that the sync does not hand m over again. It reports whether a socket
// took the frame.
func (s *Server) pushC2C(user string, m *c2cMsg, raw json.RawMessage) bool {
	s.sessMu.RLock()
	sess := s.byUser[user]
	s.sessMu.RUnlock()
	if sess == nil {
		return false
	}
	c := sess.conn.Load()
	if c == nil {
		return false // reconnecting: the sync after its re-login hands m over
	}
	seq := s.pushSeq.Add(1)
	var ack string
	if !s.cfg.DisablePushAck {
		ack = sessionData(seq)
	}
	p, buf := getBuf()
	buf = wire.AppendPushHead(buf, wire.CmdMsgPush, seq, s.nowUnix())
	buf = wire.AppendC2CPushBody(buf, []json.RawMessage{raw}, ack)
	buf = wire.AppendFrameClose(buf)
	f := outFrame{b: buf, pool: p}
	if c.compress && len(buf) >= wire.CompressMin {
		f = outFrame{b: wire.Compress(buf)}
		putBuf(p, buf)
	}
	switch {
	case m == nil:
	case s.cfg.DisablePushAck:
		f.push, f.to = m.pushMark(), &m.box.delivered
	default: // delivered once acknowledged (push_ack.go)
		c.acks.add(seq, &m.box.delivered, m.seq, m.seq)
	}
	if !c.send(f) {
		return false
	}
	s.stats.pushes.Add(1)
	return true
}

package server

import "time"

// A group message repeated with the same Random by the same sender within
// five minutes is the same message: send_group_msg's Random is "a random
// number; the same number within five minutes counts as a repeated message"
// (tencentcloud.com/document/product/1047/34959, trtc.io/document/34959). An SDK resends a request whose reply a stalled
// socket swallowed on its new socket with the same Random; the repeat is
// answered with the first's reply (the same MsgSeq and MsgTime) and is not
// published again, not counted again by the room budget and not reported
// again to the webhooks. A repeat of a send still on its way (before-send
// review, budget queue) gets the first's answer when it comes. A send that
// was refused (an error reply) is forgotten, so that its retry is judged
// anew. The WebSocket send and REST send_group_msg share the record; a REST
// Random of 0 (the field left at its zero value) is not deduplicated.
const (
	sendDedupTTL = 5 * time.Minute
	// sendDedupCap bounds the sends a room remembers: the oldest go first
	// (at the 40 msg/s budget, the last 50 s of messages).
	sendDedupCap = 2048
)

// sendKey is what makes two sends the same message within a room.
type sendKey struct {
	from   string
	random uint32
}

// sentMsg is one remembered send: pending until its first send is answered.
type sentMsg struct {
	key     sendKey
	at      time.Time
	done    bool
	seq     uint64 // 0: dropped by the budget or the before-send webhook
	msgTime int64
	waiters []func(seq uint64, msgTime int64, e *apiError)
}

// sendDedup is a room's remembered sends, guarded by the room's mutex.
type sendDedup struct {
	m    map[sendKey]*sentMsg
	ring []*sentMsg // FIFO of what m held, for the bound
	next int        // the oldest slot once the ring is full
}

// claimSendLocked looks k up: a live earlier send is returned with dup set;
// otherwise k is claimed by a new pending entry, returned with dup false.
func (r *room) claimSendLocked(k sendKey, now time.Time) (ent *sentMsg, dup bool) {
	d := &r.sends
	if old := d.m[k]; old != nil && now.Sub(old.at) < sendDedupTTL {
		return old, true
	}
	if d.m == nil {
		d.m = make(map[sendKey]*sentMsg)
	}
	ent = &sentMsg{key: k, at: now}
	if len(d.ring) < sendDedupCap {
		d.ring = append(d.ring, ent)
	} else {
		if old := d.ring[d.next]; d.m[old.key] == old {
			delete(d.m, old.key)
		}
		d.ring[d.next] = ent
		d.next = (d.next + 1) % sendDedupCap
	}
	d.m[k] = ent
	return ent, false
}

// answerLocked answers a repeat of ent: at once (reply is called after the
// room is unlocked, through the returned func) if the first was answered,
// else when it is.
func (ent *sentMsg) answerLocked(reply func(seq uint64, msgTime int64, e *apiError)) func() {
	if !ent.done {
		ent.waiters = append(ent.waiters, reply)
		return func() {}
	}
	seq, msgTime := ent.seq, ent.msgTime
	return func() { reply(seq, msgTime, nil) }
}

// finishSend records the first send's answer and answers the repeats that
// waited for it. A refused send is forgotten.
func (r *room) finishSend(ent *sentMsg, seq uint64, msgTime int64, e *apiError) {
	r.mu.Lock()
	if e != nil {
		if r.sends.m[ent.key] == ent {
			delete(r.sends.m, ent.key)
		}
	} else {
		ent.done, ent.seq, ent.msgTime = true, seq, msgTime
	}
	waiters := ent.waiters
	ent.waiters = nil
	r.mu.Unlock()
	for _, w := range waiters {
		w(seq, msgTime, e)
	}
}

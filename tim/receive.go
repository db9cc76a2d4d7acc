package tim

import (
	"cmp"
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/types"
)

// receiver holds the dedup windows of the live-room receive path
// (wire-protocol.md 6.6).
type receiver struct {
	unlimited bool // unlimitedAVChatRoom: no sequence dedup

	mu        sync.Mutex
	seqs      seqSet
	ids       *window[uint64] // idKey of message IDs
	randoms   *window[uint32] // sent by this instance: own echo
	broadcast *window[uint64]
	convs     convIDs   // the batch's conversation ID, shared by its messages
	c2c       c2cState  // one-to-one messages (c2c.go)
	badAt     time.Time // the last ERROR event for skipped items (reportBad)
}

func newReceiver(unlimited bool) *receiver {
	return &receiver{
		unlimited: unlimited,
		ids:       newWindow[uint64](idWindow),
		randoms:   newWindow[uint32](randomWindow),
		broadcast: newWindow[uint64](broadcastCap),
	}
}

// sent remembers an outgoing message so its echo is dropped.
func (r *receiver) sent(m *message.Message) {
	r.mu.Lock()
	r.randoms.add(m.Random)
	r.ids.add(idKey(m.ID))
	r.mu.Unlock()
}

// leftRoom forgets the sequences and IDs seen, as tim-js-sdk's live-room
// handler does whenever it stops a room (quit, dismissal, ban, a new room
// replacing it): sequences are per room, so a room joined later reuses the
// numbers of the one left, and must not lose its first items to them.
func (r *receiver) leftRoom() {
	r.mu.Lock()
	r.seqs.reset()
	r.ids.reset()
	r.mu.Unlock()
}

func (r *receiver) reset() {
	r.mu.Lock()
	r.seqs.reset()
	r.ids.reset()
	r.randoms.reset()
	r.broadcast.reset()
	r.c2c = c2cState{sync: r.c2c.sync} // a running sync sees the user change
	r.mu.Unlock()
}

// keepLocked applies the dedup rules to a mapped item: sequence (seqSet,
// skipped when unlimited), ID (last 100), own echo (random among the last
// 100 sent); broadcasts are deduplicated by ID only.
func (r *receiver) keepLocked(m *message.Message) bool {
	if m.IsBroadcastMessage {
		return r.broadcast.add(idKey(m.ID))
	}
	if !r.unlimited && !r.seqs.add(m.Sequence) {
		return false
	}
	if !r.ids.add(idKey(m.ID)) {
		return false
	}
	return !r.randoms.has(m.Random)
}

// batch is one delivery: items of one poll reply or one push.
type batch struct {
	items     []*wire.Item
	event     int   // push: the outer Event; 0 otherwise
	from      *room // poll: the room polled (items may lack a group ID)
	push      bool
	broadcast bool
}

// group is the room it belongs to: its own group ID, or the polled room's.
func (b batch) group(it *wire.Item) string {
	if g := it.Group(); g != "" || b.from == nil {
		return g
	}
	return b.from.id
}

// eventOf is it's event: a push's outer Event overrides the item's own.
func (b batch) eventOf(it *wire.Item) int {
	if b.event != 0 {
		return b.event
	}
	return it.Event
}

// deliver maps a batch to messages in sequence order, drops duplicates and
// own echoes, applies notices and tips to the rooms, and queues one
// MESSAGE_RECEIVED. It runs on the reader goroutine.
func (t *TIM) deliver(b batch) {
	if len(b.items) == 0 {
		return
	}
	var roomBuf [2]*room      // a batch names one room, almost always
	var keptBuf [8]*wire.Item // and holds one item a push, a few a poll
	rooms := t.roomsOf(b, roomBuf[:0])
	b.items = t.takeNotices(b, rooms) // events, not messages (notices.go)
	ctx := itemContext{self: t.UserID(), now: t.now().Unix(), event: b.event}
	msgs, kept := t.recv.accept(b, ctx, keptBuf[:0], func(gid string) bool { return rooms.get(gid) != nil })
	if ce := t.log.Check(zap.DebugLevel, "batch"); ce != nil {
		ce.Write(zap.Int("items", len(b.items)), zap.Int("messages", len(msgs)), zap.Int("rooms", len(rooms)))
	}
	if len(msgs) > 0 {
		t.em.emit(types.EventMessageReceived, msgs)
	}
	var gone []*room
	for i, m := range msgs {
		r := rooms.get(m.To)
		if !m.IsBroadcastMessage {
			r.noteSeq(m.Sequence)
		}
		switch p := m.Payload.(type) {
		case *message.GroupTipPayload:
			if oi := kept[i].MsgBody.Tip.OnlineInf; oi != nil {
				r.online.fromTip(oi.Num, oi.ET)
			}
		case *message.GroupSystemNoticePayload:
			switch p.OperationType {
			case types.GrpSysNoticeKicked, types.GrpSysNoticeDismissed, types.GrpSysNoticeBanned:
				gone = append(gone, r)
			}
		}
	}
	for _, r := range gone {
		t.dropRoom(r)
	}
	if len(gone) > 0 {
		t.emitGroupList()
	}
}

// accept sorts a batch by sequence, maps its items of joined groups to
// messages and keeps those the dedup rules let through; kept[i] is the item
// of msgs[i], appended to kept (the caller's buffer, on its stack).
func (r *receiver) accept(b batch, ctx itemContext, kept []*wire.Item, joined func(groupID string) bool) (msgs []*message.Message, _ []*wire.Item) {
	slices.SortStableFunc(b.items, func(x, y *wire.Item) int { return cmp.Compare(x.MsgSeq, y.MsgSeq) })
	msgs = make([]*message.Message, 0, len(b.items))
	r.mu.Lock()
	defer r.mu.Unlock()
	ctx.convs = &r.convs
	ctx.broadcast = b.broadcast
	for _, it := range b.items {
		gid := b.group(it) // the mapped message's To
		if !joined(gid) {
			continue // not a room of this instance
		}
		if b.push && b.eventOf(it) == wire.EventGroupNotice && it.MsgSeq == uint64(it.MsgRandom) && (it.MsgSeq == 1 || it.MsgSeq == 2) {
			own := *it // it may be shared by other instances: never written
			own.Memo = nil
			own.MsgRandom = rand.Uint32() // tim-js-sdk: a server-default pair gets a random
			it = &own
		}
		m := mapItem(it, gid, ctx)
		if m == nil {
			continue
		}
		if !r.keepLocked(m) {
			continue
		}
		msgs = append(msgs, m)
		kept = append(kept, it)
	}
	return msgs, kept
}

// roomsOf resolves the joined rooms a batch names, appended to out (the
// caller's buffer, on its stack).
func (t *TIM) roomsOf(b batch, out roomSet) roomSet {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, it := range b.items {
		id := b.group(it)
		if out.get(id) != nil {
			continue
		}
		if r := t.rooms[id]; r != nil {
			out = append(out, r)
		}
	}
	return out
}

// roomSet is the few joined rooms one batch names (almost always one): a
// slice searched in place costs a push frame one allocation where a map
// cost three.
type roomSet []*room

// get returns the room with ID id, nil when the batch names no such room.
func (s roomSet) get(id string) *room {
	for _, r := range s {
		if r.id == id {
			return r
		}
	}
	return nil
}

// badItemErrorEvery spaces the ERROR events for skipped items: the first
// malformed item raises one, the next ones only a warning in the log until
// this has passed.
const badItemErrorEvery = time.Minute

// errSeqRange reports an item whose MsgSeq no server sends (over 2^53-1,
// tim-js-sdk's largest exact number): kept, it would push the sequence
// window past every real item.
var errSeqRange = errors.New("MsgSeq out of range")

// dropImplausible removes, in place, null items and items whose sequence is
// out of range, reporting them in bad (no allocation when there are none).
func dropImplausible(items []*wire.Item, bad []wire.BadItem) ([]*wire.Item, []wire.BadItem) {
	k := 0
	for i, it := range items {
		switch {
		case it == nil:
			bad = append(bad, wire.BadItem{Index: i, Err: errors.New("null item")})
			continue
		case it.MsgSeq > maxWireSeq:
			bad = append(bad, wire.BadItem{Index: i, Seq: it.MsgSeq, Err: errSeqRange})
			continue
		}
		items[k] = it
		k++
	}
	if k == len(items) {
		return items, bad
	}
	clear(items[k:])
	return items[:k], bad
}

// reportBad logs the items a reply or push had to leave out (issue 11,
// point 6) and raises one ERROR event (2903) per badItemErrorEvery.
func (t *TIM) reportBad(groupID string, bad []wire.BadItem) {
	if len(bad) == 0 {
		return
	}
	first := bad[0]
	t.log.Warn("malformed live-room items skipped", zap.String("groupID", groupID), zap.Int("skipped", len(bad)),
		zap.Int("index", first.Index), zap.Uint64("seq", first.Seq), zap.Error(first.Err))
	now := t.now()
	r := t.recv
	r.mu.Lock()
	raise := r.badAt.IsZero() || now.Sub(r.badAt) >= badItemErrorEvery
	if raise {
		r.badAt = now
	}
	r.mu.Unlock()
	if raise {
		msg := "malformed live-room item skipped"
		if groupID != "" {
			msg += " in " + groupID
		}
		t.em.emit(types.EventError, &Error{Code: types.ErrUncaught, Message: msg + ": " + first.Err.Error()})
	}
}

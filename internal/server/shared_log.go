package server

import (
	"context"
	"errors"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// RoomLog is a room stream shared by the nodes of a cluster: every node
// appends the items it publishes and applies the items the others append
// (Server.ApplyShared). The in-process emulator has none (Config.RoomLog
// nil) and keeps each room's stream in its own ring only.
type RoomLog interface {
	// Append stores item seq of room, encoded once as data. It fails with
	// ErrSeqTaken when seq is no longer the room's next sequence: another
	// node published first.
	Append(ctx context.Context, room string, seq uint64, event int, data []byte) error
	// Since returns up to max items of room after sequence after, in order.
	Since(ctx context.Context, room string, after uint64, max int) ([]LogItem, error)
}

// LogItem is one item of a shared room stream.
type LogItem struct {
	Seq   uint64 // the room's MsgSeq
	Event int    // wire.Item.Event
	Data  []byte // the item's JSON, as the publishing node encoded it
}

// ErrSeqTaken is RoomLog.Append's answer when another node took the sequence.
var ErrSeqTaken = errors.New("server: room sequence taken by another node")

// Shared-log bounds: a send retries its sequence this many times, backing
// off from sharedBackoff, and gives each log call sharedTimeout.
const (
	sharedAttempts = 16
	sharedBackoff  = time.Millisecond
	sharedTimeout  = 5 * time.Second
)

// publishSharedLocked is publishLocked for a cluster: the item takes the
// room's next sequence only once the shared log accepted it there. On a
// conflict the room first applies what the other nodes published, then
// retries with the next free sequence, so MsgSeq stays contiguous across
// nodes. The room lock is held throughout: local senders queue on it, as
// they do on one node.
func (r *room) publishSharedLocked(wi *wire.Item) (*fanout, *apiError) {
	fo := &fanout{room: r}
	backoff := sharedBackoff
	for range sharedAttempts {
		seq := r.seq + 1
		it, err := r.encodeItemLocked(wi, seq)
		if err != nil {
			return nil, fail(CodeBadParam, "cannot encode the item: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
		err = r.srv.cfg.RoomLog.Append(ctx, r.id, seq, it.event, it.json)
		cancel()
		if err == nil {
			if wi.Event == wire.EventGroupMsg {
				r.lastMsgTime = wi.MsgTimeStamp
			}
			r.applyLocked(fo, it)
			r.finishSharedLocked(fo)
			return fo, nil
		}
		if !errors.Is(err, ErrSeqTaken) {
			r.finishSharedLocked(fo)
			fo.run() // what was caught up still goes out
			return nil, fail(CodeInternal, "shared room log: %v", err)
		}
		r.catchUpLocked(fo)
		time.Sleep(backoff)
		backoff = min(2*backoff, 64*time.Millisecond)
	}
	r.finishSharedLocked(fo)
	fo.run()
	return nil, fail(CodeInternal, "shared room log: sequence still taken after %d attempts", sharedAttempts)
}

// catchUpLocked applies into fo what the shared log holds after r.seq.
func (r *room) catchUpLocked(fo *fanout) {
	r.catchUpCountingLocked(fo, true)
}

// catchUpCountingLocked is catchUpLocked; count charges the messages
// caught up to the room's budget (not at room creation: they are old).
func (r *room) catchUpCountingLocked(fo *fanout, count bool) {
	for range sharedAttempts {
		ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
		items, err := r.srv.cfg.RoomLog.Since(ctx, r.id, r.seq, r.srv.cfg.Retention)
		cancel()
		if err != nil {
			r.srv.log.Warn("shared room log: catch-up failed: " + err.Error())
			return
		}
		if len(items) == 0 {
			return
		}
		for _, li := range items {
			if li.Seq <= r.seq {
				continue
			}
			if r.seq == 0 && li.Seq > 1 || r.seq > 0 && li.Seq != r.seq+1 {
				// older items left the log: start the ring afresh at li
				r.ring, r.seq = r.ring[:0], li.Seq-1
			}
			r.applyRemoteLocked(fo, &item{seq: li.Seq, event: li.Event, json: li.Data}, count)
		}
		if len(items) < r.srv.cfg.Retention {
			return
		}
	}
}

// applyLocked takes it as the room's next item, into fo: the ring, the
// waiting polls and the push subscribers, as publishLocked does.
func (r *room) applyLocked(fo *fanout, it *item) {
	r.seq = it.seq
	r.storeLocked(it)
	r.srv.stats.itemsPublished.Add(1)
	fo.items = append(fo.items, it)
	if len(r.waiters) > 0 {
		now := time.Now()
		for _, w := range r.waiters {
			w.idx = -1
			w.p.waiting = nil
			w.p.lastActive = now
		}
		fo.waiters = append(fo.waiters, r.waiters...)
		r.waiters = make([]*waiter, 0, len(r.waiters))
	}
	if r.srv.cfg.PushBatch > 0 {
		r.pushLocked(fo, it)
	}
}

// applyRemoteLocked applies an item another node published. Its messages
// count against this node's room budget too (budget.go): every node sees
// the whole room's log, so the 40 msg/s hold per room across the cluster,
// up to what two nodes publish in the same instant, each before seeing the
// other's message (at most one message per node per window over budget).
func (r *room) applyRemoteLocked(fo *fanout, it *item, count bool) {
	switch {
	case count && it.event == wire.EventGroupMsg:
		r.budget.rollLocked(time.Now().Unix())
		r.budget.used++
	case it.event == wire.EventGroupTip || it.event == wire.EventGroupTipOnline:
		r.applyTipLocked(it)
	}
	r.applyLocked(fo, it)
}

// applyTipLocked takes over the room state a tip from another node
// announces: mutes (tip 7, counted from now: the tip carries their length)
// and roles (tips 4 and 5), so that a member muted or made admin on one
// node is so on every node.
func (r *room) applyTipLocked(it *item) {
	var wi wire.Item
	if err := wire.DecodeItem(it.json, &wi); err != nil || wi.MsgBody.Tip == nil {
		return
	}
	tb := wi.MsgBody.Tip
	switch tb.OpType {
	case wire.TipMemberProfile:
		now := r.srv.nowUnix()
		for _, mm := range tb.MsgMemberInfo {
			switch {
			case mm.ShutupTime <= 0:
				delete(r.mutes, mm.UserAccount)
			case len(r.mutes) < maxSharedMutes:
				r.mutes[mm.UserAccount] = now + min(mm.ShutupTime, maxShutupTime)
			}
		}
	case wire.TipMemberSetAdmin, wire.TipMemberCancelAdmin:
		for _, u := range tb.ListAccount {
			if u == r.owner {
				continue
			}
			if tb.OpType == wire.TipMemberSetAdmin && len(r.roles) < maxSharedMutes {
				r.roles[u] = wire.RoleAdmin
			} else {
				delete(r.roles, u)
			}
		}
	}
}

// Bounds on the room state taken from other nodes' tips.
const (
	maxSharedMutes = 100000           // mutes or admins a room takes over
	maxShutupTime  = 10 * 365 * 86400 // seconds
)

// finishSharedLocked gives fo's items to the push subscribers when pushes
// are not batched (pushLocked would send only the last one).
func (r *room) finishSharedLocked(fo *fanout) {
	if r.srv.cfg.PushBatch <= 0 && len(fo.items) > 0 && len(r.pushers) > 0 {
		fo.push, fo.pushers = newPushBatch(r.srv, fo.items), r.pushers
	}
}

// ApplyShared applies an item another node appended to the shared room
// log (Config.RoomLog); the log's subscriber calls it for every item, in
// order per room. Items the room has already are ignored; a gap is filled
// from the log first. Rooms this node does not hold are ignored.
func (s *Server) ApplyShared(room string, li LogItem) {
	r := s.room(room)
	if r == nil {
		return
	}
	fo := &fanout{room: r}
	r.mu.Lock()
	switch {
	case r.destroyed || li.Seq <= r.seq:
	case li.Seq == r.seq+1:
		r.applyRemoteLocked(fo, &item{seq: li.Seq, event: li.Event, json: li.Data}, true)
	default:
		r.catchUpLocked(fo)
	}
	r.finishSharedLocked(fo)
	r.mu.Unlock()
	fo.run()
}

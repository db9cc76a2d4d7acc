package server

import (
	"encoding/json"
	"runtime"
	"sync"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// item is one stream item of a room (message, tip or notice), encoded once
// when published. Its JSON is reused for every member's poll reply and push
// frame; its compressed segment is built once, on first need, and shared.
type item struct {
	seq   uint64
	event int
	json  []byte

	zOnce sync.Once
	z     wire.ZSegment
}

// segment is the item compressed once, for spliced poll replies.
func (it *item) segment() *wire.ZSegment {
	it.zOnce.Do(func() { it.z = wire.NewZSegment(it.json) })
	return &it.z
}

// encodeItemLocked stamps wi with MsgSeq seq and the room (ToGroupId, which
// push items must carry, wire-protocol.md 5.1, and GroupInfo) and encodes it
// once for every member.
func (r *room) encodeItemLocked(wi *wire.Item, seq uint64) (*item, error) {
	wi.MsgSeq = seq
	wi.ToGroupID = r.id
	if wi.GroupInfo == nil {
		wi.GroupInfo = &wire.ItemGroupInfo{}
	}
	wi.GroupInfo.GroupID, wi.GroupInfo.GroupName, wi.GroupInfo.GroupType = r.id, r.name, r.typ
	b, err := json.Marshal(wi)
	if err != nil {
		return nil, err
	}
	return &item{seq: seq, event: wi.Event, json: b}, nil
}

// publishLocked assigns the next MsgSeq (one counter per room, shared by
// messages, tips and notices), encodes the item once, keeps it in the
// retention ring and detaches the waiting polls. The caller runs the
// returned fanout after unlocking (and after queueing its own reply).
func (r *room) publishLocked(wi *wire.Item) (*fanout, *apiError) {
	if r.srv.cfg.RoomLog != nil {
		return r.publishSharedLocked(wi)
	}
	seq := r.seq + 1
	it, err := r.encodeItemLocked(wi, seq)
	if err != nil {
		return nil, fail(CodeBadParam, "cannot encode the item: %v", err)
	}
	r.seq = seq
	if wi.Event == wire.EventGroupMsg {
		r.lastMsgTime = wi.MsgTimeStamp
	}
	r.storeLocked(it)
	r.srv.stats.itemsPublished.Add(1)

	fo := &fanout{room: r, items: []*item{it}, waiters: r.waiters}
	r.pushLocked(fo, it)
	now := time.Now()
	for _, w := range r.waiters {
		w.idx = -1
		w.p.waiting = nil
		w.p.lastActive = now
	}
	r.waiters = make([]*waiter, 0, len(fo.waiters))
	return fo, nil
}

// storeLocked keeps it in the bounded ring: item seq n lives at (n-1) mod
// Retention, so the ring holds the last Retention sequences.
func (r *room) storeLocked(it *item) {
	n := r.srv.cfg.Retention
	if len(r.ring) < n {
		r.ring = append(r.ring, it)
		return
	}
	r.ring[(it.seq-1)%uint64(n)] = it
}

// oldestLocked is the oldest retained sequence (r.seq+1 when none).
func (r *room) oldestLocked() uint64 { return r.seq + 1 - uint64(len(r.ring)) }

// itemsLocked returns up to max retained items from start (start >= oldest).
func (r *room) itemsLocked(start uint64, max int) []*item {
	if start > r.seq {
		return nil
	}
	n := min(int(r.seq-start+1), max)
	out := make([]*item, n)
	ring := uint64(len(r.ring))
	for i := range out {
		out[i] = r.ring[(start+uint64(i)-1)%ring]
	}
	return out
}

// fanoutChunk is how many deliveries one goroutine makes before the work is
// split across CPUs.
const fanoutChunk = 256

// fanout is the delivery of freshly published items to the polls that were
// waiting and to the push subscribers, done outside the room lock.
type fanout struct {
	room    *room
	items   []*item // for the waiting polls
	waiters []*waiter
	push    *pushBatch // for the push subscribers, when due now
	pushers []*member
}

func (fo *fanout) run() {
	if fo == nil {
		return
	}
	if len(fo.waiters) > 0 {
		next := fo.items[len(fo.items)-1].seq + 1
		parallel(len(fo.waiters), func(i int) {
			w := fo.waiters[i]
			w.c.sendPollReply(w.head, w.p.key, next, fo.items)
		})
		fo.room.srv.stats.pollWakeups.Add(uint64(len(fo.waiters)))
	}
	fo.push.deliver(fo.room.srv, fo.pushers)
}

// parallel runs f(0..n-1), spread over the CPUs when n is large.
func parallel(n int, f func(int)) {
	workers := min(runtime.GOMAXPROCS(0), n/fanoutChunk)
	if workers < 2 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// sendPollReply queues a successful get_msg reply carrying items. With
// compression the reply is spliced: the per-socket head and Key are stored
// blocks and each item's segment was compressed once for everyone.
func (c *conn) sendPollReply(head []byte, key string, next uint64, items []*item) bool {
	p, buf := getBuf()
	if !c.compress {
		buf = wire.AppendFrameOpen(buf, head)
		buf = wire.AppendGetMsgRespOpen(buf, key, next)
		for i, it := range items {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, it.json...)
		}
		buf = append(buf, wire.GetMsgRespClose...)
		buf = wire.AppendFrameClose(buf)
		return c.sendNow(outFrame{b: buf, pool: p})
	}
	sp, scratch := getBuf()
	scratch = wire.AppendFrameOpen(scratch, head)
	scratch = wire.AppendGetMsgRespOpen(scratch, key, next)
	z := wire.NewZWriter(buf)
	z.Raw(scratch)
	for i, it := range items {
		if i > 0 {
			z.RawString(",")
		}
		z.Segment(it.segment())
	}
	z.RawString(wire.GetMsgRespClose + "}")
	putBuf(sp, scratch)
	return c.sendNow(outFrame{b: z.Finish(), pool: p})
}

func itoa(n uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

package server

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// pushBatch is one im_open_push.msg_push frame: items in sequence order,
// encoded once (plain and compressed, each on first need) for every
// subscriber. The push head's seq is the batch's own, the same for all
// sockets: tim-js-sdk only needs it not to match a pending request.
type pushBatch struct {
	items []*item
	seq   uint64
	once  [2]sync.Once // plain, compressed
	frame [2][]byte
}

func newPushBatch(s *Server, items []*item) *pushBatch {
	return &pushBatch{items: items, seq: s.pushSeq.Add(1)}
}

func (pb *pushBatch) bytes(s *Server, compressed bool) []byte {
	i := 0
	if compressed {
		i = 1
	}
	pb.once[i].Do(func() {
		events := make([]int, len(pb.items))
		raws := make([]json.RawMessage, len(pb.items))
		size := 256
		for k, it := range pb.items {
			events[k], raws[k] = it.event, it.json
			size += len(it.json) + 1
		}
		var ack string
		if !s.cfg.DisablePushAck {
			ack = sessionData(pb.seq)
		}
		b := wire.AppendPushHead(make([]byte, 0, size), wire.CmdMsgPush, pb.seq, time.Now().Unix())
		b = wire.AppendMsgPushBatch(b, events, raws, ack)
		b = wire.AppendFrameClose(b)
		if compressed && len(b) >= wire.CompressMin {
			b = wire.Compress(b)
		}
		pb.frame[i] = b
	})
	return pb.frame[i]
}

// deliver sends the batch to each member's current socket.
func (pb *pushBatch) deliver(s *Server, pushers []*member) {
	if pb == nil || len(pushers) == 0 {
		return
	}
	parallel(len(pushers), func(i int) { pushers[i].push(s, pb) })
}

func (pb *pushBatch) first() uint64 { return pb.items[0].seq }
func (pb *pushBatch) last() uint64  { return pb.items[len(pb.items)-1].seq }

// push queues a batch on the member's socket. It counts in m.pushed once
// acknowledged (recorded in the socket's unacked frames first), or, with
// acknowledgements off, once the socket's writer wrote it. A member
// without a socket (reconnecting) gets it from the replay after its
// re-login.
func (m *member) push(s *Server, pb *pushBatch) {
	c := m.sess.conn.Load()
	if c == nil {
		return
	}
	f := outFrame{b: pb.bytes(s, c.compress)}
	if s.cfg.DisablePushAck {
		f.push, f.to = pb, &m.pushed
	} else {
		c.acks.add(pb.seq, &m.pushed, pb.first(), pb.last())
	}
	if !c.sendNow(f) {
		return
	}
	s.stats.pushes.Add(uint64(len(pb.items)))
}

// pushLocked routes a freshly published item to the push subscribers: at
// once (Config.PushBatch 0), or gathered for up to PushBatch so that a busy
// room sends each subscriber one frame per window instead of one per item.
func (r *room) pushLocked(fo *fanout, it *item) {
	s := r.srv
	if s.cfg.PushBatch <= 0 {
		if len(r.pushers) > 0 {
			fo.push, fo.pushers = newPushBatch(s, []*item{it}), r.pushers
		}
		return
	}
	r.pushPending = append(r.pushPending, it)
	if len(r.pushPending) >= s.cfg.MaxPollBatch {
		r.flushPushLocked(fo)
		return
	}
	if len(r.pushPending) == 1 {
		if r.pushTimer == nil {
			r.pushTimer = time.AfterFunc(s.cfg.PushBatch, r.pushTimerFired)
		} else {
			r.pushTimer.Reset(s.cfg.PushBatch)
		}
	}
}

// flushPushLocked moves the gathered items into fo, for the current
// subscribers (before a change of membership that must not lose them).
func (r *room) flushPushLocked(fo *fanout) {
	if len(r.pushPending) == 0 {
		return
	}
	if len(r.pushers) > 0 {
		fo.push, fo.pushers = newPushBatch(r.srv, r.pushPending), r.pushers
	}
	r.pushPending = nil
}

func (r *room) pushTimerFired() {
	if r.srv.isClosed() {
		return
	}
	fo := &fanout{room: r}
	r.mu.Lock()
	r.flushPushLocked(fo)
	r.mu.Unlock()
	fo.run()
}

// replayPushes sends a re-logged-in session what its push rooms published
// that it never received: items published while it had no socket, items
// still queued when the old socket dropped and, with acknowledgements,
// items a socket took but never acknowledged (a network that stopped
// forwarding), bounded by the retention, in frames of up to MaxPollBatch
// items. Items already in flight on the new socket are left out. Live
// pushes to the new socket may overtake the replay; the SDKs drop anything
// they already have by sequence.
func (sess *session) replayPushes(c *conn) {
	sess.mu.Lock()
	var ms []*member
	for _, m := range sess.rooms {
		if m.poll == nil {
			ms = append(ms, m)
		}
	}
	sess.mu.Unlock()
	for _, m := range ms {
		r := m.room
		s := r.srv
		var items []*item
		r.mu.Lock()
		oldest := r.oldestLocked()
		m.pushed.skipTo(oldest - 1)
		flying := c.acks.pending(&m.pushed)
		for _, g := range m.pushed.gaps(r.seq) {
			for _, g := range subtractRanges(g, flying) {
				items = append(items, r.itemsLocked(g.first, int(g.last-g.first+1))...)
			}
		}
		r.mu.Unlock()
		for len(items) > 0 {
			n, size := 0, 0
			for n < len(items) && n < s.cfg.MaxPollBatch && (n == 0 || size+len(items[n].json) <= maxReplayFrame) {
				size += len(items[n].json)
				n++
			}
			s.stats.pushReplays.Add(uint64(n))
			m.push(s, newPushBatch(s, items[:n]))
			items = items[n:]
		}
	}
}

// maxReplayFrame bounds the item bytes of one replay frame (one item may
// pass it), well below the 4 MiB a client reads (wire.MaxFrameSize).
const maxReplayFrame = 1 << 20

// subtractRanges returns the parts of g that none of rs (in any order)
// covers.
func subtractRanges(g seqRange, rs []seqRange) []seqRange {
	out := []seqRange{g}
	for _, x := range rs {
		var next []seqRange
		for _, o := range out {
			if x.last < o.first || x.first > o.last {
				next = append(next, o)
				continue
			}
			if x.first > o.first {
				next = append(next, seqRange{o.first, x.first - 1})
			}
			if x.last < o.last {
				next = append(next, seqRange{x.last + 1, o.last})
			}
		}
		out = next
	}
	return out
}

package tim

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/conn"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// Long-polling cadence of tim-js-sdk (cloud config defaults).
const (
	// PollInterval: the next get_msg goes out 300 ms after a reply.
	PollInterval = 300 * time.Millisecond
	// PollIntervalIdle: after PollIdleAfter empty replies in a row, 300 ms +
	// 2000 ms, until a reply brings something.
	PollIntervalIdle = 2300 * time.Millisecond
	// PollIdleAfter is tim-js-sdk's polling_no_msg_count.
	PollIdleAfter = 20
	// PollRetry: 2 s after a failed poll.
	PollRetry = 2000 * time.Millisecond
)

// Limits on what a poll reply may move the cursor to (issue 11, points 3
// and 6). Sequences are JavaScript numbers in tim-js-sdk, so none above
// 2^53-1 is real; a NextSeq more than maxSeqJump past both the StartSeq
// asked and the items of the reply is not believed either (a batch holds at
// most a few hundred items and a room retains about a thousand): the
// cursor goes back to 0, "from now on", and the server's next reply sets it
// again. A NextSeq behind the StartSeq asked means the server's room is
// behind the client's: the room was made again (a restarted server), so the
// cursor follows the server and the sequence window is forgotten.
const (
	maxWireSeq = 1<<53 - 1
	maxSeqJump = 1 << 16
	// pollRetryMax caps the back-off of failed polls and rejoins: PollRetry,
	// then twice as long after each failure in a row, up to this, jittered.
	pollRetryMax = 30 * time.Second
)

// poller long-polls one room over the WebSocket. It holds no goroutine: the
// request is asynchronous (its reply is handled on the reader goroutine)
// and the next poll is a time.AfterFunc.
type poller struct {
	r *room

	mu       sync.Mutex
	key      string
	nextSeq  uint64
	asked    uint64 // StartSeq of the poll in flight
	sent     bool   // the first poll went out (StartBroadcastSeq follows it)
	empty    int    // empty replies in a row
	fails    int    // failed polls and rejoins in a row: the back-off
	timer    *time.Timer
	inflight bool
	stopped  bool
	stale    bool // the server refused the key: rejoin before polling on
}

func newPoller(r *room, key string, startSeq uint64) *poller {
	return &poller{r: r, key: key, nextSeq: min(startSeq, maxWireSeq)}
}

// tick runs when the timer fires: a rejoin when the server refused the key,
// a poll otherwise.
func (p *poller) tick() {
	if p.isStale() {
		p.r.t.goTracked(p.recover)
		return
	}
	p.poll()
}

// poll sends one get_msg unless one is out, the poller stopped or the key
// is stale (a rejoin is scheduled).
func (p *poller) poll() {
	t := p.r.t
	p.mu.Lock()
	if p.stopped || p.inflight || p.stale {
		p.mu.Unlock()
		return
	}
	p.inflight = true
	p.asked = p.nextSeq
	req := wire.GetMsgReq{USP: 1, StartSeq: p.nextSeq, HoldTime: wire.DefaultHoldTime, Key: p.key}
	if !p.r.guest && p.sent {
		req.StartBroadcastSeq = t.broadcastSeq()
	}
	p.sent = true
	p.mu.Unlock()
	// done decodes the reply before it returns and keeps none of its bytes
	// (decoded strings are copies, shared items the process's own).
	r := &conn.Request{Servcmd: wire.CmdGetMsg, Body: req, BorrowBody: true}
	if p.r.guest {
		r.Servcmd, r.Head = wire.CmdGetMsgNoAuth, t.guestHead
	}
	t.conn.Go(r, p.done)
}

// pollReply decodes a get_msg reply, leaving out the items that do not
// decode (reported in bad) rather than failing the reply.
func (t *TIM) pollReply(f *wire.Frame, resp *wire.GetMsgResp) (bad []wire.BadItem, err error) {
	err = f.DecodeBody(func(body []byte) (err error) {
		bad, err = wire.DecodeGetMsgRespSkipping(body, resp)
		return err
	})
	if err != nil {
		return nil, newError(types.ErrUncaught, "bad reply to "+f.Head.Servcmd+": "+err.Error())
	}
	if st := resp.GetStatus(); st.Failed() {
		return nil, t.reply(f, resp, false) // the status error, as every reply's
	}
	return bad, nil
}

// done handles a poll's reply: keep Key and NextSeq when both came (within
// the limits above), deliver the items, and schedule the next poll (300
// ms, 2300 ms when idle; after a failure PollRetry, growing while failures
// go on). A refused key is rejoined after the same delay; a reply that does
// not decode is only polled again, since a rejoin cannot mend it.
func (p *poller) done(f *wire.Frame, err error) {
	t := p.r.t
	var resp wire.GetMsgResp
	var bad []wire.BadItem
	if err == nil {
		bad, err = t.pollReply(f, &resp)
	} else {
		err = connError(err)
	}
	p.mu.Lock()
	p.inflight = false
	if p.stopped {
		p.mu.Unlock()
		return
	}
	if err != nil {
		c := codeOf(err)
		refused := !isNetworkCode(c) && c != types.ErrUncaught
		p.stale = p.stale || refused
		p.fails++
		p.scheduleLocked(retryDelay(p.fails))
		p.mu.Unlock()
		t.log.Debug("poll failed", zap.String("groupID", p.r.id), zap.Bool("rejoin", refused), errField(err))
		return
	}
	p.fails = 0
	resp.RspMsgList, bad = dropImplausible(resp.RspMsgList, bad)
	resp.RspBroadcastMsgList, bad = dropImplausible(resp.RspBroadcastMsgList, bad)
	newRoom := p.adoptLocked(&resp)
	if len(resp.RspMsgList)+len(resp.RspBroadcastMsgList) == 0 {
		p.empty++
	} else {
		p.empty = 0
	}
	next := PollInterval
	switch {
	case len(bad) > 0 && len(resp.RspMsgList)+len(resp.RspBroadcastMsgList) == 0:
		p.fails++ // nothing usable came: back off as after a failure
		next = retryDelay(p.fails)
	case p.empty >= PollIdleAfter:
		next = PollIntervalIdle
	}
	p.scheduleLocked(next)
	p.mu.Unlock()
	t.reportBad(p.r.id, bad)
	if newRoom {
		t.log.Warn("poll reply behind the cursor: the room was made again; sequences reset",
			zap.String("groupID", p.r.id), zap.Uint64("nextSeq", resp.NextSeq))
		t.resetRoomSeqs(p.r)
	}
	t.raiseBroadcastSeq(min(resp.NextBroadcastSeq, maxWireSeq))
	t.deliver(batch{items: resp.RspMsgList, from: p.r})
	t.deliver(batch{items: resp.RspBroadcastMsgList, from: p.r, broadcast: true})
}

// adoptLocked takes the reply's Key and NextSeq as the cursor when both
// came and NextSeq is plausible, and reports whether NextSeq went behind
// the StartSeq asked (a new room).
func (p *poller) adoptLocked(resp *wire.GetMsgResp) (newRoom bool) {
	if resp.Key == "" || resp.NextSeq == 0 {
		return false
	}
	var hi uint64
	for _, it := range resp.RspMsgList {
		hi = max(hi, it.MsgSeq)
	}
	switch {
	case resp.NextSeq > maxWireSeq:
		p.r.t.log.Warn("poll reply with an impossible NextSeq; cursor kept",
			zap.String("groupID", p.r.id), zap.Uint64("nextSeq", resp.NextSeq))
		return false
	case p.asked != 0 && resp.NextSeq < p.asked:
		newRoom = true
	case p.asked != 0 && resp.NextSeq > max(p.asked, hi+1)+maxSeqJump:
		p.r.t.log.Warn("poll reply with NextSeq far ahead; polling from now on",
			zap.String("groupID", p.r.id), zap.Uint64("asked", p.asked), zap.Uint64("nextSeq", resp.NextSeq))
		p.key, p.nextSeq = resp.Key, 0
		return false
	}
	p.key, p.nextSeq = resp.Key, resp.NextSeq
	return newRoom
}

// retryDelay is the wait after the n-th failure in a row (n >= 1):
// PollRetry doubled per further failure up to pollRetryMax, the upper half
// of it at random so that viewers of one server do not retry in step.
func retryDelay(n int) time.Duration {
	d := PollRetry
	for i := 1; i < n && d < pollRetryMax; i++ {
		d *= 2
	}
	d = min(d, pollRetryMax)
	return d/2 + rand.N(d/2+1)
}

// recover rejoins a room whose poll the server refused (it lost our
// membership or key), then polls from the sequence already reached. A
// failed rejoin is tried again after the back-off.
func (p *poller) recover() {
	p.mu.Lock()
	stale := p.stale && !p.stopped
	p.mu.Unlock()
	if !stale {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), p.r.t.opts.requestTimeout)
	defer cancel()
	p.r.t.rejoin(ctx, p.r, false)
	p.mu.Lock()
	if p.stale && !p.stopped {
		p.fails++
		p.scheduleLocked(retryDelay(p.fails))
	}
	p.mu.Unlock()
}

func isNetworkCode(c types.Code) bool {
	return c == types.ErrNetwork || c == types.ErrNetworkTimeout || c == 0
}

func (p *poller) scheduleLocked(d time.Duration) {
	if p.timer == nil {
		p.timer = time.AfterFunc(d, p.tick)
		return
	}
	p.timer.Reset(d)
}

// resume polls now (after a reconnect) unless a poll is out or a rejoin
// is due (its timer stays).
func (p *poller) resume() {
	p.mu.Lock()
	if p.stopped || p.inflight || p.stale {
		p.mu.Unlock()
		return
	}
	if p.timer != nil {
		p.timer.Stop()
	}
	p.mu.Unlock()
	p.poll()
}

// rekey installs the key of a rejoin; the sequence reached is kept, unless
// the join reply showed a new room (fresh): then polling starts at its
// StartSeq, for guests too, so that nothing sent since the join is lost.
func (p *poller) rekey(key string, startSeq uint64, fresh bool) {
	p.mu.Lock()
	if key != "" {
		p.key = key
	}
	startSeq = min(startSeq, maxWireSeq)
	if fresh || p.nextSeq == 0 && !p.r.guest {
		p.nextSeq = startSeq
	}
	p.stale = false
	p.mu.Unlock()
	p.resume()
}

// cursor is the StartSeq of the next poll.
func (p *poller) cursor() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.nextSeq
}

func (p *poller) isStale() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stale
}

func (p *poller) stop() {
	p.mu.Lock()
	p.stopped = true
	if p.timer != nil {
		p.timer.Stop()
	}
	p.mu.Unlock()
}

// broadcastSeq is StartBroadcastSeq: the highest NextBroadcastSeq seen (1
// at first).
func (t *TIM) broadcastSeq() uint64 {
	if v := t.bcastSeq.Load(); v > 1 {
		return v
	}
	return 1
}

func (t *TIM) raiseBroadcastSeq(v uint64) {
	for {
		cur := t.bcastSeq.Load()
		if v <= cur || t.bcastSeq.CompareAndSwap(cur, v) {
			return
		}
	}
}

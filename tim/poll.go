package tim

import (
	"context"
	"sync"
	"time"

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

// poller long-polls one room over the WebSocket. It holds no goroutine: the
// request is asynchronous (its reply is handled on the reader goroutine)
// and the next poll is a time.AfterFunc.
type poller struct {
	r *room

	mu       sync.Mutex
	key      string
	nextSeq  uint64
	sent     bool // the first poll went out (StartBroadcastSeq follows it)
	empty    int  // empty replies in a row
	timer    *time.Timer
	inflight bool
	stopped  bool
	stale    bool // the server refused the key: rejoin before polling on
}

func newPoller(r *room, key string, startSeq uint64) *poller {
	return &poller{r: r, key: key, nextSeq: startSeq}
}

// poll sends one get_msg unless one is out or the poller stopped.
func (p *poller) poll() {
	t := p.r.t
	p.mu.Lock()
	if p.stopped || p.inflight {
		p.mu.Unlock()
		return
	}
	p.inflight = true
	req := wire.GetMsgReq{USP: 1, StartSeq: p.nextSeq, HoldTime: wire.DefaultHoldTime, Key: p.key}
	if !p.r.guest && p.sent {
		req.StartBroadcastSeq = t.broadcastSeq()
	}
	p.sent = true
	p.mu.Unlock()
	r := &conn.Request{Servcmd: wire.CmdGetMsg, Body: req}
	if p.r.guest {
		r.Servcmd, r.Head = wire.CmdGetMsgNoAuth, t.guestHead
	}
	t.conn.Go(r, p.done)
}

// done handles a poll's reply: keep Key and NextSeq when both came, deliver
// the items, and schedule the next poll (300 ms, 2300 ms when idle, 2 s
// after a failure).
func (p *poller) done(f *wire.Frame, err error) {
	t := p.r.t
	var resp wire.GetMsgResp
	if err == nil {
		err = t.reply(f, &resp, false)
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
		refused := !isNetworkCode(codeOf(err))
		p.stale = p.stale || refused
		p.scheduleLocked(PollRetry)
		p.mu.Unlock()
		if refused {
			t.goTracked(func() { p.recover() })
		}
		return
	}
	if resp.Key != "" && resp.NextSeq != 0 {
		p.key, p.nextSeq = resp.Key, resp.NextSeq
	}
	if len(resp.RspMsgList)+len(resp.RspBroadcastMsgList) == 0 {
		p.empty++
	} else {
		p.empty = 0
	}
	next := PollInterval
	if p.empty >= PollIdleAfter {
		next = PollIntervalIdle
	}
	p.scheduleLocked(next)
	p.mu.Unlock()
	t.raiseBroadcastSeq(resp.NextBroadcastSeq)
	t.deliver(batch{items: resp.RspMsgList, from: p.r})
	t.deliver(batch{items: resp.RspBroadcastMsgList, from: p.r, broadcast: true})
}

// recover rejoins a room whose poll the server refused (it lost our
// membership or key), then polls from the sequence already reached.
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
}

func isNetworkCode(c types.Code) bool {
	return c == types.ErrNetwork || c == types.ErrNetworkTimeout || c == 0
}

func (p *poller) scheduleLocked(d time.Duration) {
	if p.timer == nil {
		p.timer = time.AfterFunc(d, p.poll)
		return
	}
	p.timer.Reset(d)
}

// resume polls now (after a reconnect) unless a poll is out.
func (p *poller) resume() {
	p.mu.Lock()
	if p.stopped || p.inflight {
		p.mu.Unlock()
		return
	}
	if p.timer != nil {
		p.timer.Stop()
	}
	p.mu.Unlock()
	p.poll()
}

// rekey installs the key of a rejoin; the sequence reached is kept.
func (p *poller) rekey(key string, startSeq uint64) {
	p.mu.Lock()
	if key != "" {
		p.key = key
	}
	if p.nextSeq == 0 && !p.r.guest {
		p.nextSeq = startSeq
	}
	p.stale = false
	p.mu.Unlock()
	p.resume()
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

package server

import (
	"sync"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// The room budget (Config.RoomMessageRate, Tencent's 40 msg/s): messages,
// not tips or notices, are counted in aligned 1-s windows of the wall
// clock. A message that finds room in the current window and nothing
// waiting is published at once, so a room under budget adds no latency.
// Otherwise it waits in the room's queue, one FIFO per priority. At the
// start of each window the queue goes out highest priority first, up to the
// budget; a message that did not go out and would have waited longer than
// Config.RoomMaxDelay by the next window's start is dropped silently: its
// sender gets success without a MsgSeq, no after-send webhook fires, and
// the room's drop counter of its priority goes up. With the default
// one-second delay every message over budget gets exactly one chance, the
// next window, where a High one beats every lower one; so a High message is
// only dropped when that window filled with High messages. A timer that
// fires late (a starved process) never costs a message its chance: it is
// dropped only after a window start it could not use.
//
// MsgSeq is assigned at publication: the retention ring and the pollers'
// NextSeq need sequences in publication order, and a dropped message takes
// none, so members see no gap. The sender's reply therefore waits until its
// message is published or dropped (at most about RoomMaxDelay; tim-js-sdk
// waits 15 s) and carries the MsgSeq members see.
//
// One timer serves every room: it fires at window starts while some room
// has messages waiting, and an idle room costs nothing.

const (
	// budgetHistory is how many recent windows a room remembers (RoomStats).
	budgetHistory = 16
	// minBudgetQueue is the least a room's queue may hold.
	minBudgetQueue = 64
	priorities     = wire.PriorityLowest // levels 1..4
)

// sendJob is one message on its way to a room: accepted (member, mute, size
// and word checks passed), possibly reviewed by the before-send webhook,
// then published at once, held for a later window, or dropped. done is
// called exactly once: seq 0 with no error means dropped silently.
type sendJob struct {
	room       *room
	from       string
	operator   string // Operator_Account of webhooks
	random     uint32
	clientTime int64
	prio       wire.Priority
	body       []wire.Elem
	cloud      string
	time       int64 // MsgTime: when the server accepted it (Unix s)
	platform   string
	clientIP   string
	noBefore   bool // ForbidBeforeSendMsgCallback
	noAfter    bool // ForbidAfterSendMsgCallback
	waitSince  time.Time
	done       func(seq uint64, e *apiError)
}

func (j *sendJob) level() int { return j.prio.Effective() }

// roomBudget is a room's budget state, guarded by the room's mutex.
type roomBudget struct {
	window    int64 // the current window (Unix seconds of its start)
	used      int   // messages published in it
	queue     [priorities][]*sendJob
	queued    int
	scheduled bool  // the room is on the budget clock
	drained   int64 // the window of the last drain
	delivered [priorities]uint64
	dropped   [priorities]uint64
	history   []WindowCount // ring of recent busy windows
	histNext  int
}

// WindowCount is how many messages a room delivered in one window.
type WindowCount struct {
	Start     int64 `json:"start"` // Unix seconds
	Delivered int   `json:"delivered"`
}

// rollLocked moves the budget to window w, remembering the one it leaves.
func (b *roomBudget) rollLocked(w int64) {
	if w == b.window {
		return
	}
	if b.used > 0 {
		wc := WindowCount{b.window, b.used}
		if len(b.history) < budgetHistory {
			b.history = append(b.history, wc)
		} else {
			b.history[b.histNext] = wc
			b.histNext = (b.histNext + 1) % budgetHistory
		}
	}
	b.window, b.used = w, 0
}

// sent is what a budget decision leaves to do once the room is unlocked:
// the senders' replies, the delivery of what was published, and the
// after-send webhooks.
type sent struct {
	fo        *fanout
	pushItems []*item // every publication's push items, for one frame
	pushes    int     // publications with push items
	published []*sendJob
	seqs      []uint64
	dropped   []*sendJob
	failed    []*sendJob
	errs      []*apiError
}

func (o *sent) fail(j *sendJob, e *apiError) {
	o.failed = append(o.failed, j)
	o.errs = append(o.errs, e)
}

// add merges a publication's fanout: waiting polls get every item in one
// reply, push subscribers one frame.
func (o *sent) add(fo *fanout) {
	if fo.push != nil {
		o.pushItems = append(o.pushItems, fo.push.items...)
		o.pushes++
	}
	if o.fo == nil {
		o.fo = fo
		return
	}
	o.fo.items = append(o.fo.items, fo.items...)
	o.fo.waiters = append(o.fo.waiters, fo.waiters...)
	if fo.push != nil {
		o.fo.push, o.fo.pushers = fo.push, fo.pushers
	}
}

func (o *sent) run() {
	if o.pushes > 1 { // one batch for the window's publications, built once
		o.fo.push = newPushBatch(o.fo.room.srv, o.pushItems)
	}
	for i, j := range o.published {
		j.done(o.seqs[i], nil)
	}
	for _, j := range o.dropped {
		j.done(0, nil)
		j.room.srv.hooks.sendFailed(j, errOverBudget)
	}
	for i, j := range o.failed {
		j.done(0, o.errs[i])
	}
	o.fo.run()
	for i, j := range o.published {
		j.room.srv.hooks.afterSend(j, o.seqs[i])
	}
}

// deliverJob takes a reviewed message to its room's budget.
func (s *Server) deliverJob(j *sendJob) {
	r := j.room
	var out sent
	r.mu.Lock()
	if r.destroyed {
		r.mu.Unlock()
		j.done(0, fail(CodeNoGroup, "group %s does not exist", r.id))
		return
	}
	r.admitLocked(j, &out)
	r.mu.Unlock()
	out.run()
}

// admitLocked publishes j now if the window has room and nothing waits;
// otherwise j waits for a later window.
func (r *room) admitLocked(j *sendJob, out *sent) {
	rate := r.srv.cfg.RoomMessageRate
	if rate < 0 {
		r.publishJobLocked(j, out)
		return
	}
	b := &r.budget
	now := time.Now()
	b.rollLocked(now.Unix())
	if b.queued == 0 && b.used < rate {
		b.used++
		r.publishJobLocked(j, out)
		return
	}
	j.waitSince = now
	r.enqueueLocked(j, out)
}

func (r *room) publishJobLocked(j *sendJob, out *sent) {
	wi := r.messageItem(j.time, j.from, j.random, j.clientTime, j.prio, j.body, j.cloud)
	fo, e := r.publishLocked(wi)
	if e != nil {
		out.fail(j, e)
		return
	}
	r.budget.delivered[j.level()-1]++
	out.add(fo)
	out.published = append(out.published, j)
	out.seqs = append(out.seqs, fo.items[len(fo.items)-1].seq) // last: a cluster send may carry caught-up items first
}

func (r *room) dropJobLocked(j *sendJob, out *sent) {
	r.budget.dropped[j.level()-1]++
	r.srv.stats.msgsDropped.Add(1)
	out.dropped = append(out.dropped, j)
}

// budgetQueueCap bounds a room's queue: what the budget can deliver while
// a message may wait, and one window more.
func (s *Server) budgetQueueCap() int {
	windows := int(s.cfg.RoomMaxDelay/time.Second) + 2
	return max(minBudgetQueue, s.cfg.RoomMessageRate*windows)
}

// enqueueLocked makes j wait. A full queue makes room by dropping its
// newest message of the lowest priority, unless j is no better.
func (r *room) enqueueLocked(j *sendJob, out *sent) {
	s := r.srv
	b := &r.budget
	p := j.level() - 1
	if b.queued >= s.budgetQueueCap() {
		worst := len(b.queue) - 1
		for worst > 0 && len(b.queue[worst]) == 0 {
			worst--
		}
		if worst <= p {
			r.dropJobLocked(j, out)
			return
		}
		q := b.queue[worst]
		victim := q[len(q)-1]
		q[len(q)-1] = nil
		b.queue[worst] = q[:len(q)-1]
		b.queued--
		r.dropJobLocked(victim, out)
	}
	if !b.scheduled && !s.clock.add(r) {
		out.fail(j, fail(CodeInternal, "server closed"))
		return
	}
	b.scheduled = true
	b.queue[p] = append(b.queue[p], j)
	b.queued++
	s.stats.msgsQueued.Add(1)
}

// drainLocked runs at a window start: the waiting messages go out highest
// priority first, up to the budget; those that cannot last until the next
// window are dropped.
func (r *room) drainLocked(now time.Time, out *sent) {
	s := r.srv
	b := &r.budget
	b.scheduled = false
	if r.destroyed {
		r.takeQueueLocked(func(j *sendJob) { out.fail(j, fail(CodeNoGroup, "group %s does not exist", r.id)) })
		return
	}
	w := now.Unix()
	if w <= b.drained { // the timer beat the wall clock: wait for the window
		r.rescheduleLocked(out)
		return
	}
	b.drained = w
	b.rollLocked(w) // arrivals since the window began may have rolled it already
	rate := s.cfg.RoomMessageRate
	noFuture := time.Unix(w+1, 0).Add(-s.cfg.RoomMaxDelay) // would wait too long by the next window
	for p := range b.queue {
		q := b.queue[p]
		keep := q[:0]
		for _, j := range q {
			switch {
			case rate < 0 || b.used < rate:
				b.used++
				r.publishJobLocked(j, out)
			case j.waitSince.Before(noFuture):
				r.dropJobLocked(j, out)
			default:
				keep = append(keep, j)
			}
		}
		clear(q[len(keep):])
		b.queue[p] = keep
	}
	b.queued = 0
	for _, q := range b.queue {
		b.queued += len(q)
	}
	if b.queued > 0 {
		r.rescheduleLocked(out)
	}
}

// rescheduleLocked puts the room on the next tick; once the server is
// closed its waiting messages fail instead.
func (r *room) rescheduleLocked(out *sent) {
	if r.budget.scheduled = r.srv.clock.add(r); !r.budget.scheduled {
		r.takeQueueLocked(func(j *sendJob) { out.fail(j, fail(CodeInternal, "server closed")) })
	}
}

// takeQueueLocked empties the queue through f.
func (r *room) takeQueueLocked(f func(*sendJob)) {
	b := &r.budget
	for p := range b.queue {
		for _, j := range b.queue[p] {
			f(j)
		}
		b.queue[p] = nil
	}
	b.queued = 0
}

// budgetClock is the one timer of every room's budget: armed for the next
// window start while some room has messages waiting.
type budgetClock struct {
	srv    *Server
	mu     sync.Mutex
	rooms  []*room
	timer  *time.Timer
	armed  bool
	closed bool
}

// add puts r on the next tick; false once the server is closed.
func (c *budgetClock) add(r *room) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	c.rooms = append(c.rooms, r)
	if !c.armed {
		c.armed = true
		d := time.Until(time.Unix(time.Now().Unix()+1, 0))
		if c.timer == nil {
			c.timer = time.AfterFunc(d, c.tick)
		} else {
			c.timer.Reset(d)
		}
	}
	return true
}

func (c *budgetClock) tick() {
	c.mu.Lock()
	rooms := c.rooms
	c.rooms, c.armed = nil, false
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return
	}
	now := time.Now()
	for _, r := range rooms {
		var out sent
		r.mu.Lock()
		r.drainLocked(now, &out)
		r.mu.Unlock()
		out.run()
	}
}

// close stops the clock; messages still waiting fail with 10002.
func (c *budgetClock) close() {
	c.mu.Lock()
	c.closed = true
	rooms := c.rooms
	c.rooms = nil
	if c.timer != nil {
		c.timer.Stop()
	}
	c.mu.Unlock()
	for _, r := range rooms {
		var out sent
		r.mu.Lock()
		r.budget.scheduled = false
		r.takeQueueLocked(func(j *sendJob) { out.fail(j, fail(CodeInternal, "server closed")) })
		r.mu.Unlock()
		out.run()
	}
}

// RoomStats is one room's budget: messages delivered and dropped since the
// room was created, by priority name (High, Normal, Low, Lowest), the
// messages waiting now and the recent windows that delivered any, oldest
// first.
type RoomStats struct {
	GroupID   string            `json:"group_id"`
	Delivered map[string]uint64 `json:"delivered"`
	Dropped   map[string]uint64 `json:"dropped"`
	Queued    int               `json:"queued"`
	Windows   []WindowCount     `json:"windows"`
}

// RoomStats returns the budget counters of a live room; false if there is
// no such room.
func (s *Server) RoomStats(groupID string) (RoomStats, bool) {
	r := s.room(groupID)
	if r == nil {
		return RoomStats{}, false
	}
	st := RoomStats{GroupID: groupID, Delivered: map[string]uint64{}, Dropped: map[string]uint64{}}
	r.mu.Lock()
	defer r.mu.Unlock()
	b := &r.budget
	for i := range priorities {
		name := wire.Priority{Level: uint8(i + 1)}.Name()
		st.Delivered[name] = b.delivered[i]
		st.Dropped[name] = b.dropped[i]
	}
	st.Queued = b.queued
	st.Windows = append(st.Windows, b.history[b.histNext:]...)
	st.Windows = append(st.Windows, b.history[:b.histNext]...)
	if b.used > 0 {
		st.Windows = append(st.Windows, WindowCount{b.window, b.used})
	}
	return st, true
}

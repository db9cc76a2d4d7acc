package main

import (
	"context"
	"sync"
	"time"

	"github.com/tim-go/sdk/examples/loadtest/agentmetrics"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/types"
)

// senderQueue bounds the orders one sender may have waiting; a sender that
// lags further skips orders (counted) instead of queueing without end.
const senderQueue = 64

// drainPoll is how often the drain checks whether every receipt came.
const drainPoll = 50 * time.Millisecond

// sendTally counts what the senders did.
type sendTally struct {
	mu       sync.Mutex
	sent     int
	failed   int
	skipped  int
	firstErr []string
	metrics  *agentmetrics.Agent
}

func (s *sendTally) add(sent, failed, skipped int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent += sent
	s.failed += failed
	s.skipped += skipped
	s.metrics.Sends(sent, failed)
	if err != nil && len(s.firstErr) < maxErrors {
		s.firstErr = append(s.firstErr, err.Error())
	}
}

// traffic sends -rate messages a second for -duration, round-robin over
// the senders, then waits (at most -drain) until every joined viewer has
// every message; it measures receipts, latency and CPU over that window.
func (r *runner) traffic(ctx context.Context) error {
	n := r.cfg.messages()
	tr := r.track.Load() // an agent sets it before the plan's first send
	if tr == nil {
		tr = r.trackerFor(n)
		r.track.Store(tr)
	}
	stopProfile, err := startCPUProfile(r.cfg.CPUProfile)
	if err != nil {
		return err
	}
	start, emuStart := r.sample(ctx, false)

	var tally *sendTally
	var paced, sendEnd time.Time
	var profErr error
	if r.sendProc != nil {
		tally, paced, sendEnd = r.sendProc.run(ctx, n, r.cfg.Rate)
	} else {
		tally, paced, sendEnd = paceWith(ctx, r.senders, r.room, n, r.cfg.Rate, func() {
			profErr = writeHeapProfile(r.cfg.MidProfile)
		}, r.sendSchedule())
	}

	expected, drainUntil := r.drainTarget(tally)
	for r.receipts() < expected && time.Now().Before(drainUntil) && sleep(ctx, drainPoll) {
	}
	end, emuEnd := r.sample(ctx, false)
	stopProfile()

	receipts, dups, silent := r.viewerCounts()
	r.rep.setTraffic(trafficFigures{
		sendSeconds: sendEnd.Sub(paced).Seconds(), sent: tally.sent, failed: tally.failed,
		skipped: tally.skipped, sendErrors: tally.firstErr, expected: expected,
		lat: tr.hist.summary(), foreign: tr.foreign.Load(),
	}, receipts, dups, silent)
	r.rep.setTrafficCPU(start, end, emuStart, emuEnd)
	r.finishAgent(tr)
	return profErr
}

// sendPlan is whose and when messages are: the zero value sends every
// message, round-robin over the senders, from now.
type sendPlan struct {
	start   time.Time                        // the first message's time; zero: now
	sender  func(m int) int                  // the local sender of message m, -1 when another agent sends it; nil: m mod senders
	text    func(m int, at time.Time) string // nil: loadText
	metrics *agentmetrics.Agent              // counts the sends
}

// pace sends n messages at rate a second, round-robin over the senders,
// and waits for every send; midway (if any) runs halfway through. It
// returns what the senders did, when the pacing started and when the last
// send ended.
func pace(ctx context.Context, senders []*viewer, room string, n int, rate float64, midway func()) (*sendTally, time.Time, time.Time) {
	return paceWith(ctx, senders, room, n, rate, midway, sendPlan{})
}

// paceWith is pace on plan's schedule: message m at start + m/rate, if
// it is this process's.
func paceWith(ctx context.Context, senders []*viewer, room string, n int, rate float64, midway func(), plan sendPlan) (*sendTally, time.Time, time.Time) {
	tally := sendTally{metrics: plan.metrics}
	text := plan.text
	if text == nil {
		text = loadText
	}
	sender := plan.sender
	if sender == nil {
		sender = func(m int) int { return m % len(senders) }
	}
	if len(senders) == 0 { // an agent without senders: others send
		return &tally, time.Now(), time.Now()
	}
	var wg sync.WaitGroup
	orders := make([]chan int, len(senders))
	for i, s := range senders {
		orders[i] = make(chan int, senderQueue)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sendLoop(ctx, s.t, room, orders[i], &tally, text)
		}()
	}
	interval := time.Duration(float64(time.Second) / max(rate, 1e-9))
	paced := plan.start
	if paced.IsZero() {
		paced = time.Now()
	}
	for i := 0; i < n; i++ {
		if i == n/2 && midway != nil {
			midway()
		}
		s := sender(i)
		if s < 0 {
			continue
		}
		if !sleepUntil(ctx, paced.Add(time.Duration(i)*interval)) {
			left := 0
			for j := i; j < n; j++ {
				if sender(j) >= 0 {
					left++
				}
			}
			tally.add(0, 0, left, nil)
			break
		}
		select {
		case orders[s] <- i:
		default:
			tally.add(0, 0, 1, nil)
		}
	}
	for _, o := range orders {
		close(o)
	}
	wg.Wait()
	return &tally, paced, time.Now()
}

// sendLoop sends the orders of one sender, each a text with its index and
// send time; a send fails when the server refuses it or ctx ends.
func sendLoop(ctx context.Context, t *tim.TIM, room string, orders <-chan int, tally *sendTally, text func(int, time.Time) string) {
	for idx := range orders {
		if ctx.Err() != nil {
			tally.add(0, 0, 1, nil)
			continue
		}
		m, err := t.CreateTextMessage(tim.TextMessageOptions{
			To: room, ConversationType: types.ConvGroup,
			Payload: message.TextPayload{Text: text(idx, time.Now())},
		})
		if err == nil {
			_, err = t.SendMessage(ctx, m)
		}
		if err != nil {
			tally.add(0, 1, 0, err)
			continue
		}
		tally.add(1, 0, 0, nil)
	}
}

// receipts is the load-test messages received by all viewers so far.
func (r *runner) receipts() int64 {
	var n int64
	for i := range r.viewers {
		n += r.viewers[i].receipts.Load()
	}
	return n
}

// viewerCounts sums the receipts and duplicates, and counts the joined
// viewers that got nothing.
func (r *runner) viewerCounts() (receipts, dups int64, silent int) {
	for i := range r.viewers {
		v := &r.viewers[i]
		got := v.receipts.Load()
		receipts += got
		dups += v.dups.Load()
		if v.joined && got == 0 {
			silent++
		}
	}
	return receipts, dups, silent
}

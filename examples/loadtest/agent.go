package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/tim-go/sdk/types"
)

// Agent mode's defaults and bounds.
const (
	// warmupSlack is the default warm-up beyond the ramp: the settle
	// (join tips quiet for a second, -settle at least) and the idle phase
	// (-idle) fit in it at their defaults.
	warmupSlack = 10 * time.Second
	// warmupRampFactor leaves room for joins slower than -join-rate.
	warmupRampFactor = 1.5
	// dismissGrace is how long agent 0 waits past the plan's end before
	// it dismisses the room: the other agents' clocks may be a little behind.
	dismissGrace = 2 * time.Second
	// maxGroupID is the longest group ID Tencent IM takes (48 bytes).
	maxGroupID = 48
)

// agentSection is an agent's part of its JSON report: the plan it shared,
// its share, and its latencies by sending agent, for -report to merge.
type agentSection struct {
	Index    int        `json:"index"`
	Count    int        `json:"count"`
	Plan     planRecord `json:"plan"`
	Messages int        `json:"messages"`         // this agent's share of the plan's messages
	Late     float64    `json:"late_s,omitempty"` // how far past the first send's time its ramp and settle ran
	// BySender holds, for each sending agent (by index), the latencies of
	// its messages at this agent's viewers, with the signed least one.
	BySender     []histJSON `json:"latency_by_sender"`
	SkewWarnings []string   `json:"skew_warnings,omitempty"`
}

// checkAgent completes an agent's plan: the start, the seed, the room
// and the warm-up default to values every agent derives alike.
func (c *config) checkAgent() error {
	a := c.Agent
	switch {
	case c.SideBySide:
		return errors.New("-agent and -sidebyside do not go together")
	case a.Count > 1 && c.Server == "":
		return errors.New("agents share one server: -agent with K > 1 needs -server (an embedded emulator per agent would be K rooms)")
	case a.Count > 1 && c.StartAt.IsZero():
		return errors.New("agents share one start: give every agent the same -start (RFC 3339)")
	case c.Warmup < 0:
		return errors.New("-warmup must be >= 0")
	}
	if c.StartAt.IsZero() {
		c.StartAt = time.Now()
	}
	if c.Seed == 0 {
		c.Seed = c.StartAt.Unix()
	}
	if c.Room == "" {
		c.Room = fmt.Sprintf("loadtest-%d", c.Seed)
	}
	if len(c.Room) > maxGroupID {
		return fmt.Errorf("-room is at most %d bytes", maxGroupID)
	}
	if c.Warmup == 0 {
		ramp := float64(c.Viewers) / c.JoinRate * warmupRampFactor
		c.Warmup = time.Duration(ramp*float64(time.Second)) + warmupSlack
	}
	return nil
}

// checkSingle refuses the plan flags that mean something only to agents.
func (c *config) checkSingle() error {
	if c.Room != "" || c.Seed != 0 || !c.StartAt.IsZero() || c.Warmup != 0 {
		return errors.New("-room, -seed, -start, -warmup and -plan go with -agent")
	}
	return nil
}

// trafficAt is when the plan's first message is sent.
func (c *config) trafficAt() time.Time { return c.StartAt.Add(c.Warmup) }

// planEnd is when every agent stops waiting for receipts.
func (c *config) planEnd() time.Time { return c.trafficAt().Add(c.Duration + c.Drain) }

// localViewers is how many viewers this process holds.
func (c *config) localViewers() int {
	if c.Agent == nil {
		return c.Viewers
	}
	return c.Agent.viewers(c.Viewers)
}

// localSenders is how many senders this process holds.
func (c *config) localSenders() int {
	if c.Agent == nil {
		return c.Senders
	}
	return c.Agent.senders(c.Senders)
}

// viewerSlot is the plan index of this process's viewer l.
func (c *config) viewerSlot(l int) int {
	if c.Agent == nil {
		return l
	}
	return c.Agent.globalViewer(l)
}

// senderSlot is the plan index of this process's sender l.
func (c *config) senderSlot(l int) int {
	if c.Agent == nil {
		return l
	}
	return c.Agent.globalSender(l)
}

// createRoom creates the run's room: alone, a fresh one; as an agent, the
// plan's, which the first agent creates and the others find there
// (create_group answers 10021 when the ID is taken, 10025 when the caller
// itself took it: trtc.io/document/34895).
func (r *runner) createRoom(ctx context.Context) (string, error) {
	if r.cfg.Agent == nil {
		return r.b.admin.CreateRoom(ctx, "", "Load test")
	}
	room, err := r.b.admin.CreateRoom(ctx, r.cfg.Room, "Load test")
	if errors.Is(err, types.ErrGroupIDInUse) || errors.Is(err, types.ErrGroupIDInUseBySelf) {
		return r.cfg.Room, nil
	}
	return room, err
}

// agentPhases is phases for an agent: its senders join, then at the
// plan's start its share of the ramp, the settle and idle figures within
// the warm-up, and at the plan's first send the traffic.
func (r *runner) agentPhases(ctx context.Context) error {
	r.cfg.metrics.SetPlanned(r.cfg.localViewers())
	if err := r.joinSenders(ctx); err != nil {
		return err
	}
	r.viewers = make([]viewer, r.cfg.localViewers())
	if !sleepUntil(ctx, r.cfg.StartAt) {
		return nil
	}
	before, emuBefore := r.sample(ctx, true)
	r.ramp(ctx)
	if ctx.Err() != nil {
		return nil
	}
	wctx, cancel := context.WithDeadline(ctx, r.cfg.trafficAt())
	if r.rep.Joined > 0 && r.settle(wctx) {
		after, emuAfter := r.sample(ctx, true)
		r.rep.setIdleMemory(before, after, emuBefore, emuAfter)
		r.idle(wctx)
	}
	cancel()
	if late := time.Since(r.cfg.trafficAt()); late > 0 {
		r.rep.Agent.Late = late.Seconds()
	}
	// Count from now: another agent's first message may come as soon as
	// the plan's first send, before this one's traffic phase is under way.
	r.track.Store(r.trackerFor(r.cfg.messages()))
	if !sleepUntil(ctx, r.cfg.trafficAt()) {
		return nil
	}
	return r.traffic(ctx)
}

// sendSchedule is how this process sends: alone, every message from now;
// as an agent, its share of the plan's schedule, stamped with its index.
func (r *runner) sendSchedule() sendPlan {
	sp := sendPlan{metrics: r.cfg.metrics}
	a := r.cfg.Agent
	if a == nil {
		return sp
	}
	senders, seed := r.cfg.Senders, r.cfg.Seed
	sp.start = r.cfg.trafficAt()
	sp.sender = func(m int) int {
		if a.messageOwner(m, senders) != a.Index {
			return -1
		}
		return a.localSender(m, senders)
	}
	sp.text = func(m int, at time.Time) string { return agentText(m, at, a.Index, seed) }
	return sp
}

// drainTarget is the receipts the drain waits for, and until when: alone,
// the sends that succeeded to every joined viewer, for -drain; as an
// agent, the plan's messages (whichever agent sent them) until the plan's
// end, the same moment for every agent.
func (r *runner) drainTarget(tally *sendTally) (int64, time.Time) {
	if r.cfg.Agent == nil {
		return int64(tally.sent) * int64(r.rep.Joined), time.Now().Add(r.cfg.Drain)
	}
	return int64(r.cfg.messages()) * int64(r.rep.Joined), r.cfg.planEnd()
}

// trackerFor is the traffic phase's tracker of n messages, with the
// agent's part (latency by sending agent) in agent mode.
func (r *runner) trackerFor(n int) *tracker {
	tr := newTracker(n, len(r.viewers))
	tr.metrics = r.cfg.metrics
	if r.cfg.Agent != nil {
		tr.agents = newAgentTrack(r.cfg.Agent.Count, r.cfg.Seed)
	}
	return tr
}

// finishAgent files the agent's latencies by sender and its skew
// warnings, which it also prints on stderr at once.
func (r *runner) finishAgent(tr *tracker) {
	sec := r.rep.Agent
	if sec == nil || tr.agents == nil {
		return
	}
	sec.BySender = make([]histJSON, len(tr.agents.bySender))
	for i := range tr.agents.bySender {
		sec.BySender[i] = tr.agents.bySender[i].snapshot()
	}
	sec.SkewWarnings = agentSkew(sec.Index, sec.BySender)
	for _, w := range sec.SkewWarnings {
		fmt.Fprintf(os.Stderr, "loadtest agent %d/%d: clock skew: %s\n", sec.Index, sec.Count, w)
	}
	t := r.rep.Traffic
	r.cfg.metrics.Drained(t.Expected, t.Missing)
}

// awaitPlanEnd holds an agent until the plan's end, so that no agent's
// teardown (quit tips, the room dismissed) falls into another's traffic
// window; agent 0, which dismisses the room, waits dismissGrace more.
func (r *runner) awaitPlanEnd(ctx context.Context) {
	if r.cfg.Agent == nil {
		return
	}
	end := r.cfg.planEnd()
	if r.cfg.Agent.Index == 0 {
		end = end.Add(dismissGrace)
	}
	sleepUntil(ctx, end)
}

// dismisses is whether this process dismisses the room at the end: alone
// it does, of the agents only agent 0.
func (r *runner) dismisses() bool { return r.cfg.Agent == nil || r.cfg.Agent.Index == 0 }

package main

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
)

// joinSenders logs the senders in and joins them, before the idle
// baseline, so that the per-viewer figures leave them out.
func (r *runner) joinSenders(ctx context.Context) error {
	if r.sendProc != nil {
		return r.sendProc.join(ctx, r.room, r.cfg.Senders)
	}
	for l := range r.cfg.localSenders() {
		s := &viewer{idx: l}
		r.senders = append(r.senders, s)
		i := r.cfg.senderSlot(l)
		if err := r.enter(ctx, s, "sender"+strconv.Itoa(i), nil); err != nil {
			return fmt.Errorf("sender %d: %w", i, err)
		}
	}
	return nil
}

// enter creates v's instance, installs handle (if any), logs in unless a
// guest, and joins the room.
func (r *runner) enter(ctx context.Context, v *viewer, userID string, handle func([]*message.Message)) error {
	v.t = tim.New(r.b.sdkAppID, r.b.opts...)
	if handle != nil {
		tim.On(v.t, tim.MessageReceived, handle)
	}
	if !v.guest {
		sig, err := r.b.userSig(userID)
		if err != nil {
			return err
		}
		if err := v.t.Login(ctx, userID, sig); err != nil {
			return fmt.Errorf("login: %w", err)
		}
	}
	if _, err := v.t.JoinGroup(ctx, r.room); err != nil {
		return fmt.Errorf("join: %w", err)
	}
	return nil
}

// ramp joins the viewers at -join-rate, at most joinConcurrency at once, all
// within -join-timeout. The guests are spread evenly among them.
func (r *runner) ramp(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.JoinTimeout)
	defer cancel()
	guests := r.cfg.guests()
	interval := time.Duration(float64(time.Second) / r.cfg.JoinRate)
	joins := newBounded(joinConcurrency)
	var mu sync.Mutex
	start := time.Now()
	if r.cfg.Agent != nil {
		start = r.cfg.StartAt // the plan's ramp: viewer j at start + j/join-rate, whoever holds it
	}
	for i := range r.viewers {
		v := &r.viewers[i]
		v.idx = i
		j := r.cfg.viewerSlot(i)
		v.guest = isGuest(j, guests, r.cfg.Viewers)
		if !sleepUntil(ctx, start.Add(time.Duration(j)*interval)) {
			break
		}
		started := joins.run(ctx, func() {
			err := r.enter(ctx, v, viewerID(j), func(msgs []*message.Message) {
				if tr := r.track.Load(); tr != nil {
					tr.receive(v, msgs)
					return
				}
				v.others.Add(int64(len(msgs))) // before traffic: join tips
			})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				r.rep.joinFailed(err)
				r.cfg.metrics.JoinFailed()
				return
			}
			r.cfg.metrics.Joined()
			v.joined = true
			r.rep.Joined++
		})
		if !started {
			break
		}
	}
	joins.wait(context.Background()) // every join ends with ctx, at the latest
	r.rep.JoinSeconds = time.Since(start).Seconds()
	for i := range r.viewers {
		if r.viewers[i].t != nil && r.viewers[i].joined && r.viewers[i].guest {
			r.rep.JoinedGuests++
		}
	}
}

// isGuest is whether viewer j of the plan's viewers is a guest: the
// guests are spread evenly among them.
func isGuest(j, guests, viewers int) bool { return j*guests/viewers != (j+1)*guests/viewers }

// teardown dismisses the room, then destroys every instance (logging out
// the logged-in ones), teardownParallel at a time, and waits at most
// -teardown. The room goes first: one notice to all instead of a quit tip
// per logged-in viewer to everyone still in the room, which at 10,000
// viewers would cost as much as the join tips did.
func (r *runner) teardown(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.cfg.Teardown)
	defer cancel()
	start := time.Now()
	if r.dismisses() {
		_ = r.b.admin.DestroyRoom(ctx, r.room) // a failure leaves the room to the server
	}
	if r.sendProc != nil {
		r.sendProc.leave(ctx)
	}
	var all []*tim.TIM
	for i := range r.viewers {
		if t := r.viewers[i].t; t != nil {
			all = append(all, t)
		}
	}
	for _, s := range r.senders {
		if s.t != nil {
			all = append(all, s.t)
		}
	}
	destroys := newBounded(teardownParallel)
	var done atomic.Int64
	for _, t := range all {
		if !destroys.run(ctx, func() {
			_ = t.Destroy(ctx) // always succeeds; a failed logout leaves a session to expire
			done.Add(1)
		}) {
			break
		}
	}
	destroys.wait(ctx)
	r.rep.TeardownSeconds = time.Since(start).Seconds()
	r.rep.TeardownLeft = len(all) - int(done.Load()) // still closing when the harness stopped waiting
}

// others is what viewers received besides load-test messages: join tips.
func (r *runner) others() int64 {
	var n int64
	for i := range r.viewers {
		n += r.viewers[i].others.Load()
	}
	return n
}

// settle waits until the join tips stopped flowing (nothing new for
// quietFor), at least -settle and at most -settle + maxSettle: join tips
// go to everyone in the room (the emulator gathers them from 500 viewers
// online, a server that does not leaves a backlog after a big ramp), and
// they would count as idle cost.
func (r *runner) settle(ctx context.Context) bool {
	var err error
	r.rep.SettleSeconds, r.rep.JoinTips, err = settleOn(ctx, r.cfg.Settle, func() (int64, error) { return r.others(), nil })
	return err == nil && ctx.Err() == nil
}

// settleOn waits until the count of things others received stops growing
// (nothing new for quietFor), at least least and at most least +
// maxSettle; it returns how long it waited and the last count. A failed
// count ends it with the error.
func settleOn(ctx context.Context, least time.Duration, others func() (int64, error)) (float64, int64, error) {
	start := time.Now()
	last, err := others()
	quietSince := time.Now()
	for err == nil {
		if !sleep(ctx, settlePoll) {
			return time.Since(start).Seconds(), last, nil
		}
		var n int64
		if n, err = others(); err != nil {
			break
		}
		if n != last {
			last, quietSince = n, time.Now()
		}
		waited := time.Since(start)
		if (waited >= least && time.Since(quietSince) >= quietFor) || waited >= least+maxSettle {
			return waited.Seconds(), n, nil
		}
	}
	return time.Since(start).Seconds(), last, err
}

// Settling after the ramp.
const (
	settlePoll = 250 * time.Millisecond
	quietFor   = time.Second
	maxSettle  = 2 * time.Minute
)

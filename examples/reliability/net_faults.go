package main

import (
	"fmt"
	"sync"
	"time"

	"github.com/tim-go/sdk/internal/faultproxy"
	"github.com/tim-go/sdk/tim/timtest"
)

// netFaults are the bad networks: a faultproxy between the viewers and the
// emulator (cuts, stalls, delay, corruption) and the emulator dropping
// every socket at once (storm).
func netFaults() []scenario {
	return []scenario{
		{key: "cuts", fault: "six socket cuts (proxy Cut) under traffic, half the viewers logged in, poll and push",
			must: "lost 0, dup 0, every recovery < 5 s", run: runCuts},
		{key: "stall-push", fault: "network stall with sockets open (20 s; short 14 s), push delivery, logged-in viewers, messages sent during it",
			must: "lost 0 of what the room retained, dup 0", run: func(sz size) *outcome { return runStall(sz, "push") }},
		{key: "stall-poll", fault: "network stall with sockets open (20 s; short 4 s), poll delivery, guests",
			must: "lost 0, dup 0", run: func(sz size) *outcome { return runStall(sz, "poll") }},
		{key: "delay", fault: "300 ms added latency both ways, push and poll viewers",
			must: "lost 0, dup 0", run: runDelay},
		{key: "storm", fault: "every viewer (2,000; short 300) reconnects at once after CloseConnections",
			must: "lost 0, dup 0, all back, goroutines back to baseline", run: runStorm},
		{key: "corrupt", fault: "one server→client chunk with a flipped byte (proxy Corrupt ToClient) in push delivery",
			must: "nothing lost: the SDK reconnects and the unacknowledged pushes are replayed", run: runCorrupt},
	}
}

// proxied is a room behind a faultproxy with a fleet connected through it.
type proxied struct {
	*room
	px    *faultproxy.Proxy
	fleet *fleet
	snd   *sender
}

func newProxied(sz size, opts timtest.Options, n, guests int) (*proxied, error) {
	ctx, cancel := rowContext(60 * time.Second)
	defer cancel()
	r, err := newRoom(ctx, opts, "")
	if err != nil {
		return nil, err
	}
	px, url, err := faultproxy.ForURL(r.srv.URL)
	if err != nil {
		r.srv.Close()
		return nil, err
	}
	p := &proxied{room: r, px: px, snd: &sender{srv: r.srv, room: r.id}}
	if p.fleet, err = newFleet(ctx, fleetSpec{srv: r.srv, url: url, room: r.id, n: n, guests: guests}); err != nil {
		p.close()
		return nil, err
	}
	if err := p.fleet.warmUp(ctx, r.srv, r.id); err != nil {
		p.close()
		return nil, err
	}
	sz.logf("  %d viewers (%d guests) in %s", n, guests, r.id)
	return p, nil
}

// close destroys the viewers, then the proxy and the server.
func (p *proxied) close() {
	if p.fleet != nil {
		p.fleet.destroy()
	}
	_ = p.px.Close()
	p.srv.Close()
}

func runCuts(sz size) *outcome {
	o := newOutcome()
	n := pick(sz, 40, 100)
	const cuts = 6
	type result struct {
		lost, dup int
		worst     time.Duration
		sent      int
		err       error
	}
	results := map[string]*result{}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, mode := range []string{"poll", "push"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := &result{}
			defer func() { mu.Lock(); results[mode] = res; mu.Unlock() }()
			p, err := newProxied(sz, timtest.Options{Delivery: mode}, n/2, n/4)
			if err != nil {
				res.err = err
				return
			}
			defer p.close()
			ctx, cancel := rowContext(60 * time.Second)
			defer cancel()
			stop := make(chan struct{})
			done := p.snd.every(ctx, 50*time.Millisecond, stop)
			for range cuts {
				time.Sleep(500 * time.Millisecond)
				start := time.Now()
				p.px.Cut()
				// Back: every viewer has a socket again and a message sent
				// after the cut reached all of them.
				idx := p.snd.send(ctx)
				_, ok := waitUntil(15*time.Second, func() bool {
					if p.px.Open() < len(p.fleet.viewers) {
						return false
					}
					lost, _ := p.fleet.tally([]int{idx})
					return lost == 0
				})
				res.worst = max(res.worst, time.Since(start))
				if !ok {
					res.err = fmt.Errorf("a cut was not recovered within 15 s")
					break
				}
			}
			close(stop)
			<-done
			p.fleet.waitDelivered(p.snd.all(), 15*time.Second)
			res.lost, res.dup = p.fleet.tally(p.snd.all())
			res.sent = len(p.snd.all())
		}()
	}
	wg.Wait()
	o.lost, o.dup, o.recover = 0, 0, 0
	for _, mode := range []string{"poll", "push"} {
		r := results[mode]
		if r.err != nil {
			o.failf("%s: %v", mode, r.err)
		}
		o.lost += r.lost
		o.dup += r.dup
		o.recover = max(o.recover, r.worst)
		o.notef("%s: %d viewers, %d messages, %d cuts, slowest recovery %v", mode, n/2, r.sent, cuts, r.worst.Round(time.Millisecond))
	}
	o.check(o.lost == 0 && o.dup == 0, "receipts lost or duplicated")
	o.check(o.recover < 5*time.Second, "a recovery took %v", o.recover.Round(time.Millisecond))
	o.notef("Recover: the slowest cut until every socket was back and a message sent after the cut reached every viewer")
	return o
}

// runStall stalls the network with every socket open while messages are
// sent. Push: logged-in viewers, whose socket the SDK must notice is dead
// (no inbound frame for its alive idle + alive timeout); poll: guests.
func runStall(sz size, mode string) *outcome {
	o := newOutcome()
	n := pick(sz, 20, 60)
	stall := pick(sz, 14*time.Second, 20*time.Second)
	guests := 0
	if mode == "poll" {
		stall = pick(sz, 4*time.Second, 20*time.Second)
		guests = n
	}
	p, err := newProxied(sz, timtest.Options{Delivery: mode}, n, guests)
	if err != nil {
		return o.failf("setup: %v", err)
	}
	defer p.close()
	ctx, cancel := rowContext(90 * time.Second)
	defer cancel()
	stop := make(chan struct{})
	done := p.snd.every(ctx, 250*time.Millisecond, stop)
	time.Sleep(500 * time.Millisecond)

	accepted := p.px.Accepted()
	mark := p.snd.mark()
	p.px.Stall()
	detected := make(chan time.Duration, 1)
	go func() {
		d, ok := waitUntil(stall, func() bool { return p.px.Accepted() > accepted })
		if ok {
			detected <- d
		}
		close(detected)
	}()
	time.Sleep(stall)
	during := p.snd.sentSince(mark)
	p.px.Resume()
	resumed := time.Now()
	if d, ok := <-detected; ok {
		o.detect = d
	} else {
		o.notef("no reconnect during the %v stall", stall)
	}
	rec, ok := p.fleet.waitDelivered(during, 30*time.Second)
	if ok {
		o.recover = rec
	}
	time.Sleep(500 * time.Millisecond)
	close(stop)
	<-done
	p.fleet.waitDelivered(p.snd.all(), 15*time.Second)
	o.lost, o.dup = p.fleet.tally(p.snd.all())
	lostDuring, _ := p.fleet.tally(during)
	o.notef("%d viewers, stall %v, %d messages during it of %d; %d stall-time receipts lost of %d",
		n, stall, len(during), len(p.snd.all()), lostDuring, len(during)*n)
	o.check(o.lost == 0 && o.dup == 0, "receipts lost or duplicated")
	o.check(ok, "stall-time messages not all delivered %v after Resume", time.Since(resumed).Round(time.Second))
	return o
}

func runDelay(sz size) *outcome {
	o := newOutcome()
	n := pick(sz, 20, 100)
	p, err := newProxied(sz, timtest.Options{Delivery: "push"}, n, n/2)
	if err != nil {
		return o.failf("setup: %v", err)
	}
	defer p.close()
	ctx, cancel := rowContext(60 * time.Second)
	defer cancel()
	p.px.SetDelay(300 * time.Millisecond)
	for range pick(sz, 20, 100) {
		p.snd.send(ctx)
		time.Sleep(50 * time.Millisecond)
	}
	last := time.Now()
	_, ok := p.fleet.waitDelivered(p.snd.all(), 15*time.Second)
	o.recover = na
	o.lost, o.dup = p.fleet.tally(p.snd.all())
	o.notef("%d viewers (half guests, logged-in ones by push), %d messages; all delivered %v after the last send",
		n, len(p.snd.all()), time.Since(last).Round(time.Millisecond))
	o.check(ok && o.lost == 0 && o.dup == 0, "receipts lost or duplicated")
	return o
}

func runStorm(sz size) *outcome {
	o := newOutcome()
	n := pick(sz, 300, 2000)
	ctx, cancel := rowContext(4 * time.Minute)
	defer cancel()
	r, err := newRoom(ctx, timtest.Options{}, "")
	if err != nil {
		return o.failf("setup: %v", err)
	}
	defer r.srv.Close()
	built := time.Now()
	f, err := newFleet(ctx, fleetSpec{srv: r.srv, url: r.srv.URL, room: r.id, n: n, guests: n / 2,
		backoff: [2]time.Duration{200 * time.Millisecond, 5 * time.Second}})
	if err != nil {
		return o.failf("setup: %v", err)
	}
	defer f.destroy()
	if err := f.warmUp(ctx, r.srv, r.id); err != nil {
		return o.failf("setup: %v", err)
	}
	sz.logf("  %d viewers in %v", n, time.Since(built).Round(time.Millisecond))
	snd := &sender{srv: r.srv, room: r.id}
	for range 3 {
		snd.send(ctx)
	}
	opened := r.srv.Stats().ConnectionsOpened
	dropped := r.srv.CloseConnections()
	start := time.Now()
	for range 3 {
		snd.send(ctx)
	}
	// Back: a new socket per viewer, all open, every member in the room.
	_, ok := waitUntil(30*time.Second, func() bool {
		st := r.srv.Stats()
		return st.ConnectionsOpened >= opened+uint64(n) && st.Connections >= n && st.Members >= n-n/2
	})
	back := time.Since(start)
	if ok {
		o.recover = back
	}
	o.check(ok, "not every viewer was back within 30 s: %+v", r.srv.Stats().Connections)
	for range 3 {
		snd.send(ctx)
	}
	f.waitDelivered(snd.all(), 20*time.Second)
	o.lost, o.dup = f.tally(snd.all())
	o.check(o.lost == 0 && o.dup == 0, "receipts lost or duplicated")
	o.notef("%d viewers (half guests), %d sockets dropped at once, %d messages before, during and after; all back in %v",
		n, dropped, len(snd.all()), time.Since(start).Round(time.Millisecond))
	return o
}

func runCorrupt(sz size) *outcome {
	o := newOutcome()
	n := pick(sz, 5, 20)
	p, err := newProxied(sz, timtest.Options{Delivery: "push"}, n, 0)
	if err != nil {
		return o.failf("setup: %v", err)
	}
	defer p.close()
	ctx, cancel := rowContext(60 * time.Second)
	defer cancel()
	accepted := p.px.Accepted()
	p.px.Corrupt(faultproxy.ToClient, 1)
	start := time.Now()
	for range 5 {
		p.snd.send(ctx)
		time.Sleep(100 * time.Millisecond)
	}
	// The SDK should notice at once (an undecodable frame); 6 s is
	// generous and keeps the row short while the fix is pending.
	_, ok := p.fleet.waitDelivered(p.snd.all(), 6*time.Second)
	if ok {
		o.recover = time.Since(start) // from the corrupted chunk until everything arrived
	}
	if p.px.Accepted() > accepted {
		o.notef("the SDK reconnected")
	} else {
		o.notef("no reconnect within 6 s of the corrupted chunk")
	}
	o.lost, o.dup = p.fleet.tally(p.snd.all())
	o.notef("%d logged-in push viewers, %d messages, one corrupted chunk", n, len(p.snd.all()))
	o.check(o.lost == 0 && o.dup == 0, "receipts lost or duplicated")
	return o
}

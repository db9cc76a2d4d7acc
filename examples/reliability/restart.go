package main

import (
	"strings"
	"time"

	"github.com/tim-go/sdk/internal/faultproxy"
	"github.com/tim-go/sdk/tim/timtest"
)

func restartScenarios() []scenario {
	return []scenario{
		{key: "restart", fault: "emulator stopped, a new one started behind the same address (proxy SetTarget), the room made again with the same ID",
			must: "after the SDK rejoins, every message of the new room is delivered", run: runRestart},
	}
}

// runRestart replaces the server behind the viewers' address: the new
// room uses the sequences the old one had used, which a client keeping its
// old cursor would skip.
func runRestart(sz size) *outcome {
	o := newOutcome()
	n := pick(sz, 10, 100)
	const roomID = "@TGS#aRELRESTART"
	opts := timtest.Options{SecretKey: strings.Repeat("5ec7e7", 8), PollHold: 2 * time.Second, RoomMessageRate: -1}
	ctx, cancel := rowContext(2 * time.Minute)
	defer cancel()
	r1, err := newRoom(ctx, opts, roomID)
	if err != nil {
		return o.failf("setup: %v", err)
	}
	px, url, err := faultproxy.ForURL(r1.srv.URL)
	if err != nil {
		r1.srv.Close()
		return o.failf("setup: %v", err)
	}
	defer px.Close()
	// A back-off up to 1 s: the viewers find the new server soon after it
	// listens, as they would behind a load balancer that fails over.
	f, err := newFleet(ctx, fleetSpec{srv: r1.srv, url: url, room: roomID, n: n, guests: n / 2,
		backoff: [2]time.Duration{50 * time.Millisecond, time.Second}})
	if err != nil {
		r1.srv.Close()
		return o.failf("setup: %v", err)
	}
	if err := f.warmUp(ctx, r1.srv, roomID); err != nil {
		f.destroy()
		r1.srv.Close()
		return o.failf("setup: %v", err)
	}
	old := &sender{srv: r1.srv, room: roomID}
	for range 20 {
		old.send(ctx)
	}
	f.waitDelivered(old.all(), 15*time.Second)
	oldLost, _ := f.tally(old.all())

	// The restart: nothing answers while the new server comes up.
	px.SetTarget("127.0.0.1:1")
	r1.srv.Close()
	r2, err := newRoom(ctx, opts, roomID)
	if err != nil {
		f.destroy()
		return o.failf("second server: %v", err)
	}
	// The viewers go first: a logged-in instance whose server is gone
	// spends its Destroy deadline on the logout (see the notes).
	defer r2.srv.Close()
	defer f.destroy()
	px.SetTarget(strings.TrimPrefix(r2.srv.URL, "ws://"))
	back, ok := waitUntil(30*time.Second, func() bool {
		st := r2.srv.Stats()
		return st.Members >= n-n/2 && st.Guests >= n/2
	})
	if !ok {
		st := r2.srv.Stats()
		return o.failf("viewers not back in the new room within 30 s: %d members, %d guests", st.Members, st.Guests)
	}
	o.detect = back // counted from the new server's start: the old one was gone at once
	// The new room's messages: indexes after the old ones, so that a
	// duplicate of an old message is not counted as a new one.
	snd := &sender{srv: r2.srv, room: roomID, next: 1000}
	sendStart := time.Now()
	for range 20 {
		snd.send(ctx)
	}
	if _, ok := f.waitDelivered(snd.all(), 15*time.Second); ok {
		o.recover = time.Since(sendStart)
	}
	o.lost, o.dup = f.tally(snd.all())
	_, oldDup := f.tally(old.all())
	o.dup += oldDup
	o.notef("%d viewers (half guests), 20 messages in each room (old room: %d lost); Detect: from the old server's stop until every viewer was in the new room; Recover: from the first new send until all arrived",
		n, oldLost)
	o.check(o.lost == 0 && o.dup == 0, "new-room receipts lost or duplicated")
	return o
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// scene is one play of the live room.
type scene struct {
	cfg   config
	b     *backend
	feed  *feed
	stats *stats

	room        string
	roomCreated bool
	host        *member
	viewers     []*member // the receivers, guests included
	senders     []*member // logged-in viewers but the spammer
	spammer     *member   // nil when no viewer can log in

	gate      sendGate     // the sends on their way
	likeTotal atomic.Int64 // likes the server accepted
	busy      atomic.Int64 // ticks skipped: too many sends on their way
	ticks     int          // orders made (the dispatcher only)
	lastReply time.Time    // the host's last answer (the host's handler only)

	script scriptResult
}

// run plays the scene and prints the feed and the summary to w. It fails
// when the scene cannot be set up, or when something went wrong during it
// (the summary lists what).
func run(ctx context.Context, cfg config, w io.Writer) error {
	rep, err := play(ctx, cfg, w)
	if err != nil {
		return err
	}
	if rep.nErr > 0 {
		return fmt.Errorf("%d errors during the scene (see the summary)", rep.nErr)
	}
	return nil
}

// play sets the room up, runs the traffic for cfg.Duration (or until ctx
// ends), lets the last messages arrive, tears down and returns the report,
// which it has printed.
func play(ctx context.Context, cfg config, w io.Writer) (*report, error) {
	b, err := connect(cfg)
	if err != nil {
		return nil, err
	}
	defer b.close()
	s := &scene{cfg: cfg, b: b, feed: newFeed(w, time.Now()), stats: newStats()}
	s.feed.printf("tim-go live room on %s", b.desc)
	err = s.setup(ctx)
	if err != nil {
		s.teardown(ctx)
		return nil, err
	}
	sending := s.traffic(ctx)
	s.drain()
	s.feed.flush()
	s.teardown(ctx)
	rep := s.report(sending)
	rep.print(w)
	return rep, nil
}

// setup creates (or takes) the room; the host and the viewers join it.
func (s *scene) setup(ctx context.Context) error {
	s.room = s.cfg.Group
	if s.room == "" && s.b.admin == nil {
		return errors.New("no room: give -group, or -secret for the admin to create one")
	}
	if s.room == "" {
		id, err := s.b.admin.CreateRoom(ctx, "", "tim-go live room")
		if err != nil {
			return fmt.Errorf("create room: %w", err)
		}
		s.room, s.roomCreated = id, true
	}
	host, err := enter(ctx, s.b, s.cfg.UserID, false, false, s.room, s.onHostMessages)
	if err != nil {
		return err // named after the host's user ID
	}
	s.host = host
	if err := s.joinViewers(ctx); err != nil {
		return err
	}
	guests := 0
	for _, v := range s.viewers {
		if v.guest {
			guests++
		} else if s.spammer == nil {
			s.spammer = v
		} else {
			s.senders = append(s.senders, v)
		}
	}
	s.feed.printf("room %s: host %q and %d viewers (%d logged in, %d guests)",
		s.room, s.host.id, len(s.viewers), len(s.viewers)-guests, guests)
	s.feed.printf("feed: what %s sees, chat and gifts sampled to a few lines a second, likes summed per second\n",
		s.viewers[0].label())
	s.feed.columns()
	return s.openDoors(ctx)
}

// Welcome rounds: how long the host waits for every viewer to see one, and
// for how long it tries.
const (
	welcomeText  = "welcome, everyone!"
	welcomeRound = 300 * time.Millisecond
	welcomeLimit = 15 * time.Second
)

// openDoors makes sure every viewer receives before the traffic starts: a
// guest's first long poll asks for messages "from now on" (tim-js-sdk
// ignores a guest's start sequence), so until it has polled once it would
// miss messages. The host says welcome until each viewer has seen it.
func (s *scene) openDoors(ctx context.Context) error {
	deadline := time.Now().Add(welcomeLimit)
	for {
		// Not stamped: the ledger counts the scene's traffic only.
		msg, err := s.create(s.host, order{kind: kindReply, text: welcomeText}, 0, "")
		if err == nil {
			_, err = s.host.t.SendMessage(ctx, msg)
		}
		if err != nil {
			return fmt.Errorf("host: welcome: %w", err)
		}
		round := time.Now().Add(welcomeRound)
		for time.Now().Before(round) {
			if s.welcomed() == len(s.viewers) {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(drainPoll):
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d viewers received nothing in %v",
				len(s.viewers)-s.welcomed(), len(s.viewers), welcomeLimit)
		}
	}
}

func (s *scene) welcomed() int {
	return s.countViewers(func(v *member) bool { return v.welcomed.Load() })
}

// observerID is the viewer whose view the feed shows: a guest, who sends
// nothing and so sees every message.
const observerID = "viewer01"

// joinConcurrency bounds the viewers logging in and joining at once.
const joinConcurrency = 8

// joinViewers brings the viewers in, a few at a time. Every fourth viewer,
// the first included, is a guest; so is everyone when only the host has a
// UserSig.
func (s *scene) joinViewers(ctx context.Context) error {
	s.viewers = make([]*member, s.cfg.Viewers)
	errs := make([]error, s.cfg.Viewers)
	sem := make(chan struct{}, joinConcurrency)
	var wg sync.WaitGroup
	for i := range s.viewers {
		id := fmt.Sprintf("viewer%02d", i+1)
		_, canLogin := s.b.sig(id)
		guest := i%4 == 0 || !canLogin
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			s.viewers[i], errs[i] = enter(ctx, s.b, id, guest, true, s.room, s.onViewerMessages)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// traffic runs the dispatcher and the admin's script until the duration
// is over or ctx ends, waits for the sends on their way, and returns how
// long the sending lasted.
func (s *scene) traffic(ctx context.Context) time.Duration {
	tctx, cancel := context.WithTimeout(ctx, s.cfg.Duration)
	defer cancel()
	s.gate.limit = min(maxInFlight, int(3*s.cfg.Rate)+16)
	var scriptWG sync.WaitGroup
	scriptWG.Go(func() { s.runScript(tctx) })
	began := time.Now()
	s.dispatch(tctx)
	sending := time.Since(began)
	scriptWG.Wait()
	s.gate.close()
	s.publishLikes(context.WithoutCancel(ctx)) // the exact final total
	if ctx.Err() != nil {
		s.feed.printf("(stopped early)")
	}
	return sending
}

// drainPoll is how often drain checks whether everything arrived.
const drainPoll = 50 * time.Millisecond

// drain waits up to cfg.Drain for the receipts still expected, the final
// like total and the notice to reach every viewer.
func (s *scene) drain() {
	deadline := time.Now().Add(s.cfg.Drain)
	for time.Now().Before(deadline) {
		if s.stats.pending() == 0 && s.likesSeenBy() == len(s.viewers) &&
			(s.script.notice == "" || s.noticeSeenBy() == len(s.viewers)) {
			return
		}
		time.Sleep(drainPoll)
	}
}

// teardown logs everyone out and destroys the room if the scene created
// it; it runs even after ctx ended.
func (s *scene) teardown(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.Teardown)
	defer cancel()
	var wg sync.WaitGroup
	for _, m := range append([]*member{s.host}, s.viewers...) {
		if m != nil {
			wg.Go(func() { m.leave(ctx) })
		}
	}
	wg.Wait()
	if s.roomCreated {
		if err := s.b.admin.DestroyRoom(ctx, s.room); err != nil {
			s.stats.errorf("destroy room: %v", err)
		}
	}
}

// receivers is how many viewers should receive a message from m.
func (s *scene) receivers(m *member) int {
	if m.viewer {
		return len(s.viewers) - 1
	}
	return len(s.viewers)
}

// countViewers counts the viewers for which seen is true.
func (s *scene) countViewers(seen func(*member) bool) int {
	n := 0
	for _, v := range s.viewers {
		if seen(v) {
			n++
		}
	}
	return n
}

// likesSeenBy counts the viewers that saw the last like total written.
func (s *scene) likesSeenBy() int {
	if !s.script.likesWritten {
		return len(s.viewers)
	}
	return s.countViewers(func(v *member) bool { return v.likesSeen.Load() == s.script.likes })
}

func (s *scene) noticeSeenBy() int {
	return s.countViewers(func(v *member) bool { return v.noticeSeen.Load() })
}

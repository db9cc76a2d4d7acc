package main

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/tim-go/sdk/types"
)

// scene is the scripted room: a host and viewers (every fourth a guest)
// on their own SDK instances, who send danmaku and likes while the host
// moderates by typing commands. Everything they do goes through the
// backend's webhooks; the scene only books what each side saw.
type scene struct {
	cfg  config
	env  *env
	srv  *server
	feed *feed
	room string

	host    *viewer
	viewers []*viewer
	muted   *viewer // the host mutes, then unmutes this viewer
	banned  *viewer // the host bans, then unbans this viewer
	critic  *viewer // a viewer who tries a command and is refused

	mu      sync.Mutex
	senders []*viewer // logged-in viewers the traffic picks from
	st      sceneStats

	inflight chan struct{}  // bounds the sends on their way
	sends    sync.WaitGroup // the sends on their way
	ticks    int            // sends launched (the dispatcher only)
}

// sceneStats is what the scripted viewers did and saw.
type sceneStats struct {
	LikeMessages, LikeMessagesAccepted int
	LikesSent, LikesAccepted           int64 // taps in the like messages sent / accepted with a sequence
	LikesDropped                       int64 // accepted without a sequence: over the room's budget
	DanmakuSent, DanmakuAccepted       int
	BlockedSent, MaskedSent            int
	Refused                            map[int]int // every refused send (likes, danmaku, commands) by code

	TextReceipts  int // danmaku receipts, over all viewers
	LeakedBlocked int // receipts of a text with a blocked word: must be 0
	Unmasked      int // receipts with a masked word in clear: must be 0
	MaskedSeen    int // receipts of a starred text
	CommandsSeen  int // receipts of a command message: must be 0
	Notices       map[string]int
	CounterSeen   int64 // the highest like counter viewers were told of

	Muted, Banned   string
	MutedCodes      []int // the codes of the muted viewer's sends after the mute
	CriticCode      int   // a viewer's command: refused with this code
	BanRejoinCode   int   // the banned viewer's rejoin: must be 10007
	Rejoined        bool  // the banned viewer rejoined after the unban
	OnlineAfterJoin int   // get_online_member_num once everyone was in (guests included)
	ScriptErrors    []string
}

// Scripted viewers: names, join concurrency, sends at once.
const (
	mutedIndex      = 2 // viewer03
	bannedIndex     = 4 // viewer05
	criticIndex     = 1 // viewer02
	joinConcurrency = 8
	maxInFlight     = 64
	welcomeText     = "welcome, everyone!"
	welcomeRound    = 300 * time.Millisecond
	welcomeLimit    = 20 * time.Second
	pollEvery       = 20 * time.Millisecond
	stepTimeout     = 15 * time.Second // one step of the host's script
)

// isGuest: every fourth viewer (viewer04, viewer08, …) only watches.
func isGuest(i int) bool { return (i+1)%4 == 0 }

// setup brings the host and the viewers in and waits until every viewer
// receives.
func (sc *scene) setup(ctx context.Context) error {
	host, err := sc.enter(ctx, sc.cfg.Host, false)
	if err != nil {
		return err
	}
	sc.host = host
	sc.viewers = make([]*viewer, sc.cfg.Viewers)
	errs := make([]error, sc.cfg.Viewers)
	sem := make(chan struct{}, joinConcurrency)
	var wg sync.WaitGroup
	for i := range sc.viewers {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			sc.viewers[i], errs[i] = sc.enter(ctx, fmt.Sprintf("viewer%02d", i+1), isGuest(i))
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	sc.muted, sc.banned, sc.critic = sc.viewers[mutedIndex], sc.viewers[bannedIndex], sc.viewers[criticIndex]
	sc.st.Muted, sc.st.Banned = sc.muted.id, sc.banned.id
	for _, v := range sc.viewers {
		if !v.guest {
			sc.senders = append(sc.senders, v)
		}
	}
	if err := sc.openDoors(ctx); err != nil {
		return err
	}
	rctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if n, err := sc.env.rest.OnlineCount(rctx, sc.room); err == nil {
		sc.st.OnlineAfterJoin = n
	}
	sc.feed.printf("room", "%s: host %q and %d viewers (%s) in, %d online (get_online_member_num)",
		sc.room, sc.host.id, len(sc.viewers), plural(len(sc.viewers)-len(sc.senders), "guest"), sc.st.OnlineAfterJoin)
	return nil
}

// openDoors makes sure every viewer receives before the traffic starts: a
// guest's first long poll asks for messages "from now on", so until it has
// polled once it would miss some. The host says welcome until each viewer
// has seen it.
func (sc *scene) openDoors(ctx context.Context) error {
	deadline := time.Now().Add(welcomeLimit)
	for {
		if _, err := sc.sendText(sc.host, welcomeText); err != nil {
			return fmt.Errorf("host: welcome: %w", err)
		}
		round := time.Now().Add(welcomeRound)
		for time.Now().Before(round) {
			if sc.welcomed() == len(sc.viewers) {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(pollEvery):
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d viewers received nothing in %v", len(sc.viewers)-sc.welcomed(), len(sc.viewers), welcomeLimit)
		}
	}
}

func (sc *scene) welcomed() int {
	n := 0
	for _, v := range sc.viewers {
		if v.welcomed.Load() {
			n++
		}
	}
	return n
}

// play runs the traffic and the host's script: the traffic lasts
// cfg.Duration, and longer if the script is not done by then (so that a
// slow machine plays the whole script), until ctx ends.
func (sc *scene) play(ctx context.Context) {
	sc.inflight = make(chan struct{}, maxInFlight)
	scriptDone := make(chan struct{})
	go func() {
		defer close(scriptDone)
		sc.script(ctx)
	}()
	tick := time.NewTicker(time.Duration(float64(time.Second) / sc.cfg.Rate))
	defer tick.Stop()
	end := time.NewTimer(sc.cfg.Duration)
	defer end.Stop()
	over, done := false, false
	for !over || !done {
		select {
		case <-ctx.Done():
			over, done = true, true
		case <-end.C:
			over = true
		case <-scriptDone:
			done, scriptDone = true, nil
		case <-tick.C:
			sc.launch()
		}
	}
	if scriptDone != nil {
		<-scriptDone // its waits end with ctx
	}
	sc.sends.Wait()
}

// launch starts one send of the traffic: a like or a danmaku from a random
// logged-in viewer. It skips the tick when too many sends are on their way.
// The first ticks send one of each kind from the first viewer, whom the
// host never moderates, so that even a run of a second shows them all.
func (sc *scene) launch() {
	sc.mu.Lock()
	if len(sc.senders) == 0 {
		sc.mu.Unlock()
		return
	}
	v, r := sc.senders[rand.IntN(len(sc.senders))], rand.Float64()
	first := []float64{0, likeShare, likeShare + maskedShare, 1} // like, masked, blocked, clean
	if sc.ticks < len(first) {
		v, r = sc.viewers[0], first[sc.ticks]
	}
	sc.ticks++
	sc.mu.Unlock()
	select {
	case sc.inflight <- struct{}{}:
	default:
		return
	}
	sc.sends.Go(func() {
		defer func() { <-sc.inflight }()
		switch {
		case r < likeShare:
			sc.like(v)
		case r < likeShare+maskedShare:
			sc.danmaku(v, pick(maskedDanmaku))
		case r < likeShare+maskedShare+blockedShare:
			sc.danmaku(v, pick(blockedDanmaku))
		default:
			sc.danmaku(v, pick(cleanDanmaku))
		}
	})
}

// like sends one like message of 1 to maxTaps taps.
func (sc *scene) like(v *viewer) {
	taps := 1 + rand.IntN(maxTaps)
	seq, err := sc.sendCustom(v, likeDesc, strconv.Itoa(taps), types.MsgPriorityLow)
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.st.LikeMessages++
	sc.st.LikesSent += int64(taps)
	switch {
	case err != nil:
		sc.refusedLocked(err)
	case seq == 0:
		sc.st.LikesDropped += int64(taps)
	default:
		sc.st.LikeMessagesAccepted++
		sc.st.LikesAccepted += int64(taps)
	}
}

// danmaku sends one text and returns the code it was refused with (0: accepted).
func (sc *scene) danmaku(v *viewer, text string) int {
	_, err := sc.sendText(v, text)
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.st.DanmakuSent++
	switch {
	case containsAny(text, sc.cfg.Blocked):
		sc.st.BlockedSent++
	case containsAny(text, sc.cfg.Masked):
		sc.st.MaskedSent++
	}
	if err != nil {
		sc.refusedLocked(err)
	} else {
		sc.st.DanmakuAccepted++
	}
	return codeOf(err)
}

func (sc *scene) refusedLocked(err error) {
	if sc.st.Refused == nil {
		sc.st.Refused = make(map[int]int)
	}
	sc.st.Refused[codeOf(err)]++
}

// drain waits up to cfg.Drain for the after-send webhooks of every like
// accepted, flushes the likes and waits for viewers to see the counter.
func (sc *scene) drain(ctx context.Context) {
	deadline := time.Now().Add(sc.cfg.Drain)
	sc.mu.Lock()
	accepted := sc.st.LikesAccepted
	sc.mu.Unlock()
	for time.Now().Before(deadline) && ctx.Err() == nil {
		hs, _ := sc.srv.hooks.snapshot()
		if int64(hs.LikesReported) >= accepted {
			break
		}
		time.Sleep(pollEvery)
	}
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
	defer cancel()
	if sc.srv.likes.flush(fctx) != nil {
		return
	}
	counted, _ := sc.srv.likes.totals()
	for time.Now().Before(deadline) && ctx.Err() == nil {
		sc.mu.Lock()
		seen := sc.st.CounterSeen
		sc.mu.Unlock()
		if seen >= counted {
			return
		}
		time.Sleep(pollEvery)
	}
}

// teardown destroys every instance (logged-in viewers log out: the
// backend gets their exits) and waits up to cfg.Drain for the exits.
func (sc *scene) teardown(ctx context.Context) {
	var wg sync.WaitGroup
	for _, v := range append([]*viewer{sc.host}, sc.viewers...) {
		if v != nil {
			wg.Go(func() { v.leave(ctx) })
		}
	}
	wg.Wait()
	if sc.srv == nil {
		return
	}
	deadline := time.Now().Add(sc.cfg.Drain)
	for time.Now().Before(deadline) {
		if _, online := sc.srv.hooks.snapshot(); online == 0 {
			return
		}
		time.Sleep(pollEvery)
	}
}

// snapshot copies the scene's counts.
func (sc *scene) snapshot() sceneStats {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	s := sc.st
	s.Refused = maps.Clone(sc.st.Refused)
	s.Notices = maps.Clone(sc.st.Notices)
	s.MutedCodes = append([]int(nil), sc.st.MutedCodes...)
	s.ScriptErrors = append([]string(nil), sc.st.ScriptErrors...)
	return s
}

package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/types"
)

// The mix of viewer traffic, as shares of the ticks: the spammer's
// danmaku, then gifts and likes; the rest is danmaku.
const (
	spamShare = 0.15
	giftShare = 0.15
	likeShare = 0.40
	maxTaps   = 5 // likes in one like message (a burst of taps)
)

// sendTimeout bounds one SendMessage; sends finish even after Ctrl-C so
// that every message is accounted for.
const sendTimeout = 10 * time.Second

// replyGap is the least time between two answers of the host.
const replyGap = time.Second

// maxInFlight bounds the sends on their way at once, whatever the rate. A
// room over its budget holds replies up to a second or two, so three
// seconds' worth of sends may be on their way.
const maxInFlight = 4096

// dispatch starts one send per tick of -rate until ctx ends, without
// waiting for the replies: like many viewers each sending now and then, the
// offered rate does not slow down when the room does.
func (s *scene) dispatch(ctx context.Context) {
	tick := time.NewTicker(time.Duration(float64(time.Second) / s.cfg.Rate))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		m, o := s.nextOrder()
		if !s.launch(m, o, false) {
			s.busy.Add(1)
		}
	}
}

// launch sends o from m on its own goroutine; false when the gate is full
// (unless must) or closed.
func (s *scene) launch(m *member, o order, must bool) bool {
	if !s.gate.enter(must) {
		return false
	}
	go func() {
		defer s.gate.leave()
		s.send(m, o)
	}()
	return true
}

// sendGate counts the sends on their way.
type sendGate struct {
	mu     sync.Mutex
	n      int
	limit  int
	closed bool
	wg     sync.WaitGroup
}

func (g *sendGate) enter(must bool) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed || !must && g.n >= g.limit {
		return false
	}
	g.n++
	g.wg.Add(1)
	return true
}

func (g *sendGate) leave() {
	g.mu.Lock()
	g.n--
	g.mu.Unlock()
	g.wg.Done()
}

// close refuses new sends and waits for those on their way.
func (g *sendGate) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.wg.Wait()
}

// nextOrder picks who sends what.
func (s *scene) nextOrder() (*member, order) {
	m := s.host // with one UserSig the host is the only sender
	if len(s.senders) > 0 {
		m = s.senders[rand.IntN(len(s.senders))]
	}
	// The first ticks make one of each kind, so that even a scene of a
	// second or two, or one slowed down by a busy machine, shows every
	// priority and the spammer; then the mix is random.
	n := s.ticks
	s.ticks++
	switch {
	case n == 0:
		return m, order{kind: kindGift}
	case n == 1:
		return m, order{kind: kindDanmaku, text: pick(danmaku)}
	case n == 2:
		return m, order{kind: kindLike}
	case n == 3 && s.spammer != nil:
		return s.spammer, order{kind: kindDanmaku, text: pick(spam)}
	case s.spammer != nil && rand.Float64() < spamShare:
		return s.spammer, order{kind: kindDanmaku, text: pick(spam)}
	}
	switch r := rand.Float64(); {
	case r < giftShare:
		return m, order{kind: kindGift}
	case r < giftShare+likeShare:
		return m, order{kind: kindLike}
	}
	return m, order{kind: kindDanmaku, text: pick(danmaku)}
}

// send creates and sends one message, stamped with its send time, and
// books it: accepted, refused (muted) or failed.
func (s *scene) send(m *member, o order) {
	ctx, cancel := context.WithTimeout(context.Background(), sendTimeout)
	defer cancel()
	sentAt := time.Now()
	taps := 1 + rand.IntN(maxTaps)
	msg, err := s.create(m, o, taps, encodeStamp(sentAt))
	if err != nil {
		s.stats.errorf("%s: create %s: %v", m.id, o.kind, err)
		return
	}
	s.stats.begin(msg.ID, o.kind, s.receivers(m))
	_, err = m.t.SendMessage(ctx, msg)
	switch muted := s.stats.end(msg.ID, err); {
	case muted:
		s.script.refusals.Add(1)
		code := types.ErrGroupShutUpDeny
		s.feed.event(time.Now(), m.id, "refused", o.kind.priority(),
			fmt.Sprintf("%d %s: %q not sent", code, code.Meaning(), o.text))
	case err == nil && o.kind == kindLike:
		s.likeTotal.Add(int64(taps))
	}
}

// create builds the message of an order.
func (s *scene) create(m *member, o order, taps int, stamp string) (*message.Message, error) {
	prio := o.kind.priority()
	switch o.kind {
	case kindGift:
		return m.t.CreateCustomMessage(tim.CustomMessageOptions{To: s.room, ConversationType: types.ConvGroup,
			Payload: giftPayload(), Priority: prio, CloudCustomData: stamp})
	case kindLike:
		return m.t.CreateCustomMessage(tim.CustomMessageOptions{To: s.room, ConversationType: types.ConvGroup,
			Payload: likePayload(taps), Priority: prio, CloudCustomData: stamp})
	}
	return m.t.CreateTextMessage(tim.TextMessageOptions{To: s.room, ConversationType: types.ConvGroup,
		Payload: message.TextPayload{Text: o.text}, Priority: prio, CloudCustomData: stamp})
}

// onHostMessages answers viewers' questions, at most one a second.
func (s *scene) onHostMessages(host *member, msgs []*message.Message) {
	for _, m := range msgs {
		p, ok := m.Payload.(*message.TextPayload)
		if !ok || m.To != s.room || !isQuestion(p.Text) || time.Since(s.lastReply) < replyGap {
			continue
		}
		s.lastReply = time.Now()
		s.launch(host, order{kind: kindReply, text: "@" + m.From + " " + pick(answers)}, false)
	}
}

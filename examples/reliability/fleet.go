package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest"
)

// viewer is one SDK instance in a room, logged in or a guest, with what it
// received: receipts per message index, so that a loss and a duplicate
// are both visible.
type viewer struct {
	t     *tim.TIM
	guest bool

	mu   sync.Mutex
	got  map[int]int // message index → receipts
	warm atomic.Bool // a warm-up text arrived
}

// fleet is a room's viewers.
type fleet struct {
	viewers []*viewer
}

// fleetSpec says how to build a fleet.
type fleetSpec struct {
	srv     *timtest.Server // signs UserSigs; its SDKAppID
	url     string          // where the viewers connect (srv.URL, or a proxy's)
	room    string
	n       int // viewers
	guests  int // of which guests (the first ones are logged in)
	backoff [2]time.Duration
}

// joinConcurrency bounds the logins and joins in flight while a fleet is
// built, so that building 2,000 viewers does not look like a storm.
const joinConcurrency = 32

// textPrefix starts every counted message: "rel <index>".
const textPrefix = "rel "

// newFleet logs in and joins spec.n viewers. On error the viewers made so
// far are destroyed.
func newFleet(ctx context.Context, spec fleetSpec) (*fleet, error) {
	if spec.backoff[0] == 0 {
		// Shorter than the SDK's 200 ms…20 s, so rows stay short; the
		// back-off rows use the default.
		spec.backoff = [2]time.Duration{50 * time.Millisecond, 2 * time.Second}
	}
	f := &fleet{viewers: make([]*viewer, spec.n)}
	sem := make(chan struct{}, joinConcurrency)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for i := range spec.n {
		v := &viewer{guest: i >= spec.n-spec.guests, got: map[int]int{}}
		v.t = tim.New(spec.srv.SDKAppID, tim.WithProxyServer(spec.url),
			tim.WithReconnectBackoff(spec.backoff[0], spec.backoff[1]))
		tim.On(v.t, tim.MessageReceived, v.receive)
		f.viewers[i] = v
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			err := v.join(ctx, spec.srv, fmt.Sprint("viewer", i), spec.room)
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("viewer %d: %w", i, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		f.destroy()
		return nil, firstErr
	}
	return f, nil
}

func (v *viewer) join(ctx context.Context, srv *timtest.Server, userID, room string) error {
	if !v.guest {
		if err := v.t.Login(ctx, userID, srv.UserSig(userID)); err != nil {
			return err
		}
	}
	_, err := v.t.JoinGroup(ctx, room)
	return err
}

// receive is the viewer's MESSAGE_RECEIVED handler.
func (v *viewer) receive(ms []*message.Message) {
	for _, m := range ms {
		p, ok := m.Payload.(*message.TextPayload)
		if !ok {
			continue
		}
		if strings.HasPrefix(p.Text, "warm-up") {
			v.warm.Store(true)
			continue
		}
		rest, ok := strings.CutPrefix(p.Text, textPrefix)
		if !ok {
			continue
		}
		if idx, err := strconv.Atoi(rest); err == nil {
			v.mu.Lock()
			v.got[idx]++
			v.mu.Unlock()
		}
	}
}

// destroy destroys every viewer, in parallel, each bounded.
func (f *fleet) destroy() {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for _, v := range f.viewers {
		if v == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = v.t.Destroy(ctx)
		}()
	}
	wg.Wait()
}

// warmUp sends REST texts until every viewer has one: a guest's first poll
// asks "from now on", so what the room stores before it is not the
// guest's to miss.
func (f *fleet) warmUp(ctx context.Context, srv *timtest.Server, room string) error {
	for try := range 30 {
		if _, err := srv.SendText(ctx, room, "", fmt.Sprint("warm-up ", try), "Normal"); err != nil {
			return err
		}
		if _, ok := waitUntil(time.Second, f.allWarm); ok {
			return nil
		}
	}
	return fmt.Errorf("warm-up texts did not reach every viewer")
}

func (f *fleet) allWarm() bool {
	for _, v := range f.viewers {
		if !v.warm.Load() {
			return false
		}
	}
	return true
}

// tally counts, over every viewer, the messages of sent received never
// (lost) and more than once (the extra receipts: duplicated).
func (f *fleet) tally(sent []int) (lost, dup int) {
	for _, v := range f.viewers {
		v.mu.Lock()
		for _, idx := range sent {
			switch c := v.got[idx]; {
			case c == 0:
				lost++
			case c > 1:
				dup += c - 1
			}
		}
		v.mu.Unlock()
	}
	return lost, dup
}

// waitDelivered waits up to d for every viewer to have every message of
// sent and returns how long it took.
func (f *fleet) waitDelivered(sent []int, d time.Duration) (time.Duration, bool) {
	return waitUntil(d, func() bool { lost, _ := f.tally(sent); return lost == 0 })
}

// sender sends numbered texts over REST (straight to the server, never
// through a proxy) and keeps the indexes the server accepted.
type sender struct {
	srv  *timtest.Server
	room string

	mu   sync.Mutex
	next int
	sent []int
	errs int
}

// send sends one message and returns its index (-1 when refused).
func (s *sender) send(ctx context.Context) int {
	s.mu.Lock()
	idx := s.next
	s.next++
	s.mu.Unlock()
	if _, err := s.srv.SendText(ctx, s.room, "", textPrefix+strconv.Itoa(idx), "Normal"); err != nil {
		s.mu.Lock()
		s.errs++
		s.mu.Unlock()
		return -1
	}
	s.mu.Lock()
	s.sent = append(s.sent, idx)
	s.mu.Unlock()
	return idx
}

// every sends one message per period until stop is closed; the returned
// channel is closed when it has stopped.
func (s *sender) every(ctx context.Context, period time.Duration, stop <-chan struct{}) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				s.send(ctx)
			}
		}
	}()
	return done
}

// sentSince is the indexes accepted from index from on.
func (s *sender) sentSince(from int) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for _, i := range s.sent {
		if i >= from {
			out = append(out, i)
		}
	}
	return out
}

func (s *sender) all() []int { return s.sentSince(0) }

// mark is the index the next message will get.
func (s *sender) mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.next
}

// room is a started emulator with one live room, torn down by close.
type room struct {
	srv *timtest.Server
	id  string
}

// newRoom starts an emulator with opts (poll hold 2 s and no room budget
// unless set) and creates a room.
func newRoom(ctx context.Context, opts timtest.Options, id string) (*room, error) {
	if opts.PollHold == 0 {
		opts.PollHold = 2 * time.Second
	}
	if opts.RoomMessageRate == 0 {
		opts.RoomMessageRate = -1 // count losses, not the budget's shedding
	}
	srv := timtest.NewServer(opts)
	gid, err := srv.CreateRoom(ctx, id, "Reliability")
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &room{srv: srv, id: gid}, nil
}

// rowContext is a row's overall bound.
func rowContext(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

package tim

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// testRoom is a timtest server with one live room.
type testRoom struct {
	t   *testing.T
	srv *timtest.Server
	id  string
}

func newTestRoom(t *testing.T, opts timtest.Options) *testRoom {
	t.Helper()
	if opts.PollHold == 0 {
		opts.PollHold = 2 * time.Second
	}
	srv := timtest.NewServerT(t, opts)
	id, err := srv.CreateRoom(ctxT(t), "", "Live Room")
	if err != nil {
		t.Fatal(err)
	}
	return &testRoom{t: t, srv: srv, id: id}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// client is an instance pointed at the server, destroyed when the test ends.
func (r *testRoom) client(opts ...Option) *TIM {
	opts = append([]Option{WithProxyServer(r.srv.URL), WithReconnectBackoff(20*time.Millisecond, 200*time.Millisecond)}, opts...)
	if os.Getenv("TIM_TEST_LOG") != "" {
		l, _ := zap.NewDevelopment()
		opts = append(opts, WithLogger(l))
	}
	c := New(r.srv.SDKAppID, opts...)
	r.t.Cleanup(func() { _ = c.Destroy(context.Background()) })
	return c
}

// user is a logged-in instance of userID.
func (r *testRoom) user(userID string, opts ...Option) *TIM {
	r.t.Helper()
	c := r.client(opts...)
	if err := c.Login(ctxT(r.t), userID, r.srv.UserSig(userID)); err != nil {
		r.t.Fatalf("login %s: %v", userID, err)
	}
	return c
}

// join joins the room and fails the test on error.
func (r *testRoom) join(c *TIM) {
	r.t.Helper()
	if _, err := c.JoinGroup(ctxT(r.t), r.id); err != nil {
		r.t.Fatalf("join: %v", err)
	}
}

// inbox records what an instance emits.
type inbox struct {
	mu     sync.Mutex
	msgs   []*message.Message
	kicks  []types.KickedOutType
	states []types.NetState
	events []types.EventName
	groups [][]string
}

func record(c *TIM) *inbox {
	in := &inbox{}
	On(c, MessageReceived, func(ms []*message.Message) {
		in.mu.Lock()
		in.msgs = append(in.msgs, ms...)
		in.mu.Unlock()
	})
	On(c, KickedOut, func(e KickedOutEvent) { in.add(types.EventKickedOut, func() { in.kicks = append(in.kicks, e.Type) }) })
	On(c, NetStateChange, func(e NetStateEvent) {
		in.add(types.EventNetStateChange, func() { in.states = append(in.states, e.State) })
	})
	On(c, SDKReady, func(struct{}) { in.add(types.EventSDKReady, nil) })
	On(c, SDKNotReady, func(struct{}) { in.add(types.EventSDKNotReady, nil) })
	On(c, GroupListUpdated, func(gs []*group.Group) {
		ids := make([]string, len(gs))
		for i, g := range gs {
			ids[i] = g.GroupID
		}
		in.add(types.EventGroupListUpdated, func() { in.groups = append(in.groups, ids) })
	})
	return in
}

func (in *inbox) add(name types.EventName, fn func()) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.events = append(in.events, name)
	if fn != nil {
		fn()
	}
}

// wait waits until cond holds on the recorded state.
func (in *inbox) wait(t *testing.T, what string, cond func(in *inbox) bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		in.mu.Lock()
		ok := cond(in)
		in.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			in.mu.Lock()
			for _, m := range in.msgs {
				t.Logf("had %s", m)
			}
			in.mu.Unlock()
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitMessage waits for a message matching match and returns it.
func (in *inbox) waitMessage(t *testing.T, what string, match func(m *message.Message) bool) *message.Message {
	t.Helper()
	var found *message.Message
	in.wait(t, what, func(in *inbox) bool {
		for _, m := range in.msgs {
			if match(m) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

func (in *inbox) count(match func(m *message.Message) bool) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := 0
	for _, m := range in.msgs {
		if match(m) {
			n++
		}
	}
	return n
}

func isText(text string) func(*message.Message) bool {
	return func(m *message.Message) bool {
		p, ok := m.Payload.(*message.TextPayload)
		return ok && p.Text == text
	}
}

// modes runs f for both delivery modes of logged-in members.
func modes(t *testing.T, f func(t *testing.T, delivery string)) {
	for _, d := range []string{"poll", "push"} {
		t.Run(d, func(t *testing.T) { f(t, d) })
	}
}

func wantCode(t *testing.T, err error, code types.Code) {
	t.Helper()
	var te *Error
	if !errors.As(err, &te) || te.Code != code {
		t.Fatalf("err = %v, want code %d", err, code)
	}
}

// warmUp sends REST messages until every inbox has one: a guest's first
// poll asks "from now on" (StartSeq 0), so what the server stores before
// that poll arrives is not for the guest.
func (r *testRoom) warmUp(ins ...*inbox) {
	r.t.Helper()
	isWarmUp := func(m *message.Message) bool {
		p, ok := m.Payload.(*message.TextPayload)
		return ok && strings.HasPrefix(p.Text, "warm-up")
	}
	for try := 0; try < 20; try++ {
		if _, err := r.srv.SendText(ctxT(r.t), r.id, "", fmt.Sprint("warm-up ", try), "Normal"); err != nil {
			r.t.Fatal(err)
		}
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			all := true
			for _, in := range ins {
				all = all && in.count(isWarmUp) > 0
			}
			if all {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	r.t.Fatal("warm-up messages did not reach every instance")
}

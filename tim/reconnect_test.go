package tim

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
	"github.com/tim-go/sdk/types"
)

// The server drops every socket twice while messages flow: each client
// reconnects, logs in again by A2 and receives every message exactly once.
func TestReconnectDeliversEveryMessageOnce(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		viewer, guest := r.user("viewer"), r.client()
		viewerIn, guestIn := record(viewer), record(guest)
		r.join(viewer)
		r.join(guest)
		r.warmUp(viewerIn, guestIn)

		const n = 60
		var sent []uint64
		for i := range n {
			seq, err := r.srv.SendText(ctxT(t), r.id, "", fmt.Sprint("flow-", i), "Normal")
			if err != nil {
				t.Fatal(err)
			}
			sent = append(sent, seq)
			if i == 15 || i == 40 {
				if r.srv.CloseConnections() == 0 {
					t.Fatal("no socket dropped")
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
		isFlow := func(m *message.Message) bool {
			p, ok := m.Payload.(*message.TextPayload)
			return ok && strings.HasPrefix(p.Text, "flow-")
		}
		for name, in := range map[string]*inbox{"viewer": viewerIn, "guest": guestIn} {
			in.wait(t, name+" receives all", func(in *inbox) bool { return countWhere(in.msgs, isFlow) >= n })
			time.Sleep(500 * time.Millisecond) // room for late or duplicate items to show
			in.mu.Lock()
			var got []uint64
			for _, m := range in.msgs {
				if isFlow(m) {
					got = append(got, m.Sequence)
				}
			}
			in.mu.Unlock()
			slices.Sort(got) // pushed replays may interleave with live pushes
			if !slices.Equal(got, sent) {
				t.Errorf("%s received sequences %v, sent %v", name, got, sent)
			}
		}
		viewerIn.wait(t, "connecting then connected", func(in *inbox) bool {
			i := slices.Index(in.states, types.NetStateConnecting)
			return i >= 0 && slices.Contains(in.states[i:], types.NetStateConnected)
		})
		if !viewer.IsReady() {
			t.Fatal("not ready after reconnecting")
		}
	})
}

func countWhere(ms []*message.Message, f func(*message.Message) bool) int {
	n := 0
	for _, m := range ms {
		if f(m) {
			n++
		}
	}
	return n
}

// When the server forgot the session (the A2 is refused after a drop), the
// client logs in again with the UserSig it was given, rejoins the room and
// goes on receiving, without a kick.
func TestReconnectAfterSessionLoss(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery, ReconnectGrace: time.Millisecond})
		c := r.user("alice")
		in := record(c)
		r.join(c)
		r.warmUp(in)
		r.srv.CloseConnections()
		time.Sleep(50 * time.Millisecond)
		in.wait(t, "reconnected", func(in *inbox) bool {
			return slices.Contains(in.states, types.NetStateConnecting) && in.states[len(in.states)-1] == types.NetStateConnected
		})
		var once sync.Once
		for i := 0; ; i++ {
			if _, err := r.srv.SendText(ctxT(t), r.id, "", fmt.Sprint("after-", i), "Normal"); err != nil {
				t.Fatal(err)
			}
			time.Sleep(200 * time.Millisecond)
			if in.count(func(m *message.Message) bool { return isPrefix(m, "after-") }) > 0 {
				break
			}
			if i > 30 {
				once.Do(func() { t.Fatal("nothing received after the session was lost") })
			}
		}
		if len(in.kicks) != 0 || !c.IsReady() {
			t.Fatalf("kicks %v, ready %v", in.kicks, c.IsReady())
		}
	})
}

func isPrefix(m *message.Message, prefix string) bool {
	p, ok := m.Payload.(*message.TextPayload)
	return ok && strings.HasPrefix(p.Text, prefix)
}

// A second login of the same user kicks the first instance
// (multipleAccount); a REST kick gives REST_API_Kick; a lost session whose
// UserSig also expired gives userSigExpired. Each is KICKED_OUT then
// SDK_NOT_READY, and the kicked instance stops.
func TestKicks(t *testing.T) {
	t.Run("multipleAccount", func(t *testing.T) {
		r := newTestRoom(t, timtest.Options{})
		first := r.user("alice")
		in := record(first)
		r.join(first)
		second := r.user("alice")
		r.join(second)
		wantKicked(t, first, in, types.KickedOutMultAccount)
		if !second.IsReady() {
			t.Fatal("the second login is not ready")
		}
	})
	t.Run("REST_API_Kick", func(t *testing.T) {
		r := newTestRoom(t, timtest.Options{Delivery: "push"})
		c := r.user("alice")
		in := record(c)
		r.join(c)
		if err := r.srv.Kick(ctxT(t), "alice"); err != nil {
			t.Fatal(err)
		}
		wantKicked(t, c, in, types.KickedOutRESTAPI)
		// The instance may log in again.
		if err := c.Login(ctxT(t), "alice", r.srv.UserSig("alice")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("userSigExpired", func(t *testing.T) {
		r := newTestRoom(t, timtest.Options{ReconnectGrace: time.Millisecond})
		c := r.client()
		in := record(c)
		sig, _ := usersig.Generate(r.srv.SDKAppID, r.srv.SecretKey, "alice", 2*time.Second)
		if err := c.Login(ctxT(t), "alice", sig); err != nil {
			t.Fatal(err)
		}
		r.join(c)
		time.Sleep(3200 * time.Millisecond) // expiry is checked in whole seconds
		r.srv.CloseConnections()
		wantKicked(t, c, in, types.KickedOutUserSigExpired)
	})
}

func wantKicked(t *testing.T, c *TIM, in *inbox, kt types.KickedOutType) {
	t.Helper()
	in.wait(t, "KICKED_OUT then SDK_NOT_READY", func(in *inbox) bool {
		k := slices.Index(in.events, types.EventKickedOut)
		return k >= 0 && slices.Contains(in.events[k:], types.EventSDKNotReady)
	})
	in.mu.Lock()
	kicks := slices.Clone(in.kicks)
	in.mu.Unlock()
	if len(kicks) != 1 || kicks[0] != kt {
		t.Fatalf("kicks %v, want [%s]", kicks, kt)
	}
	if c.IsReady() || len(c.roomList()) != 0 {
		t.Fatal("a kicked instance is still ready or in rooms")
	}
	_, err := c.GetMyProfile(ctxT(t))
	wantCode(t, err, kt.NotReadyCode())
}

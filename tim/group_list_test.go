package tim

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// groupLists records each GROUP_LIST_UPDATED of an instance with its time.
type groupLists struct {
	mu    sync.Mutex
	lists [][]*group.Group
	times []time.Time
	read  int // events handed out by next
}

func recordGroupLists(c *TIM) *groupLists {
	gl := &groupLists{}
	On(c, GroupListUpdated, func(gs []*group.Group) {
		gl.mu.Lock()
		gl.lists = append(gl.lists, gs)
		gl.times = append(gl.times, time.Now())
		gl.mu.Unlock()
	})
	return gl
}

// next waits for the event after the last one next returned.
func (gl *groupLists) next(t *testing.T) ([]*group.Group, time.Time) {
	t.Helper()
	waitUntil(t, func() bool {
		gl.mu.Lock()
		defer gl.mu.Unlock()
		return len(gl.lists) > gl.read
	})
	gl.mu.Lock()
	defer gl.mu.Unlock()
	gl.read++
	return gl.lists[gl.read-1], gl.times[gl.read-1]
}

// nextIDs is next, checked against the group IDs wanted.
func (gl *groupLists) nextIDs(t *testing.T, what string, want ...string) ([]*group.Group, time.Time) {
	t.Helper()
	gs, at := gl.next(t)
	ids := make([]string, len(gs))
	for i, g := range gs {
		ids[i] = g.GroupID
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("%s: GROUP_LIST_UPDATED %v, want %v", what, ids, want)
	}
	return gs, at
}

func (gl *groupLists) count() int {
	gl.mu.Lock()
	defer gl.mu.Unlock()
	return len(gl.lists)
}

// Slack for "at once" and for the throttle's second.
const (
	promptly     = 500 * time.Millisecond
	throttleLate = groupListInterval - 100*time.Millisecond
)

// GROUP_LIST_UPDATED as tim-js-sdk emits it: after the login, a join (user
// or guest; a repeated join changes nothing), a quit, and when the user is
// put out of a room (banned: notice 21; dismissed: notice 5), with the
// groups joined when it is emitted; at most one a second, a burst of
// changes giving one event a second after the last of them. (One delivery
// mode: the notices that take a room away are tested in both by
// TestTipsAndNotices.)
func TestGroupListUpdated(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	second, err := r.srv.CreateRoom(ctxT(t), "", "Second Room")
	if err != nil {
		t.Fatal(err)
	}
	alice, guest := r.client(), r.client()
	aliceGL, guestGL := recordGroupLists(alice), recordGroupLists(guest)
	if err := alice.Login(ctxT(t), "alice", r.srv.UserSig("alice")); err != nil {
		t.Fatal(err)
	}
	_, loggedIn := aliceGL.nextIDs(t, "after the login")

	// Within the second after the login: held back, then the join.
	r.join(alice)
	r.join(alice) // AlreadyInGroup
	gs, joined := aliceGL.nextIDs(t, "after the join", r.id)
	if d := joined.Sub(loggedIn); d < throttleLate {
		t.Errorf("the join's event came %v after the login's, within the throttle", d)
	}
	if gs[0].Name != "Live Room" || gs[0].Type != types.GrpAVChatRoom {
		t.Errorf("group in the event: %+v", gs[0])
	}

	// A guest's join, with nothing before it, is emitted at once.
	start := time.Now()
	r.join(guest)
	if _, at := guestGL.nextIDs(t, "guest after the join", r.id); at.Sub(start) > promptly {
		t.Errorf("the guest's join event took %v", at.Sub(start))
	}

	// A second since the last event: the quit is emitted at once.
	time.Sleep(groupListInterval + 100*time.Millisecond)
	start = time.Now()
	if err := guest.QuitGroup(ctxT(t), r.id); err != nil {
		t.Fatal(err)
	}
	if _, at := guestGL.nextIDs(t, "guest after the quit"); at.Sub(start) > promptly {
		t.Errorf("the guest's quit event took %v", at.Sub(start))
	}

	// A burst: the second room replaces the first, then back to the
	// first: one event at once, then one with the final list.
	r.join2(alice, second)
	_, first := aliceGL.nextIDs(t, "after joining the second room", second)
	r.join(alice)
	_, last := aliceGL.nextIDs(t, "after the burst", r.id)
	if d := last.Sub(first); d < throttleLate {
		t.Errorf("two events %v apart", d)
	}

	// Put out by a ban, then, back in the second room, by its end.
	time.Sleep(groupListInterval + 100*time.Millisecond)
	if err := r.srv.Ban(ctxT(t), r.id, 60, "spam", "alice"); err != nil {
		t.Fatal(err)
	}
	aliceGL.nextIDs(t, "after the ban")
	waitUntil(t, func() bool { return alice.room(r.id) == nil })
	r.join2(alice, second)
	aliceGL.nextIDs(t, "back in the second room", second)
	if err := r.srv.DestroyRoom(ctxT(t), second); err != nil {
		t.Fatal(err)
	}
	aliceGL.nextIDs(t, "after the dismissal")
	time.Sleep(groupListInterval + 100*time.Millisecond)
	if n, m := aliceGL.count(), guestGL.count(); n != 7 || m != 2 {
		t.Fatalf("%d and %d events, want 7 and 2", n, m)
	}
}

// A logout (here Destroy's) reports the emptied list at once, in place of
// the join's event the throttle holds back, and nothing comes after it.
func TestGroupListAtLogout(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	c := r.client()
	gl := recordGroupLists(c)
	if err := c.Login(ctxT(t), "alice", r.srv.UserSig("alice")); err != nil {
		t.Fatal(err)
	}
	gl.nextIDs(t, "after the login")
	r.join(c) // held back for a second
	if err := c.Destroy(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	gl.nextIDs(t, "after the logout")
	time.Sleep(groupListInterval + 200*time.Millisecond)
	if n := gl.count(); n != 2 {
		t.Fatalf("%d events, want the login's and the logout's", n)
	}
}

// join2 joins another room than r's and fails the test on error.
func (r *testRoom) join2(c *TIM, groupID string) {
	r.t.Helper()
	if _, err := c.JoinGroup(ctxT(r.t), groupID); err != nil {
		r.t.Fatalf("join %s: %v", groupID, err)
	}
}

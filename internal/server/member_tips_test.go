package server_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// The interval is an hour so that no tip is gathered or flushed by the
// clock: the tests flush with FlushMemberTips, and every count is exact.
const tipTestInterval = time.Hour

// TestMemberTipsLinear: 300 logged-in viewers join one by one. Below the
// threshold (10 online) each join gets its own tip, to everyone in the
// room; from it on, the first join goes out at once and the rest are
// gathered into one tip naming 10 of them. Item deliveries are counted by
// the server (push delivery: one per item per subscriber).
func TestMemberTipsLinear(t *testing.T) {
	const n, threshold, maxList = 300, 10, server.DefaultMemberTipMaxList
	srv := newServer(t, timtest.Options{Delivery: "push", MemberTipThreshold: threshold, MemberTipInterval: tipTestInterval})
	room := newRoom(t, srv)
	clients := make([]*client, n)
	for i := range clients {
		clients[i] = dial(t, srv)
		clients[i].login(fmt.Sprintf("v%03d", i))
		clients[i].join(room)
	}
	srv.Handler().(*server.Server).FlushMemberTips(room)

	// Joins 1..9 reach 1..9 members; the 10th, at the threshold, goes out at
	// once to 10; the 290 others make one tip to all 300.
	want := uint64(threshold*(threshold-1)/2 + threshold + n)
	for deadline := time.Now().Add(testTimeout); srv.Stats().Pushes < want && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	st := srv.Stats()
	if st.Pushes != want || st.MemberTips != threshold+1 || st.MemberTipsUnlisted != n-threshold-maxList {
		t.Fatalf("pushes %d, tips %d, unlisted %d; want %d, %d, %d (one tip per join would push %d)",
			st.Pushes, st.MemberTips, st.MemberTipsUnlisted, want, threshold+1, n-threshold-maxList, n*(n+1)/2)
	}
	if st.Pushes > 2*n {
		t.Fatalf("%d pushes for %d joins: not linear", st.Pushes, n)
	}

	// The last viewer sees only the gathered tip: the 11th to 20th joiners,
	// in order, with their profiles, and the room's online count.
	tip := clients[n-1].untilPushed(isTip(wire.TipMemberJoin)).MsgBody.Tip
	var names []string
	for i := threshold; i < threshold+maxList; i++ {
		names = append(names, fmt.Sprintf("v%03d", i))
	}
	if !slices.Equal(tip.ListAccount, names) || tip.OperatorAccount != names[0] ||
		len(tip.MsgMemberExtraInfo) != maxList || tip.MsgMemberExtraInfo[maxList-1].UserAccount != names[maxList-1] ||
		tip.OnlineInf == nil || tip.OnlineInf.Num != n {
		t.Fatalf("gathered tip %+v; want %v by %s, online %d", tip, names, names[0], n)
	}
}

// TestMemberTipsGathered: in a room at the threshold, a join and a quit of
// the same user within one interval cancel out; the gathered join tip and
// quit tip follow, in that order, each naming its members.
func TestMemberTipsGathered(t *testing.T) {
	srv := newServer(t, timtest.Options{Delivery: "push", MemberTipThreshold: 2, MemberTipInterval: tipTestInterval})
	room := newRoom(t, srv)
	users := map[string]*client{}
	for _, u := range []string{"alice", "bob", "carol", "dave"} {
		c := dial(t, srv)
		c.login(u)
		c.join(room)
		users[u] = c
	}
	alice := users["alice"]
	alice.untilPushed(isTip(wire.TipMemberJoin)) // alice's own, alone in the room
	if tip := alice.untilPushed(isTip(wire.TipMemberJoin)).MsgBody.Tip; !slices.Equal(tip.ListAccount, []string{"bob"}) {
		t.Fatalf("first tip at the threshold names %v, want [bob] at once", tip.ListAccount)
	}
	users["carol"].mustCall(wire.CmdQuitGroup, wire.GroupIDReq{GroupID: room}, nil)
	users["bob"].mustCall(wire.CmdQuitGroup, wire.GroupIDReq{GroupID: room}, nil)
	srv.Handler().(*server.Server).FlushMemberTips(room)

	var got []*wire.TipBody
	for len(got) < 2 {
		items, _ := alice.pushedItems()
		for _, it := range items {
			if it.MsgBody.Tip != nil {
				got = append(got, it.MsgBody.Tip)
			}
		}
	}
	join, quit := got[0], got[1]
	if join.OpType != wire.TipMemberJoin || !slices.Equal(join.ListAccount, []string{"dave"}) ||
		quit.OpType != wire.TipMemberQuit || !slices.Equal(quit.ListAccount, []string{"bob"}) ||
		join.OnlineInf == nil || join.OnlineInf.Num != 2 {
		t.Fatalf("gathered tips: join %+v, quit %+v; want join [dave] (online 2), then quit [bob]", join, quit)
	}
	if st := srv.Stats(); st.MemberTips != 4 || st.MemberTipsUnlisted != 2 {
		t.Fatalf("tips %d, unlisted %d; want 4 (alice, bob, the gathered join and quit) and 2 (carol in and out)",
			st.MemberTips, st.MemberTipsUnlisted)
	}
}

// TestMemberTipsSmallRoom: below the threshold (default 500) every join
// and quit has its own tip at once, as tim-js-sdk's recorded traces show.
func TestMemberTipsSmallRoom(t *testing.T) {
	srv := newServer(t, timtest.Options{Delivery: "push"})
	room := newRoom(t, srv)
	alice := dial(t, srv)
	alice.login("alice")
	alice.join(room)
	alice.untilPushed(isTip(wire.TipMemberJoin))
	for _, u := range []string{"bob", "carol"} {
		c := dial(t, srv)
		c.login(u)
		c.join(room)
		if tip := alice.untilPushed(isTip(wire.TipMemberJoin)).MsgBody.Tip; !slices.Equal(tip.ListAccount, []string{u}) {
			t.Fatalf("join tip names %v, want [%s]", tip.ListAccount, u)
		}
		c.mustCall(wire.CmdQuitGroup, wire.GroupIDReq{GroupID: room}, nil)
		if tip := alice.untilPushed(isTip(wire.TipMemberQuit)).MsgBody.Tip; !slices.Equal(tip.ListAccount, []string{u}) {
			t.Fatalf("quit tip names %v, want [%s]", tip.ListAccount, u)
		}
	}
}

package server_test

import (
	"math"
	"strings"
	"testing"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

func isCounterNotice(it *wire.Item) bool {
	return it.Event == wire.EventGroupTipOnline && it.MsgBody.Tip != nil && len(it.MsgBody.Tip.GroupCounterInfo) > 0
}

func counterMap(list []wire.Counter) map[string]int64 {
	m := make(map[string]int64, len(list))
	for _, c := range list {
		m[c.Key] = c.Value
	}
	return m
}

// A member's counter updates answer the new values and reach every member
// as an Event 6 notice with the counter sequence; reads see them, over the
// WebSocket and REST alike.
func TestCountersUpdateNotifyAndRead(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	alice, bob := dial(t, srv), dial(t, srv)
	alice.login("alice")
	bob.login("bob")
	key := alice.join(room).AVChatRoomKey
	bobPoll := bob.poller(bob.join(room))

	var up wire.UpdateGroupCounterResp
	alice.mustCall(wire.CmdUpdateGroupCounter, wire.UpdateGroupCounterReq{GroupID: room, Mode: wire.CounterModeSet, BytesKey: key,
		GroupCounter: []wire.Counter{{Key: "like", Value: 1}, {Key: "gift", Value: 5}}}, &up)
	if got := counterMap(up.GroupCounter); got["like"] != 1 || got["gift"] != 5 || len(got) != 2 {
		t.Fatalf("Set reply %+v", up.GroupCounter)
	}
	n := bobPoll.until(isCounterNotice).MsgBody.Tip.GroupCounterInfo[0]
	if n.Type != wire.CounterNoticeUpdate || n.GroupCounterSeq != 1 || counterMap(n.GroupCounter)["gift"] != 5 {
		t.Fatalf("notice %+v", n)
	}

	bob.mustCall(wire.CmdUpdateGroupCounter, wire.UpdateGroupCounterReq{GroupID: room, Mode: wire.CounterModeIncrease,
		GroupCounter: []wire.Counter{{Key: "like", Value: 2}}}, &up)
	if up.GroupCounter[0].Value != 3 {
		t.Fatalf("Increase reply %+v", up.GroupCounter)
	}
	alice.mustCall(wire.CmdUpdateGroupCounter, wire.UpdateGroupCounterReq{GroupID: room, Mode: wire.CounterModeDecrease,
		GroupCounter: []wire.Counter{{Key: "gift", Value: 7}, {Key: "new", Value: 1}}}, &up)
	if got := counterMap(up.GroupCounter); got["gift"] != -2 || got["new"] != -1 {
		t.Fatalf("Decrease reply %+v", up.GroupCounter)
	}
	n = bobPoll.until(func(it *wire.Item) bool {
		return isCounterNotice(it) && it.MsgBody.Tip.GroupCounterInfo[0].GroupCounterSeq == 3
	}).MsgBody.Tip.GroupCounterInfo[0]
	if got := counterMap(n.GroupCounter); got["gift"] != -2 || got["new"] != -1 || len(got) != 2 {
		t.Fatalf("Decrease notice %+v", n)
	}

	var get wire.GetGroupCounterResp
	bob.mustCall(wire.CmdGetGroupCounter, wire.GetGroupCounterReq{GroupID: room, GroupCounterKeys: []string{"like", "nope"}}, &get)
	if got := counterMap(get.GroupCounter); len(got) != 1 || got["like"] != 3 || get.GroupCounterSeq != 3 {
		t.Fatalf("get like: %+v seq %d", get.GroupCounter, get.GroupCounterSeq)
	}
	if v, err := srv.IncreaseCounter(ctx(t), room, "like", 10); err != nil || v != 13 {
		t.Fatalf("REST increase: %d, %v", v, err)
	}
	all, err := srv.Counters(ctx(t), room)
	if err != nil || len(all) != 3 || all["like"] != 13 || all["gift"] != -2 || all["new"] != -1 {
		t.Fatalf("REST counters %v, %v", all, err)
	}
	bobPoll.until(func(it *wire.Item) bool {
		return isCounterNotice(it) && it.MsgBody.Tip.OperatorAccount == srv.Admin
	})
}

// In push delivery the notice goes out in GroupTips with the outer Event 6.
func TestCountersPushedAsEvent6(t *testing.T) {
	srv := newServer(t, timtest.Options{Delivery: "push"})
	room := newRoom(t, srv)
	bob := dial(t, srv)
	bob.login("bob")
	bob.join(room)
	if err := srv.SetCounters(ctx(t), room, map[string]int64{"viewers": 42}); err != nil {
		t.Fatal(err)
	}
	for {
		items, events := bob.pushedItems()
		for i, it := range items {
			if isCounterNotice(it) {
				if events[i] != wire.EventGroupTipOnline || it.ToGroupID != room {
					t.Fatalf("pushed with Event %d, ToGroupId %q", events[i], it.ToGroupID)
				}
				return
			}
		}
	}
}

// Bad updates and reads are refused with Tencent's codes and change nothing.
func TestCountersRefuseBadRequests(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	alice, eve := dial(t, srv), dial(t, srv)
	alice.login("alice")
	eve.login("eve")
	alice.join(room)
	if err := srv.SetCounters(ctx(t), room, map[string]int64{"max": math.MaxInt64, "min": math.MinInt64}); err != nil {
		t.Fatal(err)
	}
	many := make([]wire.Counter, 19)
	for i := range many {
		many[i] = wire.Counter{Key: "k" + strings.Repeat("x", i), Value: 1}
	}
	upd := func(mode string, list ...wire.Counter) wire.UpdateGroupCounterReq {
		return wire.UpdateGroupCounterReq{GroupID: room, Mode: mode, GroupCounter: list}
	}
	for _, tc := range []struct {
		name string
		c    *client
		req  wire.UpdateGroupCounterReq
		code int
	}{
		{"mode", alice, upd("Multiply", wire.Counter{Key: "a", Value: 1}), server.CodeBadParam},
		{"no counters", alice, upd(wire.CounterModeSet), server.CodeBadParam},
		{"empty key", alice, upd(wire.CounterModeSet, wire.Counter{Value: 1}), server.CodeBadParam},
		{"long key", alice, upd(wire.CounterModeSet, wire.Counter{Key: strings.Repeat("k", 129), Value: 1}), server.CodeBadParam},
		{"twice", alice, upd(wire.CounterModeSet, wire.Counter{Key: "a"}, wire.Counter{Key: "a"}), server.CodeBadParam},
		{"21 counters", alice, upd(wire.CounterModeSet, many...), server.CodeBadParam},
		{"overflow", alice, upd(wire.CounterModeIncrease, wire.Counter{Key: "max", Value: 1}), server.CodeBadParam},
		{"underflow", alice, upd(wire.CounterModeDecrease, wire.Counter{Key: "min", Value: 1}), server.CodeBadParam},
		{"negative overflow", alice, upd(wire.CounterModeDecrease, wire.Counter{Key: "max", Value: -1}), server.CodeBadParam},
		{"not a member", eve, upd(wire.CounterModeSet, wire.Counter{Key: "a", Value: 1}), server.CodeNotMember},
		{"other key", alice, wire.UpdateGroupCounterReq{GroupID: room, Mode: wire.CounterModeSet, BytesKey: "avkey-other",
			GroupCounter: []wire.Counter{{Key: "a"}}}, server.CodeBadParam},
		{"no group", alice, wire.UpdateGroupCounterReq{GroupID: "@TGS#aNONE", Mode: wire.CounterModeSet,
			GroupCounter: []wire.Counter{{Key: "a"}}}, server.CodeNoGroup},
	} {
		if code := tc.c.call(wire.CmdUpdateGroupCounter, tc.req, nil); code != tc.code {
			t.Errorf("%s: code %d, want %d", tc.name, code, tc.code)
		}
	}
	if code := eve.call(wire.CmdGetGroupCounter, wire.GetGroupCounterReq{GroupID: room}, nil); code != server.CodeNotMember {
		t.Errorf("get by a non-member: %d", code)
	}
	// 18 more counters fit (20 in all); the 21st does not.
	if code := alice.call(wire.CmdUpdateGroupCounter, upd(wire.CounterModeSet, many[:18]...), nil); code != 0 {
		t.Fatalf("20 counters: %d", code)
	}
	if code := restCode(t, srv.SetCounters(ctx(t), room, map[string]int64{"one-more": 1})); code != server.CodeBadParam {
		t.Fatalf("21st counter over REST: %d", code)
	}
	all, err := srv.Counters(ctx(t), room)
	if err != nil || len(all) != 20 || all["max"] != math.MaxInt64 || all["min"] != math.MinInt64 {
		t.Fatalf("after refusals: %d counters, %v", len(all), err)
	}
	if code := restCode(t, srv.Call(ctx(t), wire.RESTUpdateGroupCounter, []byte(`{"GroupId":`), nil)); code != server.CodeBadJSON {
		t.Fatalf("bad JSON: %d", code)
	}
}

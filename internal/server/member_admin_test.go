package server_test

import (
	"fmt"
	"testing"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

func tipBy(op int, operator string) func(*wire.Item) bool {
	return func(it *wire.Item) bool {
		return isTip(op)(it) && it.MsgBody.Tip.OperatorAccount == operator
	}
}

func ptr[T any](v T) *T { return &v }

// Over the WebSocket the owner sets roles, owner and admins mute ordinary
// members, admins not each other or the owner, and tips name the member who
// acted; a muted member cannot send.
func TestMemberAdministrationByRole(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	owner, alice, bob := dial(t, srv), dial(t, srv), dial(t, srv)
	owner.login(srv.Admin)
	alice.login("alice")
	bob.login("bob")
	owner.join(room)
	alice.join(room)
	bobPoll := bob.poller(bob.join(room))
	modify := func(c *client, req wire.ModifyGroupMemberReq) int {
		req.GroupID = room
		return c.call(wire.CmdModifyGroupMember, req, nil)
	}

	for _, tc := range []struct {
		name string
		c    *client
		req  wire.ModifyGroupMemberReq
		code int
	}{
		{"member mutes", bob, wire.ModifyGroupMemberReq{MemberAccount: "alice", ShutUpTime: ptr[int64](60)}, server.CodeNotMember},
		{"member sets a role", bob, wire.ModifyGroupMemberReq{MemberAccount: "alice", Role: ptr(wire.RoleAdmin)}, server.CodeNotMember},
		{"owner's role", owner, wire.ModifyGroupMemberReq{MemberAccount: srv.Admin, Role: ptr(wire.RoleMember)}, server.CodeBadParam},
		{"bad role", owner, wire.ModifyGroupMemberReq{MemberAccount: "alice", Role: ptr("Owner")}, server.CodeBadParam},
		{"mute yourself", owner, wire.ModifyGroupMemberReq{MemberAccount: srv.Admin, ShutUpTime: ptr[int64](60)}, server.CodeBadParam},
		{"negative mute", owner, wire.ModifyGroupMemberReq{MemberAccount: "bob", ShutUpTime: ptr[int64](-1)}, server.CodeBadParam},
		{"nobody", owner, wire.ModifyGroupMemberReq{ShutUpTime: ptr[int64](1)}, server.CodeBadParam},
	} {
		if code := modify(tc.c, tc.req); code != tc.code {
			t.Errorf("%s: code %d, want %d", tc.name, code, tc.code)
		}
	}

	if code := modify(owner, wire.ModifyGroupMemberReq{MemberAccount: "alice", Role: ptr(wire.RoleAdmin)}); code != 0 {
		t.Fatalf("owner makes alice admin: %d", code)
	}
	bobPoll.until(tipBy(wire.TipMemberSetAdmin, srv.Admin))
	if code := modify(alice, wire.ModifyGroupMemberReq{MemberAccount: "bob", ShutUpTime: ptr[int64](60)}); code != 0 {
		t.Fatalf("admin mutes bob: %d", code)
	}
	mute := bobPoll.until(tipBy(wire.TipMemberProfile, "alice")).MsgBody.Tip
	if len(mute.MsgMemberInfo) != 1 || mute.MsgMemberInfo[0].UserAccount != "bob" || mute.MsgMemberInfo[0].ShutupTime != 60 {
		t.Fatalf("mute tip %+v", mute)
	}
	if code, _ := bob.send(room, "muted", "Normal"); code != server.CodeMuted {
		t.Fatalf("muted bob sends: %d", code)
	}
	var info wire.SpecifiedMemberInfoResp
	alice.mustCall(wire.CmdSpecifiedMemberInfo, wire.SpecifiedMemberInfoReq{GroupID: room, MemberListAccount: []string{"bob", "ghost", "alice"}}, &info)
	if len(info.MemberList) != 2 || info.MemberList[0].MemberAccount != "bob" || info.MemberList[0].ShutUpUntil == 0 ||
		info.MemberList[1].Role != wire.RoleAdmin {
		t.Fatalf("member info %+v", info.MemberList)
	}
	for name, req := range map[string]wire.ModifyGroupMemberReq{
		"admin mutes the owner": {MemberAccount: srv.Admin, ShutUpTime: ptr[int64](60)},
		"admin sets a role":     {MemberAccount: "bob", Role: ptr(wire.RoleAdmin)},
	} {
		if code := modify(alice, req); code != server.CodeNotMember {
			t.Errorf("%s: %d", name, code)
		}
	}
	if code := modify(owner, wire.ModifyGroupMemberReq{MemberAccount: "bob", ShutUpTime: ptr[int64](0)}); code != 0 {
		t.Fatalf("owner unmutes bob: %d", code)
	}
	if code, _ := bob.send(room, "free", "Normal"); code != 0 {
		t.Fatalf("unmuted bob sends: %d", code)
	}
	if code := modify(owner, wire.ModifyGroupMemberReq{MemberAccount: "alice", Role: ptr(wire.RoleMember)}); code != 0 {
		t.Fatal(code)
	}
	bobPoll.until(tipBy(wire.TipMemberCancelAdmin, srv.Admin))
	if code := modify(alice, wire.ModifyGroupMemberReq{MemberAccount: "bob", ShutUpTime: ptr[int64](60)}); code != server.CodeNotMember {
		t.Fatalf("former admin mutes: %d", code)
	}
	// Name cards: one's own, or anyone's as a manager.
	if code := modify(bob, wire.ModifyGroupMemberReq{MemberAccount: "bob", NameCard: ptr("Bobby")}); code != 0 {
		t.Fatalf("own name card: %d", code)
	}
	if code := modify(bob, wire.ModifyGroupMemberReq{MemberAccount: "alice", NameCard: ptr("x")}); code != server.CodeNotMember {
		t.Fatalf("someone else's name card: %d", code)
	}
	alice.mustCall(wire.CmdSpecifiedMemberInfo, wire.SpecifiedMemberInfoReq{GroupID: room, MemberListAccount: []string{"bob"}}, &info)
	if info.MemberList[0].NameCard != "Bobby" || info.MemberList[0].ShutUpUntil != 0 {
		t.Fatalf("bob now %+v", info.MemberList[0])
	}
}

// The owner and admins change the room's profile over the WebSocket: tip 6
// names them; muting everyone stops ordinary members only.
func TestModifyGroupBaseByManagers(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	owner, bob := dial(t, srv), dial(t, srv)
	owner.login(srv.Admin)
	bob.login("bob")
	owner.join(room)
	bobPoll := bob.poller(bob.join(room))
	if code := bob.call(wire.CmdModifyGroupBase, wire.ModifyGroupBaseReq{GroupID: room, Name: ptr("mine")}, nil); code != server.CodeNotMember {
		t.Fatalf("member renames: %d", code)
	}
	if code := owner.call(wire.CmdModifyGroupBase, wire.ModifyGroupBaseReq{GroupID: room, ShutUpAllMember: ptr("Maybe")}, nil); code != server.CodeBadParam {
		t.Fatalf("bad ShutUpAllMember: %d", code)
	}
	owner.mustCall(wire.CmdModifyGroupBase, wire.ModifyGroupBaseReq{GroupID: room, Name: ptr("Renamed"),
		ShutUpAllMember: ptr(wire.SwitchOn), AppDefinedData: []wire.KeyValue{{Key: "theme", Value: "dark"}}}, nil)
	tip := bobPoll.until(tipBy(wire.TipGroupProfileUpdate, srv.Admin)).MsgBody.Tip.MsgGroupNewInfo
	if tip == nil || tip.GroupName == nil || *tip.GroupName != "Renamed" || tip.ShutupAll == nil || *tip.ShutupAll != 1 ||
		len(tip.MsgAppDefinedData) != 1 {
		t.Fatalf("tip 6 %+v", tip)
	}
	if code, _ := bob.send(room, "hi", "Normal"); code != server.CodeMuted {
		t.Fatalf("member sends under mute-all: %d", code)
	}
	if code, _ := owner.send(room, "hi", "Normal"); code != 0 {
		t.Fatalf("owner sends under mute-all: %d", code)
	}
}

// get_members pages the logged-in members, latest joins first, 250 a page;
// guests are not listed; the REST twin walks the same pages.
func TestAVMemberListPages(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	const n = 260
	var first *client
	for i := range n {
		c := dial(t, srv)
		c.login(fmt.Sprintf("user%03d", i))
		c.join(room)
		if first == nil {
			first = c
		}
	}
	dial(t, srv).join(room) // a guest
	seen := map[string]bool{}
	var pages []int
	for cursor := int64(0); ; {
		var resp wire.AVMembersResp
		first.mustCall(wire.CmdGetAVMembers, wire.AVMembersReq{GroupID: room, Timestamp: cursor}, &resp)
		pages = append(pages, len(resp.MemberList))
		for _, m := range resp.MemberList {
			if seen[m.MemberAccount] || m.JoinTime == 0 {
				t.Fatalf("member %+v twice or without join time", m)
			}
			seen[m.MemberAccount] = true
		}
		if resp.NextTimestamp == 0 {
			break
		}
		cursor = resp.NextTimestamp
	}
	if len(seen) != n || len(pages) != 2 || pages[0] != 250 {
		t.Fatalf("%d members in pages %v", len(seen), pages)
	}
	ids, err := srv.OnlineMembers(ctx(t), room)
	if err != nil || len(ids) != n {
		t.Fatalf("REST list: %d, %v", len(ids), err)
	}
	var marked wire.AVMembersResp
	first.mustCall(wire.CmdGetAVMembers, wire.AVMembersReq{GroupID: room, Mark: 1000}, &marked)
	if len(marked.MemberList) != 0 {
		t.Fatalf("no marks are emulated, got %d", len(marked.MemberList))
	}
	outsider := dial(t, srv)
	outsider.login("outsider")
	if code := outsider.call(wire.CmdGetAVMembers, wire.AVMembersReq{GroupID: room}, nil); code != server.CodeNotMember {
		t.Fatalf("outsider lists: %d", code)
	}
}

// Over the WebSocket the owner and admins ban (deleteGroupMember in a live
// room): the banned member gets notice 21 and cannot rejoin, the room sees
// tip 10 naming who banned; members, the owner and oneself cannot be
// banned by the wrong people.
func TestBanFromTheWebSocket(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	owner, alice, bob, carol := dial(t, srv), dial(t, srv), dial(t, srv), dial(t, srv)
	owner.login(srv.Admin)
	alice.login("alice")
	bob.login("bob")
	carol.login("carol")
	owner.join(room)
	alice.join(room)
	bob.join(room)
	carolPoll := carol.poller(carol.join(room))
	if err := srv.SetRole(ctx(t), room, "alice", wire.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	ban := func(c *client, users []string, seconds int64) int {
		return c.call(wire.CmdBanGroupMember, wire.BanGroupMemberReq{GroupID: room, MembersAccount: users, Duration: seconds, Description: "spam"}, nil)
	}
	for _, tc := range []struct {
		name    string
		c       *client
		users   []string
		seconds int64
		code    int
	}{
		{"member bans", bob, []string{"carol"}, 60, server.CodeNotMember},
		{"admin bans the owner", alice, []string{srv.Admin}, 60, server.CodeNotMember},
		{"ban yourself", alice, []string{"alice"}, 60, server.CodeBadParam},
		{"no duration", alice, []string{"bob"}, 0, server.CodeBadParam},
		{"nobody", alice, nil, 60, server.CodeBadParam},
	} {
		if code := ban(tc.c, tc.users, tc.seconds); code != tc.code {
			t.Errorf("%s: code %d, want %d", tc.name, code, tc.code)
		}
	}
	if code := ban(alice, []string{"bob"}, 60); code != 0 {
		t.Fatalf("admin bans bob: %d", code)
	}
	bob.untilPushed(isNotice(wire.NoticeBanned))
	tip := carolPoll.until(tipBy(wire.TipBanMember, "alice")).MsgBody.Tip
	if len(tip.ListAccount) != 1 || tip.ListAccount[0] != "bob" {
		t.Fatalf("tip 10 %+v", tip)
	}
	if code := bob.call(wire.CmdApplyJoin, wire.ApplyJoinReq{GroupID: room}, nil); code != server.CodeBanned {
		t.Fatalf("banned bob rejoins: %d", code)
	}
}

package server_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// banNotice waits for the msg_push carrying system notice 21.
func banNotice(c *client) *wire.Item {
	c.t.Helper()
	deadline := time.After(testTimeout)
	for {
		select {
		case f := <-c.pushes:
			var p wire.MsgPush
			if f.Head.Servcmd != wire.CmdMsgPush || json.Unmarshal(f.Body, &p) != nil {
				continue
			}
			for _, e := range p.EventArray {
				for _, it := range e.GroupTips {
					if e.Event == wire.EventGroupNotice && isNotice(wire.NoticeBanned)(it) {
						return it
					}
				}
			}
		case <-deadline:
			c.t.Fatal("no ban notice")
			return nil
		}
	}
}

// A ban takes the member out: it alone gets notice 21 (on its socket, with
// the MsgSeq of the ban tip, which the others get), cannot send or rejoin
// until unbanned, and the room sees tips 10 and 11.
func TestBanRemovesTheMemberUntilUnbanned(t *testing.T) {
	for _, delivery := range []string{"poll", "push"} {
		t.Run(delivery, func(t *testing.T) {
			srv := newServer(t, timtest.Options{Delivery: delivery})
			room := newRoom(t, srv)
			alice := member(t, srv, "alice", room)
			bob := dial(t, srv)
			bob.login("bob")
			bobJoin := bob.join(room)
			bobPoll := bob.poller(bobJoin)
			nextTip := func(op int) *wire.Item {
				pred := func(it *wire.Item) bool {
					if isNotice(wire.NoticeBanned)(it) {
						t.Error("bob got the ban notice: his SDK would drop the room")
					}
					return isTip(op)(it)
				}
				if delivery == "poll" {
					return bobPoll.until(pred)
				}
				return bob.untilPushed(pred)
			}

			if err := srv.Ban(ctx(t), room, 60, "spam", "alice", "eve"); err != nil {
				t.Fatal(err)
			}
			notice := banNotice(alice)
			tip := nextTip(wire.TipBanMember)
			if notice.MsgSeq != tip.MsgSeq || notice.Group() != room || notice.MsgBody.Notice.RemarkInfo != "spam" {
				t.Errorf("notice %+v (seq %d) for tip seq %d", notice.MsgBody.Notice, notice.MsgSeq, tip.MsgSeq)
			}
			if got := strings.Join(tip.MsgBody.Tip.ListAccount, ","); got != "alice,eve" {
				t.Errorf("tip 10 lists %s", got)
			}
			if code, _ := alice.send(room, "still here?", "Normal"); code != 10007 {
				t.Errorf("a banned member's send: %d, want 10007", code)
			}
			if code := alice.call(wire.CmdApplyJoin, wire.ApplyJoinReq{GroupID: room}, nil); code != 10007 {
				t.Errorf("a banned user's rejoin: %d, want 10007", code)
			}
			banned, err := srv.Banned(ctx(t), room)
			if now := time.Now().Unix(); err != nil || len(banned) != 2 || banned["alice"] < now+55 || banned["alice"] > now+65 {
				t.Errorf("banned %v, %v", banned, err)
			}

			if err := srv.Unban(ctx(t), room, "alice"); err != nil {
				t.Fatal(err)
			}
			if got := nextTip(wire.TipUnbanMember).MsgBody.Tip.ListAccount; len(got) != 1 || got[0] != "alice" {
				t.Errorf("tip 11 lists %v", got)
			}
			alice.join(room)
			if banned, _ := srv.Banned(ctx(t), room); len(banned) != 1 || banned["eve"] == 0 {
				t.Errorf("after unban: %v", banned)
			}
		})
	}
}

func TestBanRejectsBadBodies(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	many := make([]string, 21)
	for i := range many {
		many[i] = string(rune('a' + i))
	}
	for _, tc := range []struct {
		name    string
		command string
		body    any
		code    int
	}{
		{"no members", wire.RESTBanGroupMember, wire.BanGroupMemberReq{GroupID: room, Duration: 60}, 10004},
		{"21 members", wire.RESTBanGroupMember, wire.BanGroupMemberReq{GroupID: room, MembersAccount: many, Duration: 60}, 10004},
		{"no duration", wire.RESTBanGroupMember, wire.BanGroupMemberReq{GroupID: room, MembersAccount: []string{"x"}}, 10004},
		{"empty user", wire.RESTBanGroupMember, wire.BanGroupMemberReq{GroupID: room, MembersAccount: []string{""}, Duration: 60}, 10004},
		{"no group ID", wire.RESTBanGroupMember, wire.BanGroupMemberReq{MembersAccount: []string{"x"}, Duration: 60}, 10004},
		{"no group", wire.RESTBanGroupMember, wire.BanGroupMemberReq{GroupID: "@TGS#none", MembersAccount: []string{"x"}, Duration: 60}, 10010},
		{"GroupId a number", wire.RESTBanGroupMember, []byte(`{"GroupId":1}`), 10004},
		{"not JSON", wire.RESTBanGroupMember, []byte(`{"GroupId":`), 60003},
		{"unban nobody", wire.RESTUnbanGroupMember, wire.UnbanGroupMemberReq{GroupID: room}, 10004},
		{"unban no group", wire.RESTUnbanGroupMember, wire.UnbanGroupMemberReq{GroupID: "@TGS#none", MembersAccount: []string{"x"}}, 10010},
		{"page limit", wire.RESTGetGroupBanMember, wire.GetGroupBanMemberReq{GroupID: room, Limit: 101}, 10004},
		{"page offset", wire.RESTGetGroupBanMember, wire.GetGroupBanMemberReq{GroupID: room, Offset: -1}, 10004},
		{"muted no group", wire.RESTGetGroupMutedAcct, wire.GroupIDReq{GroupID: "@TGS#none"}, 10010},
		{"muted no group ID", wire.RESTGetGroupMutedAcct, wire.GroupIDReq{}, 10004},
	} {
		if code := restCode(t, srv.Call(ctx(t), tc.command, tc.body, nil)); code != tc.code {
			t.Errorf("%s: %d, want %d", tc.name, code, tc.code)
		}
	}
}

// get_group_muted_account (and its old name) lists the mutes in force.
func TestMutedAccounts(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	if err := srv.Mute(ctx(t), room, "alice", 60); err != nil {
		t.Fatal(err)
	}
	if err := srv.Mute(ctx(t), room, "bob", 60); err != nil {
		t.Fatal(err)
	}
	if err := srv.Mute(ctx(t), room, "bob", 0); err != nil {
		t.Fatal(err)
	}
	muted, err := srv.MutedAccounts(ctx(t), room)
	if now := time.Now().Unix(); err != nil || len(muted) != 1 || muted["alice"] < now+55 || muted["alice"] > now+65 {
		t.Fatalf("muted %v, %v", muted, err)
	}
	var old wire.GetGroupShuttedUinResp
	if err := srv.Call(ctx(t), wire.RESTGetGroupShuttedUin, wire.GroupIDReq{GroupID: room}, &old); err != nil || len(old.ShuttedUinList) != 1 || old.ShuttedUinList[0].ShuttedUntil != muted["alice"] {
		t.Fatalf("get_group_shutted_uin: %+v, %v", old, err)
	}
}

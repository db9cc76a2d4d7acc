package server_test

import (
	"strings"
	"testing"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
)

// Over 12 KB of MsgBody gets 80002 on both send paths; just under passes.
func TestMessageBodyLimit(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	alice := member(t, srv, "alice", room)
	// MsgType (11 bytes) + {"Text":"…"} (11 bytes around the text).
	fits := strings.Repeat("x", 12<<10-22)
	over := fits + "x"
	if code, _ := alice.send(room, fits, "Normal"); code != 0 {
		t.Errorf("12 KB exactly: %d", code)
	}
	if code, _ := alice.send(room, over, "Normal"); code != 80002 {
		t.Errorf("over 12 KB: %d, want 80002", code)
	}
	if _, err := srv.SendText(ctx(t), room, "", over, ""); restCode(t, err) != 80002 {
		t.Errorf("over 12 KB over REST: %v", err)
	}
	if st := srv.Stats(); st.MessagesModerated != 2 {
		t.Errorf("%d moderated, want 2", st.MessagesModerated)
	}
}

// A sensitive word, in any case, in a text or custom element gets 80001;
// REST's NoMsgCheck skips the check.
func TestSensitiveWords(t *testing.T) {
	srv := newServer(t, timtest.Options{SensitiveWords: []string{"BadWord"}})
	room := newRoom(t, srv)
	alice := member(t, srv, "alice", room)
	if code, _ := alice.send(room, "this has a badword in it", "Normal"); code != 80001 {
		t.Errorf("text: %d, want 80001", code)
	}
	if code, _ := alice.send(room, "this is fine", "Normal"); code != 0 {
		t.Errorf("clean text: %d", code)
	}
	if _, err := srv.SendCustom(ctx(t), room, "", "gift", "BADWORD", "", ""); restCode(t, err) != 80001 {
		t.Errorf("custom over REST: %v", err)
	}
	if seq, err := srv.SendTextAs(ctx(t), room, "", "badword", "", false, true); err != nil || seq == 0 {
		t.Errorf("NoMsgCheck: %d, %v", seq, err)
	}
}

// ShutUpAllMember mutes members (10017) but not the owner or admins.
func TestMuteAllSparesOwnerAndAdmins(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	var created wire.CreateGroupResp
	if err := srv.Call(ctx(t), wire.RESTCreateGroup, wire.CreateGroupReq{OwnerAccount: "host", Type: wire.AVChatRoomType, Name: "Live"}, &created); err != nil {
		t.Fatal(err)
	}
	room := created.GroupID
	users := map[string]*client{}
	for _, u := range []string{"host", "mod", "viewer"} {
		users[u] = member(t, srv, u, room)
	}
	if err := srv.SetRole(ctx(t), room, "mod", wire.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetMuteAll(ctx(t), room, true); err != nil {
		t.Fatal(err)
	}
	for u, want := range map[string]int{"host": 0, "mod": 0, "viewer": 10017} {
		if code, _ := users[u].send(room, "hi from "+u, "Normal"); code != want {
			t.Errorf("%s under mute-all: %d, want %d", u, code, want)
		}
	}
	if err := srv.SetMuteAll(ctx(t), room, false); err != nil {
		t.Fatal(err)
	}
	if code, _ := users["viewer"].send(room, "free again", "Normal"); code != 0 {
		t.Errorf("viewer after mute-all off: %d", code)
	}
}

// The admin REST commands refuse bad bodies with Tencent's codes.
func TestModifyCommandsRejectBadBodies(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	str := func(s string) *string { return &s }
	n := func(v int64) *int64 { return &v }
	for _, tc := range []struct {
		name    string
		command string
		body    any
		code    int
	}{
		{"role", wire.RESTModifyGroupMember, wire.ModifyGroupMemberReq{GroupID: room, MemberAccount: "a", Role: str("Boss")}, 10004},
		{"owner role", wire.RESTModifyGroupMember, wire.ModifyGroupMemberReq{GroupID: room, MemberAccount: srv.Admin, Role: str(wire.RoleMember)}, 10004},
		{"mute time", wire.RESTModifyGroupMember, wire.ModifyGroupMemberReq{GroupID: room, MemberAccount: "a", ShutUpTime: n(-1)}, 10004},
		{"no member", wire.RESTModifyGroupMember, wire.ModifyGroupMemberReq{GroupID: room, ShutUpTime: n(60)}, 10004},
		{"member no group", wire.RESTModifyGroupMember, wire.ModifyGroupMemberReq{GroupID: "@TGS#none", MemberAccount: "a", ShutUpTime: n(60)}, 10010},
		{"mute all", wire.RESTModifyGroupBase, wire.ModifyGroupBaseReq{GroupID: room, ShutUpAllMember: str("Maybe")}, 10004},
		{"custom key", wire.RESTModifyGroupBase, wire.ModifyGroupBaseReq{GroupID: room, AppDefinedData: []wire.KeyValue{{Key: "", Value: "v"}}}, 10004},
		{"base no group", wire.RESTModifyGroupBase, wire.ModifyGroupBaseReq{GroupID: "@TGS#none", Name: str("x")}, 10010},
		{"priority send no group", wire.RESTSendGroupMsg, wire.RESTSendGroupMsgReq{GroupID: "@TGS#none", MsgBody: []wire.Elem{wire.TextElem("x")}}, 10010},
		{"empty send", wire.RESTSendGroupMsg, wire.RESTSendGroupMsgReq{GroupID: room}, 10004},
	} {
		if code := restCode(t, srv.Call(ctx(t), tc.command, tc.body, nil)); code != tc.code {
			t.Errorf("%s: %d, want %d", tc.name, code, tc.code)
		}
	}
	// Custom fields and the mute-all switch show in get_group_info.
	if err := srv.ModifyRoom(ctx(t), room, restapi.RoomChange{MuteAll: timtest.Ptr(true), CustomFields: map[string]string{"theme": "dark"}}); err != nil {
		t.Fatal(err)
	}
	var info wire.GetGroupInfoResp
	if err := srv.Call(ctx(t), wire.RESTGetGroupInfo, wire.GetGroupInfoReq{GroupIDList: []string{room}}, &info); err != nil {
		t.Fatal(err)
	}
	gi := info.GroupInfo[0]
	if gi.MuteAllMember != wire.SwitchOn || gi.ShutUpAllMember != "" || len(gi.AppDefinedData) != 1 || gi.AppDefinedData[0] != (wire.KeyValue{Key: "theme", Value: "dark"}) {
		t.Errorf("group info %+v", gi)
	}
}

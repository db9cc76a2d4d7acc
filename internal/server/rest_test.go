package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
)

// restRaw posts body to /v4/<command> with the given query and returns the
// decoded status.
func restRaw(t *testing.T, srv *timtest.Server, method, command string, q url.Values, body string) wire.Status {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx(t), method, srv.RESTURL+"/v4/"+command+"?"+q.Encode(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var st wire.Status
	if res.StatusCode != http.StatusOK || json.Unmarshal(raw, &st) != nil {
		t.Fatalf("HTTP %d %q", res.StatusCode, raw)
	}
	return st
}

func adminQuery(srv *timtest.Server, id, sig string) url.Values {
	return url.Values{"sdkappid": {strconv.FormatUint(srv.SDKAppID, 10)}, "identifier": {id}, "usersig": {sig},
		"random": {"1"}, "contenttype": {"json"}}
}

func TestRESTAuthentication(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	good := adminQuery(srv, srv.Admin, srv.UserSig(srv.Admin))
	expired, _ := usersig.GenerateAt(srv.SDKAppID, srv.SecretKey, srv.Admin, time.Minute, time.Now().Add(-time.Hour))
	body := `{"GroupId":"@TGS#aX"}`
	for _, tc := range []struct {
		name   string
		method string
		q      url.Values
		code   int
	}{
		{"ok", http.MethodPost, good, server.CodeNoGroup},
		{"GET", http.MethodGet, good, server.CodeBadURL},
		{"no sdkappid", http.MethodPost, url.Values{"identifier": {srv.Admin}}, server.CodeNoSDKAppID},
		{"other sdkappid", http.MethodPost, url.Values{"sdkappid": {"1400000099"}}, server.CodeBadSDKAppID},
		{"bad sig", http.MethodPost, adminQuery(srv, srv.Admin, "garbage"), 70003},
		{"expired sig", http.MethodPost, adminQuery(srv, srv.Admin, expired), 70001},
		{"sig of another user", http.MethodPost, adminQuery(srv, srv.Admin, srv.UserSig("alice")), 70013},
		{"not the admin", http.MethodPost, adminQuery(srv, "alice", srv.UserSig("alice")), server.CodeNotAdmin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := restRaw(t, srv, tc.method, wire.RESTGetOnlineMemberNum, tc.q, body)
			if st.ErrorCode != tc.code || (tc.code != 0) != (st.ActionStatus == "FAIL") {
				t.Fatalf("%+v, want %d", st, tc.code)
			}
		})
	}
	if st := restRaw(t, srv, http.MethodPost, "group_open_http_svc/no_such_command", good, body); st.ErrorCode != server.CodeUnknownCommand {
		t.Fatalf("unknown command: %+v", st)
	}
	big := `{"GroupId":"` + strings.Repeat("x", server.DefaultMaxRESTBody) + `"}`
	if st := restRaw(t, srv, http.MethodPost, wire.RESTGetOnlineMemberNum, good, big); st.ErrorCode != server.CodeBodyTooLarge {
		t.Fatalf("big body: %+v", st)
	}
}

func TestRESTRejectsBadBodies(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	for _, tc := range []struct {
		command, body string
		code          int
	}{
		{wire.RESTCreateGroup, `not json`, server.CodeBadJSON},
		{wire.RESTCreateGroup, ``, server.CodeBadJSON},
		{wire.RESTCreateGroup, `{"Type":"Public","Name":"x"}`, server.CodeBadParam},
		{wire.RESTCreateGroup, `{"Type":"AVChatRoom"}`, server.CodeBadParam},
		{wire.RESTCreateGroup, `{"Type":"AVChatRoom","Name":"x","GroupId":"` + room + `"}`, server.CodeGroupIDTaken},
		{wire.RESTCreateGroup, `{"Type":"AVChatRoom","Name":1}`, server.CodeBadParam},
		{wire.RESTSendGroupMsg, `{"GroupId":"` + room + `","MsgBody":[]}`, server.CodeBadParam},
		{wire.RESTSendGroupMsg, `{"GroupId":"` + room + `","MsgBody":{}}`, server.CodeBadParam},
		{wire.RESTSendGroupMsg, `{"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, server.CodeBadParam},
		{wire.RESTSendGroupMsg, `{"GroupId":"@TGS#aNOSUCH","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, server.CodeNoGroup},
		{wire.RESTSendSystemNotice, `{"GroupId":"` + room + `"}`, server.CodeBadParam},
		{wire.RESTForbidSendMsg, `{"GroupId":"` + room + `","Members_Account":[],"ShutUpTime":1}`, server.CodeBadParam},
		{wire.RESTForbidSendMsg, `{"GroupId":"` + room + `","Members_Account":["a"],"ShutUpTime":-1}`, server.CodeBadParam},
		{wire.RESTModifyGroupBase, `{"GroupId":"` + room + `","ShutUpAllMember":"Maybe"}`, server.CodeBadParam},
		{wire.RESTModifyGroupBase, `{"GroupId":"` + room + `","Name":""}`, server.CodeBadParam},
		{wire.RESTModifyGroupMember, `{"GroupId":"` + room + `","Member_Account":"bob","Role":"Owner"}`, server.CodeBadParam},
		{wire.RESTModifyGroupMember, `{"GroupId":"` + room + `","Member_Account":"","Role":"Admin"}`, server.CodeBadParam},
		{wire.RESTModifyGroupMember, `{"GroupId":"` + room + `","Member_Account":"` + srv.Admin + `","Role":"Member"}`, server.CodeBadParam},
		{wire.RESTDeleteGroupMember, `{"GroupId":"` + room + `","MemberToDel_Account":[]}`, server.CodeBadParam},
		{wire.RESTGetGroupInfo, `{"GroupIdList":[]}`, server.CodeBadParam},
		{wire.RESTKick, `{}`, server.CodeLoginBadParam},
		{wire.RESTPortraitSet, `{"ProfileItem":[]}`, server.CodeProfileBadParam},
		{wire.RESTPortraitSet, `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":3}]}`, server.CodeProfileBadParam},
		{wire.RESTDestroyGroup, `[1,2]`, server.CodeBadJSON},
	} {
		if code := restCode(t, srv.Call(ctx(t), tc.command, []byte(tc.body), nil)); code != tc.code {
			t.Errorf("%s %s: %d, want %d", tc.command, tc.body, code, tc.code)
		}
	}
}

func TestRESTCommands(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	c := ctx(t)
	room, err := srv.CreateRoom(c, "", "Live Room")
	if err != nil || !strings.HasPrefix(room, "@TGS#a") || len(room) != 14 {
		t.Fatalf("generated ID %q %v", room, err)
	}
	if id, err := srv.CreateRoom(c, "@TGS#aCUSTOM", "Custom"); err != nil || id != "@TGS#aCUSTOM" {
		t.Fatalf("custom ID %q %v", id, err)
	}
	guest := dial(t, srv)
	p := guest.poller(guest.join(room))
	bob := dial(t, srv)
	bob.login("bob")
	bob.join(room)

	if err := srv.SetProfile(c, "carol", "Carol", "https://x/c.png"); err != nil {
		t.Fatal(err)
	}
	seq, err := srv.SendCustom(c, room, "carol", "gift:rocket", "a rocket", `{"n":1}`, "High")
	if err != nil {
		t.Fatal(err)
	}
	it := p.until(func(it *wire.Item) bool { return it.MsgSeq == seq })
	cc, _ := it.MsgBody.Elems[0].Content()
	if cust, ok := cc.(*wire.CustomContent); !ok || cust.Data != "gift:rocket" || cust.Ext != `{"n":1}` ||
		it.FromAccount != "carol" || it.FromAccountNick != "Carol" || it.MsgPriority.Level != wire.PriorityHigh || it.TinyID == "" {
		t.Fatalf("REST custom message %+v", it)
	}
	if _, err := srv.SendText(c, room, "", "from the admin", ""); err != nil {
		t.Fatal(err)
	}
	if it := p.until(isText("from the admin")); it.FromAccount != srv.Admin || it.MsgPriority.Level != wire.PriorityNormal {
		t.Fatalf("admin text %+v", it)
	}
	if _, err := srv.SendText(c, room, "", "x", "Urgent"); err == nil {
		t.Fatal("unknown priority accepted")
	}

	if err := srv.SystemNotice(c, room, "notice-udf"); err != nil {
		t.Fatal(err)
	}
	if n := p.until(isNotice(wire.NoticeCustom)).MsgBody.Notice; n.UserDefinedField != "notice-udf" || n.OperatorAccount != srv.Admin {
		t.Fatalf("notice %+v", n)
	}

	if err := srv.SetRole(c, room, "bob", wire.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if tb := p.until(isTip(wire.TipMemberSetAdmin)).MsgBody.Tip; tb.ListAccount[0] != "bob" || tb.OperatorAccount != srv.Admin {
		t.Fatalf("set-admin tip %+v", tb)
	}
	var info wire.SelfMemberInfoResp
	bob.mustCall(wire.CmdSelfMemberInfo, wire.SelfMemberInfoReq{GroupIDList: []string{room}}, &info)
	if info.GroupInfo[0].SelfInfo.Role != wire.RoleAdmin {
		t.Fatalf("role %+v", info.GroupInfo[0].SelfInfo)
	}
	if err := srv.SetRole(c, room, "bob", wire.RoleMember); err != nil {
		t.Fatal(err)
	}
	p.until(isTip(wire.TipMemberCancelAdmin))

	if err := srv.Mute(c, room, "bob", 30); err != nil {
		t.Fatal(err)
	}
	if tb := p.until(isTip(wire.TipMemberProfile)).MsgBody.Tip; tb.MsgMemberInfo[0].ShutupTime != 30 {
		t.Fatalf("member mute tip %+v", tb)
	}

	var gi wire.GetGroupInfoResp
	srv.ModifyRoom(c, room, restapi.RoomChange{Introduction: timtest.Ptr("intro"), CustomFields: map[string]string{"a": "1", "b": "2"}})
	if err := srv.Call(c, wire.RESTGetGroupInfo, wire.GetGroupInfoReq{GroupIDList: []string{room, "@TGS#aNOSUCH"}}, &gi); err != nil {
		t.Fatal(err)
	}
	if g := gi.GroupInfo[0]; g.Introduction != "intro" || len(g.AppDefinedData) != 2 || g.SelfInfo != nil || g.MemberNum != 1 ||
		gi.GroupInfo[1].ErrorCode != server.CodeNoGroup {
		t.Fatalf("get_group_info %+v", gi.GroupInfo)
	}
	srv.ModifyRoom(c, room, restapi.RoomChange{CustomFields: map[string]string{"a": ""}}) // "" deletes
	srv.Call(c, wire.RESTGetGroupInfo, wire.GetGroupInfoReq{GroupIDList: []string{room}}, &gi)
	if len(gi.GroupInfo[0].AppDefinedData) != 1 {
		t.Fatalf("after deleting a key %+v", gi.GroupInfo[0].AppDefinedData)
	}

	if n, err := srv.OnlineCount(c, room); err != nil || n != 2 {
		t.Fatalf("online %d %v", n, err)
	}
	// A live room does not remove members (delete_group_member: 10004,
	// trtc.io/document/34949); it bans them.
	if code := restCode(t, srv.RemoveMember(c, room, "bob")); code != server.CodeBadParam {
		t.Fatalf("delete_group_member in a live room: %d", code)
	}
	if err := srv.Ban(c, room, 60, "", "bob"); err != nil {
		t.Fatal(err)
	}
	if tb := p.until(isTip(wire.TipBanMember)).MsgBody.Tip; tb.ListAccount[0] != "bob" {
		t.Fatalf("ban tip %+v", tb)
	}
	if code, _ := bob.send(room, "gone", "Normal"); code != server.CodeNotMember {
		t.Fatalf("send after the ban: %d", code)
	}
	if n, _ := srv.OnlineCount(c, room); n != 1 {
		t.Fatalf("online after the ban %d", n)
	}
}

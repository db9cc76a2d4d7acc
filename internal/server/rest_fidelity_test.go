package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
)

// restJSON posts a raw body and decodes an OK reply into resp.
func restJSON(t *testing.T, srv *timtest.Server, command, body string, resp any) int {
	t.Helper()
	return restCode(t, srv.Call(ctx(t), command, []byte(body), resp))
}

// im_open_login_svc/kick invalidates every UserSig the user had
// (trtc.io/document/34957): a login with a UserSig issued in a second
// before the kick fails with 70001; a UserSig generated after it logs in;
// other users and guests are untouched.
func TestRESTKickRevokesEarlierUserSigs(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	earlier := time.Now().Add(-time.Second) // a second before the kick, whatever its instant
	oldBob, _ := usersig.GenerateAt(srv.SDKAppID, srv.SecretKey, "bob", time.Hour, earlier)
	oldCarol, _ := usersig.GenerateAt(srv.SDKAppID, srv.SecretKey, "carol", time.Hour, earlier)

	bob := dial(t, srv)
	bob.login("bob")
	if code := restJSON(t, srv, wire.RESTKick, `{"UserID":"bob"}`, nil); code != 0 {
		t.Fatalf("kick: %d", code)
	}
	bob.nextPush(wire.CmdKickPush)

	again := dial(t, srv)
	if code := again.loginAs("bob", oldBob); code != server.CodeUserSigRevoked {
		t.Fatalf("login with a UserSig from before the kick: %d, want %d", code, server.CodeUserSigRevoked)
	}
	if code := again.loginAs("bob", srv.UserSig("bob")); code != 0 {
		t.Fatalf("login with a UserSig made after the kick: %d", code)
	}
	again.join(room)

	carol := dial(t, srv)
	if code := carol.loginAs("carol", oldCarol); code != 0 {
		t.Fatalf("another user's earlier UserSig: %d", code)
	}
	guest := dial(t, srv)
	guest.join(room)
}

// A live room does not remove members: delete_group_member is refused with
// 10004 (trtc.io/document/34949) and the member stays in the room.
func TestDeleteGroupMemberRefusedInLiveRoom(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	bob := dial(t, srv)
	bob.login("bob")
	bob.join(room)
	if code := restJSON(t, srv, wire.RESTDeleteGroupMember, `{"GroupId":"`+room+`","MemberToDel_Account":["bob"]}`, nil); code != server.CodeBadParam {
		t.Fatalf("delete_group_member: %d, want 10004", code)
	}
	if code, _ := bob.send(room, "still here", ""); code != 0 {
		t.Fatalf("send after the refused removal: %d", code)
	}
	if n, _ := srv.OnlineCount(ctx(t), room); n != 1 {
		t.Fatalf("online %d, want 1", n)
	}
}

// openconfigsvr/setnospeaking's GroupmsgNospeakingTime makes the user's
// group sends fail with 10017 (cloud.tencent.com/document/product/269/4230);
// getnospeaking reports the seconds left; 0 lifts the mute. The REST send
// as From_Account is the admin speaking and goes through.
func TestGlobalGroupMute(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	bob := dial(t, srv)
	bob.login("bob")
	bob.join(room)
	if code := restJSON(t, srv, wire.RESTSetNoSpeaking, `{"Set_Account":"bob","GroupmsgNospeakingTime":7200}`, nil); code != 0 {
		t.Fatalf("setnospeaking: %d", code)
	}
	if code, _ := bob.send(room, "muted?", ""); code != server.CodeMuted {
		t.Fatalf("send under a global mute: %d, want 10017", code)
	}
	var got wire.GetNoSpeakingResp
	if code := restJSON(t, srv, wire.RESTGetNoSpeaking, `{"Get_Account":"bob"}`, &got); code != 0 ||
		got.GroupmsgNospeakingTime < 7190 || got.GroupmsgNospeakingTime > 7200 || got.C2CmsgNospeakingTime != 0 {
		t.Fatalf("getnospeaking: %d %+v", code, got)
	}
	if _, err := srv.SendText(ctx(t), room, "bob", "as bob, by the admin", ""); err != nil {
		t.Fatalf("REST send as the muted user: %v", err)
	}
	if code := restJSON(t, srv, wire.RESTSetNoSpeaking, `{"Set_Account":"bob","GroupmsgNospeakingTime":0}`, nil); code != 0 {
		t.Fatalf("lift: %d", code)
	}
	if code, _ := bob.send(room, "free", ""); code != 0 {
		t.Fatalf("send after the mute is lifted: %d", code)
	}
	restJSON(t, srv, wire.RESTSetNoSpeaking, `{"Set_Account":"bob","C2CmsgNospeakingTime":4294967295}`, nil)
	restJSON(t, srv, wire.RESTGetNoSpeaking, `{"Get_Account":"bob"}`, &got)
	if got.C2CmsgNospeakingTime != wire.MuteForever || got.GroupmsgNospeakingTime != 0 {
		t.Fatalf("for good: %+v", got)
	}
}

// query_online_status reports Online, PushOnline (socket gone, session
// kept for a re-login) and Offline from the sessions, and unknown accounts
// in ErrorList with 70107 (trtc.io/document/35477).
func TestQueryOnlineStatus(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	alice := dial(t, srv)
	alice.login("alice")
	bob := dial(t, srv)
	bob.login("bob")
	bob.close()
	restJSON(t, srv, wire.RESTAccountImport, `{"UserID":"carol"}`, nil)

	body := `{"IsNeedDetail":1,"To_Account":["alice","bob","carol","ghost"]}`
	var resp wire.QueryOnlineStatusResp
	for deadline := time.Now().Add(testTimeout); ; { // bob's socket closes on the server's own time
		if code := restJSON(t, srv, wire.RESTQueryOnlineStatus, body, &resp); code != 0 {
			t.Fatalf("query_online_status: %d", code)
		}
		if len(resp.QueryResult) == 3 && resp.QueryResult[1].Status == wire.StatePushOnline || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	want := []wire.OnlineState{
		{ToAccount: "alice", Status: wire.StateOnline, Detail: []wire.PlatformStatus{{Platform: "Web", Status: wire.StateOnline}}},
		{ToAccount: "bob", Status: wire.StatePushOnline, Detail: []wire.PlatformStatus{{Platform: "Web", Status: wire.StatePushOnline}}},
		{ToAccount: "carol", Status: wire.StateOffline},
	}
	if g, w := mustJSON(t, resp.QueryResult), mustJSON(t, want); g != w {
		t.Fatalf("QueryResult %s, want %s", g, w)
	}
	if len(resp.ErrorList) != 1 || resp.ErrorList[0] != (wire.AccountErr{ToAccount: "ghost", ErrorCode: server.CodeAccountNotFound}) {
		t.Fatalf("ErrorList %+v", resp.ErrorList)
	}
}

// account_import creates an account with its nick and avatar, which
// portrait_get reads back (only the tags asked for); an account that does
// not exist gets its own ResultCode.
func TestAccountImportAndPortraitGet(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	if code := restJSON(t, srv, wire.RESTAccountImport, `{"UserID":"dora","Nick":"Dora","FaceUrl":"https://x/d.png"}`, nil); code != 0 {
		t.Fatalf("account_import: %d", code)
	}
	var multi wire.MultiAccountImportResp
	long := strings.Repeat("u", wire.MaxUserIDLen+1)
	if code := restJSON(t, srv, wire.RESTMultiAccountImport, `{"Accounts":["eve","","frank","`+long+`"]}`, &multi); code != 0 ||
		len(multi.FailAccounts) != 2 || multi.FailAccounts[0] != "" || multi.FailAccounts[1] != long {
		t.Fatalf("multiaccount_import: %d %+v", code, multi)
	}
	var resp wire.RESTPortraitGetResp
	if code := restJSON(t, srv, wire.RESTPortraitGet, `{"To_Account":["dora","frank","ghost"],"TagList":["Tag_Profile_IM_Nick","Tag_Profile_IM_Image"]}`, &resp); code != 0 {
		t.Fatalf("portrait_get: %d", code)
	}
	want := []wire.UserProfile{
		{ToAccount: "dora", ProfileItem: []wire.ProfileItem{{Tag: wire.ProfileTagNick, Value: "Dora"}, {Tag: wire.ProfileTagImage, Value: "https://x/d.png"}}},
		{ToAccount: "frank", ProfileItem: []wire.ProfileItem{{Tag: wire.ProfileTagNick, Value: ""}, {Tag: wire.ProfileTagImage, Value: ""}}},
		{ToAccount: "ghost", ResultCode: server.CodeProfileNoAccount, ResultInfo: "account does not exist", ProfileItem: []wire.ProfileItem{}},
	}
	if g, w := mustJSON(t, resp.UserProfileItem), mustJSON(t, want); g != w {
		t.Fatalf("UserProfileItem %s, want %s", g, w)
	}
	// An imported account logs in, and a login needs no import.
	c := dial(t, srv)
	c.login("dora")
	c2 := dial(t, srv)
	c2.login("nobody-imported")
}

// get_group_muted_account answers in the names its page shows today
// (MutedAccountList, MutedUntil); the old command keeps the old names.
func TestMutedAccountListNames(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	if err := srv.Mute(ctx(t), room, "bob", 60); err != nil {
		t.Fatal(err)
	}
	var current, old map[string]json.RawMessage
	restJSON(t, srv, wire.RESTGetGroupMutedAcct, `{"GroupId":"`+room+`"}`, &current)
	restJSON(t, srv, wire.RESTGetGroupShuttedUin, `{"GroupId":"`+room+`"}`, &old)
	var list []map[string]any
	if err := json.Unmarshal(current["MutedAccountList"], &list); err != nil || len(list) != 1 || list[0]["Member_Account"] != "bob" || list[0]["MutedUntil"] == nil {
		t.Fatalf("get_group_muted_account %s", mustJSON(t, current))
	}
	if _, ok := current["ShuttedUinList"]; ok {
		t.Fatalf("the current command answers the old name too: %s", mustJSON(t, current))
	}
	if err := json.Unmarshal(old["ShuttedUinList"], &list); err != nil || len(list) != 1 || list[0]["ShuttedUntil"] == nil {
		t.Fatalf("get_group_shutted_uin %s", mustJSON(t, old))
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// An identifier longer than any account's (32 bytes) is refused where the
// REST API would otherwise make it up: a send's From_Account and a global
// mute's Set_Account.
func TestRESTOverlongIdentifiers(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	long := strings.Repeat("u", wire.MaxUserIDLen+1)
	send := `{"GroupId":"` + room + `","Random":7,"From_Account":"%s","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`
	if code := restJSON(t, srv, wire.RESTSendGroupMsg, fmt.Sprintf(send, long), nil); code != server.CodeBadParam {
		t.Fatalf("send_group_msg From_Account of %d bytes: code %d, want %d", len(long), code, server.CodeBadParam)
	}
	if code := restJSON(t, srv, wire.RESTSendGroupMsg, fmt.Sprintf(send, long[:wire.MaxUserIDLen]), nil); code != 0 {
		t.Fatalf("send_group_msg From_Account of 32 bytes: code %d", code)
	}
	if code := restJSON(t, srv, wire.RESTSetNoSpeaking, `{"Set_Account":"`+long+`","GroupmsgNospeakingTime":60}`, nil); code != server.CodeAccountNotFound {
		t.Fatalf("setnospeaking of %d bytes: code %d, want %d", len(long), code, server.CodeAccountNotFound)
	}
}

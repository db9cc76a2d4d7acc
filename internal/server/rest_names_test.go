package server_test

import (
	"testing"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// Tencent's current REST names (MuteTime, MuteAllMember, UserID) take
// effect, the old ones still do, and a request that sends both with
// different values, or neither where one is required, is refused.
func TestRESTCurrentAndOldFieldNames(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	bob := dial(t, srv)
	bob.login("bob")
	bob.join(room)
	rest := func(command, body string) int { return restCode(t, srv.Call(ctx(t), command, []byte(body), nil)) }
	sendCode := func() int { code, _ := bob.send(room, "hi", ""); return code }

	for _, tc := range []struct {
		name, command, body string
		code, send          int // the REST reply, then bob's send after it
	}{
		{"MuteTime mutes", wire.RESTForbidSendMsg, `{"GroupId":"` + room + `","Members_Account":["bob"],"MuteTime":60}`, 0, server.CodeMuted},
		{"MuteTime 0 unmutes", wire.RESTForbidSendMsg, `{"GroupId":"` + room + `","Members_Account":["bob"],"MuteTime":0}`, 0, 0},
		{"old ShutUpTime mutes", wire.RESTForbidSendMsg, `{"GroupId":"` + room + `","Members_Account":["bob"],"ShutUpTime":60}`, 0, server.CodeMuted},
		{"no time is refused", wire.RESTForbidSendMsg, `{"GroupId":"` + room + `","Members_Account":["bob"]}`, server.CodeBadParam, server.CodeMuted},
		{"both names disagree", wire.RESTForbidSendMsg, `{"GroupId":"` + room + `","Members_Account":["bob"],"MuteTime":0,"ShutUpTime":60}`, server.CodeBadParam, server.CodeMuted},
		// modify_group_member_info checks both names, then refuses: a live
		// room stores no member profiles (269/1623); the mute stays.
		{"member MuteTime refused", wire.RESTModifyGroupMember, `{"GroupId":"` + room + `","Member_Account":"bob","MuteTime":0}`, server.CodeBadParam, server.CodeMuted},
		{"member names disagree", wire.RESTModifyGroupMember, `{"GroupId":"` + room + `","Member_Account":"bob","MuteTime":0,"ShutUpTime":5}`, server.CodeBadParam, server.CodeMuted},
		{"MuteTime 0 unmutes again", wire.RESTForbidSendMsg, `{"GroupId":"` + room + `","Members_Account":["bob"],"MuteTime":0}`, 0, 0},
		{"MuteAllMember On", wire.RESTModifyGroupBase, `{"GroupId":"` + room + `","MuteAllMember":"On"}`, 0, server.CodeMuted},
		{"MuteAllMember Off", wire.RESTModifyGroupBase, `{"GroupId":"` + room + `","MuteAllMember":"Off"}`, 0, 0},
		{"old ShutUpAllMember On", wire.RESTModifyGroupBase, `{"GroupId":"` + room + `","ShutUpAllMember":"On"}`, 0, server.CodeMuted},
		{"MuteAllMember bad value", wire.RESTModifyGroupBase, `{"GroupId":"` + room + `","MuteAllMember":"Off","ShutUpAllMember":"On"}`, server.CodeBadParam, server.CodeMuted},
	} {
		if code := rest(tc.command, tc.body); code != tc.code {
			t.Fatalf("%s: REST %d, want %d", tc.name, code, tc.code)
		}
		if code := sendCode(); code != tc.send {
			t.Fatalf("%s: send after it %d, want %d", tc.name, code, tc.send)
		}
	}

	// kick with Tencent's {"UserID": …} logs the user out; the old
	// Identifier still works.
	for _, body := range []string{`{"UserID":"bob"}`, `{"Identifier":"bob"}`} {
		c := dial(t, srv)
		c.login("bob")
		if code := rest(wire.RESTKick, body); code != 0 {
			t.Fatalf("kick %s: %d", body, code)
		}
		c.nextPush(wire.CmdKickPush)
	}
	if code := rest(wire.RESTKick, `{"UserID":"bob","Identifier":"carol"}`); code != server.CodeLoginBadParam {
		t.Fatalf("kick naming two users: %d", code)
	}
}

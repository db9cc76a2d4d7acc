package server_test

import (
	"testing"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// modify_admin makes live-room admins (tip 4, kept across leaving and
// rejoining, speaking under the room mute), at most five, never the
// owner; get_admin_list lists them; cancelling sends tip 5.
func TestLiveRoomAdmins(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	watcher := dial(t, srv)
	wp := watcher.poller(watcher.join(room))
	call := func(body string, resp any) int {
		return restCode(t, srv.Call(ctx(t), wire.RESTModifyAdmin, []byte(body), resp))
	}
	admins := func() []string {
		var resp wire.GetAdminListResp
		if err := srv.Call(ctx(t), wire.RESTGetAdminList, []byte(`{"GroupId":"`+room+`"}`), &resp); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range resp.AdminList {
			ids = append(ids, a.AdminAccount)
		}
		return ids
	}

	if code := call(`{"GroupId":"`+room+`","CommandType":1,"Admin_Account":["bob"]}`, nil); code != 0 {
		t.Fatalf("set bob: %d", code)
	}
	tip := wp.until(isTip(wire.TipMemberSetAdmin))
	if got := tip.MsgBody.Tip.ListAccount; len(got) != 1 || got[0] != "bob" {
		t.Fatalf("set-admin tip lists %v", got)
	}
	// bob was not in the room; he joins, the room is muted, he still speaks.
	bob := dial(t, srv)
	bob.login("bob")
	bob.join(room)
	if code := restCode(t, srv.Call(ctx(t), wire.RESTModifyGroupBase, []byte(`{"GroupId":"`+room+`","MuteAllMember":"On"}`), nil)); code != 0 {
		t.Fatal(code)
	}
	if code, _ := bob.send(room, "admin speaks", ""); code != 0 {
		t.Fatalf("admin under the room mute: %d", code)
	}
	if got := admins(); len(got) != 1 || got[0] != "bob" {
		t.Fatalf("admins %v", got)
	}

	for name, tc := range map[string]struct {
		body string
		code int
	}{
		"bad command": {`{"GroupId":"` + room + `","CommandType":3,"Admin_Account":["c"]}`, server.CodeBadParam},
		"no accounts": {`{"GroupId":"` + room + `","CommandType":1,"Admin_Account":[]}`, server.CodeBadParam},
		"six at once": {`{"GroupId":"` + room + `","CommandType":1,"Admin_Account":["a","b","c","d","e","f"]}`, server.CodeBadParam},
		"over five":   {`{"GroupId":"` + room + `","CommandType":1,"Admin_Account":["a","b","c","d","e"]}`, server.CodeBadParam},
		"the owner":   {`{"GroupId":"` + room + `","CommandType":1,"Admin_Account":["` + srv.Admin + `"]}`, server.CodeBadParam},
		"no group":    {`{"GroupId":"@TGS#aNOSUCH","CommandType":1,"Admin_Account":["a"]}`, server.CodeNoGroup},
		"wrong type":  {`{"GroupId":"` + room + `","CommandType":"1","Admin_Account":["a"]}`, server.CodeBadParam},
	} {
		if code := call(tc.body, nil); code != tc.code {
			t.Errorf("%s: %d, want %d", name, code, tc.code)
		}
	}
	if got := admins(); len(got) != 1 {
		t.Fatalf("a refused call changed the admins: %v", got)
	}

	if code := call(`{"GroupId":"`+room+`","CommandType":2,"Admin_Account":["bob"]}`, nil); code != 0 {
		t.Fatalf("cancel bob: %d", code)
	}
	wp.until(isTip(wire.TipMemberCancelAdmin))
	if code, _ := bob.send(room, "member again", ""); code != server.CodeMuted {
		t.Fatalf("bob after the cancel, room muted: %d", code)
	}
	if got := admins(); len(got) != 0 {
		t.Fatalf("admins after the cancel %v", got)
	}
}

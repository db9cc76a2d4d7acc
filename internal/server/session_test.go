package server_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
)

func TestLoginIssuesA2TinyIDAndInstID(t *testing.T) {
	srv := newServer(t, timtest.Options{HelloInterval: 7 * time.Second})
	c := dial(t, srv)
	h := wire.LoginHead(srv.SDKAppID, "alice", srv.UserSig("alice"), wire.CmdLogin, 42, time.Now().Unix())
	f := c.roundTrip(h, wire.NewLoginReq())
	if f.Head.Servcmd != wire.CmdLogin || f.Head.Seq != 42 || f.Head.Identifier == nil || *f.Head.Identifier != "alice" {
		t.Fatalf("the reply does not echo the request head: %+v", f.Head)
	}
	var resp wire.LoginResp
	if code := decodeReply(t, f, &resp); code != 0 {
		t.Fatalf("ErrorCode %d", code)
	}
	if len(resp.A2Key) != 64 || resp.TinyID != "144115200000000001" || resp.InstID == 0 || resp.HelloInterval != 7 {
		t.Fatalf("login reply %+v", resp)
	}
	if d := time.Now().Unix() - resp.TimeStamp; d < -1 || d > 1 {
		t.Fatalf("TimeStamp %d is not the server clock", resp.TimeStamp)
	}
	// The TinyId belongs to the user: a second user gets the next one, the same user keeps it.
	c2 := dial(t, srv)
	c2.login("bob")
	c3 := dial(t, srv)
	c3.login("alice")
	if c2.tinyID != "144115200000000002" || c3.tinyID != resp.TinyID {
		t.Fatalf("TinyIds bob %s, alice again %s", c2.tinyID, c3.tinyID)
	}
	// After login every command works with the session head.
	var page wire.PageGetResp
	c3.mustCall(wire.CmdPageGet, wire.PageGetReq{FromAccount: "alice"}, &page)
	if page.CompleteFlag != 1 {
		t.Fatalf("page_get CompleteFlag %d, SDK_READY needs 1", page.CompleteFlag)
	}
}

func TestLoginRejectsBadUserSigs(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	other := func(appID uint64, key string) string {
		sig, err := usersig.Generate(appID, key, "alice", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return sig
	}
	expired, err := usersig.GenerateAt(srv.SDKAppID, srv.SecretKey, "alice", time.Minute, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, user, sig string
		code            int
	}{
		{"expired", "alice", expired, 70001},
		{"malformed", "alice", "not-a-usersig", 70003},
		{"empty", "alice", "", 70003},
		{"other key", "alice", other(srv.SDKAppID, "another key"), 70009},
		{"other user", "mallory", srv.UserSig("alice"), 70013},
		{"other app", "alice", other(1400000099, srv.SecretKey), 70014},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, srv)
			if code := c.loginAs(tc.user, tc.sig); code != tc.code {
				t.Fatalf("ErrorCode %d, want %d", code, tc.code)
			}
		})
	}
	// A guest head cannot log in either (empty UserSig), and the socket stays usable.
	c := dial(t, srv)
	if code := c.call(wire.CmdLogin, wire.NewLoginReq(), nil); code != 70003 {
		t.Fatalf("guest-head login: %d", code)
	}
	c.login("alice")
}

func TestReloginByA2KeepsMembershipAndPollKey(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	alice := dial(t, srv)
	alice.login("alice")
	p := alice.poller(alice.join(room))

	if n := srv.CloseConnections(); n != 1 {
		t.Fatalf("closed %d sockets", n)
	}
	alice.closed()
	again := dial(t, srv)
	again.a2, again.tinyID, again.instID = alice.a2, alice.tinyID, alice.instID
	if code := again.relogin(); code != 0 {
		t.Fatalf("re-login by A2: ErrorCode %d", code)
	}
	if _, err := srv.SendText(ctx(t), room, "bob", "while you were away", "Normal"); err != nil {
		t.Fatal(err)
	}
	p.c = again // same Key, same NextSeq, new socket: no re-join
	p.until(isText("while you were away"))
	if code, _ := again.send(room, "still a member", "Normal"); code != 0 {
		t.Fatalf("send after re-login: %d", code)
	}
	if st := srv.Stats(); st.Members != 1 || st.Relogins != 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestUnknownA2GetsA2Expired(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	c := dial(t, srv)
	c.a2, c.tinyID, c.instID = "00ff", "144115200000000001", 7
	if code := c.relogin(); code != server.CodeA2Expired {
		t.Fatalf("re-login with an unknown A2: %d", code)
	}
	if code := c.call(wire.CmdSendGroupMsg, wire.SendGroupMsgReq{GroupID: "x"}, nil); code != server.CodeA2Expired {
		t.Fatalf("command with an unknown A2: %d", code)
	}
	// heartbeat and logout work whatever the head.
	c.mustCall(wire.CmdAlive, wire.Empty{}, nil)
	c.mustCall(wire.CmdLogout, wire.LogoutReq{}, nil)
}

func TestSecondLoginKicksTheFirst(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	first := dial(t, srv)
	first.login("alice")
	first.join(room)
	watcher := dial(t, srv)
	wp := watcher.poller(watcher.join(room))

	second := dial(t, srv)
	second.login("alice")
	f := first.nextPush(wire.CmdKickPush)
	var kick wire.KickPush
	if err := json.Unmarshal(f.Body, &kick); err != nil {
		t.Fatal(err)
	}
	if kick.KickType() != wire.KickMultipleAccount || kick.EventArray[0].Event != wire.EventKickNotify {
		t.Fatalf("kick push %s", f.Body)
	}
	if second.a2 == first.a2 || second.tinyID != first.tinyID {
		t.Fatal("the new login must have a new A2 and the same TinyId")
	}
	// The old session left the room (quit tip) and its A2 now says "kicked".
	quit := wp.until(isTip(wire.TipMemberQuit))
	if quit.MsgBody.Tip.OperatorAccount != "alice" {
		t.Fatalf("quit tip %+v", quit.MsgBody.Tip)
	}
	var kr wire.KickResp
	h := first.head(wire.CmdHello)
	if code := decodeReply(t, first.roundTrip(h, wire.HelloReq{}), nil); code != server.CodeKicked {
		t.Fatalf("hello with the kicked A2: %d", code)
	}
	if err := json.Unmarshal(first.roundTrip(first.head(wire.CmdHello), wire.HelloReq{}).Body, &kr); err != nil || kr.KickType != wire.KickMultipleAccount {
		t.Fatalf("kicked reply %+v %v", kr, err)
	}
	// The old instance's logout is answered OK and does not end the new session.
	first.mustCall(wire.CmdLogout, wire.LogoutReq{LogoutType: wire.LogoutTypeKicked}, nil)
	second.mustCall(wire.CmdHello, wire.HelloReq{}, nil)
}

func TestRESTKick(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	c := dial(t, srv)
	c.login("alice")
	if err := srv.Kick(ctx(t), "alice"); err != nil {
		t.Fatal(err)
	}
	var kick wire.KickPush
	if err := json.Unmarshal(c.nextPush(wire.CmdKickPush).Body, &kick); err != nil || kick.KickType() != wire.KickRESTAPI {
		t.Fatalf("kick push %+v %v", kick, err)
	}
	if st := srv.Stats(); st.Sessions != 0 || st.Kicks != 1 {
		t.Fatalf("stats %+v", st)
	}
	if err := srv.Kick(ctx(t), "alice"); err != nil {
		t.Fatalf("kicking a user with no session: %v", err)
	}
	if code := restCode(t, srv.Kick(ctx(t), "nobody")); code != server.CodeAccountNotFound {
		t.Fatalf("kicking an account that does not exist: %d", code)
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	alice := dial(t, srv)
	alice.login("alice")
	alice.join(room)
	alice.mustCall(wire.CmdLogout, wire.LogoutReq{}, nil)
	if st := srv.Stats(); st.Sessions != 0 || st.Members != 0 {
		t.Fatalf("stats after logout %+v", st)
	}
	// A late request of the logged-out instance is refused without "A2 expired".
	if code := alice.call(wire.CmdJoinedGroupList, wire.JoinedGroupListReq{}, nil); code != server.CodeNeedLogin {
		t.Fatalf("late request after logout: %d", code)
	}
}

func TestSessionEndsAfterTheReconnectGrace(t *testing.T) {
	srv := newServer(t, timtest.Options{ReconnectGrace: 200 * time.Millisecond})
	room := newRoom(t, srv)
	watcher := dial(t, srv)
	wp := watcher.poller(watcher.join(room))
	alice := dial(t, srv)
	alice.login("alice")
	alice.join(room)
	alice.close()
	quit := wp.until(isTip(wire.TipMemberQuit))
	if quit.MsgBody.Tip.OperatorAccount != "alice" || quit.MsgBody.Tip.OnlineInf.Num != 1 {
		t.Fatalf("quit tip %+v", quit.MsgBody.Tip)
	}
	again := dial(t, srv)
	again.a2, again.tinyID, again.instID = alice.a2, alice.tinyID, alice.instID
	if code := again.relogin(); code != server.CodeA2Expired {
		t.Fatalf("re-login after the grace: %d", code)
	}
}

// The A2 derives from the UserSig of the first login: once that UserSig
// expired, a re-login by A2 gets 70001 and ends the session, even inside
// the reconnect grace (so a stalled-then-reconnected viewer learns that it
// needs a new UserSig instead of staying logged in forever).
func TestReloginAfterTheUserSigExpired(t *testing.T) {
	srv := newServer(t, timtest.Options{}) // grace: 2 minutes
	room := newRoom(t, srv)
	watcher := dial(t, srv)
	wp := watcher.poller(watcher.join(room))
	alice := dial(t, srv)
	sig, err := usersig.Generate(srv.SDKAppID, srv.SecretKey, "alice", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if code := alice.loginAs("alice", sig); code != 0 {
		t.Fatalf("login: %d", code)
	}
	alice.join(room)
	alice.close()
	// TLS.time has whole seconds: two second boundaries later it expired.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(2 * time.Second)))
	again := dial(t, srv)
	again.a2, again.tinyID, again.instID = alice.a2, alice.tinyID, alice.instID
	if code := again.relogin(); code != server.CodeA2Expired {
		t.Fatalf("re-login by A2 after the UserSig expired: %d", code)
	}
	wp.until(isTip(wire.TipMemberQuit)) // the session ended and left the room
	if code := again.relogin(); code != server.CodeA2Expired {
		t.Fatalf("second re-login: %d", code)
	}
}

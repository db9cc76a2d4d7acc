package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
)

// waitFor polls cond until it holds or the test's deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(testTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// isClosed reports whether the server has closed c's socket.
func (c *client) isClosed() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// A socket that neither logs in nor joins is closed at LoginTimeout, even
// if it keeps sending heartbeats; one that logged in stays.
func TestLoginDeadlineClosesSocketsThatNeverLogIn(t *testing.T) {
	srv := newServer(t, timtest.Options{LoginTimeout: time.Second})
	silent := dial(t, srv)
	chatty := dial(t, srv) // heartbeats but never logs in
	member := dial(t, srv)
	member.login("alice")
	waitFor(t, "the silent socket to close", silent.isClosed)
	deadline := time.Now().Add(testTimeout)
	for !chatty.isClosed() {
		if time.Now().After(deadline) {
			t.Fatal("the heartbeating socket that never logged in is still open")
		}
		h := chatty.head(wire.CmdAlive)
		b, _ := wire.EncodeFrame(&h, wire.Empty{})
		chatty.ws.Write(ctx(t), websocket.MessageBinary, b) // fails once closed
		time.Sleep(100 * time.Millisecond)
	}
	if st := srv.Stats(); st.LoginTimeouts != 2 {
		t.Fatalf("LoginTimeouts %d, want 2", st.LoginTimeouts)
	}
	member.mustCall(wire.CmdHello, wire.Empty{}, nil) // well past its login deadline
}

// A socket that sends nothing after logging in or joining is closed after
// IdleTimeout (plus HelloInterval when logged in); one that sends frames at
// the SDK's cadence stays.
func TestIdleTimeoutClosesSilentSockets(t *testing.T) {
	srv := newServer(t, timtest.Options{PollHold: 100 * time.Millisecond, IdleTimeout: 2 * time.Second, HelloInterval: time.Second})
	room := newRoom(t, srv)
	silentGuest := dial(t, srv)
	silentGuest.join(room)
	silentMember := dial(t, srv)
	silentMember.login("bob")
	busy := dial(t, srv)
	busy.join(room)
	tick := time.NewTicker(300 * time.Millisecond)
	defer tick.Stop()
	deadline := time.Now().Add(testTimeout)
	for !silentGuest.isClosed() || !silentMember.isClosed() {
		if time.Now().After(deadline) {
			t.Fatal("silent sockets still open")
		}
		<-tick.C
		busy.mustCall(wire.CmdAlive, wire.Empty{}, nil)
	}
	if st := srv.Stats(); st.IdleTimeouts != 2 || st.LoginTimeouts != 0 {
		t.Fatalf("IdleTimeouts %d, LoginTimeouts %d; want 2, 0", st.IdleTimeouts, st.LoginTimeouts)
	}
	busy.mustCall(wire.CmdAlive, wire.Empty{}, nil)
}

// dialStatus opens a socket and returns the HTTP status of a refusal (0
// when it opened).
func dialStatus(t *testing.T, srv *timtest.Server) (*websocket.Conn, int) {
	t.Helper()
	url := fmt.Sprintf("%s/binfo?sdkappid=%d", srv.URL, srv.SDKAppID)
	ws, resp, err := websocket.Dial(ctx(t), url, nil)
	if err != nil {
		if resp == nil {
			t.Fatal(err)
		}
		return nil, resp.StatusCode
	}
	t.Cleanup(func() { ws.CloseNow() })
	return ws, 0
}

// One address holds at most MaxConnsPerAddr sockets (loopback included
// only with LimitLoopback); a socket closing makes room.
func TestSocketsPerAddress(t *testing.T) {
	srv := newServer(t, timtest.Options{MaxConnsPerAddr: 3, LimitLoopback: true})
	var open []*websocket.Conn
	for range 3 {
		ws, code := dialStatus(t, srv)
		if code != 0 {
			t.Fatalf("socket %d refused with %d", len(open), code)
		}
		open = append(open, ws)
	}
	if _, code := dialStatus(t, srv); code != http.StatusTooManyRequests {
		t.Fatalf("4th socket: HTTP %d, want 429", code)
	}
	open[0].CloseNow()
	waitFor(t, "a freed slot", func() bool {
		ws, code := dialStatus(t, srv)
		if ws != nil {
			ws.CloseNow()
		}
		return code == 0
	})
	if st := srv.Stats(); st.ConnsRefused == 0 {
		t.Fatal("ConnsRefused not counted")
	}

	// Loopback is exempt by default: load tests run thousands of viewers
	// from 127.0.0.1.
	lo := newServer(t, timtest.Options{MaxConnsPerAddr: 3})
	for i := range 5 {
		if _, code := dialStatus(t, lo); code != 0 {
			t.Fatalf("loopback socket %d refused with %d", i, code)
		}
	}
}

// One address holds at most MaxGuestsPerAddr guests across its sockets;
// more joins get 60018 and the online count stays at the cap.
func TestGuestsPerAddress(t *testing.T) {
	srv := newServer(t, timtest.Options{MaxGuestsPerAddr: 5, LimitLoopback: true})
	room := newRoom(t, srv)
	a, b := dial(t, srv), dial(t, srv)
	for range 3 {
		a.join(room)
	}
	for range 2 {
		b.join(room)
	}
	for _, c := range []*client{a, b} {
		if code := c.call(wire.CmdApplyJoinNoAuth, wire.ApplyJoinReq{GroupID: room}, nil); code != server.CodeTooManyGuests {
			t.Fatalf("6th guest: ErrorCode %d, want %d", code, server.CodeTooManyGuests)
		}
	}
	var online wire.OnlineNumResp
	a.mustCall(wire.CmdOnlineNum, wire.GroupIDReq{GroupID: room}, &online)
	if online.OnlineMemberNum != 5 {
		t.Fatalf("online %d, want 5", online.OnlineMemberNum)
	}
	if st := srv.Stats(); st.GuestJoinsRefused != 2 || st.Guests != 5 {
		t.Fatalf("GuestJoinsRefused %d, Guests %d; want 2, 5", st.GuestJoinsRefused, st.Guests)
	}
}

// The SDKAppID of the socket URL and of every head must be the server's:
// otherwise the frame gets 70020 and the socket closes (1008).
func TestSDKAppIDOfURLAndHead(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	refused := func(c *client, h wire.Head) {
		t.Helper()
		f := c.roundTrip(h, wire.Empty{})
		if code := decodeReply(t, f, nil); code != server.CodeAppMismatch {
			t.Fatalf("ErrorCode %d, want %d", code, server.CodeAppMismatch)
		}
		if code := c.closed(); code != websocket.StatusPolicyViolation {
			t.Fatalf("close status %d, want 1008", code)
		}
	}
	for _, q := range []string{"sdkappid=1400000002", "sdkappid=", "sdkappid=x", ""} {
		c := dialWith(t, srv, dialOpts{url: fmt.Sprintf("%s/binfo?%s", srv.URL, q)})
		refused(c, c.head(wire.CmdAlive))
	}
	c := dial(t, srv)
	c.mustCall(wire.CmdAlive, wire.Empty{}, nil)
	h := c.head(wire.CmdAlive)
	h.SDKAppID++
	refused(c, h)

	c = dial(t, srv)
	h = wire.LoginHead(srv.SDKAppID+1, "alice", srv.UserSig("alice"), wire.CmdLogin, 1, 0)
	refused(c, h)
	if st := srv.Stats(); st.AppMismatches != 6 || st.Logins != 0 {
		t.Fatalf("AppMismatches %d, Logins %d; want 6, 0", st.AppMismatches, st.Logins)
	}
}

// A UserID is at most 32 bytes: a longer one gets 70402 at login, even
// with a UserSig made for it.
func TestLoginUserIDLength(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	c := dial(t, srv)
	long := strings.Repeat("u", wire.MaxUserIDLen+1)
	sig, err := usersig.Generate(srv.SDKAppID, srv.SecretKey, long, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if code := c.loginAs(long, sig); code != server.CodeLoginBadParam {
		t.Fatalf("login with %d bytes: ErrorCode %d, want %d", len(long), code, server.CodeLoginBadParam)
	}
	c.login(long[:wire.MaxUserIDLen])
}

// /debug/ answers loopback clients unless a token is set, then only those
// presenting it; DisableDebug hides it.
func TestDebugAccess(t *testing.T) {
	get := func(srv *timtest.Server, auth string) int {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx(t), http.MethodGet, srv.RESTURL+"/debug/stats", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := get(newServer(t, timtest.Options{}), ""); code != http.StatusOK {
		t.Errorf("loopback: %d, want 200", code)
	}
	if code := get(newServer(t, timtest.Options{DisableDebug: true}), ""); code != http.StatusNotFound {
		t.Errorf("disabled: %d, want 404", code)
	}
	tok := newServer(t, timtest.Options{DebugToken: "s3cret"})
	for auth, want := range map[string]int{"": 403, "Bearer wrong": 403, "s3cret": 403, "Bearer s3cret": 200} {
		if code := get(tok, auth); code != want {
			t.Errorf("token, Authorization %q: %d, want %d", auth, code, want)
		}
	}
	if n := tok.CloseConnections(); n != 0 { // timtest's helper calls the server directly
		t.Errorf("CloseConnections %d", n)
	}
}

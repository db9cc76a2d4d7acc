package timtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
)

// wsClient is a bare client: it logs in or joins as a guest and keeps one
// long poll open, so that Close finds sockets, held polls and timers.
func wsClient(t *testing.T, srv *timtest.Server, user, groupID string) *websocket.Conn {
	t.Helper()
	ctx := context.Background()
	ws, _, err := websocket.Dial(ctx, fmt.Sprintf("%s/binfo?sdkappid=%d&compress=gzip", srv.URL, srv.SDKAppID), nil)
	if err != nil {
		t.Fatal(err)
	}
	var seq uint64
	call := func(h wire.Head, body any) []byte {
		b, _ := wire.EncodeFrame(&h, body)
		if err := ws.Write(ctx, websocket.MessageBinary, b); err != nil {
			t.Fatal(err)
		}
		_, data, err := ws.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		f, err := wire.DecodeFrame(data)
		if err != nil {
			t.Fatal(err)
		}
		return f.Body
	}
	head := wire.GuestHead(srv.SDKAppID, wire.CmdApplyJoinNoAuth, seq, 0)
	if user != "" {
		var lr wire.LoginResp
		decode(t, call(wire.LoginHead(srv.SDKAppID, user, srv.UserSig(user), wire.CmdLogin, seq, 0), wire.NewLoginReq()), &lr)
		head = wire.SessionHead(srv.SDKAppID, lr.A2Key, lr.TinyID, lr.InstID, wire.CmdApplyJoin, seq+1, 0)
	}
	var jr wire.ApplyJoinResp
	decode(t, call(head, wire.ApplyJoinReq{GroupID: groupID}), &jr)
	if jr.LongPollingKey != "" {
		head.Servcmd, head.Seq = wire.CmdGetMsg, head.Seq+1
		if user == "" {
			head.Servcmd = wire.CmdGetMsgNoAuth
		}
		b, _ := wire.EncodeFrame(&head, wire.GetMsgReq{Key: jr.LongPollingKey, StartSeq: jr.StartSeq + 100})
		ws.Write(ctx, websocket.MessageBinary, b) // held: nothing new yet
	}
	go func() {
		for {
			if _, _, err := ws.Read(ctx); err != nil {
				return
			}
		}
	}()
	return ws
}

func decode(t *testing.T, body []byte, v any) {
	t.Helper()
	var st wire.Status
	if err := json.Unmarshal(body, &st); err != nil || st.ErrorCode != 0 {
		t.Fatalf("reply %s: %v", body, err)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatal(err)
	}
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	settle := func(limit int) int {
		var n int
		for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if n = runtime.NumGoroutine(); n <= limit {
				break
			}
		}
		return n
	}
	before := runtime.NumGoroutine()
	for _, delivery := range []string{"poll", "push"} {
		srv := timtest.NewServer(timtest.Options{Delivery: delivery, PollHold: 5 * time.Second})
		ctx := context.Background()
		room, err := srv.CreateRoom(ctx, "", "Leak Check")
		if err != nil {
			t.Fatal(err)
		}
		var conns []*websocket.Conn
		for _, u := range []string{"alice", "bob", "", ""} {
			conns = append(conns, wsClient(t, srv, u, room))
		}
		for i := range 20 {
			if _, err := srv.SendText(ctx, room, "carol", "m", []string{"High", "Low"}[i%2]); err != nil {
				t.Fatal(err)
			}
		}
		srv.CloseConnections()
		conns = append(conns, wsClient(t, srv, "dave", room))
		srv.Close()
		srv.Close() // idempotent
		for _, c := range conns {
			c.CloseNow()
		}
	}
	after := settle(before)
	t.Logf("goroutines: %d before, %d after Close", before, after)
	if after > before {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines before, %d after Close:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}

func TestHelpersReturnTypedErrors(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{})
	ctx := context.Background()
	if !strings.HasPrefix(srv.URL, "ws://127.0.0.1:") || !strings.HasPrefix(srv.RESTURL, "http://127.0.0.1:") ||
		srv.SDKAppID != timtest.DefaultSDKAppID || srv.Admin != "administrator" || len(srv.SecretKey) != 64 {
		t.Fatalf("server %+v", srv)
	}
	err := srv.Mute(ctx, "@TGS#aNOSUCH", "bob", 10)
	var e *restapi.Error
	if !errors.As(err, &e) || e.Code != 10010 || e.Command != wire.RESTForbidSendMsg {
		t.Fatalf("error %#v", err)
	}
	room, err := srv.CreateRoom(ctx, "@TGS#aHELPERS", "Helpers")
	if err != nil || room != "@TGS#aHELPERS" {
		t.Fatal(room, err)
	}
	if _, err := srv.CreateRoom(ctx, room, "again"); !errors.As(err, &e) || e.Code != 10021 {
		t.Fatalf("taken ID: %v", err)
	}
	for _, f := range []func() error{
		func() error { _, err := srv.SendText(ctx, room, "alice", "hi", "High"); return err },
		func() error { _, err := srv.SendCustom(ctx, room, "", "d", "", "", ""); return err },
		func() error { return srv.SystemNotice(ctx, room, "udf") },
		func() error { return srv.Mute(ctx, room, "bob", 0) },
		func() error { return srv.SetRole(ctx, room, "bob", "Admin") },
		func() error { return srv.Ban(ctx, room, 60, "", "bob") }, // a live room bans; delete_group_member is 10004
		func() error { return srv.SetProfile(ctx, "bob", "Bob", "https://x/b.png") },
		func() error { return srv.Kick(ctx, "bob") },
		func() error { return srv.ModifyRoom(ctx, room, restapi.RoomChange{Name: new("New")}) },
		func() error { _, err := srv.OnlineCount(ctx, room); return err },
		func() error { return srv.DestroyRoom(ctx, room) },
	} {
		if err := f(); err != nil {
			t.Fatal(err)
		}
	}
	if st := srv.Stats(); st.RoomsCreated != 1 || st.Messages != 2 || st.RESTErrors != 2 {
		t.Fatalf("stats %+v", st)
	}
}

func TestNewServerPanicsOnBadOptions(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	timtest.NewServer(timtest.Options{Delivery: "carrier pigeon"})
}

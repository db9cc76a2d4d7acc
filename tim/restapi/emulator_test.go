package restapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// These tests drive the emulator (tim/timtest) with the client over real
// HTTP, beside a Go SDK viewer over a real WebSocket, for the commands the
// emulator serves.

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newClient is a restapi client of the emulator, made the way a backend
// makes one for Tencent IM (BaseURL in place of Region).
func newClient(t *testing.T, srv *timtest.Server) *restapi.Client {
	t.Helper()
	c, err := restapi.New(restapi.Config{SDKAppID: srv.SDKAppID, SecretKey: srv.SecretKey, Admin: srv.Admin, BaseURL: srv.RESTURL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// viewer is a logged-in Go SDK user in the room, with its received texts.
type viewer struct {
	*tim.TIM
	texts chan *message.Message
}

func joinViewer(t *testing.T, srv *timtest.Server, room, userID string) *viewer {
	t.Helper()
	ctx := testCtx(t)
	v := &viewer{TIM: tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL)), texts: make(chan *message.Message, 16)}
	t.Cleanup(func() { _ = v.Destroy(context.Background()) })
	tim.On(v.TIM, tim.MessageReceived, func(msgs []*message.Message) {
		for _, m := range msgs {
			if _, ok := m.Payload.(*message.TextPayload); ok {
				v.texts <- m
			}
		}
	})
	if err := v.Login(ctx, userID, srv.UserSig(userID)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.JoinGroup(ctx, room); err != nil {
		t.Fatal(err)
	}
	return v
}

// say sends text to the room as the viewer.
func (v *viewer) say(ctx context.Context, room, text string) error {
	msg, err := v.CreateTextMessage(tim.TextMessageOptions{To: room, ConversationType: types.ConvGroup, Payload: message.TextPayload{Text: text}})
	if err != nil {
		return err
	}
	_, err = v.SendMessage(ctx, msg)
	return err
}

func TestRoomProfileOnEmulator(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{})
	c, ctx := newClient(t, srv), testCtx(t)
	room, err := c.CreateRoom(ctx, "", "Live Room")
	if err != nil || !strings.HasPrefix(room, "@TGS#a") {
		t.Fatal(room, err)
	}
	if err := c.ModifyRoom(ctx, room, restapi.RoomChange{Notification: new("be nice"), MuteAll: new(true),
		CustomFields: map[string]string{"likes": "12"}}); err != nil {
		t.Fatal(err)
	}
	info, err := c.GetGroupInfo(ctx, restapi.GetGroupInfoRequest{GroupIDList: []string{room},
		ResponseFilter: &restapi.ResponseFilter{AppDefinedDataFilterGroup: []string{"likes"}}})
	if err != nil || len(info.GroupInfo) != 1 {
		t.Fatal(info, err)
	}
	g := info.GroupInfo[0]
	if g.ErrorCode != 0 || g.Name != "Live Room" || g.Type != restapi.AVChatRoom || g.Notification != "be nice" || !g.MutedAll() {
		t.Fatalf("group %+v", g)
	}
	if len(g.AppDefinedData) != 1 || g.AppDefinedData[0] != (restapi.KeyValue{Key: "likes", Value: "12"}) {
		t.Fatalf("custom fields %+v", g.AppDefinedData)
	}
	if err := c.SetMuteAll(ctx, room, false); err != nil {
		t.Fatal(err)
	}
	if err := c.DestroyRoom(ctx, room); err != nil {
		t.Fatal(err)
	}
	err = c.Mute(ctx, room, "bob", 60)
	var e *restapi.Error
	if !errors.Is(err, types.ErrGroupNotFound) || !errors.As(err, &e) || e.Command != restapi.CmdForbidSendMsg {
		t.Fatalf("mute in a dismissed room: %v", err)
	}
}

func TestSendAndMuteOnEmulator(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{Delivery: "push"})
	c, ctx := newClient(t, srv), testCtx(t)
	room, err := c.CreateRoom(ctx, "@TGS#aMUTE", "Moderated")
	if err != nil {
		t.Fatal(err)
	}
	bob := joinViewer(t, srv, room, "bob")

	seq, err := c.SendText(ctx, room, "host", "welcome", "High")
	if err != nil || seq == 0 {
		t.Fatal(seq, err)
	}
	if m := <-bob.texts; m.From != "host" || m.Priority != types.MsgPriorityHigh || m.Payload.(*message.TextPayload).Text != "welcome" {
		t.Fatalf("bob got %+v", m)
	}

	if err := c.Mute(ctx, room, "bob", 600); err != nil {
		t.Fatal(err)
	}
	if err := bob.say(ctx, room, "let me talk"); !errors.Is(err, types.ErrGroupShutUpDeny) {
		t.Fatalf("muted bob's send: %v", err)
	}
	muted, err := c.MutedAccounts(ctx, room)
	if now := time.Now().Unix(); err != nil || muted["bob"] < now+590 || muted["bob"] > now+610 {
		t.Fatalf("muted %v, %v", muted, err)
	}
	if err := c.Mute(ctx, room, "bob", 0); err != nil {
		t.Fatal(err)
	}
	if err := bob.say(ctx, room, "thanks"); err != nil {
		t.Fatalf("unmuted bob's send: %v", err)
	}
	if muted, err := c.MutedAccounts(ctx, room); err != nil || len(muted) != 0 {
		t.Fatalf("muted after unmute %v, %v", muted, err)
	}

	// A live room has no modify_group_member_info (10004, 269/1623): the
	// mute stays off; admins come from modify_admin.
	err = c.ModifyGroupMemberInfo(ctx, restapi.ModifyGroupMemberInfoRequest{GroupID: room, MemberAccount: "bob", MuteTime: new(uint32(60))})
	if !errors.Is(err, types.ErrGroupInvalidParameters) {
		t.Fatalf("modify_group_member_info in a live room: %v", err)
	}
	if err := bob.say(ctx, room, "still here"); err != nil {
		t.Fatalf("bob after a refused modify_group_member_info: %v", err)
	}
	if err := c.SetRole(ctx, room, "bob", restapi.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if admins, err := c.GetAdminList(ctx, room); err != nil || len(admins) != 1 || admins[0].AdminAccount != "bob" {
		t.Fatalf("admins %+v, %v", admins, err)
	}
	if err := c.Mute(ctx, room, "bob", -1); err == nil {
		t.Fatal("a negative mute time was sent")
	}
}

func TestCountersBansAndMembersOnEmulator(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{})
	c, ctx := newClient(t, srv), testCtx(t)
	room, err := c.CreateRoom(ctx, "", "Counting")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetCounters(ctx, room, map[string]int64{"like": 1, "gift": 0}); err != nil {
		t.Fatal(err)
	}
	if n, err := c.IncreaseCounter(ctx, room, "like", 4); err != nil || n != 5 {
		t.Fatal(n, err)
	}
	if n, err := c.IncreaseCounter(ctx, room, "like", -2); err != nil || n != 3 {
		t.Fatal(n, err)
	}
	if got, err := c.Counters(ctx, room); err != nil || len(got) != 2 || got["like"] != 3 || got["gift"] != 0 {
		t.Fatal(got, err)
	}

	if err := c.SetAttributes(ctx, room, map[string]string{"stage": "open", "song": "intro"}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Attributes(ctx, room); err != nil || len(got) != 2 || got["stage"] != "open" {
		t.Fatal(got, err)
	}

	joinViewer(t, srv, room, "carol")
	if n, err := c.OnlineCount(ctx, room); err != nil || n != 1 {
		t.Fatal(n, err)
	}
	if ids, err := c.OnlineMembers(ctx, room); err != nil || len(ids) != 1 || ids[0] != "carol" {
		t.Fatal(ids, err)
	}
	if err := c.Ban(ctx, room, 60, "spam", "carol"); err != nil {
		t.Fatal(err)
	}
	if banned, err := c.Banned(ctx, room); err != nil || len(banned) != 1 || banned["carol"] <= time.Now().Unix() {
		t.Fatal(banned, err)
	}
	if err := c.Unban(ctx, room, "carol"); err != nil {
		t.Fatal(err)
	}
	if banned, err := c.Banned(ctx, room); err != nil || len(banned) != 0 {
		t.Fatal(banned, err)
	}
	if err := c.Ban(ctx, room, 0, "", "carol"); err == nil {
		t.Fatal("a zero ban was sent")
	}
}

func TestKickOnEmulator(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{})
	c, ctx := newClient(t, srv), testCtx(t)
	room, err := c.CreateRoom(ctx, "", "Kick")
	if err != nil {
		t.Fatal(err)
	}
	dave := joinViewer(t, srv, room, "dave")
	kicked := make(chan tim.KickedOutEvent, 1)
	tim.On(dave.TIM, tim.KickedOut, func(e tim.KickedOutEvent) { kicked <- e })
	if err := c.Kick(ctx, "dave"); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-kicked:
		t.Logf("kicked: %+v", e)
	case <-ctx.Done():
		t.Fatal("dave was not kicked out")
	}
}

func TestTLSOnEmulator(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{TLS: true})
	ctx := testCtx(t)
	cfg := restapi.Config{SDKAppID: srv.SDKAppID, SecretKey: srv.SecretKey, BaseURL: srv.RESTURL}
	untrusting, err := restapi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer untrusting.CloseIdleConnections()
	_, err = untrusting.GetOnlineMemberNum(ctx, "@TGS#aNONE")
	var e *restapi.Error
	if err == nil || errors.As(err, &e) || strings.Contains(err.Error(), "usersig") {
		t.Fatalf("self-signed certificate without trust: %v", err)
	}
	cfg.TLSConfig = srv.ClientTLSConfig()
	c, err := restapi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	if room, err := c.CreateRoom(ctx, "", "Secure"); err != nil || !strings.HasPrefix(srv.RESTURL, "https://") {
		t.Fatal(room, err)
	}
}

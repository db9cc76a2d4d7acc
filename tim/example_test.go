package tim_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// A viewer logs in and joins a live room on an emulator.
func ExampleNew() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()
	roomID, _ := srv.CreateRoom(ctx, "", "Live Room")

	t := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer t.Destroy(ctx)
	if err := t.Login(ctx, "alice", srv.UserSig("alice")); err != nil {
		fmt.Println("login:", err)
		return
	}
	res, err := t.JoinGroup(ctx, roomID)
	if err != nil {
		fmt.Println("join:", err)
		return
	}
	fmt.Println(t.IsReady(), res.Status, res.Group.Name)
	// Output: true JoinedSuccess Live Room
}

// A MESSAGE_RECEIVED handler gets []*message.Message; a type switch on the
// payload reads each kind.
func ExampleOn_messageReceived() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()
	roomID, _ := srv.CreateRoom(ctx, "", "Live Room")

	t := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer t.Destroy(ctx)
	lines := make(chan string, 10)
	tim.On(t, tim.MessageReceived, func(msgs []*message.Message) {
		for _, m := range msgs {
			switch p := m.Payload.(type) {
			case *message.TextPayload:
				lines <- fmt.Sprintf("%s says %q (%s)", m.From, p.Text, m.Priority)
			case *message.CustomPayload:
				lines <- fmt.Sprintf("%s sent custom %s", m.From, p.Data)
			case *message.GroupTipPayload:
				lines <- fmt.Sprintf("tip %s by %s", p.OperationType, p.OperatorID)
			case *message.GroupSystemNoticePayload:
				lines <- fmt.Sprintf("notice %d: %s", p.OperationType, p.UserDefinedField)
			}
		}
	})
	_ = t.Login(ctx, "bob", srv.UserSig("bob"))
	_, _ = t.JoinGroup(ctx, roomID)
	_, _ = srv.SendText(ctx, roomID, "host", "welcome", "High")
	_, _ = srv.SendCustom(ctx, roomID, "host", "gift:rocket", "a rocket", "", "Low")
	_ = srv.SystemNotice(ctx, roomID, "stream starts")
	for range 4 {
		fmt.Println(<-lines)
	}
	// Output:
	// tip GRP_TIP_MBR_JOIN by bob
	// host says "welcome" (High)
	// host sent custom gift:rocket
	// notice 255: stream starts
}

// SendMessage returns the sent message with the server's sequence; errors
// carry tim-js-sdk's codes.
func ExampleTIM_SendMessage() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()
	roomID, _ := srv.CreateRoom(ctx, "", "Live Room")

	t := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer t.Destroy(ctx)
	_ = t.Login(ctx, "alice", srv.UserSig("alice"))

	msg, err := t.CreateTextMessage(tim.TextMessageOptions{
		To: roomID, ConversationType: types.ConvGroup,
		Payload: message.TextPayload{Text: "hello"}, Priority: types.MsgPriorityHigh,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = t.SendMessage(ctx, msg) // not joined yet
	var te *tim.Error
	fmt.Println(errors.As(err, &te), te.Code == types.ErrNotInAVChatRoom)

	_, _ = t.JoinGroup(ctx, roomID)
	msg, _ = t.CreateTextMessage(tim.TextMessageOptions{To: roomID, ConversationType: types.ConvGroup,
		Payload: message.TextPayload{Text: "hello"}})
	sent, err := t.SendMessage(ctx, msg)
	fmt.Println(err, sent.Status, sent.Sequence > 0, sent.Priority)
	// Output:
	// true true
	// <nil> success true Normal
}

// Typed events: KICKED_OUT tells why, NET_STATE_CHANGE the connection state.
func ExampleOn_kickedOut() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()

	t := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer t.Destroy(ctx)
	kicked := make(chan types.KickedOutType, 1)
	tim.On(t, tim.KickedOut, func(e tim.KickedOutEvent) { kicked <- e.Type })
	_ = t.Login(ctx, "alice", srv.UserSig("alice"))
	_ = srv.Kick(ctx, "alice")
	fmt.Println(<-kicked)
	// Output: REST_API_Kick
}

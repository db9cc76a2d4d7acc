package timtest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// A test starts an emulator, points the SDK at it with WithProxyServer,
// and drives the room over REST as a business backend would.
func ExampleNewServer() {
	srv := timtest.NewServer(timtest.Options{Delivery: "push"})
	defer srv.Close()
	ctx := context.Background()
	roomID, _ := srv.CreateRoom(ctx, "", "Live Room")

	viewer := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer viewer.Destroy(ctx)
	got := make(chan string, 4)
	tim.On(viewer, tim.MessageReceived, func(msgs []*message.Message) {
		for _, m := range msgs {
			if p, ok := m.Payload.(*message.TextPayload); ok {
				got <- m.From + ": " + p.Text
			}
		}
	})
	_ = viewer.Login(ctx, "bob", srv.UserSig("bob"))
	_, _ = viewer.JoinGroup(ctx, roomID)

	_, _ = srv.SendText(ctx, roomID, "host", "hello, room", "Normal")
	fmt.Println(<-got)
	_ = srv.Mute(ctx, roomID, "bob", 60)
	msg, _ := viewer.CreateTextMessage(tim.TextMessageOptions{To: roomID, ConversationType: types.ConvGroup,
		Payload: message.TextPayload{Text: "can I talk?"}})
	_, err := viewer.SendMessage(ctx, msg)
	fmt.Println(errors.Is(err, types.ErrGroupShutUpDeny))
	// Output:
	// host: hello, room
	// true
}

// With TLS the emulator serves wss:// and https:// as Tencent IM does; the
// SDK trusts its self-signed certificate through WithTLSConfig.
func ExampleServer_ClientTLSConfig() {
	srv := timtest.NewServer(timtest.Options{TLS: true})
	defer srv.Close()
	ctx := context.Background()
	roomID, _ := srv.CreateRoom(ctx, "", "Live Room") // over https

	viewer := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL), tim.WithTLSConfig(srv.ClientTLSConfig()))
	defer viewer.Destroy(ctx)
	if err := viewer.Login(ctx, "bob", srv.UserSig("bob")); err != nil {
		fmt.Println(err)
		return
	}
	res, err := viewer.JoinGroup(ctx, roomID)
	fmt.Println(srv.URL[:6], err == nil && res.Group.GroupID == roomID)
	// Output: wss:// true
}

package readme_test

import (
	"context"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest"
)

// README:begin
// TestWelcome is a test of your own: the emulator runs in the test, on a
// loopback port, and the SDK talks to it over real WebSockets.
func TestWelcome(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{}) // closed when the test ends
	ctx := t.Context()
	roomID, err := srv.CreateRoom(ctx, "", "Live")
	if err != nil {
		t.Fatal(err)
	}

	viewer := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer viewer.Destroy(context.Background())
	texts := make(chan string, 8)
	tim.On(viewer, tim.MessageReceived, func(msgs []*message.Message) {
		for _, m := range msgs {
			if p, ok := m.Payload.(*message.TextPayload); ok {
				texts <- p.Text
			}
		}
	})
	if err := viewer.Login(ctx, "alice", srv.UserSig("alice")); err != nil {
		t.Fatal(err)
	}
	if _, err := viewer.JoinGroup(ctx, roomID); err != nil {
		t.Fatal(err)
	}

	// Your backend's part, over the REST API: here, a message from the host.
	if _, err := srv.SendText(ctx, roomID, "host", "welcome!", "High"); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-texts:
		if got != "welcome!" {
			t.Errorf("received %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing received")
	}
}

// README:end

package readme_test

import (
	"context"
	"errors"
	"log"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/webhook"
	"github.com/tim-go/sdk/types"
)

// README:begin
// newBackend is the business server's half of a live room: Tencent IM's
// REST API as the App admin (the admin's UserSig is made from the secret
// key and renewed), and the handler for the app's callback URL, which
// checks Tencent's signature and reviews every message before delivery.
func newBackend(cfg restapi.Config, token string) (*restapi.Client, *webhook.Handler, error) {
	rest, err := restapi.New(cfg) // e.g. {SDKAppID, SecretKey, Region: restapi.RegionSingapore}
	if err != nil {
		return nil, nil, err
	}
	hooks := &webhook.Handler{
		SDKAppID: cfg.SDKAppID,
		Token:    token, // the console's callback token: Sign and RequestTime are checked
		OnBeforeSendMsg: func(ctx context.Context, m *webhook.BeforeSendMsg) webhook.Verdict {
			if strings.Contains(webhook.Text(m.MsgBody), "spam") {
				return webhook.RejectCode(10101, "no spam here") // the sender gets 10101
			}
			return webhook.Allow()
		},
		OnAfterSendMsg: func(ctx context.Context, m *webhook.AfterSendMsg) {
			log.Printf("%s said %q in %s (seq %d)", m.FromAccount, webhook.Text(m.MsgBody), m.GroupID, m.MsgSeq)
		},
	}
	return rest, hooks, nil
}

// README:end

// The README's backend against the emulator: the webhook refuses a spam
// message with its own code over a signed callback, lets the rest through,
// and the REST client mutes a user, who is then refused with 10017.
func TestReadmeBackend(t *testing.T) {
	const token = "readme-callback-token"
	app := httptest.NewServer(nil) // the backend's callback URL, handler set below
	defer app.Close()
	srv := timtest.NewServerT(t, timtest.Options{CallbackURL: app.URL + "/im", CallbackToken: token})
	rest, hooks, err := newBackend(restapi.Config{SDKAppID: srv.SDKAppID, SecretKey: srv.SecretKey, BaseURL: srv.RESTURL}, token)
	if err != nil {
		t.Fatal(err)
	}
	app.Config.Handler = hooks
	ctx := t.Context()
	room, err := rest.CreateRoom(ctx, "", "Backend")
	if err != nil {
		t.Fatal(err)
	}
	viewer := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer viewer.Destroy(context.Background())
	if err := viewer.Login(ctx, "alice", srv.UserSig("alice")); err != nil {
		t.Fatal(err)
	}
	if _, err := viewer.JoinGroup(ctx, room); err != nil {
		t.Fatal(err)
	}
	say := func(text string) error {
		m, err := viewer.CreateTextMessage(tim.TextMessageOptions{To: room, ConversationType: types.ConvGroup, Payload: message.TextPayload{Text: text}})
		if err != nil {
			return err
		}
		_, err = viewer.SendMessage(ctx, m)
		return err
	}
	if err := say("buy spam now"); !errors.Is(err, types.Code(10101)) {
		t.Fatalf("spam: %v, want 10101", err)
	}
	if err := say("hello"); err != nil {
		t.Fatalf("hello: %v", err)
	}
	if err := rest.Mute(ctx, room, "alice", 60); err != nil {
		t.Fatal(err)
	}
	if err := say("still here?"); !errors.Is(err, types.ErrGroupShutUpDeny) {
		t.Fatalf("muted send: %v, want 10017", err)
	}
}

package timtest_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// inbox collects what a Go SDK instance receives.
type inbox struct {
	mu     sync.Mutex
	msgs   []*message.Message
	groups [][]*group.Group
}

func listen(c *tim.TIM) *inbox {
	in := &inbox{}
	tim.On(c, tim.MessageReceived, func(ms []*message.Message) {
		in.mu.Lock()
		in.msgs = append(in.msgs, ms...)
		in.mu.Unlock()
	})
	tim.On(c, tim.GroupListUpdated, func(gs []*group.Group) {
		in.mu.Lock()
		in.groups = append(in.groups, gs)
		in.mu.Unlock()
	})
	return in
}

// waitFor waits until match accepts a received message and returns it.
func (in *inbox) waitFor(t *testing.T, what string, match func(*message.Message) bool) *message.Message {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		in.mu.Lock()
		for _, m := range in.msgs {
			if match(m) {
				in.mu.Unlock()
				return m
			}
		}
		in.mu.Unlock()
	}
	t.Fatalf("never received %s", what)
	return nil
}

func (in *inbox) texts() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	var out []string
	for _, m := range in.msgs {
		if p, ok := m.Payload.(*message.TextPayload); ok {
			out = append(out, p.Text)
		}
	}
	return out
}

func text(s string) func(*message.Message) bool {
	return func(m *message.Message) bool {
		p, ok := m.Payload.(*message.TextPayload)
		return ok && p.Text == s
	}
}

func sendText(ctx context.Context, c *tim.TIM, room, s string) (*message.Message, error) {
	m, err := c.CreateTextMessage(tim.TextMessageOptions{To: room, ConversationType: types.ConvGroup, Payload: message.TextPayload{Text: s}})
	if err != nil {
		return nil, err
	}
	return c.SendMessage(ctx, m)
}

// The danmaku review as a Go SDK sender and viewer see it: a rejected
// message fails with 10016, a dropped one succeeds without a sequence and
// never arrives, a rewritten one arrives rewritten.
func TestWebhookReviewWithTheGoSDK(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	app := timtest.NewWebhookServer(t, func(h timtest.Webhook) timtest.Verdict {
		switch strings.Join(h.Texts, "") {
		case "reject":
			return timtest.Verdict{Code: 1}
		case "drop":
			return timtest.Verdict{Code: 2}
		case "rude":
			return timtest.Verdict{Text: "***"}
		}
		return timtest.Verdict{}
	})
	srv := timtest.NewServerT(t, timtest.Options{CallbackURL: app.URL})
	room, err := srv.CreateRoom(ctx, "", "Review")
	if err != nil {
		t.Fatal(err)
	}
	alice := sdkUser(t, ctx, srv, "alice", room)
	bob := listen(sdkUser(t, ctx, srv, "bob", room))

	if _, err := sendText(ctx, alice, room, "reject"); !errors.Is(err, types.ErrGroupRejectFromThirdParty) {
		t.Errorf("reject: %v, want 10016", err)
	}
	if m, err := sendText(ctx, alice, room, "drop"); err != nil || m.Status != types.MsgStatusSuccess || m.Sequence != 0 {
		t.Errorf("drop: %v, status %s, sequence %d", err, m.Status, m.Sequence)
	}
	rude, err := sendText(ctx, alice, room, "rude")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sendText(ctx, alice, room, "the end"); err != nil {
		t.Fatal(err)
	}
	got := bob.waitFor(t, "the rewritten message", text("***"))
	bob.waitFor(t, "the last message", text("the end"))
	if got.ID != rude.ID || got.Sequence != rude.Sequence {
		t.Errorf("rewritten message %s #%d, sent as %s #%d", got.ID, got.Sequence, rude.ID, rude.Sequence)
	}
	if texts := bob.texts(); fmt.Sprint(texts) != "[*** the end]" {
		t.Errorf("bob saw %v", texts)
	}
	// The webhook saw the sender's message ID.
	if hs := app.Webhooks("Group.CallbackBeforeSendMsg"); len(hs) != 4 || hs[2].MsgID != rude.ID {
		t.Errorf("before-send webhooks %+v", hs)
	}
}

// A dead callback server with CallbackFailClosed: the Go SDK sender gets 10016.
func TestWebhookFailClosedWithTheGoSDK(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	srv := timtest.NewServerT(t, timtest.Options{CallbackURL: "http://" + ln.Addr().String(), CallbackFailClosed: true})
	room, err := srv.CreateRoom(ctx, "", "Closed")
	if err != nil {
		t.Fatal(err)
	}
	alice := sdkUser(t, ctx, srv, "alice", room)
	if _, err := sendText(ctx, alice, room, "hello"); !errors.Is(err, types.ErrGroupRejectFromThirdParty) {
		t.Errorf("send with the callback down: %v, want 10016", err)
	}
}

// A banned Go SDK member gets notice 21 and drops the room (its sequence
// is new to the SDK's dedup), the others get tip 10, and a rejoin fails
// with 10007 until the ban is lifted.
func TestBanWithTheGoSDK(t *testing.T) {
	for _, delivery := range []string{"poll", "push"} {
		t.Run(delivery, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			srv := timtest.NewServerT(t, timtest.Options{Delivery: delivery, PollHold: 2 * time.Second})
			room, err := srv.CreateRoom(ctx, "", "Bans")
			if err != nil {
				t.Fatal(err)
			}
			alice := sdkUser(t, ctx, srv, "alice", room)
			aliceIn := listen(alice)
			bob := listen(sdkUser(t, ctx, srv, "bob", room))

			if err := srv.Ban(ctx, room, 60, "spam", "alice"); err != nil {
				t.Fatal(err)
			}
			notice := aliceIn.waitFor(t, "notice 21", func(m *message.Message) bool {
				p, ok := m.Payload.(*message.GroupSystemNoticePayload)
				return ok && p.OperationType == types.GrpSysNoticeBanned
			})
			tip := bob.waitFor(t, "tip 10", func(m *message.Message) bool {
				p, ok := m.Payload.(*message.GroupTipPayload)
				return ok && p.OperationType == types.GrpTipBanAVChatRoomMember
			})
			if notice.Sequence != tip.Sequence {
				t.Errorf("notice #%d, tip #%d", notice.Sequence, tip.Sequence)
			}
			for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				if _, err := alice.GetGroupProfile(ctx, room); err != nil {
					break // the room is gone from alice's instance
				}
				if time.Now().After(deadline) {
					t.Fatal("alice's instance kept the room")
				}
			}
			if _, err := alice.JoinGroup(ctx, room); !errors.Is(err, types.Code(10007)) {
				t.Fatalf("rejoin while banned: %v, want 10007", err)
			}
			if err := srv.Unban(ctx, room, "alice"); err != nil {
				t.Fatal(err)
			}
			if _, err := alice.JoinGroup(ctx, room); err != nil {
				t.Fatalf("rejoin after the unban: %v", err)
			}
			if _, err := sendText(ctx, alice, room, "back"); err != nil {
				t.Fatal(err)
			}
			bob.waitFor(t, "alice's message after the unban", text("back"))
		})
	}
}

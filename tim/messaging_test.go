package tim

import (
	"testing"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// A host sends text, custom and face messages with priorities; a logged-in
// viewer and a guest receive them with the sender's ID, nick, avatar and
// priority, and the host does not get its own echo.
func TestSendAndReceive(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		if err := r.srv.SetProfile(ctxT(t), "alice", "Alice", "https://example.invalid/alice.png"); err != nil {
			t.Fatal(err)
		}
		host, viewer, guest := r.user("alice"), r.user("bob"), r.client()
		hostIn, viewerIn, guestIn := record(host), record(viewer), record(guest)
		for _, c := range []*TIM{host, viewer, guest} {
			r.join(c)
		}
		r.warmUp(hostIn, viewerIn, guestIn)

		text, err := host.CreateTextMessage(TextMessageOptions{To: r.id, ConversationType: types.ConvGroup,
			Payload: message.TextPayload{Text: "hello"}, Priority: types.MsgPriorityHigh})
		if err != nil {
			t.Fatal(err)
		}
		custom, _ := host.CreateCustomMessage(CustomMessageOptions{To: r.id, ConversationType: types.ConvGroup,
			Payload: message.CustomPayload{Data: "gift:rocket", Description: "a rocket", Extension: `{"n":1}`}, Priority: types.MsgPriorityLow})
		face, _ := host.CreateFaceMessage(FaceMessageOptions{To: r.id, ConversationType: types.ConvGroup,
			Payload: message.FacePayload{Index: 3, Data: "smile"}, Priority: types.MsgPriorityLowest})
		for _, m := range []*message.Message{text, custom, face} {
			sent, err := host.SendMessage(ctxT(t), m)
			if err != nil {
				t.Fatalf("send %s: %v", m.Type, err)
			}
			if sent.Status != types.MsgStatusSuccess || sent.Sequence == 0 || sent.Time == 0 || sent.Flow != types.FlowOut {
				t.Fatalf("sent message %+v", sent)
			}
		}

		for _, in := range []*inbox{viewerIn, guestIn} {
			flow := types.FlowIn
			if in == guestIn {
				flow = ""
			}
			for _, sent := range []*message.Message{text, custom, face} {
				got := in.waitMessage(t, "message "+sent.ID, func(m *message.Message) bool { return m.ID == sent.ID })
				if got.Type != sent.Type || got.Priority != sent.Priority || got.Sequence != sent.Sequence ||
					got.From != "alice" || got.Nick != "Alice" || got.Avatar != "https://example.invalid/alice.png" ||
					got.Flow != flow || got.ConversationID != "GROUP"+r.id || got.To != r.id || got.Status != types.MsgStatusSuccess {
					t.Errorf("received %+v, sent %+v", got, sent)
				}
			}
			got := in.waitMessage(t, "custom", func(m *message.Message) bool { return m.ID == custom.ID })
			if p, ok := got.Payload.(*message.CustomPayload); !ok || *p != *custom.Payload.(*message.CustomPayload) {
				t.Errorf("custom payload %#v", got.Payload)
			}
			got = in.waitMessage(t, "face", func(m *message.Message) bool { return m.ID == face.ID })
			if p, ok := got.Payload.(*message.FacePayload); !ok || p.Index != 3 || p.Data != "smile" {
				t.Errorf("face payload %#v", got.Payload)
			}
		}

		// A REST message reaches the host too; its own three never do.
		if _, err := r.srv.SendText(ctxT(t), r.id, "", "from the admin", "Normal"); err != nil {
			t.Fatal(err)
		}
		hostIn.waitMessage(t, "admin text", isText("from the admin"))
		if n := hostIn.count(func(m *message.Message) bool { return m.From == "alice" }); n != 0 {
			t.Fatalf("host received %d of its own messages", n)
		}
	})
}

// Errors of SendMessage: a guest cannot create or send (2024), a room not
// joined gives 2101, a REST mute gives 10017, an empty custom message 2403.
func TestSendErrors(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	guest := r.client()
	r.join(guest)
	_, err := guest.CreateTextMessage(TextMessageOptions{To: r.id, ConversationType: types.ConvGroup, Payload: message.TextPayload{Text: "x"}})
	wantCode(t, err, types.ErrNotLoggedIn)
	_, err = guest.SendMessage(ctxT(t), &message.Message{To: r.id, ConversationType: types.ConvGroup, Payload: &message.TextPayload{Text: "x"}})
	wantCode(t, err, types.ErrNotLoggedIn)

	alice := r.user("alice")
	m, err := alice.CreateTextMessage(TextMessageOptions{To: r.id, ConversationType: types.ConvGroup, Payload: message.TextPayload{Text: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = alice.SendMessage(ctxT(t), m)
	wantCode(t, err, types.ErrNotInAVChatRoom)
	if m.Status != types.MsgStatusFail {
		t.Fatalf("status %q after a failed send", m.Status)
	}

	r.join(alice)
	if err := r.srv.Mute(ctxT(t), r.id, "alice", 60); err != nil {
		t.Fatal(err)
	}
	m, _ = alice.CreateTextMessage(TextMessageOptions{To: r.id, ConversationType: types.ConvGroup, Payload: message.TextPayload{Text: "x"}})
	_, err = alice.SendMessage(ctxT(t), m)
	wantCode(t, err, types.ErrGroupShutUpDeny)

	empty, _ := alice.CreateCustomMessage(CustomMessageOptions{To: r.id, ConversationType: types.ConvGroup})
	_, err = alice.SendMessage(ctxT(t), empty)
	wantCode(t, err, types.ErrMessageNotSendable)

	// Invalid arguments are errors, never panics.
	_, err = alice.CreateTextMessage(TextMessageOptions{To: r.id, ConversationType: types.ConvGroup})
	wantCode(t, err, types.ErrUncaught)
	_, err = alice.CreateTextMessage(TextMessageOptions{ConversationType: types.ConvGroup, Payload: message.TextPayload{Text: "x"}})
	wantCode(t, err, types.ErrUncaught)
	_, err = alice.CreateTextMessage(TextMessageOptions{To: r.id, ConversationType: types.ConvGroup, Payload: message.TextPayload{Text: "x"}, Priority: "Urgent"})
	wantCode(t, err, types.ErrUncaught)
	_, err = alice.CreateFaceMessage(FaceMessageOptions{To: r.id, ConversationType: types.ConvGroup})
	wantCode(t, err, types.ErrUncaught)
	_, err = alice.CreateTextMessage(TextMessageOptions{To: "bob", ConversationType: types.ConvC2C, Payload: message.TextPayload{Text: "x"}})
	wantCode(t, err, types.ErrInvalidConversationType)
	_, err = alice.SendMessage(ctxT(t), nil)
	wantCode(t, err, types.ErrNeedMessageInstance)
	_, err = alice.SendMessage(ctxT(t), &message.Message{To: r.id, ConversationType: types.ConvGroup, Payload: &message.TextPayload{Text: "x"}})
	wantCode(t, err, types.ErrNeedMessageInstance)
}

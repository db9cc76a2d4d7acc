package readme_test

// The code blocks of README.md live in the readme_*_test.go files between
// "README:begin" and "README:end" lines, so that they compile and run;
// TestReadmeCode checks that README.md shows them verbatim.

// README:begin
import (
	"context"
	"errors"
	"fmt"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/types"
)

// README:end

// README:begin
// watch joins a live room and prints what arrives until ctx ends. With a
// UserSig it logs in and says hello; without one it is a guest, who may
// watch but not send.
func watch(ctx context.Context, sdkAppID uint64, userID, userSig, roomID string, opts ...tim.Option) error {
	t := tim.New(sdkAppID, opts...) // one independent instance per user
	defer t.Destroy(context.Background())

	tim.On(t, tim.MessageReceived, func(msgs []*message.Message) {
		for _, m := range msgs {
			switch p := m.Payload.(type) {
			case *message.TextPayload:
				fmt.Printf("%s: %s\n", m.From, p.Text)
			case *message.CustomPayload:
				fmt.Printf("%s sent %s %s (%s)\n", m.From, p.Data, p.Description, m.Priority)
			case *message.GroupTipPayload:
				fmt.Printf("tip %s: %v\n", p.OperationType, p.UserIDList)
			case *message.GroupSystemNoticePayload:
				fmt.Printf("notice: %s\n", p.UserDefinedField)
			}
		}
	})

	if userSig != "" {
		if err := t.Login(ctx, userID, userSig); err != nil {
			return err
		}
	}
	if _, err := t.JoinGroup(ctx, roomID); err != nil {
		return err
	}
	if userSig != "" {
		if err := sayHello(ctx, t, roomID); err != nil {
			return err
		}
	}
	<-ctx.Done()
	return nil
}

// sayHello sends a danmaku (Normal priority) and a gift (High): when a room
// gets more than its 40 messages a second, the server keeps the higher
// priorities.
func sayHello(ctx context.Context, t *tim.TIM, roomID string) error {
	text, err := t.CreateTextMessage(tim.TextMessageOptions{
		To: roomID, ConversationType: types.ConvGroup,
		Payload: message.TextPayload{Text: "hello from Go"},
	})
	if err != nil {
		return err
	}
	gift, err := t.CreateCustomMessage(tim.CustomMessageOptions{
		To: roomID, ConversationType: types.ConvGroup,
		Payload:  message.CustomPayload{Data: "gift", Description: "rocket"},
		Priority: types.MsgPriorityHigh,
	})
	if err != nil {
		return err
	}
	for _, m := range []*message.Message{text, gift} {
		_, err := t.SendMessage(ctx, m)
		if errors.Is(err, types.ErrGroupShutUpDeny) { // 10017
			return fmt.Errorf("muted in %s: %w", roomID, err)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// README:end

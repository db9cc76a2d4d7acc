package types

// ConvType is a conversation type (Message.conversationType).
type ConvType string

const (
	// ConvC2C is TIM.TYPES.CONV_C2C: one-to-one chat.
	ConvC2C ConvType = "C2C"
	// ConvGroup is TIM.TYPES.CONV_GROUP: group chat, live rooms included.
	ConvGroup ConvType = "GROUP"
	// ConvSystem is TIM.TYPES.CONV_SYSTEM: group system notices.
	ConvSystem ConvType = "@TIM#SYSTEM"
)

// ConversationID builds the conversation ID tim-js-sdk uses for target (a
// user ID or group ID): "C2C<userID>", "GROUP<groupID>", or "@TIM#SYSTEM"
// for system notices, whatever the target.
func (t ConvType) ConversationID(target string) string {
	if t == ConvSystem {
		return string(ConvSystem)
	}
	return string(t) + target
}

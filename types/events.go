package types

// EventName names an event an SDK instance emits (a TIM.EVENT value).
//
// Only the events that matter to live rooms (AVChatRoom) are declared; the
// friendship, topic and read-receipt events of tim-js-sdk are left out.
type EventName string

const (
	// EventSDKReady is TIM.EVENT.SDK_READY: login finished, every API is usable.
	EventSDKReady EventName = "sdkStateReady"
	// EventSDKNotReady is TIM.EVENT.SDK_NOT_READY: emitted by every reset
	// (logout, kick-out); APIs outside the not-ready whitelist are refused.
	EventSDKNotReady EventName = "sdkStateNotReady"
	// EventSDKDestroy is TIM.EVENT.SDK_DESTROY: the instance was destroyed.
	EventSDKDestroy EventName = "sdkDestroy"

	// EventMessageReceived is TIM.EVENT.MESSAGE_RECEIVED: new messages, tips
	// and system notices (data: a list of messages).
	EventMessageReceived EventName = "onMessageReceived"
	// EventMessageModified is TIM.EVENT.MESSAGE_MODIFIED: messages changed by
	// their sender or a callback.
	EventMessageModified EventName = "onMessageModified"
	// EventMessageRevoked is TIM.EVENT.MESSAGE_REVOKED: messages recalled.
	EventMessageRevoked EventName = "onMessageRevoked"

	// EventConversationListUpdated is TIM.EVENT.CONVERSATION_LIST_UPDATED,
	// throttled to one per second.
	EventConversationListUpdated EventName = "onConversationListUpdated"

	// EventGroupListUpdated is TIM.EVENT.GROUP_LIST_UPDATED: the local group
	// list changed (join, quit, dismiss, kick); throttled to one per second.
	EventGroupListUpdated EventName = "onGroupListUpdated"
	// EventGroupAttributesUpdated is TIM.EVENT.GROUP_ATTRIBUTES_UPDATED: the
	// attributes of a joined AVChatRoom changed.
	EventGroupAttributesUpdated EventName = "groupAttributesUpdated"
	// EventGroupCounterUpdated is TIM.EVENT.GROUP_COUNTER_UPDATED: one event
	// per changed counter key.
	EventGroupCounterUpdated EventName = "onGroupCounterUpdated"

	// EventProfileUpdated is TIM.EVENT.PROFILE_UPDATED: own profile edited.
	EventProfileUpdated EventName = "onProfileUpdated"

	// EventKickedOut is TIM.EVENT.KICKED_OUT (data: a [KickedOutType]).
	EventKickedOut EventName = "kickedOut"
	// EventError is TIM.EVENT.ERROR: an SDK error not tied to one API call.
	EventError EventName = "error"
	// EventNetStateChange is TIM.EVENT.NET_STATE_CHANGE (data: a [NetState]),
	// emitted only when the state changes.
	EventNetStateChange EventName = "netStateChange"
)

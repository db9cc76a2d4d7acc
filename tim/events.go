package tim

import (
	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/profile"
	"github.com/tim-go/sdk/types"
)

// Event is a typed event key: T is the data its handlers get.
type Event[T any] struct{ name types.EventName }

// Name is the tim-js-sdk event name (a TIM.EVENT value).
func (e Event[T]) Name() types.EventName { return e.name }

// KickedOutEvent is the data of KICKED_OUT.
type KickedOutEvent struct{ Type types.KickedOutType }

// NetStateEvent is the data of NET_STATE_CHANGE.
type NetStateEvent struct{ State types.NetState }

// The events of a live-room client, named as TIM.EVENT.
var (
	// SDKReady (SDK_READY): login finished; every API is usable.
	SDKReady = Event[struct{}]{types.EventSDKReady}
	// SDKNotReady (SDK_NOT_READY): logout or kick; only the not-ready
	// whitelist (Login, JoinGroup, QuitGroup, GetGroupOnlineMemberCount…)
	// works.
	SDKNotReady = Event[struct{}]{types.EventSDKNotReady}
	// MessageReceived (MESSAGE_RECEIVED): messages, tips and notices, in
	// sequence order within a batch. Received messages are read-only: while
	// several instances live in one process (a load harness), they share
	// each live-room message they all receive, payload included; copy one
	// (m2 := *m) before changing it.
	MessageReceived = Event[[]*message.Message]{types.EventMessageReceived}
	// KickedOut (KICKED_OUT): the user was signed out; SDKNotReady follows.
	KickedOut = Event[KickedOutEvent]{types.EventKickedOut}
	// NetStateChange (NET_STATE_CHANGE): connected, connecting, disconnected.
	NetStateChange = Event[NetStateEvent]{types.EventNetStateChange}
	// ErrorEvent (ERROR): as in tim-js-sdk 2.27.6, a call outside the
	// not-ready whitelist (everything but Login, Logout, Destroy,
	// SetLogLevel, JoinGroup, QuitGroup and GetGroupOnlineMemberCount) made
	// while the SDK is not ready: the call returns the not-ready reason
	// (2024 before login, 3000 while logging in, 3001 after a failed login)
	// and ERROR carries the same code and message ("<reason> | <api> |
	// SDK is not ready", api being the tim-js-sdk name, e.g.
	// getGroupProfile). This SDK adds one case of its own: message batches
	// dropped because handlers lag (2996, see On). Other failures go to the
	// caller only, as in tim-js-sdk.
	ErrorEvent = Event[*Error]{types.EventError}
	// ProfileUpdated (PROFILE_UPDATED): the user's own profile changed.
	ProfileUpdated = Event[[]*profile.Profile]{types.EventProfileUpdated}
	// GroupListUpdated (GROUP_LIST_UPDATED): the joined groups, after the
	// login, a join, a quit, a room's dismissal or a ban from it, and (the
	// emptied list) a logout or kick. As in tim-js-sdk, at most one a
	// second: changes within a second of the last event give one event a
	// second after the latest of them, with the list as it then is.
	GroupListUpdated = Event[[]*group.Group]{types.EventGroupListUpdated}
)

// On registers fn for ev and returns a function that removes it.
//
// Handlers of one instance run one at a time, in registration order and in
// event order, on a worker goroutine of the instance, never on the network
// reader: a slow handler delays later events but not the heartbeat or the
// receiving. The worker exists only while events wait. While handlers lag,
// up to WithEventQueueSize MESSAGE_RECEIVED batches wait; past that the
// oldest batch is dropped and one ErrorEvent (code 2996, "event queue full")
// reports it; other events are never dropped. A panic in a handler is
// recovered and logged, as tim-js-sdk swallows handler exceptions.
func On[T any](t *TIM, ev Event[T], fn func(T)) (off func()) {
	return t.em.on(ev.name, wrap(fn), false)
}

// Once is On for the next event only.
func Once[T any](t *TIM, ev Event[T], fn func(T)) (off func()) {
	return t.em.on(ev.name, wrap(fn), true)
}

// Off removes every handler of ev.
func Off[T any](t *TIM, ev Event[T]) { t.em.offAll(ev.name) }

func wrap[T any](fn func(T)) func(any) {
	return func(v any) {
		d, _ := v.(T)
		fn(d)
	}
}

package types

// NetState is the state of the SDK's connection (NET_STATE_CHANGE data.state).
type NetState string

const (
	// NetStateConnected is TIM.TYPES.NET_STATE_CONNECTED.
	NetStateConnected NetState = "connected"
	// NetStateConnecting is TIM.TYPES.NET_STATE_CONNECTING: reconnecting.
	NetStateConnecting NetState = "connecting"
	// NetStateDisconnected is TIM.TYPES.NET_STATE_DISCONNECTED.
	NetStateDisconnected NetState = "disconnected"
)

// KickedOutType says why the user was signed out (KICKED_OUT data.type).
type KickedOutType string

const (
	// KickedOutMultAccount is TIM.TYPES.KICKED_OUT_MULT_ACCOUNT: the same
	// user signed in on one web instance too many.
	KickedOutMultAccount KickedOutType = "multipleAccount"
	// KickedOutMultDevice is TIM.TYPES.KICKED_OUT_MULT_DEVICE: the same user
	// signed in on another device.
	KickedOutMultDevice KickedOutType = "multipleDevice"
	// KickedOutUserSigExpired is TIM.TYPES.KICKED_OUT_USERSIG_EXPIRED: the
	// UserSig expired; log in again with a fresh one.
	KickedOutUserSigExpired KickedOutType = "userSigExpired"
	// KickedOutRESTAPI is TIM.TYPES.KICKED_OUT_REST_API: kicked by the
	// server-side REST API.
	KickedOutRESTAPI KickedOutType = "REST_API_Kick"
)

// NotReadyCode is the code APIs fail with after a kick of this type (the
// SDK's not-ready reason), or 0 for an undeclared type.
func (k KickedOutType) NotReadyCode() Code {
	switch k {
	case KickedOutMultAccount:
		return ErrKickedOutMultAccount
	case KickedOutMultDevice:
		return ErrKickedOutMultDevice
	case KickedOutUserSigExpired:
		return ErrKickedOutUserSigExpired
	case KickedOutRESTAPI:
		return ErrKickedOutRESTAPI
	}
	return 0
}

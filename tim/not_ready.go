package tim

import (
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/types"
)

// notReadyError is tim-js-sdk 2.27.6's answer to a call outside its
// not-ready whitelist (login, logout, destroy, on, off, setLogLevel,
// joinGroup, quitGroup, getGroupOnlineMemberCount) made before SDK_READY or
// after SDK_NOT_READY: the call fails with the not-ready reason (2024 before
// any login, 3000 while logging in, 3001 after a failed login) and the
// message "<reason> | <api> | <2999's text>", and the same error is emitted
// as ERROR. This is the only place 2.27.6 emits ERROR (its API wrapper calls
// onError, which emits EVENT.ERROR); a failed call that is ready gives its
// error to the caller alone.
func (t *TIM) notReadyError(reason types.Code, api string) *Error {
	msg := reason.Meaning() + " | " + api + " | " + types.ErrSDKNotReady.Meaning()
	t.em.emit(types.EventError, &Error{Code: reason, Message: msg})
	return &Error{Code: reason, Message: msg}
}

// attrAPI is the tim-js-sdk name of an attribute write.
func attrAPI(op int) string {
	if op == wire.AttrOpInit {
		return "initGroupAttributes"
	}
	return "setGroupAttributes"
}

// counterAPI is the tim-js-sdk name of a counter update.
func counterAPI(mode string) string {
	switch mode {
	case wire.CounterModeIncrease:
		return "increaseGroupCounter"
	case wire.CounterModeDecrease:
		return "decreaseGroupCounter"
	}
	return "setGroupCounters"
}

// createAPI is the tim-js-sdk name of the call that creates a message with
// payload p.
func createAPI(p message.Payload) string {
	switch p.(type) {
	case *message.TextPayload:
		return "createTextMessage"
	case *message.FacePayload:
		return "createFaceMessage"
	}
	return "createCustomMessage"
}

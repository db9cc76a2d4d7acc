package tim

import (
	"context"
	"errors"
	"strconv"

	"github.com/tim-go/sdk/internal/conn"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// Error is what every TIM call fails with, as tim-js-sdk's imError: an
// SDK-side code (2000–3999, nothing was sent or no reply came) or a server
// code passed through unchanged (10017 muted, 70009 bad UserSig, …).
//
// Use errors.As to read it, or errors.Is with a types.Code:
//
//	if errors.Is(err, types.ErrGroupShutUpDeny) { … }
type Error struct {
	Code    types.Code
	Message string

	kickType int   // KickType of a 1002 reply
	cause    error // what Unwrap returns: the caller's context error
}

// Unwrap returns the error behind e, if any: context.Canceled or
// context.DeadlineExceeded when the caller's context ended the call, so
// that errors.Is(err, context.DeadlineExceeded) holds as well as
// errors.Is(err, types.ErrNetworkTimeout).
func (e *Error) Unwrap() error { return e.cause }

// Error gives the code and, when there is one, the message.
func (e *Error) Error() string {
	if e.Message == "" {
		return "tim: " + strconv.Itoa(int(e.Code))
	}
	return "tim: " + strconv.Itoa(int(e.Code)) + ": " + e.Message
}

// Is matches a types.Code or another *Error with the same code.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case types.Code:
		return e.Code == t
	case *Error:
		return e.Code == t.Code
	}
	return false
}

// ErrInvalidParams is returned for arguments tim-js-sdk's validator would
// refuse (it throws "Params validate failed."). It carries 2903
// (UNCAUGHT_ERROR), the code tim-js-sdk gives an error thrown inside an API.
var ErrInvalidParams = &Error{Code: types.ErrUncaught, Message: "params validate failed"}

// errDestroyed is returned by calls on a destroyed instance.
var errDestroyed = &Error{Code: types.ErrSDKNotReady, Message: "instance destroyed"}

// newError builds an Error; an empty message takes the code's meaning.
func newError(code types.Code, msg string) *Error {
	if msg == "" {
		msg = code.Meaning()
	}
	return &Error{Code: code, Message: msg}
}

// invalid is ErrInvalidParams naming what is wrong.
func invalid(what string) *Error {
	return &Error{Code: types.ErrUncaught, Message: "params validate failed: " + what}
}

// statusError is the server's error of a failed reply.
func statusError(st wire.Status) *Error {
	return newError(types.Code(st.ErrorCode), st.ErrorInfo)
}

// connError maps a connection error to a TIM error, the one place every
// request's failure passes through, so that every API returns a *Error.
// The caller's context ending gives 2801 (deadline) or 2800 (cancelled),
// wrapping the context's error; the request may have reached the server.
func connError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Code: types.ErrNetworkTimeout, Message: err.Error(), cause: err}
	case errors.Is(err, context.Canceled):
		return &Error{Code: types.ErrNetwork, Message: err.Error(), cause: err}
	case errors.Is(err, conn.ErrTimeout):
		return newError(types.ErrNetworkTimeout, "")
	case errors.Is(err, conn.ErrClosed), errors.Is(err, conn.ErrSocketLost), errors.Is(err, conn.ErrNotConnected):
		return newError(types.ErrNetwork, err.Error())
	}
	var te *Error
	if errors.As(err, &te) {
		return te
	}
	var re *conn.RefusedError
	if errors.As(err, &re) {
		return &Error{Code: types.Code(re.Code), Message: re.Info, cause: err}
	}
	return newError(types.ErrNetwork, err.Error())
}

// codeOf returns the TIM code of err, or 0.
func codeOf(err error) types.Code {
	var te *Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}

// kickTypeOf is the KickType a 1002 error carried, or 0.
func kickTypeOf(err error) int {
	var te *Error
	if errors.As(err, &te) {
		return te.kickType
	}
	return 0
}

package restapi

import (
	"fmt"

	"github.com/tim-go/sdk/types"
)

// Error is a REST call that Tencent answered with a non-zero ErrorCode.
// errors.Is matches it against a types.Code:
//
//	if errors.Is(err, types.ErrGroupNotFound) { … }
//
// Transport failures and unreadable replies are plain wrapped errors, not
// an *Error. Neither ever carries the request URL (it holds the UserSig).
type Error struct {
	Command   string     // e.g. "group_open_http_svc/forbid_send_msg"
	Code      types.Code // Tencent's ErrorCode, e.g. 10010
	Info      string     // ErrorInfo
	RequestID string     // RequestId, which newer replies carry for support tickets
}

// Error gives the command, the code, its meaning and Tencent's info.
func (e *Error) Error() string {
	s := fmt.Sprintf("restapi: %s: %d", e.Command, int(e.Code))
	if m := e.Code.Meaning(); m != "" {
		s += " (" + m + ")"
	}
	if e.Info != "" {
		s += ": " + e.Info
	}
	return s
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

// httpStatusError is a reply that is not JSON, with its HTTP status.
type httpStatusError struct {
	status int
	body   []byte
}

// Error gives the status and the start of the body.
func (e *httpStatusError) Error() string {
	return fmt.Sprintf("HTTP %d, reply is not JSON: %.200q", e.status, e.body)
}

// retryable reports whether a failed HTTP status is worth another try.
func (e *httpStatusError) retryable() bool { return e.status >= 500 || e.status == 429 }

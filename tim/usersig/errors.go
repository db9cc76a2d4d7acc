package usersig

import "errors"

// Sentinel errors returned (possibly wrapped with more detail) by [Parse] and
// [Verify]. Test for them with [errors.Is]; [Code] maps them to Tencent Cloud
// IM's numeric error codes.
var (
	// ErrExpired reports a UserSig whose lifetime (TLS.time + TLS.expire)
	// ended before the verification time. Code 70001.
	ErrExpired = errors.New("usersig: expired")

	// ErrMalformed reports a UserSig that cannot be decoded: bad base64,
	// bad or oversized zlib stream, bad JSON, or a missing or mistyped
	// field. Code 70003.
	ErrMalformed = errors.New("usersig: malformed")

	// ErrBadSignature reports a UserSig whose TLS.sig HMAC does not match
	// the document under the given key: the key is wrong or the UserSig was
	// altered. Code 70009.
	ErrBadSignature = errors.New("usersig: bad signature")

	// ErrIdentifierMismatch reports a UserSig issued for another user
	// identifier. Code 70013.
	ErrIdentifierMismatch = errors.New("usersig: identifier mismatch")

	// ErrSDKAppIDMismatch reports a UserSig issued for another SDKAppID.
	// Code 70014.
	ErrSDKAppIDMismatch = errors.New("usersig: SDKAppID mismatch")
)

// Tencent Cloud IM error codes for UserSig failures, as returned by [Code].
const (
	// CodeExpired is Tencent's code for an expired UserSig (ErrExpired).
	CodeExpired = 70001
	// CodeMalformed is Tencent's code for a UserSig that fails to decode
	// (ErrMalformed), and the code [Code] gives for unknown errors.
	CodeMalformed = 70003
	// CodeBadSignature is Tencent's code for a UserSig signed with another
	// key (ErrBadSignature).
	CodeBadSignature = 70009
	// CodeIdentifierMismatch is Tencent's code for a UserSig issued for
	// another identifier (ErrIdentifierMismatch).
	CodeIdentifierMismatch = 70013
	// CodeSDKAppIDMismatch is Tencent's code for a UserSig issued for
	// another SDKAppID (ErrSDKAppIDMismatch).
	CodeSDKAppIDMismatch = 70014
)

// Code maps an error from [Parse] or [Verify] to the Tencent Cloud IM error
// code a real server answers with: 0 for nil, 70001 for [ErrExpired], 70003
// for [ErrMalformed], 70009 for [ErrBadSignature], 70013 for
// [ErrIdentifierMismatch], 70014 for [ErrSDKAppIDMismatch], and 70003 for any
// other error. Wrapped errors are recognised through [errors.Is].
func Code(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrExpired):
		return CodeExpired
	case errors.Is(err, ErrBadSignature):
		return CodeBadSignature
	case errors.Is(err, ErrIdentifierMismatch):
		return CodeIdentifierMismatch
	case errors.Is(err, ErrSDKAppIDMismatch):
		return CodeSDKAppIDMismatch
	default:
		return CodeMalformed
	}
}

package webhook

import "github.com/tim-go/sdk/internal/wire"

// Verdict is the answer to Group.CallbackBeforeSendMsg
// (trtc.io/document/34374): the reply's ErrorCode and ErrorInfo, and with
// Code 0 an optional new MsgBody and CloudCustomData. Build one with Allow,
// Reject, RejectCode, Drop or Rewrite; the zero Verdict allows.
type Verdict struct {
	Code            int     // ErrorCode: CodeAllow, CodeReject, CodeDrop, or a code in [RejectCodeMin, RejectCodeMax]
	Info            string  // ErrorInfo; with a code in [RejectCodeMin, RejectCodeMax] the sender sees it
	MsgBody         []Elem  // with CodeAllow and not empty: delivered instead of the message's body
	CloudCustomData *string // with CodeAllow and not nil: delivered instead of the message's cloud data
}

// Before-send ErrorCodes (trtc.io/document/34374).
const (
	CodeAllow  = wire.CallbackAllow  // 0: deliver the message
	CodeReject = wire.CallbackReject // 1: refuse it; the sender gets 10016
	CodeDrop   = wire.CallbackDrop   // 2: drop it silently; the sender gets success

	// RejectCodeMin and RejectCodeMax bound the codes an app may give
	// instead of 1: the sender gets the code and the ErrorInfo.
	RejectCodeMin = wire.CallbackRejectCodeMin // 10100
	RejectCodeMax = wire.CallbackRejectCodeMax // 10200
)

// Allow delivers the message as it is.
func Allow() Verdict { return Verdict{} }

// Reject refuses the message: the sender's send fails with 10016, the code
// tim-js-sdk reports for a message refused by the app's callback. info is
// for the app's logs; Tencent does not pass it on.
func Reject(info string) Verdict { return Verdict{Code: CodeReject, Info: info} }

// RejectCode refuses the message with the app's own code, which the
// sender's send fails with, together with info. Tencent passes on only codes
// in [RejectCodeMin, RejectCodeMax]; any other code gives Reject(info).
func RejectCode(code int, info string) Verdict {
	if code < RejectCodeMin || code > RejectCodeMax {
		return Reject(info)
	}
	return Verdict{Code: code, Info: info}
}

// Drop discards the message silently: the sender's send succeeds, nobody
// receives it.
func Drop() Verdict { return Verdict{Code: CodeDrop} }

// Rewrite delivers body instead of the message's (for example the text
// with sensitive words masked, or with a custom element added). An empty
// body leaves the message's.
func Rewrite(body ...Elem) Verdict { return Verdict{MsgBody: body} }

// WithCloudCustomData returns v delivering data as the message's
// CloudCustomData (meaningful with Allow and Rewrite).
func (v Verdict) WithCloudCustomData(data string) Verdict {
	v.CloudCustomData = &data
	return v
}

// reply is the JSON answer Tencent reads.
func (v Verdict) reply() wire.CallbackBeforeSendMsgResp {
	resp := wire.CallbackBeforeSendMsgResp{Status: wire.OK()}
	resp.ErrorCode, resp.ErrorInfo = v.Code, v.Info
	if v.Code == CodeAllow {
		resp.MsgBody, resp.CloudCustomData = v.MsgBody, v.CloudCustomData
	}
	return resp
}

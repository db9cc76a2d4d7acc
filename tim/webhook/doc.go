// Package webhook receives Tencent Cloud IM's webhooks ("third-party
// callbacks") for live rooms: the typed bodies of the group message and
// member callbacks, Tencent's callback authentication, and an http.Handler
// that answers each callback, with a verdict for the message review.
//
// Tencent POSTs a JSON body to the callback URL configured in the console,
// adding ?SdkAppid=&CallbackCommand=&contenttype=json&ClientIP=&OptPlatform=
// and, when callback authentication is on, &Sign=&RequestTime=
// (trtc.io/document/34354). A live-room backend usually enables:
//
//   - Group.CallbackBeforeSendMsg (BeforeSendMsg): review a message before
//     it is delivered; the answer is a Verdict: Allow, Reject, RejectCode,
//     Drop or Rewrite.
//   - Group.CallbackAfterSendMsg (AfterSendMsg): a message was delivered,
//     with its MsgSeq.
//   - Group.CallbackAfterNewMemberJoin (MemberJoin) and
//     Group.CallbackAfterMemberExit (MemberExit).
//   - Group.CallbackSendMsgException (SendMsgException): a message could not
//     be delivered (over the send limit, muted sender, refused by content
//     moderation, bad parameter).
//
// Tencent ignores the replies of the after-event callbacks, waits 2 s for a
// before-send reply and, by default, delivers the message when the reply
// does not come in time. A Handler answers after its function returns, so a
// function with slow work should hand it off.
//
// The body types are the ones the repository's emulator (tim/timtest) posts,
// so a backend tested against the emulator decodes what Tencent sends.
package webhook

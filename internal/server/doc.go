// Package server is the AVChatRoom emulator: a local stand-in for Tencent
// Cloud IM that the unmodified tim-js-sdk 2.27.6 (and the Go SDK) work
// against. It speaks the wire protocol of wire-protocol.md through
// internal/wire and implements the REST subset of server-api.md.
//
// A Server is an http.Handler:
//
//   - /binfo and /info: the WebSocket gateway (binary or text frames). Every
//     command of wire-protocol.md sections 3-4 is answered, replies echo the
//     request head byte for byte, and server frames are "COMP"+zlib when the
//     socket's URL has compress=gzip (Config.DisableCompression turns it off).
//   - /v4/<service>/<command>: the REST API, as the App admin (Config.Admin)
//     with a valid UserSig, answering Tencent's ActionStatus/ErrorCode/ErrorInfo
//     with HTTP 200.
//   - /debug/close_connections (POST) and /debug/stats (GET): test hooks,
//     for loopback clients or those presenting Config.DebugToken (debug.go).
//
// # Sessions and membership
//
// wslogin verifies the UserSig (70001 expired or revoked by a REST kick,
// 70003 malformed, 70009 bad signature, 70013 identifier mismatch, 70014
// SDKAppID mismatch) and issues
// an A2 key, the user's TinyId (stable per user, 144115200000000001 up) and
// a non-zero InstId. A second login of the same user kicks the first
// (stat_forceoffline, KickType 1); REST kick pushes KickType 3.
//
// A dropped socket is a network blip, not a logout: the session keeps its
// rooms, long-poll Keys and push subscription for Config.ReconnectGrace (2
// minutes), and tim-js-sdk's re-login by A2 on its new socket finds them
// (it never re-joins). Members keep counting as online meanwhile. A push
// counts as delivered once the client acknowledges it (NeedAck:1 and
// SessionData, echoed by openim.ws_msg_push_ack; Config.DisablePushAck
// falls back to "written to the socket"): the re-login retires the old
// socket, even one that never closed, and replays from the retention ring
// what was not acknowledged, including what a stalled network swallowed
// (push_ack.go); C2C messages stay in the store for the sync likewise. When the grace ends, or on wslogout or a kick, the session
// ends: it leaves its rooms with a quit tip (OpType 2) and its A2 is
// forgotten (a re-login then gets 70001, so the SDK reports userSigExpired).
// A re-login by A2 after the UserSig of the first login expired gets 70001
// too, and ends the session, whatever remains of the grace.
// Kicked and logged-out A2s are remembered for a while: a kicked one gets
// 1002 with its KickType (so an instance that missed the push still learns
// of the kick) and a logged-out one gets 60004 (a late request must not read
// as an expired A2).
//
// Guests (head shape 3) are known by their long-poll Key only. They count
// as online while they poll; one silent for Config.GuestTimeout is dropped
// (a guest's quitGroup never reaches the server).
//
// # Error codes
//
// Where Tencent's choice cannot be observed the emulator picks, and says so
// in the constants of codes.go: an unknown servcmd or REST command gets
// 60009 (request resource error); a body that does not decode gets 60003
// (JSON parse error); a command needing login sent with a first-login or
// guest head gets 60004 (account or signature error in the request; not
// 70001/20002, which make the SDK reset); an unknown or foreign long-poll
// Key gets 10007. Frames that cannot be decoded at all have no servcmd+seq
// to answer: they are counted and ignored, and the eighth in a row closes
// the socket (1007); a frame over Config.MaxFrameSize closes it with 1009.
//
// # The REST API as Tencent documents it
//
// Every REST command follows its page on trtc.io (cited beside its handler
// and its wire type): today's field names and the old ones Tencent still
// accepts (rest_names.go); a body that is not a JSON object, a field of the
// wrong JSON type, a missing required field or a value out of range is
// refused with the service's own code (rest_decode.go: 60003/10004 for the
// group service, 60015 for an account that is not a string, 70402 for
// im_open_login_svc, 40001 for profile, 90001/90003/90011 for
// query_online_status, 130001-130008 for setnospeaking); unknown fields are
// ignored. Commands an AVChatRoom does not support (delete_group_member,
// add_group_member, change_group_owner, import_group_msg,
// import_group_member, group_msg_get_simple) get 10004, and
// group_msg_recall too: tim-js-sdk 2.27.6 has no live-room recall notice
// (rest_unsupported.go). A REST kick revokes the user's earlier UserSigs
// (account.go). rest_table_test.go calls every command with its page's
// request examples.
//
// # Rooms and delivery
//
// Each room has one MsgSeq counter shared by messages, tips and notices,
// and a bounded retention ring (Config.Retention items). Each item is
// encoded once; poll replies and push frames are assembled from those bytes.
// Logged-in members receive by long polling (a non-empty LongPollingKey,
// the default) or by push (Config.Delivery "push": an empty LongPollingKey
// and im_open_push.msg_push frames); guests always poll. A get_msg with
// StartSeq 0 means "from now on"; it is answered at once when items from
// StartSeq are retained (from the oldest retained one if it fell behind) and
// otherwise held until an item arrives or Config.PollHold passes. Held polls
// wait on time.AfterFunc timers, not goroutines.
//
// # Live-room rules
//
// A room delivers at most Config.RoomMessageRate messages (default 40) per
// aligned 1-s window; tips and notices do not count. Over it, messages wait
// for the next window and go out highest priority first; what cannot go
// out within Config.RoomMaxDelay is dropped silently: the sender gets
// success without a MsgSeq (MsgSeq is assigned at publication, so members
// see no gap), no after-send webhook fires, and the room's per-priority
// drop counter (RoomStats, GET /debug/stats?GroupId=) goes up (budget.go).
// Config.CallbackURL receives Tencent's webhooks (webhook.go): the
// before-send review (allow, reject 10016, drop, rewrite), after-send,
// after-join and after-exit. A MsgBody over Config.MaxMsgBody (12 KB) gets
// 80002 and a Config.SensitiveWords hit 80001 (moderation.go);
// A send repeating a sender's Random in a room within 5 minutes is the same
// message: answered with the first's MsgSeq and MsgTime, published,
// budgeted and reported once (send_dedup.go).
// ShutUpAllMember mutes all but the owner and admins (10017), and a global
// mute (setnospeaking) mutes its user in every room (10017). Bans take a
// user out for a duration: notice 21 to them alone, tips 10/11 to the room,
// 10007 on a rejoin (ban.go). Join and quit tips (OpType 1, 2) go to the
// whole room, one per join or quit, until Config.MemberTipThreshold viewers
// (500) are online; from then on a room sends at most one join tip and one
// quit tip per Config.MemberTipInterval (1 s), each naming at most
// Config.MemberTipMaxList members (10), so that a ramp of N viewers costs
// O(N) deliveries, not N²/2. Tencent documents no such limit: the rule is
// the emulator's (member_tips.go).
//
// # Scale
//
// A socket has a reader goroutine and no idle writer: frames go through a
// bounded queue drained by a goroutine that exists only while the queue is
// non-empty, writing each batch in one system call; a consumer whose queue
// overflows is dropped (it reconnects and resumes from the retention). With
// compression on, poll replies are spliced from per-item segments compressed
// once, and push frames are compressed once for all sockets. A room's mutex
// is never held while writing to a socket; large fanouts spread over the
// CPUs. Config.PushBatch gathers a busy room's pushes into one frame per
// window. Every queue and map is bounded (queues, retention, held polls: one
// per Key, guest Keys per socket, rooms per session, rooms per app, kicked
// A2s); the account registry grows only with UserSig logins and admin REST
// calls.
package server

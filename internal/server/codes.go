package server

import (
	"fmt"

	"github.com/tim-go/sdk/types"
)

// Error codes the emulator answers with. Every number is Tencent's, taken
// from the one table in package types (types/errors.go, errors_rest.go,
// which name each code's doc page); these names say which case of the
// emulator answers with it. Where Tencent's choice for a case cannot be
// observed, the pick and its reason are given.
const (
	// CodeKicked (1002) answers a re-login or command carrying the A2 of a
	// session that was kicked, with KickType, so the SDK reports the kick.
	CodeKicked = int(types.ErrHelloAnswerKickedOut)
	// CodeInternal (10002): server internal error.
	CodeInternal = int(types.ErrGroupInternal)
	// CodeBadParam (10004): invalid parameters (missing or out-of-range fields).
	CodeBadParam = int(types.ErrGroupInvalidParameters)
	// CodeNotMember (10007): permission denied; also an unknown or foreign
	// long-poll Key (the SDK retries quietly).
	CodeNotMember = int(types.ErrGroupPermissionDeny)
	// CodeBanned (10007, permission denied) answers a join by a banned user.
	// tim-js-sdk's server-error table has no ban code; 10007 is the code of
	// every refused group operation and what Tencent gives an AVChatRoom call
	// the user may not make.
	CodeBanned = CodeNotMember
	// CodeOwnerCannotQuit (10009): the owner may not quit the group.
	CodeOwnerCannotQuit = int(types.ErrGroupOwnerCannotQuit)
	// CodeNoGroup (10010): the group does not exist or was destroyed.
	CodeNoGroup = int(types.ErrGroupNotFound)
	// CodeCallbackRejected (10016): the before-send webhook refused the
	// message (or failed, with Config.CallbackFailClosed).
	CodeCallbackRejected = int(types.ErrGroupRejectFromThirdParty)
	// CodeMuted (10017): the sender is muted (or the whole group is).
	CodeMuted = int(types.ErrGroupShutUpDeny)
	// CodeGroupIDTaken (10021): create_group with a GroupId in use.
	CodeGroupIDTaken = int(types.ErrGroupIDInUse)
	// CodeSendTooFast (10023: the group's send frequency is over the
	// limit): a socket with maxPendingReviews messages already waiting for
	// review.
	CodeSendTooFast = int(types.ErrGroupSendFrequencyLimit)
	// CodeRoomQuota (10036): too many AVChatRooms.
	CodeRoomQuota = int(types.ErrAVChatRoomCountLimit)
	// CodeAttrConflict (10056): AttrMainSeq is not the room's sequence:
	// someone wrote since the caller last read; it must read again.
	CodeAttrConflict = int(types.ErrGroupAttrConflict)
	// CodeAttrNotJoined (2642): attributes need the caller in the room
	// (tim-js-sdk's d.ts names this code; the SDK has no local check).
	CodeAttrNotJoined = int(types.ErrGroupAttrNotJoined)
	// CodeSensitiveText (80001): the text hit Config.SensitiveWords.
	CodeSensitiveText = int(types.ErrSensitiveText)
	// CodeBodyTooLong (80002): the MsgBody is over Config.MaxMsgBody bytes.
	CodeBodyTooLong = int(types.ErrBodySizeLimit)
)

// Codes of the REST API's HTTP layer and of the WebSocket gateway
// (cloud.tencent.com/document/product/269/1671, "REST API 公共错误码").
const (
	// CodeBadURL (60002: HTTP parse error): the REST URL cannot be parsed
	// (query, method). The client SDK meets the same number as a fatal
	// heartbeat answer, hence its name in types.
	CodeBadURL = int(types.ErrHeartbeatFatal)
	// CodeBadJSON (60003): a body that is not JSON or not of the command's
	// shape, on the REST API and on the WebSocket alike.
	CodeBadJSON = int(types.ErrRESTBadJSON)
	// CodeNeedLogin (60004: "account or signature in the request is wrong"):
	// a command that needs a logged-in head (a2) came with a first-login or
	// guest head. Chosen over 70001/20002, which make tim-js-sdk report
	// userSigExpired and reset, and over a UserSig code, since no UserSig
	// was checked.
	CodeNeedLogin = int(types.ErrRESTBadAccountOrSig)
	// CodeBadSDKAppID (60006): the sdkappid of a REST URL is not this app's.
	CodeBadSDKAppID = int(types.ErrRESTBadSDKAppID)
	// CodeUnknownCommand (60009: "request resource error, check the URL"):
	// an unknown servcmd on the WebSocket or an unknown REST command.
	CodeUnknownCommand = int(types.ErrRESTBadResource)
	// CodeNotAdmin (60010): the REST identifier is not the App admin.
	CodeNotAdmin = int(types.ErrRESTNeedAdmin)
	// CodeNoSDKAppID (60012): a REST URL without sdkappid.
	CodeNoSDKAppID = int(types.ErrRESTNoSDKAppID)
	// CodeAccountType (60015): an account field (From_Account,
	// Members_Account, To_Account, UserID…) that is not a string, on every
	// REST command.
	CodeAccountType = int(types.ErrRESTAccountType)
	// CodeBodyTooLarge (93000): a REST body over Config.MaxRESTBody.
	CodeBodyTooLarge = int(types.ErrJSONTooLong)
)

// Account and login codes (im_open_login_svc pages trtc.io/document/34953,
// 34954, 34957; public account codes, cloud.tencent.com/document/product/269/1671).
const (
	// CodeA2Expired (70001): UserSig expired, and an A2 the server does not
	// know (re-login after the session ended); the SDK reports userSigExpired.
	CodeA2Expired = int(types.ErrUserSigExpired)
	// CodeUserSigRevoked (70001, UserSig expired): a login with a UserSig
	// issued before an im_open_login_svc/kick of its user. The kick page
	// (cloud.tencent.com/document/product/269/3853, trtc.io/document/34957)
	// says the user's earlier UserSigs "will expire" and points at the
	// login docs, whose answer to an expired UserSig is 70001; 70052
	// (server-api.md) is not in Tencent's current public error table.
	CodeUserSigRevoked = int(types.ErrUserSigExpired)
	// CodeAccountNotFound (70107): the account was never imported nor
	// logged in (kick, query_online_status's ErrorList).
	CodeAccountNotFound = int(types.ErrAccountNotFound)
	// CodeLoginBadParam (70402): a missing or malformed field of an
	// im_open_login_svc command (kick without UserID, account_import,
	// multiaccount_import).
	CodeLoginBadParam = int(types.ErrAccountInvalidParameters)
)

// Profile codes (trtc.io/document/34916, 34917).
const (
	// CodeProfileBadParam (40001, Err_Profile_Comm_Decode_Fail): a profile
	// command's body or field is malformed.
	CodeProfileBadParam = int(types.ErrProfileBadRequest)
	// CodeProfileNoAccount (40003: "请求的用户账号不存在"): portrait_get's
	// per-account ResultCode for an account that does not exist
	// (trtc.io/document/34917 requires imported accounts).
	CodeProfileNoAccount = int(types.ErrProfileAccountNotFound)
)

// One-to-one message codes: openim/query_online_status
// (trtc.io/document/35477) and openim/sendmsg (trtc.io/document/34919;
// their meanings as Tencent's error-code list and V2TIMErrorCode.h
// ERR_SVR_MSG_* give them).
const (
	// CodeStateBadJSON (90001): query_online_status with a body that is
	// not JSON or an empty To_Account.
	CodeStateBadJSON = int(types.ErrOpenIMBadJSON)
	// CodeStateBadAccount (90003): a To_Account entry that is not a string.
	CodeStateBadAccount = int(types.ErrOpenIMBadToAccount)
	// CodeStateTooMany (90011): more than 500 To_Account.
	CodeStateTooMany = int(types.ErrOpenIMTooManyAccounts)

	// CodeC2CBadJSON (90001): the body is not a JSON object, or a field
	// without a code of its own (MsgSeq, CloudCustomData, the control
	// lists) has the wrong type.
	CodeC2CBadJSON = int(types.ErrOpenIMBadJSON)
	// CodeC2CBadMsgBody (90002): MsgBody is missing, empty, not an array, or
	// holds an element that is not in Tencent's message format.
	CodeC2CBadMsgBody = int(types.ErrOpenIMBadMsgBody)
	// CodeC2CBadToAccount (90003): To_Account is missing or names no account.
	CodeC2CBadToAccount = int(types.ErrOpenIMBadToAccount)
	// CodeC2CBadMsgRandom (90005): MsgRandom is missing or not a 32-bit
	// unsigned integer.
	CodeC2CBadMsgRandom = int(types.ErrOpenIMBadMsgRandom)
	// CodeC2CBadFromAccount (90008): From_Account names no account.
	CodeC2CBadFromAccount = int(types.ErrOpenIMBadFromAccount)
	// CodeC2CLifeTime (90026): MsgLifeTime is over 7 days (or negative).
	CodeC2CLifeTime = int(types.ErrOpenIMBadLifeTime)
	// CodeC2CBadSyncOtherMachine (90031): SyncOtherMachine is not an
	// integer (or not 1 or 2).
	CodeC2CBadSyncOtherMachine = int(types.ErrOpenIMBadSyncOtherMachine)
	// CodeC2CBadPushInfo (90043): OfflinePushInfo is not an object.
	CodeC2CBadPushInfo = int(types.ErrOpenIMBadPushInfo)
	// CodeC2CBadLifeTimeType (90044): MsgLifeTime is not an integer.
	CodeC2CBadLifeTimeType = int(types.ErrOpenIMBadLifeTimeType)
)

// openconfigsvr/setnospeaking's and getnospeaking's own codes
// (cloud.tencent.com/document/product/269/4230; its error table as kept in
// tencentyun/qcloud-documents).
const (
	// CodeNoSpeakingBadJSON (130001): the body is not JSON.
	CodeNoSpeakingBadJSON = int(types.ErrNoSpeakingBadJSON)
	// CodeNoSpeakingNoAccount (130004): no Set_Account (Get_Account for
	// getnospeaking).
	CodeNoSpeakingNoAccount = int(types.ErrNoSpeakingNoAccount)
	// CodeNoSpeakingAccountType (130005): Set_Account is not a string.
	CodeNoSpeakingAccountType = int(types.ErrNoSpeakingBadAccount)
	// CodeNoSpeakingC2CType (130006): C2CmsgNospeakingTime is not a
	// number of seconds from 0 to 4294967295.
	CodeNoSpeakingC2CType = int(types.ErrNoSpeakingBadC2CTime)
	// CodeNoSpeakingGroupType (130007): GroupmsgNospeakingTime is not a
	// number of seconds from 0 to 4294967295.
	CodeNoSpeakingGroupType = int(types.ErrNoSpeakingBadGroupTime)
	// CodeNoSpeakingNoTime (130008): neither time was sent.
	CodeNoSpeakingNoTime = int(types.ErrNoSpeakingNoTime)
)

// apiError is a failure answered with Tencent's ErrorCode and ErrorInfo.
type apiError struct {
	code     int
	info     string
	kickType int // with CodeKicked
}

// Error formats the code and the info.
func (e *apiError) Error() string { return fmt.Sprintf("%d: %s", e.code, e.info) }

func fail(code int, format string, args ...any) *apiError {
	return &apiError{code: code, info: fmt.Sprintf(format, args...)}
}

package server

import "fmt"

// Error codes the emulator answers with. The Tencent meaning is beside each;
// where Tencent's choice for a case cannot be observed, the pick and its
// reason are given.
const (
	// CodeKicked (1002) answers a re-login or command carrying the A2 of a
	// session that was kicked, with KickType, so the SDK reports the kick.
	CodeKicked = 1002
	// CodeInternal (10002): server internal error.
	CodeInternal = 10002
	// CodeBadParam (10004): invalid parameters (missing or out-of-range fields).
	CodeBadParam = 10004
	// CodeNotMember (10007): permission denied; also an unknown or foreign
	// long-poll Key (the SDK retries quietly).
	CodeNotMember = 10007
	// CodeOwnerCannotQuit (10009): the owner may not quit the group.
	CodeOwnerCannotQuit = 10009
	// CodeNoGroup (10010): the group does not exist or was destroyed.
	CodeNoGroup = 10010
	// CodeMuted (10017): the sender is muted (or the whole group is).
	CodeMuted = 10017
	// CodeGroupIDTaken (10021): create_group with a GroupId in use.
	CodeGroupIDTaken = 10021
	// CodeRoomQuota (10036): too many AVChatRooms.
	CodeRoomQuota = 10036
	// CodeBadURL (60002): the REST URL cannot be parsed (query, method).
	CodeBadURL = 60002
	// CodeBadJSON (60003): a body that is not JSON or not of the command's
	// shape, on the REST API and on the WebSocket alike.
	CodeBadJSON = 60003
	// CodeNeedLogin (60004: "account or signature in the request is wrong"):
	// a command that needs a logged-in head (a2) came with a first-login or
	// guest head. Chosen over 70001/20002, which make tim-js-sdk report
	// userSigExpired and reset, and over a UserSig code, since no UserSig
	// was checked.
	CodeNeedLogin = 60004
	// CodeBadSDKAppID (60006): the sdkappid of a REST URL is not this app's.
	CodeBadSDKAppID = 60006
	// CodeUnknownCommand (60009: "request resource error, check the URL"):
	// an unknown servcmd on the WebSocket or an unknown REST command.
	CodeUnknownCommand = 60009
	// CodeNotAdmin (60010): the REST identifier is not the App admin.
	CodeNotAdmin = 60010
	// CodeNoSDKAppID (60012): a REST URL without sdkappid.
	CodeNoSDKAppID = 60012
	// CodeA2Expired (70001): UserSig expired, and an A2 the server does not
	// know (re-login after the session ended); the SDK reports userSigExpired.
	CodeA2Expired = 70001
	// CodeKickBadParam (70402): im_open_login_svc/kick without UserID
	// (cloud.tencent.com/document/product/269/3853 lists 70402 for a
	// missing or malformed field).
	CodeKickBadParam = 70402
	// CodeBodyTooLarge (93000): a REST body over Config.MaxRESTBody.
	CodeBodyTooLarge = 93000
)

// REST codes of Tencent's current docs, per service. The integrator moves
// them into types (types/errors_rest.go); until then they live here.
const (
	// CodeAccountType (60015: "请求包体账号类型错误,请确认账号为字符串格式"): an
	// account field (From_Account, Members_Account, UserID…) that is not a
	// string, on every REST command (public REST codes,
	// cloud.tencent.com/document/product/269/1671).
	CodeAccountType = 60015
	// CodeUserSigRevoked (70001, UserSig expired): a login with a UserSig
	// issued before an im_open_login_svc/kick of its user. The kick page
	// (cloud.tencent.com/document/product/269/3853, trtc.io/document/34957)
	// says the user's earlier UserSigs "will expire" and points at the
	// login docs, whose answer to an expired UserSig is 70001; 70052
	// (server-api.md) is not in Tencent's current public error table.
	CodeUserSigRevoked = 70001
	// CodeAccountNotFound (70107): the account was never imported nor
	// logged in (kick, query_online_status's ErrorList; public account
	// codes, cloud.tencent.com/document/product/269/1671).
	CodeAccountNotFound = 70107
	// CodeLoginBadParam (70402): a missing or malformed field of an
	// im_open_login_svc command (kick, account_import,
	// multiaccount_import: trtc.io/document/34957, 34953, 34954).
	CodeLoginBadParam = 70402
	// CodeProfileBadParam (40001, Err_Profile_Comm_Decode_Fail): a profile
	// command's body or field is malformed (trtc.io/document/34916, 34917).
	CodeProfileBadParam = 40001
	// CodeProfileNoAccount (40003: "请求的用户账号不存在"): portrait_get's
	// per-account ResultCode for an account that does not exist
	// (trtc.io/document/34917 requires imported accounts).
	CodeProfileNoAccount = 40003
	// CodeStateBadJSON (90001): query_online_status with a body that is
	// not JSON or an empty To_Account (trtc.io/document/35477).
	CodeStateBadJSON = 90001
	// CodeStateBadAccount (90003): a To_Account entry that is not a string
	// (trtc.io/document/35477).
	CodeStateBadAccount = 90003
	// CodeStateTooMany (90011): more than 500 To_Account
	// (trtc.io/document/35477).
	CodeStateTooMany = 90011
	// CodeNoSpeakingBadJSON (130001) and the field codes that follow are
	// openconfigsvr/setnospeaking's own (cloud.tencent.com/document/product/269/4230;
	// its error table as kept in tencentyun/qcloud-documents): the body is
	// not JSON.
	CodeNoSpeakingBadJSON = 130001
	// CodeNoSpeakingNoAccount (130004): no Set_Account (Get_Account for
	// getnospeaking).
	CodeNoSpeakingNoAccount = 130004
	// CodeNoSpeakingAccountType (130005): Set_Account is not a string.
	CodeNoSpeakingAccountType = 130005
	// CodeNoSpeakingC2CType (130006): C2CmsgNospeakingTime is not a number
	// of seconds from 0 to 4294967295.
	CodeNoSpeakingC2CType = 130006
	// CodeNoSpeakingGroupType (130007): GroupmsgNospeakingTime is not a
	// number of seconds from 0 to 4294967295.
	CodeNoSpeakingGroupType = 130007
	// CodeNoSpeakingNoTime (130008): neither time was sent.
	CodeNoSpeakingNoTime = 130008
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

package types

// Server codes of Tencent IM's REST API (the business backend's side), as
// the error-code page lists them (cloud.tencent.com/document/product/269/1671,
// trtc.io/document/34348) and each command's page repeats them. The REST
// client (tim/restapi) returns them in a *restapi.Error; the emulator
// answers with them. Codes the client SDK also meets (10004, 10010, 10017,
// 20003, 20012, 60002, 60022, 70001…, 80001, 80002) are declared in
// errors.go and serve both.
//
// RetryLater reports the codes Tencent's pages answer with "please retry"
// (服务器内部错误，请重试 and the like).

// Group service (group_open_http_svc, group_open_avchatroom_http_svc).
const (
	// ErrGroupInternal (10002): internal server error; retry
	// (trtc.io/document/34964 and every group command's table).
	ErrGroupInternal Code = 10002
	// ErrGroupInvalidCommand (10003): the command word is not valid
	// (trtc.io/document/34964).
	ErrGroupInvalidCommand Code = 10003
	// ErrGroupOperationFrequencyLimit (10006): the app's operations on the
	// group service are over their rate limit (trtc.io/document/34348).
	ErrGroupOperationFrequencyLimit Code = 10006
	// ErrGroupOwnerCannotQuit (10009, ERR_SVR_GROUP_SUPER_NOT_ALLOW_QUIT):
	// the group owner may not quit the group (trtc.io/document/34348).
	ErrGroupOwnerCannotQuit Code = 10009
	// ErrGroupIDInUse (10021): create_group with a GroupId another app user
	// already took (trtc.io/document/34895).
	ErrGroupIDInUse Code = 10021
	// ErrGroupIDInUseBySelf (10025): create_group with a GroupId the caller
	// already created; the group is there to use (trtc.io/document/34895).
	ErrGroupIDInUseBySelf Code = 10025
	// ErrAVChatRoomCountLimit (10036): more live rooms than the plan allows
	// (trtc.io/document/34895).
	ErrAVChatRoomCountLimit Code = 10036
	// ErrGroupCountLimit (10037): the user owns or joined too many groups
	// (trtc.io/document/34895).
	ErrGroupCountLimit Code = 10037
	// ErrGroupMemberCountLimit (10038): the group is full
	// (trtc.io/document/34895).
	ErrGroupMemberCountLimit Code = 10038
	// ErrGroupAttrFrequencyLimit (10049): group attributes written more
	// often than 5 times a second per room (tencentcloud.com/document/product/1047/44188).
	ErrGroupAttrFrequencyLimit Code = 10049
)

// Common REST codes (60000–60021): the HTTP layer, the admin and the app
// (cloud.tencent.com/document/product/269/1671, "REST API 公共错误码").
// 60002 (HTTP parse error) is ErrHeartbeatFatal's number and 60022 is
// ErrServiceOverload, both in errors.go.
const (
	// ErrRESTBadJSON (60003): the request body is not valid JSON.
	ErrRESTBadJSON Code = 60003
	// ErrRESTBadAccountOrSig (60004): the account or the signature in the
	// URL or body is wrong.
	ErrRESTBadAccountOrSig Code = 60004
	// ErrRESTBadAccountOrSig2 (60005): the account or the signature in the
	// URL or body is wrong (a second check).
	ErrRESTBadAccountOrSig2 Code = 60005
	// ErrRESTBadSDKAppID (60006): the SDKAppID is not valid.
	ErrRESTBadSDKAppID Code = 60006
	// ErrRESTFrequencyLimit (60007): REST calls over their rate limit; call
	// less often.
	ErrRESTFrequencyLimit Code = 60007
	// ErrRESTTimeout (60008): the service timed out or the HTTP request was
	// malformed; check and retry.
	ErrRESTTimeout Code = 60008
	// ErrRESTBadResource (60009): the request URL names no resource.
	ErrRESTBadResource Code = 60009
	// ErrRESTNeedAdmin (60010): the call needs the App admin identifier.
	ErrRESTNeedAdmin Code = 60010
	// ErrRESTAppFrequencyLimit (60011): the SDKAppID's calls over their
	// rate limit; call less often.
	ErrRESTAppFrequencyLimit Code = 60011
	// ErrRESTNoSDKAppID (60012): the URL has no sdkappid.
	ErrRESTNoSDKAppID Code = 60012
	// ErrRESTBadReplyJSON (60013): the reply's JSON could not be parsed.
	ErrRESTBadReplyJSON Code = 60013
	// ErrRESTAccountTimeout (60014): exchanging the account timed out.
	ErrRESTAccountTimeout Code = 60014
	// ErrRESTAccountType (60015): an account field of the body is not a
	// string.
	ErrRESTAccountType Code = 60015
	// ErrRESTAppDisabled (60016): the SDKAppID is disabled.
	ErrRESTAppDisabled Code = 60016
	// ErrRESTRequestDisabled (60017): the request is disabled.
	ErrRESTRequestDisabled Code = 60017
	// ErrRESTTooFrequent (60018): requests too frequent; retry later.
	ErrRESTTooFrequent Code = 60018
	// ErrRESTTooFrequent2 (60019): requests too frequent; retry later.
	ErrRESTTooFrequent2 Code = 60019
	// ErrRESTPlanExpired (60020): the paid plan expired.
	ErrRESTPlanExpired Code = 60020
	// ErrRESTBadSourceIP (60021): the call came from an IP not allowed.
	ErrRESTBadSourceIP Code = 60021
)

// Account codes (cloud.tencent.com/document/product/269/1671, "账号错误码";
// im_open_login_svc pages trtc.io/document/34953, 34954, 34957).
const (
	// ErrUserSigKeyMissing (70016): no key for the app in this data centre:
	// check the SDKAppID against the REST host's region.
	ErrUserSigKeyMissing Code = 70016
	// ErrUserSigAppMissing (70020): the SDKAppID does not exist in this data
	// centre.
	ErrUserSigAppMissing Code = 70020
	// ErrUserSigFrequencyLimit (70050): UserSig checks failed too often;
	// wait a minute.
	ErrUserSigFrequencyLimit Code = 70050
	// ErrAccountBlocklisted (70051): the account is blocklisted.
	ErrAccountBlocklisted Code = 70051
	// ErrAccountNotFound (70107): the account was never imported into IM.
	ErrAccountNotFound Code = 70107
	// ErrAccountInternalTimeout (70169): internal timeout; retry later
	// (trtc.io/document/34953).
	ErrAccountInternalTimeout Code = 70169
	// ErrAccountCountLimit (70398): the app has as many accounts as its plan
	// allows (trtc.io/document/34953).
	ErrAccountCountLimit Code = 70398
	// ErrAccountInvalidParameters (70402): a missing or malformed field of
	// an im_open_login_svc command (trtc.io/document/34953, 34957).
	ErrAccountInvalidParameters Code = 70402
	// ErrAccountNeedAdmin (70403): the command needs the App admin
	// (trtc.io/document/34953).
	ErrAccountNeedAdmin Code = 70403
	// ErrAccountInternal (70500): internal server error; retry
	// (trtc.io/document/34953).
	ErrAccountInternal Code = 70500
)

// Profile codes (profile/portrait_get and portrait_set,
// trtc.io/document/34916, 34917).
const (
	// ErrProfileBadRequest (40001): a field of the request is missing or
	// malformed.
	ErrProfileBadRequest Code = 40001
	// ErrProfileAccountNotFound (40003): the account does not exist.
	ErrProfileAccountNotFound Code = 40003
)

// One-to-one message codes (openim/sendmsg, trtc.io/document/34919;
// openim/query_online_status, trtc.io/document/35477). 20003 and 20012 are
// in errors.go.
const (
	// ErrMsgNetwork (20004): network error; retry.
	ErrMsgNetwork Code = 20004
	// ErrMsgInternal (20005): internal server error; retry.
	ErrMsgInternal Code = 20005
	// ErrOpenIMBadJSON (90001): the body is not valid JSON.
	ErrOpenIMBadJSON Code = 90001
	// ErrOpenIMBadMsgBody (90002): MsgBody is missing, empty, not an array,
	// or holds an element not in Tencent's message format
	// (trtc.io/document/34919).
	ErrOpenIMBadMsgBody Code = 90002
	// ErrOpenIMBadToAccount (90003): To_Account is missing, not a string or
	// not a registered account.
	ErrOpenIMBadToAccount Code = 90003
	// ErrOpenIMBadMsgRandom (90005): MsgRandom is missing or not an integer.
	ErrOpenIMBadMsgRandom Code = 90005
	// ErrOpenIMBadFromAccount (90008): From_Account names no account
	// (trtc.io/document/34919).
	ErrOpenIMBadFromAccount Code = 90008
	// ErrOpenIMNeedAdmin (90009): the command needs the App admin.
	ErrOpenIMNeedAdmin Code = 90009
	// ErrOpenIMTooManyAccounts (90011): more accounts than one call takes
	// (500 for query_online_status).
	ErrOpenIMTooManyAccounts Code = 90011
	// ErrOpenIMBadLifeTime (90026): MsgLifeTime, the offline storage time,
	// is over 7 days (trtc.io/document/34919).
	ErrOpenIMBadLifeTime Code = 90026
	// ErrOpenIMBadSyncOtherMachine (90031): SyncOtherMachine is not 1 or 2
	// (trtc.io/document/34919).
	ErrOpenIMBadSyncOtherMachine Code = 90031
	// ErrOpenIMBadPushInfo (90043): OfflinePushInfo is not an object
	// (trtc.io/document/34919).
	ErrOpenIMBadPushInfo Code = 90043
	// ErrOpenIMBadLifeTimeType (90044): MsgLifeTime is not an integer
	// (trtc.io/document/34919).
	ErrOpenIMBadLifeTimeType Code = 90044
	// ErrOpenIMInternal (90994): internal service error; retry.
	ErrOpenIMInternal Code = 90994
	// ErrOpenIMServer (91000): internal server error; retry.
	ErrOpenIMServer Code = 91000
	// ErrJSONTooLong (93000): the JSON body is too long (a message's
	// MsgBody is at most 12 KB).
	ErrJSONTooLong Code = 93000
)

// Global mute codes (openconfigsvr/setnospeaking and getnospeaking,
// cloud.tencent.com/document/product/269/4230, 4229).
const (
	// ErrNoSpeakingBadJSON (130001): the body is not valid JSON.
	ErrNoSpeakingBadJSON Code = 130001
	// ErrNoSpeakingNoAccount (130004): no Set_Account (Get_Account).
	ErrNoSpeakingNoAccount Code = 130004
	// ErrNoSpeakingBadAccount (130005): Set_Account is not valid.
	ErrNoSpeakingBadAccount Code = 130005
	// ErrNoSpeakingBadC2CTime (130006): C2CmsgNospeakingTime is not a
	// number of seconds from 0 to 4294967295.
	ErrNoSpeakingBadC2CTime Code = 130006
	// ErrNoSpeakingBadGroupTime (130007): GroupmsgNospeakingTime is not a
	// number of seconds from 0 to 4294967295.
	ErrNoSpeakingBadGroupTime Code = 130007
	// ErrNoSpeakingNoTime (130008): neither C2CmsgNospeakingTime nor
	// GroupmsgNospeakingTime was sent.
	ErrNoSpeakingNoTime Code = 130008
	// ErrNoSpeakingSystem (130014): system error; retry.
	ErrNoSpeakingSystem Code = 130014
)

// restMeanings holds the meanings of the codes above; init adds them to
// the one table Code.Meaning reads.
var restMeanings = map[Code]string{
	ErrGroupInternal:                "internal server error; retry",
	ErrGroupInvalidCommand:          "invalid command",
	ErrGroupOperationFrequencyLimit: "group operations over their rate limit",
	ErrGroupOwnerCannotQuit:         "the group owner may not quit",
	ErrGroupIDInUse:                 "group ID already used by someone else",
	ErrGroupIDInUseBySelf:           "group ID already created by you",
	ErrAVChatRoomCountLimit:         "too many live rooms for the plan",
	ErrGroupCountLimit:              "too many groups",
	ErrGroupMemberCountLimit:        "group is full",
	ErrGroupAttrFrequencyLimit:      "group attributes written too often",

	ErrRESTBadJSON:           "request body is not valid JSON",
	ErrRESTBadAccountOrSig:   "account or signature is wrong",
	ErrRESTBadAccountOrSig2:  "account or signature is wrong",
	ErrRESTBadSDKAppID:       "SDKAppID is not valid",
	ErrRESTFrequencyLimit:    "REST calls over their rate limit",
	ErrRESTTimeout:           "service timed out or malformed HTTP request; retry",
	ErrRESTBadResource:       "request URL names no resource",
	ErrRESTNeedAdmin:         "the App admin is required",
	ErrRESTAppFrequencyLimit: "SDKAppID calls over their rate limit",
	ErrRESTNoSDKAppID:        "request URL has no SDKAppID",
	ErrRESTBadReplyJSON:      "reply JSON could not be parsed",
	ErrRESTAccountTimeout:    "account exchange timed out",
	ErrRESTAccountType:       "account field is not a string",
	ErrRESTAppDisabled:       "SDKAppID is disabled",
	ErrRESTRequestDisabled:   "request is disabled",
	ErrRESTTooFrequent:       "requests too frequent; retry later",
	ErrRESTTooFrequent2:      "requests too frequent; retry later",
	ErrRESTPlanExpired:       "paid plan expired",
	ErrRESTBadSourceIP:       "REST call from an IP not allowed",

	ErrUserSigKeyMissing:        "no key for the SDKAppID in this data centre",
	ErrUserSigAppMissing:        "SDKAppID does not exist in this data centre",
	ErrUserSigFrequencyLimit:    "UserSig checks failed too often; wait a minute",
	ErrAccountBlocklisted:       "account is blocklisted",
	ErrAccountNotFound:          "account was never imported",
	ErrAccountInternalTimeout:   "internal timeout; retry later",
	ErrAccountCountLimit:        "too many accounts for the plan",
	ErrAccountInvalidParameters: "invalid account command parameters",
	ErrAccountNeedAdmin:         "the App admin is required",
	ErrAccountInternal:          "internal server error; retry",

	ErrProfileBadRequest:      "invalid profile request",
	ErrProfileAccountNotFound: "account does not exist",

	ErrMsgNetwork:                "network error; retry",
	ErrMsgInternal:               "internal server error; retry",
	ErrOpenIMBadJSON:             "request body is not valid JSON",
	ErrOpenIMBadMsgBody:          "MsgBody is missing or not in the message format",
	ErrOpenIMBadToAccount:        "To_Account is missing or not valid",
	ErrOpenIMBadMsgRandom:        "MsgRandom is missing or not an integer",
	ErrOpenIMBadFromAccount:      "From_Account is not an account",
	ErrOpenIMNeedAdmin:           "the App admin is required",
	ErrOpenIMBadLifeTime:         "MsgLifeTime is over 7 days",
	ErrOpenIMBadSyncOtherMachine: "SyncOtherMachine is not 1 or 2",
	ErrOpenIMBadPushInfo:         "OfflinePushInfo is not an object",
	ErrOpenIMBadLifeTimeType:     "MsgLifeTime is not an integer",
	ErrOpenIMTooManyAccounts:     "too many accounts in one call",
	ErrOpenIMInternal:            "internal service error; retry",
	ErrOpenIMServer:              "internal server error; retry",
	ErrJSONTooLong:               "JSON body too long",

	ErrNoSpeakingBadJSON:      "request body is not valid JSON",
	ErrNoSpeakingNoAccount:    "no account given",
	ErrNoSpeakingBadAccount:   "account is not valid",
	ErrNoSpeakingBadC2CTime:   "C2CmsgNospeakingTime is not valid",
	ErrNoSpeakingBadGroupTime: "GroupmsgNospeakingTime is not valid",
	ErrNoSpeakingNoTime:       "no mute time given",
	ErrNoSpeakingSystem:       "system error; retry",
}

func init() {
	for c, m := range restMeanings {
		meanings[c] = m
	}
}

// retryLater lists the codes whose pages say to try again: internal
// errors, timeouts and overload.
var retryLater = map[Code]bool{
	ErrGroupInternal: true, ErrRESTTimeout: true, ErrRESTTooFrequent: true,
	ErrRESTTooFrequent2: true, ErrServiceOverload: true, ErrAccountInternalTimeout: true,
	ErrAccountInternal: true, ErrMsgNetwork: true, ErrMsgInternal: true,
	ErrOpenIMInternal: true, ErrOpenIMServer: true, ErrNoSpeakingSystem: true,
}

// RetryLater reports whether Tencent's docs answer c with "retry" (an
// internal error, a timeout or overload): a call that is safe to repeat
// may be sent again after a pause.
func (c Code) RetryLater() bool { return retryLater[c] }

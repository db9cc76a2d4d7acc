package types

import "strconv"

// Code is a TIM error code: an SDK-side code (2000–3999, raised without
// asking the server) or a server code passed through from a reply.
//
// Code implements error, so a code can stand for itself in errors.Is
// checks: an error type that carries a Code can match it with
// errors.Is(err, types.ErrNotLoggedIn).
type Code int

// SDK-side codes (tim-js-sdk's own table). The name in brackets is the
// tim-js-sdk 2.27.6 constant.
const (
	// ErrNoSDKAppID (2000, NO_SDKAPPID): login without an SDKAppID.
	ErrNoSDKAppID Code = 2000
	// ErrNoUserID (2002, NO_IDENTIFIER): login with an empty userID.
	ErrNoUserID Code = 2002
	// ErrNoUserSig (2003, NO_USERSIG): login with an empty userSig.
	ErrNoUserSig Code = 2003
	// ErrNoTinyID (2022, NO_TINYID): the login reply lacks the tiny ID.
	ErrNoTinyID Code = 2022
	// ErrNoA2Key (2023, NO_A2KEY): the login reply lacks the session key.
	ErrNoA2Key Code = 2023
	// ErrNotLoggedIn (2024, USER_NOT_LOGGED_IN): the call needs a logged-in
	// user; also the not-ready reason before any login.
	ErrNotLoggedIn Code = 2024
	// ErrRepeatLogin (2025, REPEAT_LOGIN): login called while another login
	// is still in flight.
	ErrRepeatLogin Code = 2025

	// ErrMessageSendFail (2100, MESSAGE_SEND_FAIL): sendMessage failed for a
	// reason without its own code.
	ErrMessageSendFail Code = 2100
	// ErrNotInAVChatRoom (2101, MESSAGE_SEND_FAIL_NOT_IN_AVCHATROOM): sending
	// to a live room the user has not joined.
	ErrNotInAVChatRoom Code = 2101
	// ErrNeedMessageInstance (2105, MESSAGE_SEND_NEED_MESSAGE_INSTANCE):
	// sendMessage was given something the SDK did not create.
	ErrNeedMessageInstance Code = 2105
	// ErrInvalidConversationType (2106, MESSAGE_SEND_INVALID_CONVERSATION_TYPE):
	// the message's conversation type is neither C2C nor GROUP.
	ErrInvalidConversationType Code = 2106
	// ErrMessageNotSendable (2403, MESSAGE_FILE_URL_IS_EMPTY): the message has
	// no content to send (e.g. a custom message with every field empty).
	ErrMessageNotSendable Code = 2403
	// ErrModifyDisabledInAVChatRoom (2481, MESSAGE_MODIFY_DISABLED_IN_AVCHATROOM):
	// messages cannot be modified in a live room.
	ErrModifyDisabledInAVChatRoom Code = 2481

	// ErrIllegalGroupType (2600, ILLEGAL_GROUP_TYPE): createGroup with an
	// unknown group type.
	ErrIllegalGroupType Code = 2600
	// ErrCannotFindGroup (2603, CANNOT_FIND_GROUP): the group is not in the
	// local group list.
	ErrCannotFindGroup Code = 2603
	// ErrCannotChangeOwnerInAVChatRoom (2620, CANNOT_CHANGE_OWNER_IN_AVCHATROOM):
	// a live room's owner cannot be changed.
	ErrCannotChangeOwnerInAVChatRoom Code = 2620
	// ErrMemberNotInGroup (2623, MEMBER_NOT_IN_GROUP): quitGroup on a group the
	// user is not in.
	ErrMemberNotInGroup Code = 2623
	// ErrGroupAttrNotJoined (2642): group attributes need the user in the
	// live room (joinGroup first). A server code: tim-js-sdk's typings name
	// it, its table does not.
	ErrGroupAttrNotJoined Code = 2642
	// ErrJoinGroupFail (2660, JOIN_GROUP_FAIL): the server answered the join
	// with an unexpected status.
	ErrJoinGroupFail Code = 2660
	// ErrCannotAddMemberInAVChatRoom (2661, CANNOT_ADD_MEMBER_IN_AVCHATROOM):
	// members cannot be added to a live room; they join themselves.
	ErrCannotAddMemberInAVChatRoom Code = 2661
	// ErrJoinNonAVChatRoomWithoutLogin (2662, CANNOT_JOIN_NON_AVCHATROOM_WITHOUT_LOGIN):
	// guests may only join live rooms.
	ErrJoinNonAVChatRoomWithoutLogin Code = 2662
	// ErrNotOwner (2681, NOT_OWNER): only the group owner may do this.
	ErrNotOwner Code = 2681
	// ErrCannotSetMemberRoleInAVChatRoom (2682, CANNOT_SET_MEMBER_ROLE_IN_WORK_AND_AVCHATROOM):
	// roles cannot be changed in work groups or live rooms.
	ErrCannotSetMemberRoleInAVChatRoom Code = 2682
	// ErrInvalidMemberRole (2683, INVALID_MEMBER_ROLE): the role is not Admin
	// or Member.
	ErrInvalidMemberRole Code = 2683
	// ErrCannotSetSelfMemberRole (2684, CANNOT_SET_SELF_MEMBER_ROLE): a member
	// cannot change their own role.
	ErrCannotSetSelfMemberRole Code = 2684
	// ErrCannotMuteSelf (2685, CANNOT_MUTE_SELF): a member cannot mute themselves.
	ErrCannotMuteSelf Code = 2685
	// ErrBanDurationInvalid (2686, BAN_DURATION_INVALID): banning a live-room
	// member needs a duration above zero.
	ErrBanDurationInvalid Code = 2686

	// ErrUpdateProfileInvalidParam (2721, UPDATE_PROFILE_INVALID_PARAM):
	// updateMyProfile with an unknown field or a bad value.
	ErrUpdateProfileInvalidParam Code = 2721
	// ErrUpdateProfileNoKey (2722, UPDATE_PROFILE_NO_KEY): updateMyProfile
	// with nothing to change.
	ErrUpdateProfileNoKey Code = 2722

	// ErrNetwork (2800, NETWORK_ERROR): the request could not be sent.
	ErrNetwork Code = 2800
	// ErrNetworkTimeout (2801, NETWORK_TIMEOUT): no reply in time (15 s,
	// 90 s for login).
	ErrNetworkTimeout Code = 2801
	// ErrNoNetwork (2805, NO_NETWORK): there is no network connection.
	ErrNoNetwork Code = 2805
	// ErrUncaught (2903, UNCAUGHT_ERROR): an unexpected internal failure.
	ErrUncaught Code = 2903
	// ErrOverFrequencyLimit (2996, OVER_FREQUENCY_LIMIT): the SDK's own
	// per-command rate limit was hit.
	ErrOverFrequencyLimit Code = 2996
	// ErrSDKNotReady (2999, SDK_IS_NOT_READY): the SDK is not ready; the
	// rejection carries the more precise not-ready reason.
	ErrSDKNotReady Code = 2999

	// ErrLoggingIn (3000, LOGGING_IN): not ready because login is running.
	ErrLoggingIn Code = 3000
	// ErrLoginFailed (3001, LOGIN_FAILED): not ready because login failed.
	ErrLoginFailed Code = 3001
	// ErrKickedOutMultDevice (3002, KICKED_OUT_MULT_DEVICE): not ready since
	// the user signed in on another device.
	ErrKickedOutMultDevice Code = 3002
	// ErrKickedOutMultAccount (3003, KICKED_OUT_MULT_ACCOUNT): not ready since
	// the user signed in on one web instance too many.
	ErrKickedOutMultAccount Code = 3003
	// ErrKickedOutUserSigExpired (3004, KICKED_OUT_USERSIG_EXPIRED): not ready
	// since the UserSig expired.
	ErrKickedOutUserSigExpired Code = 3004
	// ErrLoggedOut (3005, LOGGED_OUT): not ready since the user logged out.
	ErrLoggedOut Code = 3005
	// ErrKickedOutRESTAPI (3006, KICKED_OUT_REST_API): not ready since the
	// REST API kicked the user.
	ErrKickedOutRESTAPI Code = 3006
	// ErrCannotUseCommercialAbility (3122, CANNOT_USE_COMMERCIAL_ABILITY): the
	// feature (member list, ban, counters…) is not purchased.
	ErrCannotUseCommercialAbility Code = 3122
	// ErrProfanityFound (3123, PROFANITY_FOUND): the profanity filter blocked
	// the text.
	ErrProfanityFound Code = 3123
)

// Server codes, carried by replies and passed through unchanged. The name in
// brackets is Tencent's.
const (
	// ErrHelloAnswerKickedOut (1002, HELLO_ANSWER_KICKED_OUT): the server
	// signed this connection out; the kick type says why.
	ErrHelloAnswerKickedOut Code = 1002
	// ErrGroupInvalidParameters (10004, ERR_SVR_GROUP_INVALID_PARAMETERS):
	// bad parameters for a group command.
	ErrGroupInvalidParameters Code = 10004
	// ErrGroupPermissionDeny (10007, ERR_SVR_GROUP_PERMISSION_DENY): no
	// permission, e.g. not a member of the group.
	ErrGroupPermissionDeny Code = 10007
	// ErrGroupNotFound (10010, ERR_SVR_GROUP_NOT_FOUND): the group does not
	// exist or was dismissed.
	ErrGroupNotFound Code = 10010
	// ErrGroupInvalidGroupID (10015, ERR_SVR_GROUP_INVALID_GROUPID): the group
	// ID is malformed.
	ErrGroupInvalidGroupID Code = 10015
	// ErrGroupRejectFromThirdParty (10016, ERR_SVR_GROUP_REJECT_FROM_THIRDPARTY):
	// the app's before-send callback rejected the message.
	ErrGroupRejectFromThirdParty Code = 10016
	// ErrGroupShutUpDeny (10017, ERR_SVR_GROUP_SHUTUP_DENY): the sender is
	// muted in the group (or the whole group is muted).
	ErrGroupShutUpDeny Code = 10017
	// ErrGroupSendFrequencyLimit (10023): the group's message send frequency
	// is over its limit.
	ErrGroupSendFrequencyLimit Code = 10023
	// ErrGroupAttrConflict (10056): the group attributes changed since the
	// client last read them; read them again, then write.
	ErrGroupAttrConflict Code = 10056
	// ErrMsgPkgParseFailed (20001, ERR_SVR_MSG_PKG_PARSE_FAILED): the server
	// could not parse the message.
	ErrMsgPkgParseFailed Code = 20001
	// ErrMsgInternalAuthFailed (20002, ERR_SVR_MSG_INTERNAL_AUTH_FAILED): the
	// session key expired; handled like an expired UserSig.
	ErrMsgInternalAuthFailed Code = 20002
	// ErrMsgInvalidID (20003, ERR_SVR_MSG_INVALID_ID): an invalid user ID.
	ErrMsgInvalidID Code = 20003
	// ErrMsgShutUpDeny (20012, ERR_SVR_MSG_SHUTUP_DENY): the sender is muted.
	ErrMsgShutUpDeny Code = 20012
	// ErrHeartbeatFatal (60002): the heartbeat failed for good; the connection
	// will not be retried.
	ErrHeartbeatFatal Code = 60002
	// ErrServiceOverload (60022, OPEN_SERVICE_OVERLOAD_ERROR): the server is
	// overloaded; retry later.
	ErrServiceOverload Code = 60022
	// ErrUserSigExpired (70001, ACCOUNT_A2KEY_EXPIRED): the UserSig (or the
	// session key) expired.
	ErrUserSigExpired Code = 70001
	// ErrUserSigInvalid (70003): the UserSig failed its check.
	ErrUserSigInvalid Code = 70003
	// ErrUserSigVerifyFailed (70009): the UserSig was not signed with this
	// app's key.
	ErrUserSigVerifyFailed Code = 70009
	// ErrUserSigIdentifierMismatch (70013): the UserSig was made for another
	// user ID.
	ErrUserSigIdentifierMismatch Code = 70013
	// ErrUserSigSDKAppIDMismatch (70014): the UserSig was made for another
	// SDKAppID.
	ErrUserSigSDKAppIDMismatch Code = 70014
	// ErrSensitiveText (80001, ERR_SVR_COMM_SENSITIVE_TEXT): text moderation
	// rejected the content.
	ErrSensitiveText Code = 80001
	// ErrBodySizeLimit (80002, ERR_SVR_COMM_BODY_SIZE_LIMIT): the message body
	// is too large (12 KB per message).
	ErrBodySizeLimit Code = 80002
)

// meanings holds the one-line meaning of every declared code.
var meanings = map[Code]string{
	ErrNoSDKAppID:                      "SDKAppID is missing",
	ErrNoUserID:                        "userID is empty",
	ErrNoUserSig:                       "userSig is empty",
	ErrNoTinyID:                        "login reply has no tiny ID",
	ErrNoA2Key:                         "login reply has no session key",
	ErrNotLoggedIn:                     "user is not logged in",
	ErrRepeatLogin:                     "a login is already in progress",
	ErrMessageSendFail:                 "message send failed",
	ErrNotInAVChatRoom:                 "not a member of this AVChatRoom; join it first",
	ErrNeedMessageInstance:             "not a message created by the SDK",
	ErrInvalidConversationType:         "conversation type must be C2C or GROUP",
	ErrMessageNotSendable:              "message has no content to send",
	ErrModifyDisabledInAVChatRoom:      "messages cannot be modified in an AVChatRoom",
	ErrIllegalGroupType:                "illegal group type",
	ErrCannotFindGroup:                 "group not found locally",
	ErrCannotChangeOwnerInAVChatRoom:   "an AVChatRoom's owner cannot be changed",
	ErrMemberNotInGroup:                "not a member of this group",
	ErrGroupAttrNotJoined:              "join the live room before using its attributes",
	ErrJoinGroupFail:                   "join group failed",
	ErrCannotAddMemberInAVChatRoom:     "members cannot be added to an AVChatRoom",
	ErrJoinNonAVChatRoomWithoutLogin:   "guests can only join AVChatRoom groups",
	ErrNotOwner:                        "only the group owner can do this",
	ErrCannotSetMemberRoleInAVChatRoom: "member roles cannot be set in work groups or AVChatRooms",
	ErrInvalidMemberRole:               "invalid member role",
	ErrCannotSetSelfMemberRole:         "cannot set your own member role",
	ErrCannotMuteSelf:                  "cannot mute yourself",
	ErrBanDurationInvalid:              "ban duration must be greater than zero",
	ErrUpdateProfileInvalidParam:       "invalid profile field or value",
	ErrUpdateProfileNoKey:              "no profile field to update",
	ErrNetwork:                         "network error",
	ErrNetworkTimeout:                  "request timed out",
	ErrNoNetwork:                       "no network",
	ErrUncaught:                        "uncaught internal error",
	ErrOverFrequencyLimit:              "client-side rate limit exceeded",
	ErrSDKNotReady:                     "SDK is not ready",
	ErrLoggingIn:                       "login in progress",
	ErrLoginFailed:                     "login failed",
	ErrKickedOutMultDevice:             "kicked out: logged in on another device",
	ErrKickedOutMultAccount:            "kicked out: logged in on another web instance",
	ErrKickedOutUserSigExpired:         "kicked out: UserSig expired",
	ErrLoggedOut:                       "logged out",
	ErrKickedOutRESTAPI:                "kicked out by the REST API",
	ErrCannotUseCommercialAbility:      "feature not purchased",
	ErrProfanityFound:                  "profanity found",

	ErrHelloAnswerKickedOut:      "kicked out by the server",
	ErrGroupInvalidParameters:    "invalid group parameters",
	ErrGroupPermissionDeny:       "permission denied",
	ErrGroupNotFound:             "group does not exist or was dismissed",
	ErrGroupInvalidGroupID:       "invalid group ID",
	ErrGroupRejectFromThirdParty: "rejected by the app's callback",
	ErrGroupShutUpDeny:           "muted in this group",
	ErrGroupSendFrequencyLimit:   "group message frequency over limit",
	ErrGroupAttrConflict:         "group attributes changed meanwhile; read them again",
	ErrMsgPkgParseFailed:         "message could not be parsed",
	ErrMsgInternalAuthFailed:     "session key expired",
	ErrMsgInvalidID:              "invalid user ID",
	ErrMsgShutUpDeny:             "sender is muted",
	ErrHeartbeatFatal:            "heartbeat failed permanently",
	ErrServiceOverload:           "server overloaded; retry later",
	ErrUserSigExpired:            "UserSig expired",
	ErrUserSigInvalid:            "UserSig check failed",
	ErrUserSigVerifyFailed:       "UserSig signature does not match the app key",
	ErrUserSigIdentifierMismatch: "UserSig was made for another userID",
	ErrUserSigSDKAppIDMismatch:   "UserSig was made for another SDKAppID",
	ErrSensitiveText:             "content rejected by moderation",
	ErrBodySizeLimit:             "message body too large",
}

// Meaning is the one-line meaning of c, or "" for an undeclared code.
func (c Code) Meaning() string { return meanings[c] }

// String is "<code>: <meaning>", or just the number for an undeclared code.
func (c Code) String() string {
	if m := meanings[c]; m != "" {
		return strconv.Itoa(int(c)) + ": " + m
	}
	return strconv.Itoa(int(c))
}

// Error makes a Code usable as an error value; it is the same text as String.
func (c Code) Error() string { return c.String() }

// IsSDK reports whether c is raised by the SDK itself (2000–3999) rather than
// passed through from the server.
func (c Code) IsSDK() bool { return c >= 2000 && c < 4000 }

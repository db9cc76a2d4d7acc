package types

import "testing"

// The expected values are copied from tim-js-sdk 2.27.6 (TIM.EVENT,
// TIM.TYPES); a wrong constant must fail here.
func TestJSValues(t *testing.T) {
	cases := []struct {
		name      string
		got, want string
	}{
		{"EVENT.SDK_READY", string(EventSDKReady), "sdkStateReady"},
		{"EVENT.SDK_NOT_READY", string(EventSDKNotReady), "sdkStateNotReady"},
		{"EVENT.SDK_DESTROY", string(EventSDKDestroy), "sdkDestroy"},
		{"EVENT.MESSAGE_RECEIVED", string(EventMessageReceived), "onMessageReceived"},
		{"EVENT.MESSAGE_MODIFIED", string(EventMessageModified), "onMessageModified"},
		{"EVENT.MESSAGE_REVOKED", string(EventMessageRevoked), "onMessageRevoked"},
		{"EVENT.CONVERSATION_LIST_UPDATED", string(EventConversationListUpdated), "onConversationListUpdated"},
		{"EVENT.GROUP_LIST_UPDATED", string(EventGroupListUpdated), "onGroupListUpdated"},
		{"EVENT.GROUP_ATTRIBUTES_UPDATED", string(EventGroupAttributesUpdated), "groupAttributesUpdated"},
		{"EVENT.GROUP_COUNTER_UPDATED", string(EventGroupCounterUpdated), "onGroupCounterUpdated"},
		{"EVENT.PROFILE_UPDATED", string(EventProfileUpdated), "onProfileUpdated"},
		{"EVENT.KICKED_OUT", string(EventKickedOut), "kickedOut"},
		{"EVENT.ERROR", string(EventError), "error"},
		{"EVENT.NET_STATE_CHANGE", string(EventNetStateChange), "netStateChange"},

		{"TYPES.MSG_TEXT", string(MsgText), "TIMTextElem"},
		{"TYPES.MSG_IMAGE", string(MsgImage), "TIMImageElem"},
		{"TYPES.MSG_SOUND", string(MsgSound), "TIMSoundElem"},
		{"TYPES.MSG_AUDIO", string(MsgAudio), "TIMSoundElem"},
		{"TYPES.MSG_FILE", string(MsgFile), "TIMFileElem"},
		{"TYPES.MSG_FACE", string(MsgFace), "TIMFaceElem"},
		{"TYPES.MSG_VIDEO", string(MsgVideo), "TIMVideoFileElem"},
		{"TYPES.MSG_LOCATION", string(MsgLocation), "TIMLocationElem"},
		{"TYPES.MSG_GRP_TIP", string(MsgGrpTip), "TIMGroupTipElem"},
		{"TYPES.MSG_GRP_SYS_NOTICE", string(MsgGrpSysNotice), "TIMGroupSystemNoticeElem"},
		{"TYPES.MSG_CUSTOM", string(MsgCustom), "TIMCustomElem"},
		{"TYPES.MSG_MERGER", string(MsgMerger), "TIMRelayElem"},
		{"TYPES.MSG_AT_ALL", MsgAtAll, "__kImSDK_MesssageAtALL__"},

		{"TYPES.MSG_PRIORITY_HIGH", string(MsgPriorityHigh), "High"},
		{"TYPES.MSG_PRIORITY_NORMAL", string(MsgPriorityNormal), "Normal"},
		{"TYPES.MSG_PRIORITY_LOW", string(MsgPriorityLow), "Low"},
		{"TYPES.MSG_PRIORITY_LOWEST", string(MsgPriorityLowest), "Lowest"},

		{"TYPES.CONV_C2C", string(ConvC2C), "C2C"},
		{"TYPES.CONV_GROUP", string(ConvGroup), "GROUP"},
		{"TYPES.CONV_SYSTEM", string(ConvSystem), "@TIM#SYSTEM"},

		{"TYPES.GRP_WORK", string(GrpWork), "Private"},
		{"TYPES.GRP_PUBLIC", string(GrpPublic), "Public"},
		{"TYPES.GRP_MEETING", string(GrpMeeting), "ChatRoom"},
		{"TYPES.GRP_AVCHATROOM", string(GrpAVChatRoom), "AVChatRoom"},
		{"TYPES.GRP_COMMUNITY", string(GrpCommunity), "Community"},

		{"TYPES.GRP_MBR_ROLE_OWNER", string(GrpMbrRoleOwner), "Owner"},
		{"TYPES.GRP_MBR_ROLE_ADMIN", string(GrpMbrRoleAdmin), "Admin"},
		{"TYPES.GRP_MBR_ROLE_MEMBER", string(GrpMbrRoleMember), "Member"},
		{"TYPES.GRP_MBR_ROLE_CUSTOM", string(GrpMbrRoleCustom), "Custom"},

		{"TYPES.JOIN_OPTIONS_FREE_ACCESS", string(JoinOptionsFreeAccess), "FreeAccess"},
		{"TYPES.JOIN_OPTIONS_NEED_PERMISSION", string(JoinOptionsNeedPermission), "NeedPermission"},
		{"TYPES.JOIN_OPTIONS_DISABLE_APPLY", string(JoinOptionsDisableApply), "DisableApply"},
		{"TYPES.JOIN_STATUS_SUCCESS", string(JoinStatusSuccess), "JoinedSuccess"},
		{"TYPES.JOIN_STATUS_ALREADY_IN_GROUP", string(JoinStatusAlreadyInGroup), "AlreadyInGroup"},
		{"TYPES.JOIN_STATUS_WAIT_APPROVAL", string(JoinStatusWaitApproval), "WaitAdminApproval"},

		{"TYPES.MSG_REMIND_ACPT_AND_NOTE", string(MsgRemindAcptAndNote), "AcceptAndNotify"},
		{"TYPES.MSG_REMIND_ACPT_NOT_NOTE", string(MsgRemindAcptNotNote), "AcceptNotNotify"},
		{"TYPES.MSG_REMIND_DISCARD", string(MsgRemindDiscard), "Discard"},

		{"TYPES.GENDER_UNKNOWN", string(GenderUnknown), "Gender_Type_Unknown"},
		{"TYPES.GENDER_FEMALE", string(GenderFemale), "Gender_Type_Female"},
		{"TYPES.GENDER_MALE", string(GenderMale), "Gender_Type_Male"},
		{"TYPES.ALLOW_TYPE_ALLOW_ANY", string(AllowTypeAllowAny), "AllowType_Type_AllowAny"},
		{"TYPES.ALLOW_TYPE_NEED_CONFIRM", string(AllowTypeNeedConfirm), "AllowType_Type_NeedConfirm"},
		{"TYPES.ALLOW_TYPE_DENY_ANY", string(AllowTypeDenyAny), "AllowType_Type_DenyAny"},
		{"TYPES.FORBID_TYPE_NONE", string(ForbidTypeNone), "AdminForbid_Type_None"},
		{"TYPES.FORBID_TYPE_SEND_OUT", string(ForbidTypeSendOut), "AdminForbid_Type_SendOut"},

		{"TYPES.KICKED_OUT_MULT_ACCOUNT", string(KickedOutMultAccount), "multipleAccount"},
		{"TYPES.KICKED_OUT_MULT_DEVICE", string(KickedOutMultDevice), "multipleDevice"},
		{"TYPES.KICKED_OUT_USERSIG_EXPIRED", string(KickedOutUserSigExpired), "userSigExpired"},
		{"TYPES.KICKED_OUT_REST_API", string(KickedOutRESTAPI), "REST_API_Kick"},

		{"TYPES.NET_STATE_CONNECTED", string(NetStateConnected), "connected"},
		{"TYPES.NET_STATE_CONNECTING", string(NetStateConnecting), "connecting"},
		{"TYPES.NET_STATE_DISCONNECTED", string(NetStateDisconnected), "disconnected"},

		{"message status unSend", string(MsgStatusUnSend), "unSend"},
		{"message status success", string(MsgStatusSuccess), "success"},
		{"message status fail", string(MsgStatusFail), "fail"},
		{"message flow in", string(FlowIn), "in"},
		{"message flow out", string(FlowOut), "out"},

		{"system account", SystemAccount, "@TIM#SYSTEM"},
		{"system tiny ID", SystemTinyID, "144115198244471703"},
		{"TIM.VERSION", SDKVersion, "2.27.6"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestJSNumbers(t *testing.T) {
	cases := []struct {
		name      string
		got, want int
	}{
		{"GRP_TIP_MBR_JOIN", int(GrpTipMbrJoin), 1},
		{"GRP_TIP_MBR_QUIT", int(GrpTipMbrQuit), 2},
		{"GRP_TIP_MBR_KICKED_OUT", int(GrpTipMbrKickedOut), 3},
		{"GRP_TIP_MBR_SET_ADMIN", int(GrpTipMbrSetAdmin), 4},
		{"GRP_TIP_MBR_CANCELED_ADMIN", int(GrpTipMbrCanceledAdmin), 5},
		{"GRP_TIP_GRP_PROFILE_UPDATED", int(GrpTipGrpProfileUpdated), 6},
		{"GRP_TIP_MBR_PROFILE_UPDATED", int(GrpTipMbrProfileUpdated), 7},
		{"GRP_TIP_BAN_AVCHATROOM_MEMBER", int(GrpTipBanAVChatRoomMember), 10},
		{"GRP_TIP_UNBAN_AVCHATROOM_MEMBER", int(GrpTipUnbanAVChatRoomMember), 11},

		{"notice kicked", int(GrpSysNoticeKicked), 4},
		{"notice dismissed", int(GrpSysNoticeDismissed), 5},
		{"notice banned", int(GrpSysNoticeBanned), 21},
		{"notice custom", int(GrpSysNoticeCustom), 255},

		{"USER_NOT_LOGGED_IN", int(ErrNotLoggedIn), 2024},
		{"MESSAGE_SEND_FAIL_NOT_IN_AVCHATROOM", int(ErrNotInAVChatRoom), 2101},
		{"JOIN_GROUP_FAIL", int(ErrJoinGroupFail), 2660},
		{"CANNOT_JOIN_NON_AVCHATROOM_WITHOUT_LOGIN", int(ErrJoinNonAVChatRoomWithoutLogin), 2662},
		{"UPDATE_PROFILE_INVALID_PARAM", int(ErrUpdateProfileInvalidParam), 2721},
		{"NETWORK_TIMEOUT", int(ErrNetworkTimeout), 2801},
		{"OVER_FREQUENCY_LIMIT", int(ErrOverFrequencyLimit), 2996},
		{"SDK_IS_NOT_READY", int(ErrSDKNotReady), 2999},
		{"LOGGED_OUT", int(ErrLoggedOut), 3005},
		{"KICKED_OUT_REST_API", int(ErrKickedOutRESTAPI), 3006},
		{"CANNOT_USE_COMMERCIAL_ABILITY", int(ErrCannotUseCommercialAbility), 3122},
		{"HELLO_ANSWER_KICKED_OUT", int(ErrHelloAnswerKickedOut), 1002},
		{"ERR_SVR_GROUP_SHUTUP_DENY", int(ErrGroupShutUpDeny), 10017},
		{"ERR_SVR_MSG_INTERNAL_AUTH_FAILED", int(ErrMsgInternalAuthFailed), 20002},
		{"OPEN_SERVICE_OVERLOAD_ERROR", int(ErrServiceOverload), 60022},
		{"ACCOUNT_A2KEY_EXPIRED", int(ErrUserSigExpired), 70001},
		{"ERR_SVR_COMM_BODY_SIZE_LIMIT", int(ErrBodySizeLimit), 80002},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
}

func TestConversationID(t *testing.T) {
	cases := []struct {
		t      ConvType
		target string
		want   string
	}{
		{ConvGroup, "@TGS#aLIVEROOM", "GROUP@TGS#aLIVEROOM"},
		{ConvC2C, "alice", "C2Calice"},
		{ConvSystem, "@TGS#aLIVEROOM", "@TIM#SYSTEM"},
	}
	for _, c := range cases {
		if got := c.t.ConversationID(c.target); got != c.want {
			t.Errorf("%s.ConversationID(%q) = %q, want %q", c.t, c.target, got, c.want)
		}
	}
}

func TestValidators(t *testing.T) {
	if !GrpAVChatRoom.Valid() || GroupType("Room").Valid() {
		t.Error("GroupType.Valid: AVChatRoom must be valid, Room must not")
	}
	if !GenderMale.Valid() || Gender("").Valid() {
		t.Error("Gender.Valid: Male must be valid, empty must not")
	}
	if !AllowTypeDenyAny.Valid() || AllowType("x").Valid() {
		t.Error("AllowType.Valid")
	}
	if !ForbidTypeSendOut.Valid() || ForbidType("x").Valid() {
		t.Error("ForbidType.Valid")
	}
}

func TestOpStrings(t *testing.T) {
	if got := GrpTipMbrJoin.String(); got != "GRP_TIP_MBR_JOIN" {
		t.Errorf("GrpTipMbrJoin.String() = %q", got)
	}
	if got := GroupTipOp(8).String(); got != "GroupTipOp(8)" {
		t.Errorf("GroupTipOp(8).String() = %q", got)
	}
	if got := GrpSysNoticeBanned.String(); got != "Banned" {
		t.Errorf("GrpSysNoticeBanned.String() = %q", got)
	}
	if got := GroupSystemNoticeOp(15).String(); got != "GroupSystemNoticeOp(15)" {
		t.Errorf("GroupSystemNoticeOp(15).String() = %q", got)
	}
	for op, want := range map[GroupSystemNoticeOp]bool{
		GrpSysNoticeKicked: true, GrpSysNoticeDismissed: true, GrpSysNoticeBanned: true,
		GrpSysNoticeQuit: true, GrpSysNoticeCustom: false, GrpSysNoticeSetAdmin: false,
	} {
		if got := op.RemovesGroup(); got != want {
			t.Errorf("%v.RemovesGroup() = %v, want %v", op, got, want)
		}
	}
}

func TestKickedOutNotReadyCode(t *testing.T) {
	cases := map[KickedOutType]Code{
		KickedOutMultAccount:    3003,
		KickedOutMultDevice:     3002,
		KickedOutUserSigExpired: 3004,
		KickedOutRESTAPI:        3006,
		"other":                 0,
	}
	for k, want := range cases {
		if got := k.NotReadyCode(); got != want {
			t.Errorf("%q.NotReadyCode() = %d, want %d", k, got, want)
		}
	}
}

func TestCustomFieldValue(t *testing.T) {
	fields := []CustomField{{Key: "a", Value: "1"}, {Key: "b", Value: ""}}
	for _, c := range []struct {
		key, want string
		ok        bool
	}{{"a", "1", true}, {"b", "", true}, {"c", "", false}} {
		if got, ok := CustomFieldValue(fields, c.key); got != c.want || ok != c.ok {
			t.Errorf("CustomFieldValue(%q) = %q, %v; want %q, %v", c.key, got, ok, c.want, c.ok)
		}
	}
}

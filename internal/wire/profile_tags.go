package wire

// ProfileCustomTagPrefix starts the tag of every profile custom field:
// "Tag_Profile_Custom_" and the key the app defined in the console
// (portrait_set, trtc.io/document/34916).
const ProfileCustomTagPrefix = "Tag_Profile_Custom_"

// Profile tags beyond the five in servcmd.go: every Tag_Profile_IM_* that
// updateMyProfile can set. Custom fields use their own keys, which start
// with ProfileCustomTagPrefix.
const (
	ProfileTagBirthday    = "Tag_Profile_IM_BirthDay"
	ProfileTagLocation    = "Tag_Profile_IM_Location"
	ProfileTagLanguage    = "Tag_Profile_IM_Language"
	ProfileTagMsgSettings = "Tag_Profile_IM_MsgSettings"
	ProfileTagAdminForbid = "Tag_Profile_IM_AdminForbidType"
	ProfileTagLevel       = "Tag_Profile_IM_Level"
	ProfileTagRole        = "Tag_Profile_IM_Role"
	// ProfileNotFound is the account tim-js-sdk drops from portrait replies.
	ProfileNotFound = "@TLS#NOT_FOUND"
)

// Commands and constants the client needs beyond servcmd.go.
const (
	// CmdKickOther is a push after which tim-js-sdk silently logs in again.
	CmdKickOther = "StatSvc.KickOther"
	// ShutUpAllOn is GroupInfo.ShutUpAllMember when the whole room is muted.
	ShutUpAllOn = "On"
	// WaitAdminApproval is the JoinedStatus of a join waiting for an admin.
	WaitAdminApproval = "WaitAdminApproval"
)

// SelfMemberInfoFilter is the ResponseFilter tim-js-sdk sends with
// get_group_self_member_info (getGroupProfile).
func SelfMemberInfoFilter(customFields []string) *ResponseFilter {
	return &ResponseFilter{
		GroupBaseInfoFilter: []string{"Type", "Name", "Introduction", "Notification", "FaceUrl", "Owner_Account", "CreateTime",
			"InfoSeq", "LastInfoTime", "LastMsgTime", "MemberNum", "MaxMemberNum", "ApplyJoinOption", "NextMsgSeq",
			"ShutUpAllMember", "InviteJoinOption"},
		AppDefinedDataFilter_Group: customFields,
		MemberInfoFilter:           []string{"Role", "JoinTime", "MsgSeq", "MsgFlag", "NameCard"},
	}
}

package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// restRow is one REST call of the table: the body exactly as the doc page's
// request example shows it, with two changes only: the page's group ID is
// {room} (the test's live room) and the page's // annotations, which are
// not JSON, are left out. code is the ErrorCode wanted; has lists keys the
// reply must carry.
type restRow struct {
	page    string // Tencent's doc page the body is copied from
	command string
	body    string
	code    int
	has     []string
}

// docSamples is every REST command the emulator serves, with the request
// examples of its doc page (the rows run in order, on one server: account
// rows come before the rows that need the account, destroy_group last).
var docSamples = []restRow{
	// Accounts and profiles.
	{"trtc.io/document/34953", wire.RESTAccountImport, `{"UserID":"test","Nick":"test","FaceUrl":"http://www.qq.com"}`, 0, nil},
	{"trtc.io/document/34954", wire.RESTMultiAccountImport, `{"Accounts":["test1","test2","test3","test4","test5"]}`, 0, []string{"FailAccounts"}},
	{"trtc.io/document/34916", wire.RESTPortraitSet, `{"From_Account":"id","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"MyNickName"}]}`, 0, nil},
	{"trtc.io/document/34917", wire.RESTPortraitGet, `{"To_Account":["id1"],"TagList":["Tag_Profile_IM_Nick"]}`, 0, []string{"UserProfileItem"}},
	{"trtc.io/document/34917", wire.RESTPortraitGet, `{"To_Account":["id1"],"TagList":["Tag_Profile_IM_Nick","Tag_Profile_IM_AllowType","Tag_Profile_IM_SelfSignature","Tag_Profile_Custom_Test"]}`, 0, nil},
	{"trtc.io/document/34917", wire.RESTPortraitGet, `{"To_Account":["id1","id2","id3"],"TagList":["Tag_Profile_IM_Nick"]}`, 0, nil},
	{"trtc.io/document/34917", wire.RESTPortraitGet, `{"To_Account":["id1","id2","id3","id4"],"TagList":["Tag_Profile_IM_Nick","Tag_Profile_IM_AllowType","Tag_Profile_IM_SelfSignature","Tag_Profile_Custom_Test"]}`, 0, nil},
	{"cloud.tencent.com/document/product/269/4230", wire.RESTSetNoSpeaking, `{"Set_Account":"lumotuwe","C2CmsgNospeakingTime":4294967295,"GroupmsgNospeakingTime":7200}`, 0, nil},
	{"cloud.tencent.com/document/product/269/4229", wire.RESTGetNoSpeaking, `{"Get_Account":"lumotuwe"}`, 0, []string{"C2CmsgNospeakingTime", "GroupmsgNospeakingTime"}},
	{"trtc.io/document/35477", wire.RESTQueryOnlineStatus, `{"To_Account":["id1","id2","id3","id4"]}`, 0, []string{"QueryResult", "ErrorList"}},
	{"trtc.io/document/35477", wire.RESTQueryOnlineStatus, `{"IsNeedDetail":1,"To_Account":["id1","id2","id4"]}`, 0, []string{"QueryResult"}},
	{"trtc.io/document/35477 (old name)", wire.RESTQueryState, `{"To_Account":["id1","id2","id3","id4"]}`, 0, []string{"QueryResult"}},
	// openim/sendmsg: the page's accounts made "test" (imported above).
	{"trtc.io/document/34919", wire.RESTSendMsg, `{"SyncOtherMachine":2,"To_Account":"test","MsgLifeTime":60,"MsgSeq":93847636,"MsgRandom":1287657,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],"CloudCustomData":"your cloud custom data","SupportMessageExtension":0}`, 0, []string{"MsgTime", "MsgKey"}},
	{"trtc.io/document/34919", wire.RESTSendMsg, `{"SyncOtherMachine":1,"From_Account":"test","To_Account":"test","MsgSeq":93847638,"MsgRandom":1287657,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],"SendMsgControl":["NoUnread","NoLastMsg"],"OfflinePushInfo":{"PushFlag":0,"Title":"t","Desc":"d","Ext":"e"}}`, 0, nil},
	{"trtc.io/document/34957", wire.RESTKick, `{"UserID":"test"}`, 0, nil},

	// Creating rooms. Type is the page's "Public" made "AVChatRoom": the
	// emulator serves live rooms only.
	{"trtc.io/document/34895", wire.RESTCreateGroup, `{"Owner_Account":"leckie","Type":"AVChatRoom","Name":"TestGroup"}`, 0, []string{"GroupId"}},
	{"trtc.io/document/34895", wire.RESTCreateGroup, `{"Owner_Account":"leckie","Type":"AVChatRoom","Name":"TestGroup","Introduction":"This is group Introduction","Notification":"This is group Notification","FaceUrl":"http://this.is.face.url","MaxMemberCount":500,"ApplyJoinOption":"FreeAccess"}`, 0, nil},
	{"trtc.io/document/34895", wire.RESTCreateGroup, `{"Owner_Account":"leckie","Type":"AVChatRoom","GroupId":"MyFirstGroup","Name":"TestGroup"}`, 0, nil},
	{"trtc.io/document/34895", wire.RESTCreateGroup, `{"Name":"TestGroup","Type":"AVChatRoom","AppDefinedData":[{"Key":"GroupTestData1","Value":"xxxxx"},{"Key":" GroupTestData2","Value":"abc\u0000\u0001"}]}`, 0, nil},
	// The page: members of an AVChatRoom join from the SDK; 10007.
	{"trtc.io/document/34895", wire.RESTCreateGroup, `{"Name":"TestGroup","Type":"AVChatRoom","MemberList":[{"Member_Account":"bob","Role":"Admin"},{"Member_Account":"peter"}]}`, server.CodeNotMember, nil},

	// Messages.
	{"trtc.io/document/34959", wire.RESTSendGroupMsg, `{"GroupId":"{room}","Random":8912345,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}},{"MsgType":"TIMFaceElem","MsgContent":{"Index":6,"Data":"abc\u0000\u0001"}}],"CloudCustomData":"your cloud custom data","SupportMessageExtension":0,"OfflinePushInfo":{"PushFlag":0,"Desc":"Content to push offline","Ext":"Passthrough content","AndroidInfo":{"Sound":"android.mp3"},"ApnsInfo":{"Sound":"apns.mp3","BadgeMode":1,"Title":"apns title","SubTitle":"apns subtitle","Image":"www.image.com"}}}`, 0, []string{"MsgTime", "MsgSeq"}},
	{"trtc.io/document/34959", wire.RESTSendGroupMsg, `{"GroupId":"{room}","From_Account":"leckie","Random":8912345,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}},{"MsgType":"TIMFaceElem","MsgContent":{"Index":6,"Data":"abc\u0000\u0001"}}]}`, 0, nil},
	{"trtc.io/document/34958", wire.RESTSendSystemNotice, `{"GroupId":"{room}","Content":"Hello World"}`, 0, nil},
	{"trtc.io/document/34958", wire.RESTSendSystemNotice, `{"GroupId":"{room}","ToMembers_Account":["peter","leckie"],"Content":"Hello World"}`, 0, nil},
	{"trtc.io/document/34970", wire.RESTDeleteMsgBySender, `{"GroupId":"{room}","Sender_Account":"leckie"}`, 0, nil},

	// Room profile and members.
	{"trtc.io/document/34962", wire.RESTModifyGroupBase, `{"GroupId":"{room}","Name":"NewName","Introduction":"NewIntroduction","Notification":"NewNotification","FaceUrl":"http://this.is.new.face.url","MaxMemberNum":500,"ApplyJoinOption":"NeedPermission","MuteAllMember":"On"}`, 0, nil},
	{"trtc.io/document/34962", wire.RESTModifyGroupBase, `{"GroupId":"{room}","AppDefinedData":[{"Key":"GroupTestData1","Value":"NewData"}]}`, 0, nil},
	{"trtc.io/document/34962", wire.RESTModifyGroupBase, `{"GroupId":"{room}","AppDefinedData":[{"Key":"GroupTestData2","Value":""}]}`, 0, nil},
	{"trtc.io/document/34961", wire.RESTGetGroupInfo, `{"GroupIdList":["{room}","@TGS#1CXTZEAET"]}`, 0, []string{"GroupInfo"}},
	{"trtc.io/document/34961", wire.RESTGetGroupInfo, `{"GroupIdList":["{room}","@TGS#1CXTZEAET"],"ResponseFilter":{"GroupBaseInfoFilter":["Type","Name","Introduction","Notification"],"MemberInfoFilter":["Account","Role"],"AppDefinedDataFilter_Group":["GroupTestData1","GroupTestData2"],"AppDefinedDataFilter_GroupMember":["MemberDefined2","MemberDefined1"]}}`, 0, nil},
	{"trtc.io/document/38521", wire.RESTGetOnlineMemberNum, `{"GroupId":"{room}"}`, 0, []string{"OnlineMemberNum"}},
	{"trtc.io/document/50293", wire.RESTGetAVMembers, `{"GroupId":"{room}","Timestamp":0}`, 0, []string{"MemberList", "NextTimestamp"}},
	{"trtc.io/document/50293", wire.RESTGetAVMembers, `{"GroupId":"{room}","Mark":1000,"Timestamp":0}`, 0, nil},

	// Mutes and bans.
	{"trtc.io/document/34951", wire.RESTForbidSendMsg, `{"GroupId":"{room}","Members_Account":["peter","leckie"],"MuteTime":60}`, 0, nil},
	{"trtc.io/document/34964", wire.RESTGetGroupMutedAcct, `{"GroupId":"{room}"}`, 0, []string{"GroupId", "MutedAccountList"}},
	{"trtc.io/document/34964 (old name)", wire.RESTGetGroupShuttedUin, `{"GroupId":"{room}"}`, 0, []string{"ShuttedUinList"}},
	{"trtc.io/document/34951", wire.RESTForbidSendMsg, `{"GroupId":"{room}","Members_Account":["peter","leckie"],"MuteTime":0}`, 0, nil},
	// modify_group_member_info: "AVChatRoom: 不支持" (269/1623; a live room
	// stores no member profiles): the doc's samples are refused with 10004.
	{"cloud.tencent.com/document/product/269/1623", wire.RESTModifyGroupMember, `{"GroupId":"{room}","Member_Account":"bob","Role":"Admin"}`, 10004, nil},
	{"cloud.tencent.com/document/product/269/1623", wire.RESTModifyGroupMember, `{"GroupId":"{room}","Member_Account":"bob","Role":"Member"}`, 10004, nil},
	{"cloud.tencent.com/document/product/269/1623", wire.RESTModifyGroupMember, `{"GroupId":"{room}","Member_Account":"bob","MsgFlag":"AcceptAndNotify"}`, 10004, nil},
	{"cloud.tencent.com/document/product/269/1623", wire.RESTModifyGroupMember, `{"GroupId":"{room}","Member_Account":"bob","NameCard":"bob"}`, 10004, nil},
	{"cloud.tencent.com/document/product/269/1623", wire.RESTModifyGroupMember, `{"GroupId":"{room}","Member_Account":"bob","AppMemberDefinedData":[{"Key":"MemberDefined1","Value":"ModifyData1"},{"Key":"MemberDefined3","Value":"ModifyData3"}]}`, 10004, nil},
	{"cloud.tencent.com/document/product/269/1623", wire.RESTModifyGroupMember, `{"GroupId":"{room}","Member_Account":"bob","MuteTime":86400}`, 10004, nil},
	// Live-room admins instead.
	{"cloud.tencent.com/document/product/269/102857", wire.RESTModifyAdmin, `{"GroupId":"{room}","CommandType":1,"Admin_Account":["user1"]}`, 0, nil},
	{"cloud.tencent.com/document/product/269/102858", wire.RESTGetAdminList, `{"GroupId":"{room}"}`, 0, []string{"Admin_List"}},
	{"cloud.tencent.com/document/product/269/102857", wire.RESTModifyAdmin, `{"GroupId":"{room}","CommandType":2,"Admin_Account":["user1"]}`, 0, nil},
	{"trtc.io/document/50296", wire.RESTBanGroupMember, `{"GroupId":"{room}","Members_Account":["brennanli3","brennanli12"],"Duration":3600,"Description":"you are banned because of irregularities"}`, 0, nil},
	{"trtc.io/document/50295", wire.RESTGetGroupBanMember, `{"GroupId":"{room}","Limit":20,"Offset":0}`, 0, []string{"BannedAccountList", "NextOffset"}},
	{"trtc.io/document/50297", wire.RESTUnbanGroupMember, `{"GroupId":"{room}","Members_Account":["brennanli3","brennanli12"]}`, 0, nil},

	// Counters and attributes.
	{"trtc.io/document/53428", wire.RESTUpdateGroupCounter, `{"GroupId":"{room}","GroupCounter":[{"Key":"like","Value":5},{"Key":"unlike","Value":1}],"Mode":"Set"}`, 0, []string{"GroupCounter"}},
	{"trtc.io/document/53427", wire.RESTGetGroupCounter, `{"GroupId":"{room}","GroupCounterKeys":["like","unlike"]}`, 0, []string{"GroupCounter"}},
	{"trtc.io/document/44190", wire.RESTInitGroupAttr, `{"GroupId":"{room}","GroupAttr":[{"key":"attr_key","value":"attr_val"},{"key":"attr_key1","value":"attr_val1"}]}`, 0, nil},
	{"trtc.io/document/44188", wire.RESTSetGroupAttr, `{"GroupId":"{room}","GroupAttr":[{"key":"attr_key","value":"attr_val"},{"key":"attr_key1","value":"attr_val1"}]}`, 0, nil},
	{"trtc.io/document/44187", wire.RESTGetGroupAttr, `{"GroupId":"{room}"}`, 0, []string{"GroupAttrAry"}},
	{"trtc.io/document/59499", wire.RESTDeleteGroupAttr, `{"GroupId":"{room}","GroupAttr":[{"key":"attr_key"},{"key":"attr_key1"}]}`, 0, nil},
	{"trtc.io/document/44189", wire.RESTClearGroupAttr, `{"GroupId":"{room}"}`, 0, nil},

	// Commands an AVChatRoom does not support: 10004 (rest_unsupported.go).
	{"trtc.io/document/34949", wire.RESTDeleteGroupMember, `{"GroupId":"{room}","MemberToDel_Account":["tommy","jared"]}`, server.CodeBadParam, nil},
	{"trtc.io/document/34949", wire.RESTDeleteGroupMember, `{"GroupId":"{room}","Silence":1,"MemberToDel_Account":["tommy","jared"]}`, server.CodeBadParam, nil},
	{"trtc.io/document/34949", wire.RESTDeleteGroupMember, `{"GroupId":"{room}","Reason":"kick reason","MemberToDel_Account":["tommy","jared"]}`, server.CodeBadParam, nil},
	{"trtc.io/document/34921", wire.RESTAddGroupMember, `{"GroupId":"{room}","MemberList":[{"Member_Account":"tommy"},{"Member_Account":"jared"}]}`, server.CodeBadParam, nil},
	{"trtc.io/document/34966", wire.RESTChangeGroupOwner, `{"GroupId":"{room}","NewOwner_Account":"peter"}`, server.CodeBadParam, nil},
	{"trtc.io/document/34968", wire.RESTImportGroupMsg, `{"GroupId":"{room}","RecentContactFlag":1,"MsgList":[{"From_Account":"leckie","SendTime":1620808101,"Random":8912345,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}},{"MsgType":"TIMFaceElem","MsgContent":{"Index":6,"Data":"abc\u0000\u0001"}}]},{"From_Account":"peter","SendTime":1620892821,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}}]}]}`, server.CodeBadParam, nil},
	{"trtc.io/document/34969", wire.RESTImportGroupMember, `{"GroupId":"{room}","MemberList":[{"Member_Account":"tommy","Role":"Admin","JoinTime":1448357837,"UnreadMsgNum":5},{"Member_Account":"jared","JoinTime":1448357857,"UnreadMsgNum":2}]}`, server.CodeBadParam, nil},
	{"trtc.io/document/34971", wire.RESTGroupMsgGetSimple, `{"GroupId":"{room}","ReqMsgNumber":2}`, server.CodeBadParam, nil},
	{"trtc.io/document/34971", wire.RESTGroupMsgGetSimple, `{"GroupId":"{room}","ReqMsgSeq":7803321,"ReqMsgNumber":2}`, server.CodeBadParam, nil},
	// Live rooms recall for Web SDK 3.1.2+ only; tim-js-sdk 2.27.6 has no
	// recall notice to deliver, so the emulator refuses (rest_unsupported.go).
	{"trtc.io/document/34965", wire.RESTGroupMsgRecall, `{"GroupId":"{room}","MsgSeqList":[{"MsgSeq":100},{"MsgSeq":101}],"Reason":"撤回原因"}`, server.CodeBadParam, nil},

	{"trtc.io/document/34896", wire.RESTDestroyGroup, `{"GroupId":"{room}"}`, 0, nil},
}

// refusals are the rows of what Tencent refuses: a body that is not a JSON
// object, a field of the wrong JSON type, a missing required field, a
// value out of its range. Each row names the rule it checks.
var refusals = []restRow{
	{"not a JSON object", wire.RESTGetOnlineMemberNum, `["{room}"]`, server.CodeBadJSON, nil},
	{"not a JSON object", wire.RESTGetOnlineMemberNum, `"{room}"`, server.CodeBadJSON, nil},
	{"not a JSON object", wire.RESTGetOnlineMemberNum, ``, server.CodeBadJSON, nil},
	{"not JSON", wire.RESTGetOnlineMemberNum, `{"GroupId":`, server.CodeBadJSON, nil},
	{"unknown fields are ignored", wire.RESTGetOnlineMemberNum, `{"GroupId":"{room}","Extra":[1,{"x":null}]}`, 0, nil},
	{"GroupId a number", wire.RESTGetOnlineMemberNum, `{"GroupId":5}`, server.CodeBadParam, nil},
	{"GroupId a number", wire.RESTDestroyGroup, `{"GroupId":5}`, server.CodeBadParam, nil},
	{"GroupId missing", wire.RESTSendSystemNotice, `{"Content":"Hello World"}`, server.CodeBadParam, nil},
	{"no such group", wire.RESTDeleteGroupMember, `{"GroupId":"@TGS#aNOSUCH","MemberToDel_Account":["tommy"]}`, server.CodeNoGroup, nil},
	{"Name a number", wire.RESTCreateGroup, `{"Type":"AVChatRoom","Name":1}`, server.CodeBadParam, nil},
	{"Name missing", wire.RESTCreateGroup, `{"Type":"AVChatRoom"}`, server.CodeBadParam, nil},
	{"Type missing", wire.RESTCreateGroup, `{"Name":"TestGroup"}`, server.CodeBadParam, nil},
	{"Owner_Account a number", wire.RESTCreateGroup, `{"Owner_Account":7,"Type":"AVChatRoom","Name":"TestGroup"}`, server.CodeAccountType, nil},
	{"Random negative", wire.RESTSendGroupMsg, `{"GroupId":"{room}","Random":-1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, server.CodeBadParam, nil},
	{"Random over 32 bits", wire.RESTSendGroupMsg, `{"GroupId":"{room}","Random":4294967296,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, server.CodeBadParam, nil},
	{"From_Account a number", wire.RESTSendGroupMsg, `{"GroupId":"{room}","From_Account":5,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, server.CodeAccountType, nil},
	{"Random missing", wire.RESTSendGroupMsg, `{"GroupId":"{room}","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, server.CodeBadParam, nil},
	{"MsgPriority unknown", wire.RESTSendGroupMsg, `{"GroupId":"{room}","Random":1,"MsgPriority":"Urgent","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, server.CodeBadParam, nil},
	{"MsgBody missing", wire.RESTSendGroupMsg, `{"GroupId":"{room}","Random":1}`, server.CodeBadParam, nil},
	{"MsgBody an object", wire.RESTSendGroupMsg, `{"GroupId":"{room}","MsgBody":{}}`, server.CodeBadParam, nil},
	{"Content missing", wire.RESTSendSystemNotice, `{"GroupId":"{room}"}`, server.CodeBadParam, nil},
	{"MuteTime missing", wire.RESTForbidSendMsg, `{"GroupId":"{room}","Members_Account":["peter"]}`, server.CodeBadParam, nil},
	{"MuteTime a string", wire.RESTForbidSendMsg, `{"GroupId":"{room}","Members_Account":["peter"],"MuteTime":"60"}`, server.CodeBadParam, nil},
	{"MuteTime over 32 bits", wire.RESTForbidSendMsg, `{"GroupId":"{room}","Members_Account":["peter"],"MuteTime":4294967296}`, server.CodeBadParam, nil},
	{"Members_Account holds a number", wire.RESTForbidSendMsg, `{"GroupId":"{room}","Members_Account":["peter",1],"MuteTime":60}`, server.CodeAccountType, nil},
	{"Members_Account missing", wire.RESTForbidSendMsg, `{"GroupId":"{room}","MuteTime":60}`, server.CodeBadParam, nil},
	{"MuteAllMember a bool", wire.RESTModifyGroupBase, `{"GroupId":"{room}","MuteAllMember":true}`, server.CodeBadParam, nil},
	{"Description over 1000 bytes", wire.RESTBanGroupMember, `{"GroupId":"{room}","Members_Account":["peter"],"Duration":60,"Description":"` + strings.Repeat("x", 1001) + `"}`, server.CodeBadParam, nil},
	{"Duration missing", wire.RESTBanGroupMember, `{"GroupId":"{room}","Members_Account":["peter"]}`, server.CodeBadParam, nil},
	{"Mode missing", wire.RESTUpdateGroupCounter, `{"GroupId":"{room}","GroupCounter":[{"Key":"like","Value":5}]}`, server.CodeBadParam, nil},
	{"counter Value a string", wire.RESTUpdateGroupCounter, `{"GroupId":"{room}","GroupCounter":[{"Key":"like","Value":"5"}],"Mode":"Set"}`, server.CodeBadParam, nil},
	{"MsgSeqList missing", wire.RESTGroupMsgRecall, `{"GroupId":"{room}"}`, server.CodeBadParam, nil},
	{"Sender_Account missing", wire.RESTDeleteMsgBySender, `{"GroupId":"{room}"}`, server.CodeBadParam, nil},
	{"Timestamp missing", wire.RESTGetAVMembers, `{"GroupId":"{room}"}`, server.CodeBadParam, nil},
	{"GroupIdList a string", wire.RESTGetGroupInfo, `{"GroupIdList":"{room}"}`, server.CodeBadParam, nil},

	{"kick: not a JSON object", wire.RESTKick, `["test"]`, server.CodeBadJSON, nil},
	{"kick: UserID missing", wire.RESTKick, `{}`, server.CodeLoginBadParam, nil},
	{"kick: UserID a number", wire.RESTKick, `{"UserID":5}`, server.CodeAccountType, nil},
	{"kick: no such account", wire.RESTKick, `{"UserID":"nobody"}`, server.CodeAccountNotFound, nil},
	{"account_import: UserID missing", wire.RESTAccountImport, `{"Nick":"test"}`, server.CodeLoginBadParam, nil},
	{"account_import: UserID over 32 bytes", wire.RESTAccountImport, `{"UserID":"` + strings.Repeat("u", 33) + `"}`, server.CodeLoginBadParam, nil},
	{"account_import: Nick a number", wire.RESTAccountImport, `{"UserID":"test","Nick":5}`, server.CodeLoginBadParam, nil},
	{"multiaccount_import: Accounts missing", wire.RESTMultiAccountImport, `{}`, server.CodeLoginBadParam, nil},
	{"multiaccount_import: over 100", wire.RESTMultiAccountImport, `{"Accounts":[` + strings.Repeat(`"u",`, 100) + `"u"]}`, server.CodeLoginBadParam, nil},
	{"portrait_get: not a JSON object", wire.RESTPortraitGet, `[]`, server.CodeProfileBadParam, nil},
	{"portrait_get: TagList missing", wire.RESTPortraitGet, `{"To_Account":["id1"]}`, server.CodeProfileBadParam, nil},
	{"portrait_get: To_Account a string", wire.RESTPortraitGet, `{"To_Account":"id1","TagList":["Tag_Profile_IM_Nick"]}`, server.CodeAccountType, nil},
	{"portrait_get: over 100", wire.RESTPortraitGet, `{"To_Account":[` + strings.Repeat(`"u",`, 100) + `"u"],"TagList":["Tag_Profile_IM_Nick"]}`, server.CodeProfileBadParam, nil},
	{"portrait_set: From_Account missing", wire.RESTPortraitSet, `{"ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"x"}]}`, server.CodeProfileBadParam, nil},
	{"setnospeaking: not JSON", wire.RESTSetNoSpeaking, `{`, server.CodeNoSpeakingBadJSON, nil},
	{"setnospeaking: Set_Account missing", wire.RESTSetNoSpeaking, `{"GroupmsgNospeakingTime":7200}`, server.CodeNoSpeakingNoAccount, nil},
	{"setnospeaking: Set_Account a number", wire.RESTSetNoSpeaking, `{"Set_Account":1,"GroupmsgNospeakingTime":7200}`, server.CodeNoSpeakingAccountType, nil},
	{"setnospeaking: no time", wire.RESTSetNoSpeaking, `{"Set_Account":"lumotuwe"}`, server.CodeNoSpeakingNoTime, nil},
	{"setnospeaking: C2C time a string", wire.RESTSetNoSpeaking, `{"Set_Account":"lumotuwe","C2CmsgNospeakingTime":"1"}`, server.CodeNoSpeakingC2CType, nil},
	{"setnospeaking: group time negative", wire.RESTSetNoSpeaking, `{"Set_Account":"lumotuwe","GroupmsgNospeakingTime":-1}`, server.CodeNoSpeakingGroupType, nil},
	{"setnospeaking: group time over 32 bits", wire.RESTSetNoSpeaking, `{"Set_Account":"lumotuwe","GroupmsgNospeakingTime":4294967296}`, server.CodeNoSpeakingGroupType, nil},
	{"getnospeaking: Get_Account missing", wire.RESTGetNoSpeaking, `{}`, server.CodeNoSpeakingNoAccount, nil},
	{"getnospeaking: no such account", wire.RESTGetNoSpeaking, `{"Get_Account":"nobody"}`, server.CodeAccountNotFound, nil},
	{"query_online_status: not JSON", wire.RESTQueryOnlineStatus, `{"To_Account":`, server.CodeStateBadJSON, nil},
	{"query_online_status: To_Account empty", wire.RESTQueryOnlineStatus, `{"To_Account":[]}`, server.CodeStateBadJSON, nil},
	{"query_online_status: To_Account holds a number", wire.RESTQueryOnlineStatus, `{"To_Account":["id1",2]}`, server.CodeStateBadAccount, nil},
	{"query_online_status: over 500", wire.RESTQueryOnlineStatus, `{"To_Account":[` + strings.Repeat(`"u",`, 500) + `"u"]}`, server.CodeStateTooMany, nil},
}

// Every REST command, called with the request examples of its doc page,
// answers as the page says; and what Tencent refuses is refused with
// Tencent's code, never answered OK.
func TestRESTDocSamples(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	for _, table := range [][]restRow{refusals, docSamples} {
		for _, row := range table {
			body := strings.ReplaceAll(row.body, "{room}", room)
			var reply map[string]json.RawMessage
			code := restCode(t, srv.Call(ctx(t), row.command, []byte(body), &reply))
			if code != row.code {
				t.Errorf("%s %s (%s): ErrorCode %d, want %d", row.command, shorten(body), row.page, code, row.code)
				continue
			}
			for _, k := range row.has {
				if _, ok := reply[k]; !ok {
					t.Errorf("%s (%s): reply without %s: %v", row.command, row.page, k, keys(reply))
				}
			}
		}
	}
}

// The table covers every command the emulator serves.
func TestRESTDocSamplesCoverEveryCommand(t *testing.T) {
	covered := make(map[string]bool)
	for _, row := range docSamples {
		covered[row.command] = true
	}
	for _, c := range server.RESTCommands() {
		if !covered[c] {
			t.Errorf("no doc sample row for %s", c)
		}
	}
}

func shorten(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

func keys(m map[string]json.RawMessage) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

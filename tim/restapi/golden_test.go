package restapi

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tim-go/sdk/types"
)

// Every typed request is checked against the request sample of its doc
// page: the body the method sends must be the sample's JSON (same fields,
// same values; order and whitespace aside). The samples are copied from
// the pages named beside them (the English pages of
// tencentcloud.com/document/product/1047/… and trtc.io/document/…, and the
// Chinese ones of cloud.tencent.com/document/product/269/…), comments
// removed.

func ptr[T any](v T) *T { return &v }

func TestRequestsMatchDocSamples(t *testing.T) {
	for _, tc := range []struct {
		name    string
		command string
		call    func(context.Context, *Client) error
		sample  string
	}{
		{
			// tencentcloud.com/document/product/1047/34953 (account_import)
			"account_import", CmdAccountImport,
			func(ctx context.Context, c *Client) error {
				return c.AccountImport(ctx, AccountImportRequest{UserID: "test", Nick: "test", FaceURL: "http://www.qq.com"})
			},
			`{"UserID":"test","Nick":"test","FaceUrl":"http://www.qq.com"}`,
		},
		{
			// tencentcloud.com/document/product/1047/34954 (multiaccount_import)
			"multiaccount_import", CmdMultiAccountImport,
			func(ctx context.Context, c *Client) error {
				_, err := c.MultiAccountImport(ctx, MultiAccountImportRequest{Accounts: []string{"test1", "test2", "test3", "test4", "test5"}})
				return err
			},
			`{"Accounts":["test1","test2","test3","test4","test5"]}`,
		},
		{
			// tencentcloud.com/document/product/1047/34916 (portrait_set)
			"portrait_set", CmdPortraitSet,
			func(ctx context.Context, c *Client) error {
				return c.PortraitSet(ctx, PortraitSetRequest{FromAccount: "id", ProfileItem: []ProfileItem{{Tag: TagNick, Value: "MyNickName"}}})
			},
			`{"From_Account":"id","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"MyNickName"}]}`,
		},
		{
			// tencentcloud.com/document/product/1047/34917 (portrait_get)
			"portrait_get", CmdPortraitGet,
			func(ctx context.Context, c *Client) error {
				_, err := c.PortraitGet(ctx, PortraitGetRequest{ToAccount: []string{"id1", "id2"}, TagList: []string{TagNick}})
				return err
			},
			`{"To_Account":["id1","id2"],"TagList":["Tag_Profile_IM_Nick"]}`,
		},
		{
			// tencentcloud.com/document/product/1047/34957 (kick)
			"kick", CmdKick,
			func(ctx context.Context, c *Client) error { return c.Kick(ctx, "test") },
			`{"UserID":"test"}`,
		},
		{
			// tencentcloud.com/document/product/1047/35477 (query_online_status)
			"query_online_status", CmdQueryOnlineStatus,
			func(ctx context.Context, c *Client) error {
				_, err := c.QueryOnlineStatus(ctx, QueryOnlineStatusRequest{ToAccount: []string{"id1", "id2", "id3"}, IsNeedDetail: 1})
				return err
			},
			`{"To_Account":["id1","id2","id3"],"IsNeedDetail":1}`,
		},
		{
			// cloud.tencent.com/document/product/269/4230 (setnospeaking)
			"setnospeaking", CmdSetNoSpeaking,
			func(ctx context.Context, c *Client) error {
				return c.SetNoSpeaking(ctx, SetNoSpeakingRequest{SetAccount: "lumotuwe", C2CmsgNospeakingTime: ptr[uint32](MuteForever), GroupmsgNospeakingTime: ptr[uint32](7200)})
			},
			`{"Set_Account":"lumotuwe","C2CmsgNospeakingTime":4294967295,"GroupmsgNospeakingTime":7200}`,
		},
		{
			// cloud.tencent.com/document/product/269/4229 (getnospeaking)
			"getnospeaking", CmdGetNoSpeaking,
			func(ctx context.Context, c *Client) error { _, err := c.GetNoSpeaking(ctx, "lumotuwe"); return err },
			`{"Get_Account":"lumotuwe"}`,
		},
		{
			// tencentcloud.com/document/product/1047/34919 (sendmsg, sample 4)
			"sendmsg", CmdSendMsg,
			func(ctx context.Context, c *Client) error {
				_, err := c.SendMsg(ctx, SendMsgRequest{SyncOtherMachine: SyncToSender, FromAccount: "lumotuwe1", ToAccount: "lumotuwe2",
					MsgSeq: 93847636, MsgRandom: 1287657, MsgBody: []MsgElement{TextElem("hi, beauty")}, CloudCustomData: "your cloud custom data"})
				return err
			},
			`{"SyncOtherMachine":1,"From_Account":"lumotuwe1","To_Account":"lumotuwe2","MsgSeq":93847636,"MsgRandom":1287657,
			  "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],"CloudCustomData":"your cloud custom data"}`,
		},
		{
			// tencentcloud.com/document/product/1047/34919 (sendmsg, sample 2: no callbacks)
			"sendmsg without callbacks", CmdSendMsg,
			func(ctx context.Context, c *Client) error {
				_, err := c.SendMsg(ctx, SendMsgRequest{SyncOtherMachine: NoSyncToSender, ToAccount: "lumotuwe2", MsgLifeTime: ptr(60),
					MsgSeq: 93847636, MsgRandom: 1287657, MsgBody: []MsgElement{TextElem("hi, beauty")}, CloudCustomData: "your cloud custom data",
					ForbidCallbackControl: []string{ForbidBeforeSendMsgCallback, ForbidAfterSendMsgCallback}})
				return err
			},
			`{"SyncOtherMachine":2,"To_Account":"lumotuwe2","MsgLifeTime":60,"MsgSeq":93847636,"MsgRandom":1287657,
			  "ForbidCallbackControl":["ForbidBeforeSendMsgCallback","ForbidAfterSendMsgCallback"],
			  "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],"CloudCustomData":"your cloud custom data"}`,
		},
		{
			// tencentcloud.com/document/product/1047/34895 (create_group, basic sample)
			"create_group", CmdCreateGroup,
			func(ctx context.Context, c *Client) error {
				_, err := c.CreateGroup(ctx, CreateGroupRequest{OwnerAccount: "leckie", Type: "Public", Name: "TestGroup"})
				return err
			},
			`{"Owner_Account":"leckie","Type":"Public","Name":"TestGroup"}`,
		},
		{
			// tencentcloud.com/document/product/1047/34895 (create_group, every field but MemberList, which an AVChatRoom does not take)
			"create_group full", CmdCreateGroup,
			func(ctx context.Context, c *Client) error {
				_, err := c.CreateGroup(ctx, CreateGroupRequest{OwnerAccount: "leckie", Type: "Public", GroupID: "MyFirstGroup", Name: "TestGroup",
					Introduction: "This is group Introduction", Notification: "This is group Notification", FaceURL: "http://this.is.face.url",
					MaxMemberCount: 500, ApplyJoinOption: "FreeAccess",
					AppDefinedData: []KeyValue{{"GroupTestData1", "xxxxx"}, {"GroupTestData2", "abc\x00\x01"}}})
				return err
			},
			`{"Owner_Account":"leckie","Type":"Public","GroupId":"MyFirstGroup","Name":"TestGroup",
			  "Introduction":"This is group Introduction","Notification":"This is group Notification","FaceUrl":"http://this.is.face.url",
			  "MaxMemberCount":500,"ApplyJoinOption":"FreeAccess",
			  "AppDefinedData":[{"Key":"GroupTestData1","Value":"xxxxx"},{"Key":"GroupTestData2","Value":"abc\u0000\u0001"}]}`,
		},
		{
			// tencentcloud.com/document/product/1047/34896 (destroy_group)
			"destroy_group", CmdDestroyGroup,
			func(ctx context.Context, c *Client) error { return c.DestroyGroup(ctx, "@TGS#2J4SZEAEL") },
			`{"GroupId":"@TGS#2J4SZEAEL"}`,
		},
		{
			// tencentcloud.com/document/product/1047/34961 (get_group_info with ResponseFilter)
			"get_group_info", CmdGetGroupInfo,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetGroupInfo(ctx, GetGroupInfoRequest{GroupIDList: []string{"@TGS#1NVTZEAE4", "@TGS#1CXTZEAET"},
					ResponseFilter: &ResponseFilter{
						GroupBaseInfoFilter:             []string{"Type", "Name", "Introduction", "Notification"},
						MemberInfoFilter:                []string{"Account", "Role"},
						AppDefinedDataFilterGroup:       []string{"GroupTestData1", "GroupTestData2"},
						AppDefinedDataFilterGroupMember: []string{"MemberDefined2", "MemberDefined1"},
					}})
				return err
			},
			`{"GroupIdList":["@TGS#1NVTZEAE4","@TGS#1CXTZEAET"],"ResponseFilter":{
			  "GroupBaseInfoFilter":["Type","Name","Introduction","Notification"],"MemberInfoFilter":["Account","Role"],
			  "AppDefinedDataFilter_Group":["GroupTestData1","GroupTestData2"],
			  "AppDefinedDataFilter_GroupMember":["MemberDefined2","MemberDefined1"]}}`,
		},
		{
			// tencentcloud.com/document/product/1047/34962 (modify_group_base_info, every field)
			"modify_group_base_info", CmdModifyGroupBaseInfo,
			func(ctx context.Context, c *Client) error {
				return c.ModifyGroupBaseInfo(ctx, ModifyGroupBaseInfoRequest{GroupID: "@TGS#2J4SZEAEL", Name: ptr("NewName"),
					Introduction: ptr("NewIntroduction"), Notification: ptr("NewNotification"), FaceURL: ptr("http://this.is.new.face.url"),
					MaxMemberNum: ptr(500), ApplyJoinOption: ptr("NeedPermission"), MuteAllMember: ptr(On),
					AppDefinedData: []KeyValue{{"GroupTestData1", "NewData"}, {"GroupTestData2", ""}}})
			},
			`{"GroupId":"@TGS#2J4SZEAEL","Name":"NewName","Introduction":"NewIntroduction","Notification":"NewNotification",
			  "FaceUrl":"http://this.is.new.face.url","MaxMemberNum":500,"ApplyJoinOption":"NeedPermission","MuteAllMember":"On",
			  "AppDefinedData":[{"Key":"GroupTestData1","Value":"NewData"},{"Key":"GroupTestData2","Value":""}]}`,
		},
		{
			// tencentcloud.com/document/product/1047/34959 (send_group_msg, sample 5: priority)
			"send_group_msg", CmdSendGroupMsg,
			func(ctx context.Context, c *Client) error {
				_, err := c.SendGroupMsg(ctx, SendGroupMsgRequest{GroupID: "@TGS#2C5SZEAEF", Random: 8912345, MsgPriority: types.MsgPriorityHigh,
					MsgBody: []MsgElement{TextElem("red packet"), FaceElem(6, "abc\x00\x01")}})
				return err
			},
			`{"GroupId":"@TGS#2C5SZEAEF","Random":8912345,"MsgPriority":"High","MsgBody":[
			  {"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}},
			  {"MsgType":"TIMFaceElem","MsgContent":{"Index":6,"Data":"abc\u0000\u0001"}}]}`,
		},
		{
			// tencentcloud.com/document/product/1047/34959 (send_group_msg, sample 2: as a member)
			"send_group_msg from", CmdSendGroupMsg,
			func(ctx context.Context, c *Client) error {
				_, err := c.SendGroupMsg(ctx, SendGroupMsgRequest{GroupID: "@TGS#2C5SZEAEF", FromAccount: "leckie", Random: 8912345,
					MsgBody: []MsgElement{TextElem("red packet"), FaceElem(6, "abc\x00\x01")}})
				return err
			},
			`{"GroupId":"@TGS#2C5SZEAEF","From_Account":"leckie","Random":8912345,"MsgBody":[
			  {"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}},
			  {"MsgType":"TIMFaceElem","MsgContent":{"Index":6,"Data":"abc\u0000\u0001"}}]}`,
		},
		{
			// tencentcloud.com/document/product/1047/34959 (send_group_msg, sample 6: no callbacks)
			"send_group_msg without callbacks", CmdSendGroupMsg,
			func(ctx context.Context, c *Client) error {
				_, err := c.SendGroupMsg(ctx, SendGroupMsgRequest{GroupID: "@TGS#2C5SZEAEF", Random: 8912345,
					ForbidCallbackControl: []string{ForbidBeforeSendMsgCallback, ForbidAfterSendMsgCallback},
					MsgBody:               []MsgElement{TextElem("red packet"), FaceElem(6, "abc\x00\x01")}})
				return err
			},
			`{"GroupId":"@TGS#2C5SZEAEF","Random":8912345,
			  "ForbidCallbackControl":["ForbidBeforeSendMsgCallback","ForbidAfterSendMsgCallback"],"MsgBody":[
			  {"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}},
			  {"MsgType":"TIMFaceElem","MsgContent":{"Index":6,"Data":"abc\u0000\u0001"}}]}`,
		},
		{
			// tencentcloud.com/document/product/1047/34958 (send_group_system_notification)
			"send_group_system_notification", CmdSendGroupSystemNotification,
			func(ctx context.Context, c *Client) error {
				return c.SendGroupSystemNotification(ctx, SendGroupSystemNotificationRequest{GroupID: "@TGS#2C5SZEAEF",
					ToMembersAccount: []string{"peter", "leckie"}, Content: "Hello World"})
			},
			`{"GroupId":"@TGS#2C5SZEAEF","ToMembers_Account":["peter","leckie"],"Content":"Hello World"}`,
		},
		{
			// tencentcloud.com/document/product/1047/34965 (group_msg_recall)
			"group_msg_recall", CmdGroupMsgRecall,
			func(ctx context.Context, c *Client) error {
				_, err := c.GroupMsgRecall(ctx, GroupMsgRecallRequest{GroupID: "@TGS#2J4SZEAEL", MsgSeqList: []MsgSeq{{100}, {101}}})
				return err
			},
			`{"GroupId":"@TGS#2J4SZEAEL","MsgSeqList":[{"MsgSeq":100},{"MsgSeq":101}]}`,
		},
		{
			// tencentcloud.com/document/product/1047/34951 (forbid_send_msg)
			"forbid_send_msg", CmdForbidSendMsg,
			func(ctx context.Context, c *Client) error {
				return c.ForbidSendMsg(ctx, ForbidSendMsgRequest{GroupID: "@TGS#2C5SZEAEF", MembersAccount: []string{"peter", "leckie"}, MuteTime: 60})
			},
			`{"GroupId":"@TGS#2C5SZEAEF","Members_Account":["peter","leckie"],"MuteTime":60}`,
		},
		{
			// tencentcloud.com/document/product/1047/34951 (forbid_send_msg, unmute: MuteTime 0 is sent)
			"forbid_send_msg unmute", CmdForbidSendMsg,
			func(ctx context.Context, c *Client) error {
				return c.ForbidSendMsg(ctx, ForbidSendMsgRequest{GroupID: "@TGS#2C5SZEAEF", MembersAccount: []string{"peter", "leckie"}})
			},
			`{"GroupId":"@TGS#2C5SZEAEF","Members_Account":["peter","leckie"],"MuteTime":0}`,
		},
		{
			// cloud.tencent.com/document/product/269/2925 (get_group_muted_account)
			"get_group_muted_account", CmdGetGroupMutedAccount,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetGroupMutedAccount(ctx, "@TGS#1KGZ2RAEU")
				return err
			},
			`{"GroupId":"@TGS#1KGZ2RAEU"}`,
		},
		{
			// trtc.io/document/34900 (modify_group_member_info, mute)
			"modify_group_member_info", CmdModifyGroupMemberInfo,
			func(ctx context.Context, c *Client) error {
				return c.ModifyGroupMemberInfo(ctx, ModifyGroupMemberInfoRequest{GroupID: "@TGS#2CLUZEAEJ", MemberAccount: "bob", MuteTime: ptr[uint32](60)})
			},
			`{"GroupId":"@TGS#2CLUZEAEJ","Member_Account":"bob","MuteTime":60}`,
		},
		{
			// cloud.tencent.com/document/product/269/102857 (modify_admin)
			"modify_admin", CmdModifyAdmin,
			func(ctx context.Context, c *Client) error {
				return c.ModifyAdmin(ctx, ModifyAdminRequest{GroupID: "@TGS#a6I4ZUUGO", CommandType: AdminSet, AdminAccount: []string{"user1"}})
			},
			`{"GroupId":"@TGS#a6I4ZUUGO","CommandType":1,"Admin_Account":["user1"]}`,
		},
		{
			// cloud.tencent.com/document/product/269/102858 (get_admin_list)
			"get_admin_list", CmdGetAdminList,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetAdminList(ctx, "@TGS#a6I4ZUUGO")
				return err
			},
			`{"GroupId":"@TGS#a6I4ZUUGO"}`,
		},
		{
			// tencentcloud.com/document/product/1047/34949 (delete_group_member)
			"delete_group_member", CmdDeleteGroupMember,
			func(ctx context.Context, c *Client) error {
				return c.DeleteGroupMember(ctx, DeleteGroupMemberRequest{GroupID: "@TGS#2J4SZEAEL", Silence: 1, Reason: "kick reason",
					MemberToDelAccount: []string{"tommy", "jared"}})
			},
			`{"GroupId":"@TGS#2J4SZEAEL","Silence":1,"Reason":"kick reason","MemberToDel_Account":["tommy","jared"]}`,
		},
		{
			// tencentcloud.com/document/product/1047/50296 (ban_group_member)
			"ban_group_member", CmdBanGroupMember,
			func(ctx context.Context, c *Client) error {
				return c.BanGroupMember(ctx, BanGroupMemberRequest{GroupID: "@TGS#aJRGC4MH6", MembersAccount: []string{"brennanli3", "brennanli12"},
					Duration: 3600, Description: "you are banned because of irregularities"})
			},
			`{"GroupId":"@TGS#aJRGC4MH6","Members_Account":["brennanli3","brennanli12"],"Duration":3600,
			  "Description":"you are banned because of irregularities"}`,
		},
		{
			// tencentcloud.com/document/product/1047/50297 (unban_group_member)
			"unban_group_member", CmdUnbanGroupMember,
			func(ctx context.Context, c *Client) error {
				return c.UnbanGroupMember(ctx, UnbanGroupMemberRequest{GroupID: "@TGS#aJRGC4MH6", MembersAccount: []string{"brennanli3", "brennanli12"}})
			},
			`{"GroupId":"@TGS#aJRGC4MH6","Members_Account":["brennanli3","brennanli12"]}`,
		},
		{
			// cloud.tencent.com/document/product/269/89989 (get_group_ban_member)
			"get_group_ban_member", CmdGetGroupBanMember,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetGroupBanMember(ctx, GetGroupBanMemberRequest{GroupID: "@TGS#aJRGC4MH6", Limit: 100, Offset: 0})
				return err
			},
			`{"GroupId":"@TGS#aJRGC4MH6","Limit":100,"Offset":0}`,
		},
		{
			// tencentcloud.com/document/product/1047/38521 (get_online_member_num)
			"get_online_member_num", CmdGetOnlineMemberNum,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetOnlineMemberNum(ctx, "@TGS#aC5SZEAEF")
				return err
			},
			`{"GroupId":"@TGS#aC5SZEAEF"}`,
		},
		{
			// trtc.io/document/50293 (group_open_avchatroom_http_svc/get_members, first page)
			"get_members", CmdGetMembers,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetMembers(ctx, GetMembersRequest{GroupID: "@TGS#a6I4ZUUGO", Timestamp: 0})
				return err
			},
			`{"GroupId":"@TGS#a6I4ZUUGO","Timestamp":0}`,
		},
		{
			// trtc.io/document/53428 (update_group_counter)
			"update_group_counter", CmdUpdateGroupCounter,
			func(ctx context.Context, c *Client) error {
				_, err := c.UpdateGroupCounter(ctx, UpdateGroupCounterRequest{GroupID: "@TGS#aC5SZEAEF", Mode: CounterSet,
					GroupCounter: []Counter{{"like", 100}, {"gift", 5}}})
				return err
			},
			`{"GroupId":"@TGS#aC5SZEAEF","GroupCounter":[{"Key":"like","Value":100},{"Key":"gift","Value":5}],"Mode":"Set"}`,
		},
		{
			// trtc.io/document/53427 (get_group_counter)
			"get_group_counter", CmdGetGroupCounter,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetGroupCounter(ctx, GetGroupCounterRequest{GroupID: "@TGS#aC5SZEAEF", GroupCounterKeys: []string{"like", "gift"}})
				return err
			},
			`{"GroupId":"@TGS#aC5SZEAEF","GroupCounterKeys":["like","gift"]}`,
		},
		{
			// tencentcloud.com/document/product/1047/44188 (modify_group_attr)
			"modify_group_attr", CmdModifyGroupAttr,
			func(ctx context.Context, c *Client) error {
				return c.ModifyGroupAttr(ctx, GroupAttrRequest{GroupID: "@TGS#aC5SZEAEF", GroupAttr: []GroupAttr{{"attr_key", "attr_val"}, {"attr_key1", "attr_val1"}}})
			},
			`{"GroupId":"@TGS#aC5SZEAEF","GroupAttr":[{"key":"attr_key","value":"attr_val"},{"key":"attr_key1","value":"attr_val1"}]}`,
		},
		{
			// tencentcloud.com/document/product/1047/44190 (set_group_attr)
			"set_group_attr", CmdSetGroupAttr,
			func(ctx context.Context, c *Client) error {
				return c.SetGroupAttr(ctx, GroupAttrRequest{GroupID: "@TGS#aC5SZEAEF", GroupAttr: []GroupAttr{{"attr_key", "attr_val"}, {"attr_key1", "attr_val1"}}})
			},
			`{"GroupId":"@TGS#aC5SZEAEF","GroupAttr":[{"key":"attr_key","value":"attr_val"},{"key":"attr_key1","value":"attr_val1"}]}`,
		},
		{
			// tencentcloud.com/document/product/1047/59499 (delete_group_attr)
			"delete_group_attr", CmdDeleteGroupAttr,
			func(ctx context.Context, c *Client) error {
				return c.DeleteGroupAttr(ctx, GroupAttrRequest{GroupID: "@TGS#aC5SZEAEF", GroupAttr: []GroupAttr{{Key: "attr_key"}, {Key: "attr_key1"}}})
			},
			`{"GroupId":"@TGS#aC5SZEAEF","GroupAttr":[{"key":"attr_key"},{"key":"attr_key1"}]}`,
		},
		{
			// tencentcloud.com/document/product/1047/44189 (clear_group_attr)
			"clear_group_attr", CmdClearGroupAttr,
			func(ctx context.Context, c *Client) error { return c.ClearGroupAttr(ctx, "@TGS#aC5SZEAEF") },
			`{"GroupId":"@TGS#aC5SZEAEF"}`,
		},
		{
			// tencentcloud.com/document/product/1047/44187 (get_group_attr)
			"get_group_attr", CmdGetGroupAttr,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetGroupAttr(ctx, "@TGS#aC5SZEAEF")
				return err
			},
			`{"GroupId":"@TGS#aC5SZEAEF"}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, nil)
			if err := tc.call(context.Background(), newTestClient(t, f, nil)); err != nil {
				t.Fatal(err)
			}
			r := f.requests()[0]
			if r.Path != "/v4/"+tc.command {
				t.Fatalf("path %s, want /v4/%s", r.Path, tc.command)
			}
			var got, want any
			if err := json.Unmarshal(r.Body, &got); err != nil {
				t.Fatalf("body %s: %v", r.Body, err)
			}
			if err := json.Unmarshal([]byte(tc.sample), &want); err != nil {
				t.Fatalf("sample: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("sent  %s\nwant  %s", r.Body, tc.sample)
			}
		})
	}
}

// Replies decode from the response samples of the pages.
func TestResponsesDecodeDocSamples(t *testing.T) {
	ctx := context.Background()
	reply := func(body string) *Client {
		f := newFake(t, func(int, fakeRequest) (int, string) { return 200, body })
		return newTestClient(t, f, nil)
	}
	// cloud.tencent.com/document/product/269/2925 (get_group_muted_account)
	muted, err := reply(`{"ActionStatus":"OK","ErrorCode":0,"GroupId":"@TGS#2FZNNRAEU","MutedAccountList":[
		{"Member_Account":"tommy","MutedUntil":1458115189},{"Member_Account":"peter","MutedUntil":1458115189}]}`).
		GetGroupMutedAccount(ctx, "@TGS#2FZNNRAEU")
	if err != nil || muted.GroupID != "@TGS#2FZNNRAEU" || len(muted.MutedAccountList) != 2 ||
		muted.MutedAccountList[1] != (MutedAccount{"peter", 1458115189}) {
		t.Fatalf("get_group_muted_account: %+v, %v", muted, err)
	}
	// The old names, as get_group_shutted_uin answered.
	old, err := reply(ok(`"GroupId":"@TGS#a1","ShuttedUinList":[{"Member_Account":"tommy","ShuttedUntil":1458115189}]`)).
		GetGroupMutedAccount(ctx, "@TGS#a1")
	if err != nil || len(old.MutedAccountList) != 1 || old.MutedAccountList[0] != (MutedAccount{"tommy", 1458115189}) {
		t.Fatalf("old names: %+v, %v", old, err)
	}
	// cloud.tencent.com/document/product/269/89989 (get_group_ban_member)
	banned, err := reply(`{"ActionStatus":"OK","BannedAccountList":[{"BannedUntil":1679973861,"Member_Account":"charlie"}],
		"ErrorCode":0,"ErrorInfo":"","NextOffset":0}`).GetGroupBanMember(ctx, GetGroupBanMemberRequest{GroupID: "@TGS#aJRGC4MH6", Limit: 100})
	if err != nil || len(banned.BannedAccountList) != 1 || banned.BannedAccountList[0] != (BannedAccount{"charlie", 1679973861}) {
		t.Fatalf("get_group_ban_member: %+v, %v", banned, err)
	}
	// cloud.tencent.com/document/product/269/4229 (getnospeaking)
	ns, err := reply(`{"ErrorCode":0,"ErrorInfo":"","C2CmsgNospeakingTime":4294967295,"GroupmsgNospeakingTime":7196}`).GetNoSpeaking(ctx, "lumotuwe")
	if err != nil || ns.C2CmsgNospeakingTime != MuteForever || ns.GroupmsgNospeakingTime != 7196 {
		t.Fatalf("getnospeaking: %+v, %v", ns, err)
	}
	// tencentcloud.com/document/product/1047/34919 (sendmsg)
	sent, err := reply(`{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1572870301,"MsgKey":"89541_2574206_1572870301"}`).
		SendMsg(ctx, SendMsgRequest{ToAccount: "bot", MsgBody: []MsgElement{TextElem("hi")}})
	if err != nil || sent.MsgTime != 1572870301 || sent.MsgKey != "89541_2574206_1572870301" {
		t.Fatalf("sendmsg: %+v, %v", sent, err)
	}
	// tencentcloud.com/document/product/1047/34959 (send_group_msg)
	gsent, err := reply(`{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1497249503,"MsgSeq":1,"MsgDropReason":"MsgFreqCtrl"}`).
		SendGroupMsg(ctx, SendGroupMsgRequest{GroupID: "@TGS#a1", MsgBody: []MsgElement{TextElem("hi")}})
	if err != nil || gsent.MsgSeq != 1 || gsent.MsgTime != 1497249503 || gsent.MsgDropReason != "MsgFreqCtrl" {
		t.Fatalf("send_group_msg: %+v, %v", gsent, err)
	}
	// tencentcloud.com/document/product/1047/34965 (group_msg_recall)
	rec, err := reply(`{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"RecallRetList":[{"MsgSeq":100,"RetCode":10030},{"MsgSeq":101,"RetCode":0}]}`).
		GroupMsgRecall(ctx, GroupMsgRecallRequest{GroupID: "@TGS#2J4SZEAEL", MsgSeqList: []MsgSeq{{100}, {101}}})
	if err != nil || len(rec.RecallRetList) != 2 || rec.RecallRetList[0] != (RecallResult{100, 10030}) {
		t.Fatalf("group_msg_recall: %+v, %v", rec, err)
	}
	// tencentcloud.com/document/product/1047/34961 (get_group_info)
	info, err := reply(`{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"GroupInfo":[{"GroupId":"@TGS#2J4SZEAEL","ErrorCode":0,
		"ErrorInfo":"","Type":"Public","Name":"MyFirstGroup","Appid":1400001001,"Introduction":"TestGroup","Notification":"TestGroup",
		"FaceUrl":"http://this.is.face.url","Owner_Account":"leckie","CreateTime":1426976500,"LastInfoTime":1426976500,
		"LastMsgTime":1426976600,"NextMsgSeq":1234,"MemberNum":2,"MaxMemberNum":50,"ApplyJoinOption":"FreeAccess","MuteAllMember":"On",
		"AppDefinedData":[{"Key":"GroupTestData1","Value":"xxxx"}]}]}`).
		GetGroupInfo(ctx, GetGroupInfoRequest{GroupIDList: []string{"@TGS#2J4SZEAEL"}})
	if err != nil || len(info.GroupInfo) != 1 {
		t.Fatalf("get_group_info: %+v, %v", info, err)
	}
	if g := info.GroupInfo[0]; g.Name != "MyFirstGroup" || !g.MutedAll() || g.OwnerAccount != "leckie" || g.NextMsgSeq != 1234 ||
		len(g.AppDefinedData) != 1 || g.AppDefinedData[0] != (KeyValue{"GroupTestData1", "xxxx"}) {
		t.Fatalf("group %+v", g)
	}
	// tencentcloud.com/document/product/1047/35477 (query_online_status)
	st, err := reply(`{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"QueryResult":[{"To_Account":"id1","Status":"Offline"},
		{"To_Account":"id2","Status":"Online","Detail":[{"Platform":"iPhone","Status":"PushOnline"},{"Platform":"Web","Status":"Online"}]}],
		"ErrorList":[{"To_Account":"id4","ErrorCode":70107}]}`).
		QueryOnlineStatus(ctx, QueryOnlineStatusRequest{ToAccount: []string{"id1", "id2", "id4"}, IsNeedDetail: 1})
	if err != nil || len(st.QueryResult) != 2 || st.QueryResult[1].Status != StateOnline || len(st.QueryResult[1].Detail) != 2 ||
		len(st.ErrorList) != 1 || st.ErrorList[0].ErrorCode != int(types.ErrAccountNotFound) {
		t.Fatalf("query_online_status: %+v, %v", st, err)
	}
}

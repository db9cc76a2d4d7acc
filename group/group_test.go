package group

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/tim-go/sdk/types"
)

func liveRoom() *Group {
	return &Group{
		GroupID: "@TGS#aLIVEROOM", Name: "Live Room", Type: types.GrpAVChatRoom,
		OwnerID: "host", CreateTime: 1795620000, MemberCount: 3, MaxMemberCount: 0,
		JoinOption: types.JoinOptionsFreeAccess, NextMessageSeq: 17,
		GroupCustomField: []CustomField{{Key: "theme", Value: "dark"}},
		SelfInfo: MemberSelfInfo{
			Role: types.GrpMbrRoleMember, JoinTime: 1795629000,
			MessageRemindType: types.MsgRemindAcptAndNote,
		},
	}
}

// The JSON keys are the JS Group field names.
func TestGroupJSONKeys(t *testing.T) {
	b, err := json.Marshal(liveRoom())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"groupID": "@TGS#aLIVEROOM", "name": "Live Room", "type": "AVChatRoom", "avatar": "",
		"introduction": "", "notification": "", "ownerID": "host", "createTime": 1795620000.0,
		"memberCount": 3.0, "maxMemberCount": 0.0, "joinOption": "FreeAccess",
		"muteAllMembers": false, "nextMessageSeq": 17.0,
		"groupCustomField": []any{map[string]any{"key": "theme", "value": "dark"}},
		"selfInfo": map[string]any{
			"role": "Member", "joinTime": 1795629000.0, "messageRemindType": "AcceptAndNotify",
			"muteUntil": 0.0, "nameCard": "",
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("JSON mismatch\n got %v\nwant %v", got, want)
	}
}

func TestIsAVChatRoom(t *testing.T) {
	var nilGroup *Group
	cases := []struct {
		g    *Group
		want bool
	}{
		{liveRoom(), true},
		{&Group{Type: types.GrpPublic}, false},
		{&Group{}, false},
		{nilGroup, false},
	}
	for _, c := range cases {
		if got := c.g.IsAVChatRoom(); got != c.want {
			t.Errorf("IsAVChatRoom(%+v) = %v, want %v", c.g, got, c.want)
		}
	}
}

func TestCustomField(t *testing.T) {
	g := liveRoom()
	if v, ok := g.CustomField("theme"); !ok || v != "dark" {
		t.Errorf(`CustomField("theme") = %q, %v`, v, ok)
	}
	if v, ok := g.CustomField("missing"); ok || v != "" {
		t.Errorf(`CustomField("missing") = %q, %v`, v, ok)
	}
}

func TestMemberIsMuted(t *testing.T) {
	m := &Member{UserID: "alice", MuteUntil: 100}
	if !m.IsMuted(99) || m.IsMuted(100) || (&Member{}).IsMuted(0) {
		t.Error("IsMuted: muted strictly before MuteUntil, never when MuteUntil is 0")
	}
}

// A guest's join resolves {status:'JoinedSuccess'} with no group key.
func TestJoinResultJSON(t *testing.T) {
	cases := []struct {
		r    JoinResult
		want string
	}{
		{JoinResult{Status: types.JoinStatusSuccess}, `{"status":"JoinedSuccess"}`},
		{JoinResult{Status: types.JoinStatusAlreadyInGroup}, `{"status":"AlreadyInGroup"}`},
	}
	for _, c := range cases {
		b, err := json.Marshal(c.r)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != c.want {
			t.Errorf("got %s, want %s", b, c.want)
		}
	}
	b, _ := json.Marshal(JoinResult{Status: types.JoinStatusSuccess, Group: liveRoom()})
	var back JoinResult
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back.Group, liveRoom()) {
		t.Errorf("logged-in join result did not round-trip: %v %+v", err, back.Group)
	}
}

func TestUpdateEventJSON(t *testing.T) {
	a := AttributesUpdate{
		GroupID: "@TGS#aLIVEROOM", GroupAttributes: map[string]string{"seat1": "alice"},
		UpdatedKeyList: []string{"seat1"}, DeletedKeyList: []string{"seat2"},
	}
	b, _ := json.Marshal(a)
	want := `{"groupID":"@TGS#aLIVEROOM","groupAttributes":{"seat1":"alice"},"updatedKeyList":["seat1"],"deletedKeyList":["seat2"]}`
	if string(b) != want {
		t.Errorf("AttributesUpdate JSON\n got %s\nwant %s", b, want)
	}
	b, _ = json.Marshal(CounterUpdate{GroupID: "@TGS#aLIVEROOM", Key: "likes", Value: 42})
	if want := `{"groupID":"@TGS#aLIVEROOM","key":"likes","value":42}`; string(b) != want {
		t.Errorf("CounterUpdate JSON\n got %s\nwant %s", b, want)
	}
}

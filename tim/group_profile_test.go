package tim

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// setRoomFields sets custom fields of the room as a business backend does,
// with Tencent's REST body (modify_group_base_info, AppDefinedData).
func (r *testRoom) setRoomFields(fields string) {
	r.t.Helper()
	body := `{"GroupId":"` + r.id + `","AppDefinedData":` + fields + `}`
	if err := r.srv.Call(ctxT(r.t), "group_open_http_svc/modify_group_base_info", []byte(body), nil); err != nil {
		r.t.Fatalf("modify_group_base_info: %v", err)
	}
}

func fields(kv ...string) []types.CustomField {
	out := []types.CustomField{}
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, types.CustomField{Key: kv[i], Value: kv[i+1]})
	}
	return out
}

func wantFields(t *testing.T, what string, got []types.CustomField, want ...string) {
	t.Helper()
	if w := fields(want...); got == nil || !slices.Equal(got, w) {
		t.Fatalf("%s: groupCustomField %#v, want %#v", what, got, w)
	}
}

// A viewer who joins after the backend set the room's custom fields reads
// them with groupCustomFieldFilter: only the named ones, none without the
// filter, and later reads merge into the room's group as tim-js-sdk merges.
func TestGetGroupProfileReadsCustomFieldsSetEarlier(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		r.setRoomFields(`[{"Key":"likes","Value":"42"},{"Key":"theme","Value":"dark"}]`)

		late := r.user("late")
		lateIn := record(late)
		res, err := late.JoinGroup(ctxT(t), r.id)
		if err != nil {
			t.Fatal(err)
		}
		wantFields(t, "join (tim-js-sdk's getGroupProfile without a filter)", res.Group.GroupCustomField)

		g, err := late.GetGroupProfile(ctxT(t), r.id)
		if err != nil {
			t.Fatal(err)
		}
		wantFields(t, "no filter", g.GroupCustomField)

		g, err = late.GetGroupProfile(ctxT(t), r.id, WithGroupCustomFieldFilter("likes"))
		if err != nil {
			t.Fatal(err)
		}
		wantFields(t, "filter likes", g.GroupCustomField, "likes", "42")
		if v, ok := g.CustomField("likes"); !ok || v != "42" || g.GroupID != r.id || g.Type != types.GrpAVChatRoom {
			t.Fatalf("group %+v", g)
		}

		// The backend counts more likes: tip 6 carries the change; as in
		// tim-js-sdk's live-room handler it does not touch the local group,
		// which the next read with the filter refreshes.
		r.setRoomFields(`[{"Key":"likes","Value":"43"}]`)
		tip := lateIn.waitMessage(t, "tip 6", isTipOp(types.GrpTipGrpProfileUpdated, r.srv.Admin)).Payload.(*message.GroupTipPayload)
		if np := tip.NewGroupProfile; np == nil || !slices.Equal(np.GroupCustomField, fields("likes", "43")) {
			t.Fatalf("tip 6 %+v", tip.NewGroupProfile)
		}
		wantFields(t, "local group after the tip", late.room(r.id).snapshot().GroupCustomField, "likes", "42")
		g, err = late.GetGroupProfile(ctxT(t), r.id, WithGroupCustomFieldFilter("likes"))
		if err != nil {
			t.Fatal(err)
		}
		wantFields(t, "filter likes again", g.GroupCustomField, "likes", "43")

		// A read without the filter keeps what was read; options add up.
		g, err = late.GetGroupProfile(ctxT(t), r.id)
		if err != nil {
			t.Fatal(err)
		}
		wantFields(t, "no filter after a filtered read", g.GroupCustomField, "likes", "43")
		g, err = late.GetGroupProfile(ctxT(t), r.id, WithGroupCustomFieldFilter("theme"), WithGroupCustomFieldFilter("nosuch"), nil)
		if err != nil {
			t.Fatal(err)
		}
		wantFields(t, "filter theme", g.GroupCustomField, "likes", "43", "theme", "dark")
		wantFields(t, "local group", late.room(r.id).snapshot().GroupCustomField, "likes", "43", "theme", "dark")

		// The returned group is the caller's: changing it leaves the room's
		// group alone.
		g.GroupCustomField[0].Value = "changed"
		wantFields(t, "local group after the caller's change", late.room(r.id).snapshot().GroupCustomField, "likes", "43", "theme", "dark")

		// A guest may not read the profile (tim-js-sdk: 2024, no frame).
		guest := r.client()
		if _, err := guest.JoinGroup(ctxT(t), r.id); err != nil {
			t.Fatal(err)
		}
		_, err = guest.GetGroupProfile(ctxT(t), r.id, WithGroupCustomFieldFilter("likes"))
		wantCode(t, err, types.ErrNotLoggedIn)
	})
}

// The request is tim-js-sdk's (wire-protocol.md 4.5): AppDefinedDataFilter_Group
// only when a filter is given.
func TestGetGroupProfileRequestBody(t *testing.T) {
	const jsBody = `{"GroupIdList":["@TGS#aLIVEROOM"],
	 "ResponseFilter":{"GroupBaseInfoFilter":["Type","Name","Introduction","Notification","FaceUrl","Owner_Account","CreateTime",
	   "InfoSeq","LastInfoTime","LastMsgTime","MemberNum","MaxMemberNum","ApplyJoinOption","NextMsgSeq","ShutUpAllMember","InviteJoinOption"],
	   "AppDefinedDataFilter_Group":["theme"],
	   "MemberInfoFilter":["Role","JoinTime","MsgSeq","MsgFlag","NameCard"]}}`
	same := func(req wire.SelfMemberInfoReq, want string) {
		t.Helper()
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		var got, exp any
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(want), &exp); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, exp) {
			t.Fatalf("request %s\nwant %s", b, want)
		}
	}
	var o groupProfileOptions
	WithGroupCustomFieldFilter("theme")(&o)
	same(wire.SelfMemberInfoReq{GroupIDList: []string{"@TGS#aLIVEROOM"}, ResponseFilter: wire.SelfMemberInfoFilter(o.customFields)}, jsBody)

	var noFilter map[string]any
	if err := json.Unmarshal([]byte(jsBody), &noFilter); err != nil {
		t.Fatal(err)
	}
	delete(noFilter["ResponseFilter"].(map[string]any), "AppDefinedDataFilter_Group")
	b, _ := json.Marshal(noFilter)
	same(wire.SelfMemberInfoReq{GroupIDList: []string{"@TGS#aLIVEROOM"}, ResponseFilter: wire.SelfMemberInfoFilter(nil)}, string(b))
}

// mergeCustomFields follows tim-js-sdk's Group.updateGroup: update or
// append, never remove.
func TestMergeCustomFields(t *testing.T) {
	wantFields(t, "nil, nil", mergeCustomFields(nil, nil))
	wantFields(t, "append", mergeCustomFields(fields("a", "1"), fields("b", "2")), "a", "1", "b", "2")
	wantFields(t, "update in place", mergeCustomFields(fields("a", "1", "b", "2"), fields("a", "3")), "a", "3", "b", "2")
	local := fields("a", "1")
	mergeCustomFields(local, fields("a", "9"))
	wantFields(t, "local untouched", local, "a", "1")
}

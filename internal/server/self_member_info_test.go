package server_test

import (
	"slices"
	"testing"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// get_group_self_member_info gives the room's custom fields, set earlier
// over REST, as get_group_info does (trtc.io/document/34961): all of them
// for a request without a ResponseFilter, only those AppDefinedDataFilter_Group
// names for one with a filter, none when the filter names none (what
// tim-js-sdk's getGroupProfile sends without groupCustomFieldFilter).
func TestSelfMemberInfoCustomFieldsFollowTheFilter(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	body := `{"GroupId":"` + room + `","AppDefinedData":[{"Key":"likes","Value":"42"},{"Key":"theme","Value":"dark"}]}`
	if err := srv.Call(ctx(t), "group_open_http_svc/modify_group_base_info", []byte(body), nil); err != nil {
		t.Fatal(err)
	}
	late := dial(t, srv)
	late.login("late")
	late.join(room)

	read := func(filter *wire.ResponseFilter) []wire.KeyValue {
		t.Helper()
		var resp wire.SelfMemberInfoResp
		late.mustCall(wire.CmdSelfMemberInfo, wire.SelfMemberInfoReq{GroupIDList: []string{room}, ResponseFilter: filter}, &resp)
		if len(resp.GroupInfo) != 1 || resp.GroupInfo[0].ErrorCode != 0 || resp.GroupInfo[0].SelfInfo == nil {
			t.Fatalf("reply %+v", resp)
		}
		return resp.GroupInfo[0].AppDefinedData
	}
	kv := func(pairs ...string) []wire.KeyValue {
		var out []wire.KeyValue
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, wire.KeyValue{Key: pairs[i], Value: pairs[i+1]})
		}
		return out
	}
	for _, c := range []struct {
		name   string
		filter *wire.ResponseFilter
		want   []wire.KeyValue
	}{
		{"no ResponseFilter", nil, kv("likes", "42", "theme", "dark")},
		{"tim-js-sdk without groupCustomFieldFilter", wire.SelfMemberInfoFilter(nil), nil},
		{"likes", wire.SelfMemberInfoFilter([]string{"likes"}), kv("likes", "42")},
		{"likes and an unknown key", wire.SelfMemberInfoFilter([]string{"nosuch", "likes"}), kv("likes", "42")},
		{"both", wire.SelfMemberInfoFilter([]string{"theme", "likes"}), kv("likes", "42", "theme", "dark")},
	} {
		if got := read(c.filter); !slices.Equal(got, c.want) {
			t.Errorf("%s: AppDefinedData %+v, want %+v", c.name, got, c.want)
		}
	}
}

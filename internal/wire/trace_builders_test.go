package wire

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// TestTraceBuilders checks the body builders against the traces: the
// byte-exact send_group_msg encoder, the getGroupProfile filter, the login
// body, the default OfflinePushInfo and the kick push.
func TestTraceBuilders(t *testing.T) {
	var sends, filters, kicks, logins int
	for _, name := range traceFiles {
		for _, rec := range loadTrace(t, name) {
			f, err := DecodeFrame(rec.Frame)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Dir == "s2c" && rec.Servcmd == CmdKickPush {
				var p KickPush
				if err := decodeStrict(f.Body, &p); err != nil {
					t.Fatal(err)
				}
				// The stub's REST kick (KickType 3) sends an empty
				// NewInstInfo: there is no new instance. NewKickPush always
				// names a web instance, so only the other kinds compare exactly.
				if p.KickType() == KickRESTAPI {
					continue
				}
				if d := exactDiff(t, f.Body, mustMarshal(t, NewKickPush(p.KickType()))); d != "" {
					t.Errorf("%s: NewKickPush(%d): %s", rec.where(), p.KickType(), d)
				}
				kicks++
			}
			if rec.Dir != "c2s" {
				continue
			}
			switch rec.Servcmd {
			case CmdLogin:
				if d := exactDiff(t, f.Body, mustMarshal(t, NewLoginReq())); d != "" {
					t.Errorf("%s: NewLoginReq: %s", rec.where(), d)
				}
				logins++
			case CmdSendGroupMsg:
				var r SendGroupMsgReq
				if err := decodeStrict(f.Body, &r); err != nil {
					t.Fatal(err)
				}
				got, err := AppendSendGroupMsgReq(nil, &r)
				if err != nil {
					t.Fatal(err)
				}
				var raw struct{ OfflinePushInfo json.RawMessage }
				if err := json.Unmarshal(f.Body, &raw); err != nil {
					t.Fatal(err)
				}
				if d := exactDiff(t, raw.OfflinePushInfo, mustMarshal(t, DefaultOfflinePushInfo())); d != "" {
					t.Errorf("%s: DefaultOfflinePushInfo: %s", rec.where(), d)
				}
				if !bytes.Equal(got, f.Body) {
					t.Errorf("%s: AppendSendGroupMsgReq\n got  %s\n want %s", rec.where(), got, f.Body)
				}
				sends++
			case CmdSelfMemberInfo:
				var r SelfMemberInfoReq
				if err := decodeStrict(f.Body, &r); err != nil {
					t.Fatal(err)
				}
				got := SelfMemberInfoFilter(r.ResponseFilter.AppDefinedDataFilter_Group)
				if !reflect.DeepEqual(got, r.ResponseFilter) {
					t.Errorf("%s: SelfMemberInfoFilter %+v, trace %+v", rec.where(), got, r.ResponseFilter)
				}
				body, _ := json.Marshal(SelfMemberInfoReq{GroupIDList: r.GroupIDList, ResponseFilter: got})
				if d := exactDiff(t, f.Body, body); d != "" {
					t.Errorf("%s: get_group_self_member_info body: %s", rec.where(), d)
				}
				filters++
			}
		}
	}
	if sends == 0 || filters == 0 || kicks == 0 || logins == 0 {
		t.Fatalf("traces: %d send_group_msg, %d get_group_self_member_info, %d stat_forceoffline, %d wslogin", sends, filters, kicks, logins)
	}
}

package wire

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestItemBody: an array is elements, an object with ReportType a notice,
// any other object a tip; each re-encodes in its own form.
func TestItemBody(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind string // elems, tip, notice, none
		out  string // re-encoded; "" means same as in
	}{
		{`[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`, "elems", ""},
		{`[{"MsgType":"TIMTextElem","MsgContent":{"Text":"a"}},{"MsgType":"TIMCustomElem","MsgContent":{"Data":"d","Desc":"","Ext":""}}]`, "elems", ""},
		{`[]`, "elems", ""},
		{`{"OpType":1,"Operator_Account":"alice","List_Account":["alice"]}`, "tip", ""},
		{`{"OpType":6,"Operator_Account":"admin","List_Account":[],"MsgGroupNewInfo":{"GroupName":"n","ShutupAll":0,"MsgAppDefinedData":[{"Key":"k","Value":"v"}]}}`, "tip", ""},
		{`{}`, "tip", `{"OpType":0,"Operator_Account":"","List_Account":null}`},
		{`{"ReportType":255,"Operator_Account":"admin","UserDefinedField":"udf"}`, "notice", ""},
		{`{"ReportType":0}`, "notice", ""},
		{`{"ReportType":5,"RemarkInfo":"bye"}`, "notice", ""},
		// null ReportType is no ReportType.
		{`{"ReportType":null,"OpType":2,"Operator_Account":"bob","List_Account":["bob"]}`, "tip", `{"OpType":2,"Operator_Account":"bob","List_Account":["bob"]}`},
		{`null`, "none", `[]`},
	} {
		var b ItemBody
		if err := json.Unmarshal([]byte(c.in), &b); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		kind := "none"
		switch {
		case b.Elems != nil && b.Tip == nil && b.Notice == nil:
			kind = "elems"
		case b.Tip != nil && b.Elems == nil && b.Notice == nil:
			kind = "tip"
		case b.Notice != nil && b.Elems == nil && b.Tip == nil:
			kind = "notice"
		case b.Elems != nil || b.Tip != nil || b.Notice != nil:
			kind = "several"
		}
		if kind != c.kind {
			t.Errorf("%s: decoded as %s: %+v", c.in, kind, b)
		}
		want := c.out
		if want == "" {
			want = c.in
		}
		if d := exactDiff(t, []byte(want), mustMarshal(t, b)); d != "" {
			t.Errorf("%s: re-encoded %s: %s", c.in, mustMarshal(t, b), d)
		}
	}
	for _, bad := range []string{`"text"`, `1`, `true`, `[1]`, `{"OpType":"x"}`, `{"ReportType":"255"}`, `[{"MsgType":1}]`} {
		var b ItemBody
		if err := json.Unmarshal([]byte(bad), &b); err == nil {
			t.Errorf("%s: accepted as %+v", bad, b)
		}
	}
	// Decoding resets a reused value.
	b := ItemBody{Elems: []Elem{TextElem("old")}}
	if err := json.Unmarshal([]byte(`{"ReportType":4}`), &b); err != nil || b.Elems != nil || b.Notice == nil {
		t.Errorf("reused ItemBody: %v %+v", err, b)
	}
}

// TestItemBodyInItem: the kinds land where the item's Event expects them.
func TestItemBodyInItem(t *testing.T) {
	for _, c := range []struct {
		event int
		body  string
	}{
		{EventGroupMsg, `[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`},
		{EventBroadcastMsg, `[{"MsgType":"TIMCustomElem","MsgContent":{"Data":"d"}}]`},
		{EventGroupTip, `{"OpType":1,"Operator_Account":"alice","List_Account":["alice"]}`},
		{EventGroupTipOnline, `{"OpType":7,"Operator_Account":"admin","List_Account":["a"],"MsgMemberInfo":[{"User_Account":"a","ShutupTime":60}],"OnlineInf":{"Num":3,"ET":60}}`},
		{EventGroupNotice, `{"ReportType":255,"Operator_Account":"admin","UserDefinedField":"u"}`},
	} {
		in := `{"Event":` + strconv.Itoa(c.event) + `,"ToGroupId":"@TGS#a","MsgSeq":7,"MsgRandom":4294967295,"MsgTimeStamp":1795629330,"MsgClientTime":1795629329,"TinyId":"144115200000000001","MsgPriority":"Low","MsgBody":` + c.body + `}`
		var it Item
		if err := decodeStrict([]byte(in), &it); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		checkItem(t, "synthetic", itemRef{item: &it})
		if it.MsgRandom != math.MaxUint32 || it.Group() != "@TGS#a" {
			t.Errorf("%s: %+v", in, it)
		}
		if d := semanticDiff(t, []byte(in), mustMarshal(t, &it)); d != "" {
			t.Errorf("%s: %s", in, d)
		}
	}
}

// TestItemAccessors covers Group and Time fallbacks.
func TestItemAccessors(t *testing.T) {
	for _, c := range []struct {
		it    Item
		group string
		time  int64
	}{
		{Item{ToGroupID: "a", GroupID: "b", GroupInfo: &ItemGroupInfo{GroupID: "c"}, MsgTimeStamp: 1, MsgTime: 2}, "a", 1},
		{Item{GroupID: "b", GroupInfo: &ItemGroupInfo{GroupID: "c"}, MsgTime: 2}, "b", 2},
		{Item{GroupInfo: &ItemGroupInfo{GroupID: "c"}}, "c", 0},
		{Item{}, "", 0},
	} {
		if g, tm := c.it.Group(), c.it.Time(); g != c.group || tm != c.time {
			t.Errorf("%+v: Group %q Time %d", c.it, g, tm)
		}
	}
}

// TestElemContent: builders and Content agree for every modelled type.
func TestElemContent(t *testing.T) {
	for _, c := range []struct {
		e    Elem
		want any
	}{
		{TextElem("héllo \"<&>\"\n\x00"), &TextContent{"héllo \"<&>\"\n\x00"}},
		{CustomElem("gift:rocket", "a rocket", `{"n":1}`), &CustomContent{"gift:rocket", "a rocket", `{"n":1}`}},
		{FaceElem(3, "smile"), &FaceContent{3, "smile"}},
		{LocationElem("here", 113.93, 22.54), &LocationContent{"here", 113.93, 22.54}},
		{Elem{MsgType: ElemCustom, MsgContent: json.RawMessage(`{"Data":"only"}`)}, &CustomContent{Data: "only"}},
		{Elem{MsgType: ElemText}, &TextContent{}},
		{Elem{MsgType: ElemText, MsgContent: json.RawMessage(`null`)}, &TextContent{}},
	} {
		got, err := c.e.Content()
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s: %+v %v, want %+v", c.e.MsgType, c.e.MsgContent, got, err, c.want)
		}
		var back Elem
		if err := json.Unmarshal(mustMarshal(t, c.e), &back); err != nil {
			t.Fatal(err)
		}
		if got2, err := back.Content(); err != nil || !reflect.DeepEqual(got2, c.want) {
			t.Errorf("%s after round trip: %+v %v", c.e.MsgType, got2, err)
		}
	}
	for _, e := range []Elem{
		{MsgType: ElemImage, MsgContent: json.RawMessage(`{"UUID":"x"}`)},
		{MsgType: "", MsgContent: json.RawMessage(`{}`)},
		{MsgType: ElemText, MsgContent: json.RawMessage(`{"Text":1}`)},
		{MsgType: ElemText, MsgContent: json.RawMessage(`[]`)},
		{MsgType: ElemFace, MsgContent: json.RawMessage(`{"Index":"1"}`)},
	} {
		if v, err := e.Content(); err == nil {
			t.Errorf("%s %s: Content accepted: %+v", e.MsgType, e.MsgContent, v)
		}
	}
	// Unmodelled elements pass through unchanged.
	img := `{"MsgType":"TIMImageElem","MsgContent":{"UUID":"u","ImageFormat":1,"ImageInfoArray":[{"Type":1,"Size":2,"Width":3,"Height":4,"URL":"https://x/y"}]}}`
	var e Elem
	if err := json.Unmarshal([]byte(img), &e); err != nil {
		t.Fatal(err)
	}
	if d := exactDiff(t, []byte(img), mustMarshal(t, e)); d != "" {
		t.Errorf("image element: %s", d)
	}
}

// awkward holds strings that need escaping, unicode, and control characters.
var awkward = []string{
	"",
	"plain",
	`quote " backslash \ slash /`,
	"html <script>&amp;</script>",
	"ctl \x00\x01\x07\b\f\n\r\t\x1b\x1f\x7f end",
	"unicode: héllo 你好 🎉 \u00e9\u0301",
	"separators \u2028 \u2029",
	"replacement \ufffd",
	"lpk-@TGS#aLIVEROOM-1",
	strings.Repeat("long ", 200),
}

// sampleItems builds items of every kind, with awkward strings in them.
func sampleItems() []*Item {
	var items []*Item
	for i, s := range awkward {
		seq := uint64(i + 1)
		gi := &ItemGroupInfo{GroupID: "@TGS#aLIVEROOM", GroupName: s, GroupType: AVChatRoomType,
			FromAccountNick: s, FromAccountHeadurl: "https://example.invalid/" + s,
			MsgFromAccountExtraInfo: &ExtraInfo{NameCard: s}}
		switch i % 4 {
		case 0:
			items = append(items, &Item{Event: EventGroupMsg, ToGroupID: "@TGS#aLIVEROOM", MsgSeq: seq, MsgRandom: math.MaxUint32 - uint32(i),
				MsgTimeStamp: 1795629331, MsgClientTime: 1795629330, MsgPriority: Priority{Level: uint8(i%4 + 1)},
				FromAccount: "alice" + s, TinyID: "144115200000000001", CloudCustomData: s,
				MsgBody: ItemBody{Elems: []Elem{TextElem(s), CustomElem(s, s, s)}}, GroupInfo: gi,
				FromAccountNick: s, FromAccountHeadurl: s})
		case 1:
			items = append(items, &Item{Event: EventGroupTip, ToGroupID: "@TGS#aLIVEROOM", MsgSeq: seq, MsgRandom: uint32(i),
				MsgTimeStamp: 1795629331, FromAccount: SystemAccount, GroupInfo: &ItemGroupInfo{GroupID: "@TGS#aLIVEROOM", GroupName: s},
				MsgBody: ItemBody{Tip: &TipBody{OpType: 6, OperatorAccount: "admin", ListAccount: []string{s},
					MsgOperatorMemberExtraInfo: &MemberExtra{"admin", s, s},
					MsgMemberExtraInfo:         []MemberExtra{{s, s, s}},
					MsgMemberInfo:              []MemberMute{{s, 60}},
					MsgGroupNewInfo: &GroupNewInfo{GroupName: strp(s), GroupNotification: strp(""), ShutupAll: new(int),
						MsgAppDefinedData: []KeyValue{{s, s}}},
					OnlineInf: &OnlineInf{Num: 3, ET: 60}, MemberNum: 9}}})
		case 2:
			items = append(items, &Item{Event: EventGroupNotice, ToGroupID: "@TGS#aLIVEROOM", MsgSeq: seq, MsgRandom: uint32(i),
				MsgTime: 1795629331, FromAccount: SystemAccount, GroupInfo: gi, IsSystemMsg: 1,
				MsgBody: ItemBody{Notice: &NoticeBody{ReportType: NoticeCustom, OperatorAccount: "admin", UserDefinedField: s, RemarkInfo: s}}})
		case 3:
			items = append(items, &Item{Event: EventBroadcastMsg, GroupID: "@TGS#aLIVEROOM", MsgSeq: seq, MsgRandom: uint32(i),
				MsgTimeStamp: 1795629331, MsgClientTime: 1795629330, MsgPriority: Priority{PriorityLowest, true},
				FromAccount: s, TinyID: "144115200000000003",
				MsgBody: ItemBody{Elems: []Elem{FaceElem(i, s), LocationElem(s, -0.5, 1e-7)}}})
		}
	}
	return items
}

func encodeItems(t testing.TB, items []*Item) []json.RawMessage {
	out := make([]json.RawMessage, len(items))
	for i, it := range items {
		out[i] = mustMarshal(t, it)
	}
	return out
}

// viaEncodingJSON is what encoding/json makes of s on a round trip (invalid
// UTF-8 becomes U+FFFD), the value a decoder must see.
func viaEncodingJSON(t testing.TB, s string) string {
	var back string
	if err := json.Unmarshal(mustMarshal(t, s), &back); err != nil {
		t.Fatal(err)
	}
	return back
}

func TestAppendGetMsgResp(t *testing.T) {
	all := sampleItems()
	keys := append(append([]string{}, awkward...), "bad utf8 \xff\xfe \xed\xa0\x80 end", "\x00key\x1f")
	for i, key := range keys {
		items := all[:i%len(all)]
		nextSeq := []uint64{0, 1, 17, math.MaxUint32 + 1, math.MaxUint64}[i%5]
		prefix := []byte("prefix")
		b := AppendGetMsgResp(prefix, key, nextSeq, encodeItems(t, items))
		if string(b[:6]) != "prefix" {
			t.Fatalf("prefix clobbered")
		}
		b = b[6:]
		var got GetMsgResp
		if err := decodeStrict(b, &got); err != nil {
			t.Fatalf("key %q: %v\n%s", key, err, b)
		}
		want := GetMsgResp{Status: OK(), Key: viaEncodingJSON(t, key), NextSeq: nextSeq, RspMsgList: items}
		if want.RspMsgList == nil {
			want.RspMsgList = []*Item{} // "RspMsgList":[] decodes as empty, not nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("key %q: decoded\n %+v\nwant\n %+v", key, got, want)
		}
		// And it is what encoding/json writes for the same reply.
		if d := semanticDiff(t, mustMarshal(t, &want), b); d != "" {
			t.Errorf("key %q: differs from json.Marshal: %s", key, d)
		}
	}
}

func TestAppendMsgPushBody(t *testing.T) {
	items := sampleItems()
	sessions := append(append([]string{}, awkward...), "sd-\xff", "\x00")
	for i, it := range items {
		for _, event := range []int{EventGroupMsg, EventBroadcastMsg, EventGroupTip, EventGroupNotice, EventGroupTipOnline} {
			sd := sessions[(i+event)%len(sessions)]
			b := AppendMsgPushBody([]byte("x"), event, mustMarshal(t, it), sd)[1:]
			var got MsgPush
			if err := decodeStrict(b, &got); err != nil {
				t.Fatalf("event %d: %v\n%s", event, err, b)
			}
			pe := PushEvent{Event: event}
			if event == EventGroupMsg || event == EventBroadcastMsg {
				pe.GroupMsgArray = []*Item{it}
			} else {
				pe.GroupTips = []*Item{it}
			}
			want := MsgPush{Status: OK(), EventArray: []PushEvent{pe}}
			if sd != "" {
				want.NeedAck, want.SessionData = 1, viaEncodingJSON(t, sd)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("event %d session %q: decoded\n %+v\nwant\n %+v", event, sd, got, want)
			}
			if d := semanticDiff(t, mustMarshal(t, &want), b); d != "" {
				t.Errorf("event %d: differs from json.Marshal: %s", event, d)
			}
		}
	}
	// Event numbers are written as signed integers.
	for _, event := range []int{0, -1, math.MaxInt32, math.MinInt32} {
		b := AppendMsgPushBody(nil, event, mustMarshal(t, items[1]), "")
		var got MsgPush
		if err := json.Unmarshal(b, &got); err != nil || len(got.EventArray) != 1 || got.EventArray[0].Event != event {
			t.Errorf("event %d: %v %s", event, err, b)
		}
	}
}

// TestJoinHistory: history items in a join reply decode like poll items.
func TestJoinHistory(t *testing.T) {
	items := sampleItems()
	resp := ApplyJoinResp{Status: OK(), JoinedStatus: JoinedSuccess, HugeGroupFlag: 1, AVChatRoomKey: "k",
		StartSeq: 11, RspMsgList: items, LongPollingKey: "lpk"}
	var got ApplyJoinResp
	if err := decodeStrict(mustMarshal(t, &resp), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, resp) {
		t.Errorf("join reply round trip:\n %+v\nwant\n %+v", got, resp)
	}
	for _, ref := range bodyItems(&got) {
		checkItem(t, "join history", ref)
	}
}

// TestEncodeFrame covers the body forms EncodeFrame and AppendFrame take.
func TestEncodeFrame(t *testing.T) {
	h := PushHead(CmdMsgPush, 5, 1795629330)
	for _, c := range []struct {
		body any
		want string
	}{
		{nil, `{}`},
		{json.RawMessage(`{"a":1}`), `{"a":1}`},
		{[]byte(`[1,2]`), `[1,2]`},
		{[]byte{}, `{}`},
		{OK(), `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`},
		{&PushAckReq{SessionData: "sd-1"}, `{"SessionData":"sd-1"}`},
	} {
		b, err := EncodeFrame(&h, c.body)
		if err != nil {
			t.Fatal(err)
		}
		f, err := DecodeFrame(b)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !reflect.DeepEqual(f.Head, h) || string(f.Body) != c.want {
			t.Errorf("EncodeFrame(%v) = %s", c.body, b)
		}
	}
	if _, err := EncodeFrame(&h, func() {}); err == nil {
		t.Error("EncodeFrame accepted an unencodable body")
	}
}

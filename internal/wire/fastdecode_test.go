package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The fast decoders are checked against encoding/json with the fast paths
// off (fastOff), which is the package as it was before fastdecode.go. Two
// properties matter: (1) every public decoder gives exactly the reference
// result or the reference error; (2) whenever a fast path answers by
// itself, the reference succeeds with the same value. (1) follows from (2)
// and the fallback, but both are checked.

// std runs f with the fast paths off.
func std(f func()) {
	fastOff.Store(true)
	defer fastOff.Store(false)
	f()
}

// sameResult fails unless both calls failed with the same message, or both
// succeeded with deeply equal values.
func sameResult(t testing.TB, what string, in []byte, got any, gotErr error, want any, wantErr error) {
	t.Helper()
	switch {
	case (gotErr == nil) != (wantErr == nil):
		t.Fatalf("%s of %.300q: error %v, reference error %v", what, in, gotErr, wantErr)
	case gotErr != nil:
		if gotErr.Error() != wantErr.Error() {
			t.Fatalf("%s of %.300q: error %q, reference %q", what, in, gotErr, wantErr)
		}
	case !reflect.DeepEqual(got, want):
		t.Fatalf("%s of %.300q:\n got  %s\n want %s", what, in, dump(got), dump(want))
	}
}

// dump shows a decoded value with its pointers followed.
func dump(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b) + fmt.Sprintf(" %#v", v)
}

// scribble overwrites b, so that a result still pointing into it shows.
func scribble(b []byte) {
	for i := range b {
		b[i] = '#'
	}
}

// refDecodeFrame is DecodeFrame as it was: Inflate, then encoding/json.
func refDecodeFrame(data []byte) (f *Frame, err error) {
	if len(data) > MaxFrameSize {
		return nil, ErrFrameTooLarge
	}
	if bytes.HasPrefix(data, compPrefix) {
		if data, err = Inflate(data[len(compPrefix):]); err != nil {
			return nil, err
		}
	}
	std(func() { f, err = decodeFrameJSON(data) })
	return f, err
}

// diffFrame checks DecodeFrame against the reference; fast reports whether
// the fast path answered alone.
func diffFrame(t testing.TB, data []byte) (f *Frame, fast bool) {
	t.Helper()
	in := bytes.Clone(data)
	got, err := DecodeFrame(in)
	scribble(in)
	want, wantErr := refDecodeFrame(data)
	sameResult(t, "DecodeFrame", data, got, err, want, wantErr)
	checkBorrowed(t, data, want, wantErr)
	if !bytes.HasPrefix(data, compPrefix) {
		if ff := decodeFrameFast(bytes.Clone(data), false); ff != nil {
			ff.rawHead = nil // DecodeRawFrame's (checked by FuzzDecodeFrame)
			sameResult(t, "decodeFrameFast", data, ff, nil, want, wantErr)
			fast = true
		}
	}
	return want, fast
}

// diffGetMsgResp checks DecodeGetMsgResp (and its fast path) against
// json.Unmarshal.
func diffGetMsgResp(t testing.TB, body []byte) (fast bool) {
	t.Helper()
	var want GetMsgResp
	var wantErr error
	std(func() { wantErr = json.Unmarshal(body, &want) })
	in := bytes.Clone(body)
	got := GetMsgResp{Key: "stale", RspMsgList: []*Item{{}}} // reset by the decoder
	err := DecodeGetMsgResp(in, &got)
	scribble(in)
	sameResult(t, "DecodeGetMsgResp", body, got, err, want, wantErr)
	var fr GetMsgResp
	if fastGetMsgResp(bytes.Clone(body), &fr) {
		sameResult(t, "fastGetMsgResp", body, fr, nil, want, wantErr)
		return true
	}
	return false
}

func diffMsgPush(t testing.TB, body []byte) (fast bool) {
	t.Helper()
	var want MsgPush
	var wantErr error
	std(func() { wantErr = json.Unmarshal(body, &want) })
	in := bytes.Clone(body)
	got := MsgPush{SessionData: "stale", EventArray: []PushEvent{{}}}
	err := DecodeMsgPush(in, &got)
	scribble(in)
	sameResult(t, "DecodeMsgPush", body, got, err, want, wantErr)
	var fp MsgPush
	if fastMsgPush(bytes.Clone(body), &fp) {
		sameResult(t, "fastMsgPush", body, fp, nil, want, wantErr)
		return true
	}
	return false
}

func diffItem(t testing.TB, data []byte) (fast bool) {
	t.Helper()
	var want Item
	var wantErr error
	std(func() { wantErr = json.Unmarshal(data, &want) })
	in := bytes.Clone(data)
	got := Item{FromAccount: "stale", GroupInfo: &ItemGroupInfo{}}
	err := DecodeItem(in, &got)
	scribble(in)
	sameResult(t, "DecodeItem", data, got, err, want, wantErr)

	// The item inside encoding/json: ItemBody's and Priority's fast paths.
	var viaJSON Item
	err = json.Unmarshal(data, &viaJSON)
	sameResult(t, "json.Unmarshal(Item) with fast ItemBody", data, viaJSON, err, want, wantErr)

	fast = func() bool {
		d := getDec(bytes.Clone(data), 0)
		defer putDec(d)
		var it Item
		d.ws()
		start := d.begin()
		decodeItem(d, &it, new(itemParts))
		d.flush(start)
		if !d.end() {
			return false
		}
		sameResult(t, "decodeItem", data, it, nil, want, wantErr)
		return true
	}()
	return fast
}

// diffItemBody checks ItemBody.UnmarshalJSON's fast path against its own
// encoding/json path, and Priority's likewise.
func diffItemBody(t testing.TB, data []byte) (fast bool) {
	t.Helper()
	var want ItemBody
	var wantErr error
	std(func() { wantErr = json.Unmarshal(data, &want) })
	in := bytes.Clone(data)
	got := ItemBody{Elems: []Elem{{MsgType: "stale"}}}
	err := json.Unmarshal(in, &got)
	scribble(in)
	sameResult(t, "json.Unmarshal(ItemBody)", data, got, err, want, wantErr)

	var wantP, gotP Priority
	var wantPErr error
	std(func() { wantPErr = json.Unmarshal(data, &wantP) })
	errP := json.Unmarshal(data, &gotP)
	sameResult(t, "json.Unmarshal(Priority)", data, gotP, errP, wantP, wantPErr)

	var fb ItemBody
	if fastItemBody(bytes.Clone(data), &fb) {
		sameResult(t, "fastItemBody", data, fb, nil, want, wantErr)
		return true
	}
	return false
}

// diffAll runs every decoder on data, and the body decoders on the body of
// data when it is a frame.
func diffAll(t testing.TB, data []byte) {
	t.Helper()
	if f, _ := diffFrame(t, data); f != nil {
		diffGetMsgResp(t, f.Body)
		diffMsgPush(t, f.Body)
	}
	diffGetMsgResp(t, data)
	diffMsgPush(t, data)
	diffItem(t, data)
	diffItemBody(t, data)
}

// rawItems returns the raw items and MsgBody values of a body.
func rawItems(body []byte) (items, bodies []json.RawMessage) {
	type rawItem struct {
		MsgBody json.RawMessage
	}
	var b struct {
		RspMsgList          []json.RawMessage
		RspBroadcastMsgList []json.RawMessage
		EventArray          []struct{ GroupMsgArray, GroupTips []json.RawMessage }
	}
	if json.Unmarshal(body, &b) != nil {
		return nil, nil
	}
	items = append(b.RspMsgList, b.RspBroadcastMsgList...)
	for _, e := range b.EventArray {
		items = append(append(items, e.GroupMsgArray...), e.GroupTips...)
	}
	for _, it := range items {
		var r rawItem
		if json.Unmarshal(it, &r) == nil && r.MsgBody != nil {
			bodies = append(bodies, r.MsgBody)
		}
	}
	return items, bodies
}

// TestFastDecodeTraces: every frame of the traces, plain and compressed,
// and every get_msg / msg_push body and item in them, decode to exactly
// the reference values, and all of them on the fast path.
func TestFastDecodeTraces(t *testing.T) {
	var frames, getMsg, pushes, items int
	for _, name := range traceFiles {
		for _, rec := range loadTrace(t, name) {
			f, fast := diffFrame(t, rec.Frame)
			if !fast {
				t.Errorf("%s: frame left the fast path", rec.where())
			}
			diffFrame(t, Compress(rec.Frame))
			frames++
			switch {
			case rec.Dir != "s2c":
			case rec.Servcmd == CmdGetMsg || rec.Servcmd == CmdGetMsgNoAuth:
				if !diffGetMsgResp(t, f.Body) {
					t.Errorf("%s: get_msg body left the fast path", rec.where())
				}
				getMsg++
			case rec.Servcmd == CmdMsgPush || rec.Servcmd == CmdMultiPush:
				if !diffMsgPush(t, f.Body) {
					t.Errorf("%s: msg_push body left the fast path", rec.where())
				}
				pushes++
			}
			// Every typed body through encoding/json, with and without the
			// fast ItemBody and Priority inside.
			if mk := bodyType(rec.Servcmd, rec.Dir); mk != nil {
				typ := reflect.TypeOf(mk).Elem()
				want, got := reflect.New(typ).Interface(), reflect.New(typ).Interface()
				var wantErr error
				std(func() { wantErr = json.Unmarshal(f.Body, want) })
				err := json.Unmarshal(f.Body, got)
				sameResult(t, "json.Unmarshal("+typ.String()+")", f.Body, got, err, want, wantErr)
			}
			raws, bodies := rawItems(f.Body)
			for _, it := range raws {
				if !diffItem(t, it) {
					t.Errorf("%s: item left the fast path: %s", rec.where(), it)
				}
				items++
			}
			for _, b := range bodies {
				if !diffItemBody(t, b) {
					t.Errorf("%s: MsgBody left the fast path: %s", rec.where(), b)
				}
			}
		}
	}
	t.Logf("%d frames, %d get_msg bodies, %d msg_push bodies, %d items", frames, getMsg, pushes, items)
	if getMsg == 0 || pushes == 0 || items == 0 {
		t.Fatal("traces without get_msg, msg_push or items")
	}
}

// fastCases are inputs with edge cases of every kind. fast: the fast path
// must answer alone ("" = don't care).
var fastCases = []struct {
	what, in string
	fast     bool
}{
	// Items on the fast path.
	{"plain", `{"Event":3,"ToGroupId":"g","MsgSeq":1,"MsgRandom":2,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`, true},
	{"white space", " \n\t{ \"Event\" : 3 ,\r\n \"MsgBody\" : [ { \"MsgType\" : \"T\" , \"MsgContent\" : { \"Text\" : \"x\" } } ] } \n", true},
	{"escapes", `{"From_Account":"a\"b\\c\/d\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00","TinyId":"\u0000"}`, true},
	{"lone surrogates", `{"From_Account":"\ud800 \udc00 \ud800\u0041 \udbff\udfff \ud800\ud800"}`, true},
	{"invalid UTF-8", "{\"From_Account\":\"a\xffb\xed\xa0\x80c\xc0\xafd\",\"TinyId\":\"\xef\xbf\xbd\"}", true},
	{"valid UTF-8", `{"From_Account":"中文 nick ✓ 😀","GroupInfo":{"GroupName":"直播间"}}`, true},
	{"nulls", `{"Event":null,"ToGroupId":null,"MsgSeq":null,"MsgPriority":null,"MsgBody":null,"GroupInfo":null}`, true},
	{"null inside", `{"GroupInfo":{"GroupId":null,"MsgFrom_AccountExtraInfo":null},"MsgBody":[null,{"MsgType":null,"MsgContent":null}]}`, true},
	{"empty arrays", `{"MsgBody":[]}`, true},
	{"empty objects", `{"GroupInfo":{},"MsgBody":{}}`, true},
	{"unknown keys", `{"MsgVersion":1,"X":{"a":[1,2,{"b":null}],"c":"\u0041"},"IsHistoryMsg":true,"Y":-1.5e-3,"MsgBody":[{"Z":[],"MsgType":"t"}]}`, true},
	{"priority forms", `{"MsgPriority":"High"}`, true},
	{"priority escaped", `{"MsgPriority":"\u004cow"}`, true},
	{"priority unknown", `{"MsgPriority":"Urgent"}`, true},
	{"priority float", `{"MsgPriority":2.0}`, true},
	{"priority exp", `{"MsgPriority":4e0}`, true},
	{"priority fraction", `{"MsgPriority":1.5}`, true},
	{"priority huge", `{"MsgPriority":1e400}`, true},
	{"priority 0", `{"MsgPriority":0}`, true},
	{"priority negative", `{"MsgPriority":-1}`, true},
	{"priority object", `{"MsgPriority":{"Level":1}}`, true},
	{"priority bool", `{"MsgPriority":true}`, true},
	{"max values", `{"MsgSeq":18446744073709551615,"MsgRandom":4294967295,"MsgTime":-9223372036854775808,"MsgTimeStamp":9223372036854775807,"Event":-0}`, true},
	{"tip", `{"Event":4,"MsgBody":{"OpType":6,"Operator_Account":"admin","List_Account":["a","b",null],"MsgOperatorMemberExtraInfo":{"User_Account":"u"},"MsgMemberExtraInfo":[{"NickName":"n"},null,{}],"MsgMemberInfo":[{"User_Account":"a","ShutupTime":4294967295}],"MsgGroupNewInfo":{"GroupName":"n","GroupIntroduction":null,"GroupNotification":"","GroupFaceUrl":"f","Owner_Account":"o","ShutupAll":0,"MsgAppDefinedData":[{"Key":"k","Value":"v"}]},"OnlineInf":{"Num":3,"ET":60},"MemberNum":9}}`, true},
	{"tip with null ReportType", `{"MsgBody":{"ReportType":null,"OpType":2}}`, true},
	{"notice", `{"Event":5,"MsgBody":{"ReportType":255,"Operator_Account":"admin","UserDefinedField":"u","RemarkInfo":"r","OpType":"ignored"}}`, true},
	{"notice key last", `{"MsgBody":{"OpType":1,"List_Account":["x"],"ReportType":4}}`, true},
	{"raw content kept", `{"MsgBody":[{"MsgType":"TIMImageElem","MsgContent":{"UUID":"u","ImageInfoArray":[{"Type":1,"URL":"https://x/y\u0026z"}]}},{"MsgContent":"text"},{"MsgContent":12.5e3},{"MsgContent":[true,false,null]}]}`, true},

	// Left to encoding/json: the result must still be the reference one.
	{"repeated key", `{"MsgSeq":1,"MsgSeq":2}`, false},
	{"repeated object", `{"GroupInfo":{"GroupId":"a"},"GroupInfo":{"GroupName":"b"}}`, false},
	{"repeated array", `{"MsgBody":{"List_Account":["a","b"],"List_Account":["c"]}}`, false},
	{"repeated ReportType", `{"MsgBody":{"ReportType":1,"ReportType":null,"OpType":3}}`, false},
	{"case-insensitive key", `{"msgseq":5,"FROM_ACCOUNT":"x"}`, false},
	{"folded key long s", `{"MſgSeq":5}`, false},
	{"folded key kelvin", "{\"MsgBody\":{\"MsgMemberExtraInfo\":[{\"Nic\u212aName\":\"x\"}]}}", false},
	{"non-ASCII key", "{\"MsgBody\":{\"OpType\":1,\"\u212aelvin\u017f\":1,\"\xff\":2}}", true},
	{"escaped key", `{"\u0045vent":3}`, false},
	{"reporttype folded", `{"MsgBody":{"reportType":5}}`, false},
	{"string for int", `{"MsgSeq":"1"}`, false},
	{"int for string", `{"From_Account":1}`, false},
	{"fraction for int", `{"Event":3.0}`, false},
	{"exponent for int", `{"Event":1e2}`, false},
	{"negative uint", `{"MsgSeq":-1}`, false},
	{"negative zero uint", `{"MsgSeq":-0}`, false},
	{"uint32 overflow", `{"MsgRandom":4294967296}`, false},
	{"uint64 overflow", `{"MsgSeq":18446744073709551616}`, false},
	{"int64 overflow", `{"MsgTime":9223372036854775808}`, false},
	{"int64 underflow", `{"MsgTime":-9223372036854775809}`, false},
	{"bool for int", `{"Event":true}`, false},
	{"array for object", `{"GroupInfo":[]}`, false},
	{"string body", `{"MsgBody":"text"}`, false},
	{"number elem", `{"MsgBody":[1]}`, false},
	{"string ReportType", `{"MsgBody":{"ReportType":"255"}}`, false},
	{"fraction ReportType", `{"MsgBody":{"ReportType":1.5,"OpType":1}}`, false},
	{"bad tip field", `{"MsgBody":{"OpType":"x"}}`, false},
	{"bad tip field then notice", `{"MsgBody":{"OpType":"x","ReportType":1}}`, false},
	{"null item", `null`, false},
	{"array item", `[]`, false},
	{"syntax: trailing comma", `{"Event":3,}`, false},
	{"syntax: leading zero", `{"Event":03}`, false},
	{"syntax: bad escape", `{"From_Account":"\x"}`, false},
	{"syntax: short unicode", `{"From_Account":"\u12"}`, false},
	{"syntax: control char", "{\"From_Account\":\"a\tb\"}", false},
	{"syntax: unterminated", `{"From_Account":"a`, false},
	{"syntax: trailing", `{} {}`, false},
	{"syntax: bare word", `{"X":nul}`, false},
	{"syntax: minus", `{"X":-}`, false},
	{"syntax: dot", `{"X":1.}`, false},
	{"syntax: exponent", `{"X":1e}`, false},
	{"syntax: plus", `{"X":+1}`, false},
	{"syntax: missing colon", `{"X" 1}`, false},
	{"syntax: unclosed array", `{"MsgBody":[{"MsgType":"a"}`, false},
	{"syntax: brackets swapped", `{"MsgBody":[{"MsgType":"a"]}}`, false},
	{"syntax: deep", `{"X":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`, false},
	{"syntax: too deep", `{"X":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, false},
	{"empty", ``, false},
}

// TestFastDecodeCases: each case as an item, as a MsgBody, inside a get_msg
// body, inside a msg_push body and inside a frame.
func TestFastDecodeCases(t *testing.T) {
	for _, c := range fastCases {
		in := []byte(c.in)
		if fast := diffItem(t, in); fast != c.fast {
			t.Errorf("%s: item on the fast path: %v, want %v", c.what, fast, c.fast)
		}
		// null, [] and "" are fine items in an array, or break its syntax.
		inArray := c.fast || strings.HasPrefix(c.in, "{")
		diffItemBody(t, in)
		var body string
		if fi := strings.Index(c.in, `"MsgBody":`); fi >= 0 {
			// The MsgBody value alone, when the case is about it.
			var probe struct{ MsgBody json.RawMessage }
			if json.Unmarshal(in, &probe) == nil && probe.MsgBody != nil {
				diffItemBody(t, probe.MsgBody)
			}
		}
		body = `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","Key":"k","NextSeq":2,"RspMsgList":[` + c.in + `,` + c.in + `],"RspBroadcastMsgList":[]}`
		if fast := diffGetMsgResp(t, []byte(body)); inArray && fast != c.fast {
			t.Errorf("%s: get_msg body on the fast path: %v, want %v", c.what, fast, c.fast)
		}
		push := `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","EventArray":[{"Event":3,"GroupMsgArray":[` + c.in + `]},{"Event":4,"GroupTips":[` + c.in + `]}],"NeedAck":1,"SessionData":"sd"}`
		if fast := diffMsgPush(t, []byte(push)); inArray && fast != c.fast {
			t.Errorf("%s: msg_push body on the fast path: %v, want %v", c.what, fast, c.fast)
		}
		frame := `{"head":{"servcmd":"s","seq":1},"body":` + push + `}`
		diffFrame(t, []byte(frame))
	}
}

// TestFastDecodeBodies: cases about the body and frame levels.
func TestFastDecodeBodies(t *testing.T) {
	for _, c := range []struct {
		in   string
		fast bool
	}{
		{`{}`, true},
		{`{"RspMsgList":null,"Key":null,"NextSeq":null}`, true},
		{`{"RspMsgList":[null,{}]}`, true},
		{`{"ActionStatus":"FAIL","ErrorCode":70001,"ErrorInfo":"Key \u0022expired\u0022"}`, true},
		{`{"EventArray":[null,{},{"Event":3,"GroupMsgArray":null,"GroupTips":[],"C2cNotifyMsgArray":[]}],"Flag":1}`, true},
		{`{"EventArray":[{"Event":9,"C2cNotifyMsgArray":[{"KickoutMsgNotify":{"KickType":1}}]}]}`, false},
		{`{"EventArray":[{"C2cNotifyMsgArray":null}]}`, true},
		{`{"EventArray":{}}`, false},
		{`{"RspMsgList":{}}`, false},
		{`{"RspMsgList":[1]}`, false},
		{`{"RspMsgList":[],"RspMsgList":[]}`, false},
		{`{"errorcode":1}`, false},
		{"{\"\u212aey\":\"k\"}", false},
		{`null`, false},
		{` `, false},
		{`[]`, false},
		{`"x"`, false},
	} {
		gm, mp := diffGetMsgResp(t, []byte(c.in)), diffMsgPush(t, []byte(c.in))
		if c.fast && !(gm && mp) {
			t.Errorf("%s: fast path: get_msg %v, msg_push %v", c.in, gm, mp)
		}
	}
	for _, c := range []struct {
		in   string
		fast bool
	}{
		{smallFrame, true},
		{`{"head":{"servcmd":"x"}}`, true},
		{`{"body":null,"head":{"servcmd":"x","seq":18446744073709551615}}`, true},
		{` {"head":{"servcmd":"x","status_instid":null,"identifier":null,"usersig":"","tjgID":"\u00e9","contenttype":"json"},"body":[1,"x"],"other":{}} `, true},
		{`{"head":{"servcmd":"x","status_instid":0,"identifier":"","usersig":"s","a2":"a","tinyid":"t","sdkappid":1,"reqtime":-1,"platform":7,"ver":"v4","websdkappid":5,"websdkversion":"1","sdkability":3}}`, true},
		{`{"head":{"servcmd":""}}`, false},
		{`{"head":null}`, false},
		{`{"head":{"servcmd":"x"},"head":{"seq":1}}`, false},
		{`{"head":{"servcmd":"x","Seq":1}}`, false},
		{`{"head":{"servcmd":"x","tjgid":""}}`, false},
		{`{"HEAD":{"servcmd":"x"}}`, false},
		{`{"head":{"servcmd":"x","seq":-1}}`, false},
		{`{"head":{"servcmd":"x","status_instid":"1"}}`, false},
		{`{"head":{"servcmd":"x"},"body":{]}`, false},
		{`{"head":{"servcmd":"x"}}x`, false},
		{`{"head":{"servcmd":"x"}`, false},
		{`{"head":{"servcmd":"x"},"body":"\ud800"}`, true},
	} {
		if _, fast := diffFrame(t, []byte(c.in)); fast != c.fast {
			t.Errorf("%s: frame on the fast path: %v, want %v", c.in, fast, c.fast)
		}
		diffFrame(t, Compress([]byte(c.in)))
	}
}

// fill sets every field of v (recursively) to a non-zero value, so that a
// field the fast decoder does not know shows up as a difference.
func fill(v reflect.Value, n int) {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Struct:
		switch v.Addr().Interface().(type) {
		case *Priority:
			v.Set(reflect.ValueOf(Priority{Level: uint8(n%4 + 1), Named: n%2 == 0}))
			return
		case *ItemBody:
			return // filled by the caller
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() && f.Tag.Get("json") != "-" {
				fill(v.Field(i), n+i)
			}
		}
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[json.RawMessage]() {
			v.SetBytes([]byte(fmt.Sprintf(`{"Text":"t%d"}`, n)))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fill(v.Index(0), n+1)
		fill(v.Index(1), n+2)
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", n))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(n + 1))
	case reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(n + 1))
	case reflect.Interface:
		v.Set(reflect.ValueOf("x"))
	default:
		panic("fill: " + v.Type().String())
	}
}

func filled[T any](n int) *T {
	v := new(T)
	fill(reflect.ValueOf(v).Elem(), n)
	return v
}

// TestFastDecodeAllFields: values with every field set decode on the fast
// path to what encoding/json gives. A field added to a wire struct without
// teaching fastdecode.go about it fails here.
func TestFastDecodeAllFields(t *testing.T) {
	var items []*Item
	for i, body := range []ItemBody{
		{Elems: *filled[[]Elem](1)},
		{Tip: filled[TipBody](2)},
		{Notice: filled[NoticeBody](3)},
	} {
		it := filled[Item](10 * i)
		it.MsgBody = body
		items = append(items, it)
	}
	for _, it := range items {
		raw := mustMarshal(t, it)
		if !diffItem(t, raw) {
			t.Errorf("filled item left the fast path: %s", raw)
		}
		var back Item
		if err := DecodeItem(raw, &back); err != nil || !reflect.DeepEqual(&back, it) {
			t.Errorf("filled item:\n got  %s\n want %s", dump(&back), dump(it))
		}
	}
	resp := filled[GetMsgResp](1)
	resp.RspMsgList, resp.RspBroadcastMsgList = items, items[1:]
	if !diffGetMsgResp(t, mustMarshal(t, resp)) {
		t.Error("filled get_msg body left the fast path")
	}
	push := filled[MsgPush](2)
	for i := range push.EventArray {
		push.EventArray[i].GroupMsgArray, push.EventArray[i].GroupTips = items, items[:1]
		push.EventArray[i].C2cNotifyMsgArray = []KickNotify{} // left to encoding/json otherwise
		push.EventArray[i].C2cMsgArray = nil                  // C2C pushes are left to encoding/json
	}
	if !diffMsgPush(t, mustMarshal(t, push)) {
		t.Error("filled msg_push body left the fast path")
	}
	h := filled[Head](3)
	frame, err := EncodeFrame(h, resp)
	if err != nil {
		t.Fatal(err)
	}
	if f, fast := diffFrame(t, frame); !fast || !reflect.DeepEqual(&f.Head, h) {
		t.Errorf("filled head: fast %v, %+v", fast, f.Head)
	}
}

// TestFastDecodeNoAliasing: results share no memory with the input, and a
// MsgContent cannot be appended into its neighbour.
func TestFastDecodeNoAliasing(t *testing.T) {
	body := []byte(`{"RspMsgList":[{"From_Account":"alice","MsgBody":[{"MsgType":"a","MsgContent":{"Text":"1"}},{"MsgType":"b","MsgContent":{"Text":"2"}}]}]}`)
	in := bytes.Clone(body)
	var r GetMsgResp
	if err := DecodeGetMsgResp(in, &r); err != nil {
		t.Fatal(err)
	}
	scribble(in)
	elems := r.RspMsgList[0].MsgBody.Elems
	if r.RspMsgList[0].FromAccount != "alice" || string(elems[0].MsgContent) != `{"Text":"1"}` {
		t.Fatalf("result changed with the input: %s", dump(r))
	}
	_ = append(elems[0].MsgContent, "xxxxxxxx"...)
	if string(elems[1].MsgContent) != `{"Text":"2"}` {
		t.Fatalf("append to one MsgContent changed the next: %s", elems[1].MsgContent)
	}
}

// TestFastDecodeConcurrent: the pooled scanners and inflaters are safe.
func TestFastDecodeConcurrent(t *testing.T) {
	var frames [][]byte
	for _, rec := range loadTrace(t, "avchatroom-scenario-push.jsonl") {
		if rec.Dir == "s2c" && rec.Servcmd == CmdMsgPush {
			frames = append(frames, rec.Frame, Compress(rec.Frame))
		}
	}
	want := make([]*MsgPush, len(frames))
	for i, fr := range frames {
		f, err := DecodeFrame(fr)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = new(MsgPush)
		std(func() { err = json.Unmarshal(f.Body, want[i]) })
		if err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for n := 0; n < 50; n++ {
				i := (g*7 + n) % len(frames)
				f, err := DecodeFrame(frames[i])
				var p MsgPush
				if err == nil {
					err = DecodeMsgPush(f.Body, &p)
				}
				if err != nil || !reflect.DeepEqual(&p, want[i]) {
					errs <- fmt.Errorf("frame %d: %v %s", i, err, dump(p))
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestFastDecodeAllocs keeps the receive path at a handful of allocations
// per item.
func TestFastDecodeAllocs(t *testing.T) {
	frame := benchGetMsgFrame(t)
	f, err := DecodeFrame(frame)
	if err != nil {
		t.Fatal(err)
	}
	perItem := testing.AllocsPerRun(50, func() {
		var r GetMsgResp
		if err := DecodeGetMsgResp(f.Body, &r); err != nil {
			t.Fatal(err)
		}
	}) / benchItems
	head := testing.AllocsPerRun(50, func() {
		if _, err := DecodeFrame(frame); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("get_msg body: %.2f allocs per item; DecodeFrame: %.0f allocs", perItem, head)
	if perItem > 4 || head > 4 {
		t.Errorf("%.2f allocs per item, %.0f per frame", perItem, head)
	}
}

func FuzzFastDecodeDifferential(f *testing.F) {
	n := 0
	for _, name := range traceFiles {
		for _, rec := range loadTrace(f, name) {
			if rec.Dir != "s2c" || !(rec.Servcmd == CmdGetMsg || rec.Servcmd == CmdGetMsgNoAuth || rec.Servcmd == CmdMsgPush || rec.Servcmd == CmdApplyJoin) {
				continue
			}
			if n++; n%3 != 0 {
				continue
			}
			f.Add([]byte(rec.Frame))
			fr, err := DecodeFrame(rec.Frame)
			if err != nil {
				f.Fatal(err)
			}
			f.Add([]byte(fr.Body))
			items, bodies := rawItems(fr.Body)
			for i, it := range items {
				if i < 2 {
					f.Add([]byte(it))
				}
			}
			for i, b := range bodies {
				if i < 2 {
					f.Add([]byte(b))
				}
			}
		}
	}
	for _, it := range sampleItems() {
		f.Add(mustMarshal(f, it))
	}
	for _, c := range fastCases {
		f.Add([]byte(c.in))
	}
	f.Add([]byte(smallFrame))
	f.Add(Compress([]byte(smallFrame)))
	f.Add([]byte(`{"EventArray":[{"Event":3,"GroupMsgArray":[{"MsgSeq":1}]}],"NeedAck":1,"SessionData":"s"}`))
	f.Add([]byte(`{"head":{"servcmd":"x","status_instid":1,"identifier":"i"},"body":{"RspMsgList":[{"MsgPriority":3}]}}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		diffAll(t, data)
		if len(data) > 4096 {
			return
		}
		// The input as a value or a string at the places where the fast
		// decoders interpret values, so that mutations of a few bytes
		// exercise numbers, strings and MsgBody without first having to
		// keep a whole item well-formed.
		d := string(data)
		for _, wrap := range []string{
			`{"MsgSeq":%s}`, `{"MsgRandom":%s}`, `{"MsgTime":%s}`, `{"Event":%s}`, `{"MsgPriority":%s}`,
			`{"MsgBody":%s}`, `{"MsgBody":[{"MsgType":"t","MsgContent":%s}]}`, `{"GroupInfo":%s}`,
			`{"From_Account":"%s"}`, `{"MsgPriority":"%s"}`, `{"%s":1,"MsgSeq":1}`,
			`{"MsgBody":{"ReportType":%s,"OpType":1}}`, `{"MsgBody":{"MsgGroupNewInfo":{"ShutupAll":%s}}}`,
		} {
			diffItem(t, []byte(fmt.Sprintf(wrap, d)))
		}
		for _, wrap := range []string{`{"RspMsgList":[%s]}`, `{"NextSeq":%s}`, `{"Key":"%s"}`} {
			diffGetMsgResp(t, []byte(fmt.Sprintf(wrap, d)))
		}
		for _, wrap := range []string{`{"EventArray":[%s]}`, `{"EventArray":[{"GroupTips":[%s]}]}`} {
			diffMsgPush(t, []byte(fmt.Sprintf(wrap, d)))
		}
		diffFrame(t, []byte(fmt.Sprintf(`{"head":%s,"body":{}}`, d)))
		diffFrame(t, append([]byte("COMP"), data...))
		diffFrame(t, Compress(data))
		diffFrame(t, []byte(fmt.Sprintf(`{"head":{"servcmd":"x","status_instid":%s},"body":%[1]s}`, d)))
	})
}

// jsonGen writes random JSON shaped like the wire bodies: mostly the right
// fields with the right types, and now and then null, a value of another
// type, an odd number, an awkward string, an unknown, repeated or
// case-changed key, or white space. It reaches the decoders' semantic
// corners far more often than byte mutations do.
type jsonGen struct {
	r     *rand.Rand
	chaos bool // also wrong types, odd numbers and repeated or case-changed keys
}

func (g *jsonGen) pick(n int) int { return g.r.IntN(n) }

var genStrings = []string{
	``, `a`, `alice`, `@TGS#aLIVEROOM`, `中文`, `😀`, `\"q\"`, `\\`, `\/`, `\b\f\n\r\t`, `\u0000`, `\u00e9`,
	`\ud83d\ude00`, `\ud800`, `\udc00x`, `\ud800\u0041`, "\xff", "\xed\xa0\x80", "a\xc0\xafb", `High`, `Low`,
	`Normal`, `Lowest`, `\u0048igh`, `{\"n\":1}`, `TIMTextElem`, `TIMCustomElem`, `\u2028`,
}

var genNumbers = []string{
	`0`, `1`, `2`, `3`, `4`, `5`, `7`, `60`, `255`, `1795629331`, `-0`, `-1`, `4294967295`, `4294967296`,
	`9223372036854775807`, `9223372036854775808`, `-9223372036854775808`, `-9223372036854775809`,
	`18446744073709551615`, `18446744073709551616`, `1.0`, `2.5`, `1e0`, `4E0`, `0.4e1`, `1e400`, `-1e-400`,
	`3.999999999999999999`, `1.0000000000000001`,
}

func (g *jsonGen) str() string { return `"` + genStrings[g.pick(len(genStrings))] + `"` }
func (g *jsonGen) num() string {
	if !g.chaos {
		return genNumbers[g.pick(10)] // fit every integer field
	}
	return g.anyNum()
}

func (g *jsonGen) anyNum() string { return genNumbers[g.pick(len(genNumbers))] }

func (g *jsonGen) any(depth int) string {
	switch n := g.pick(9); {
	case n == 0:
		return `null`
	case n == 1:
		return []string{`true`, `false`}[g.pick(2)]
	case n == 2:
		return g.anyNum()
	case n <= 4:
		return g.str()
	case n <= 6 && depth < 3:
		var parts []string
		for range g.pick(3) {
			parts = append(parts, g.any(depth+1))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case depth < 3:
		return g.obj(map[string]func() string{"k": func() string { return g.any(depth + 1) }})
	}
	return `{}`
}

// value wraps a field's proper generator with the odd cases.
func (g *jsonGen) value(proper func() string) string {
	switch n := g.pick(40); {
	case n < 3:
		return `null`
	case n < 5 && g.chaos:
		return g.any(1)
	}
	return proper()
}

func (g *jsonGen) ws() string {
	if g.pick(20) == 0 {
		return []string{" ", "\n", "\t ", "\r\n"}[g.pick(4)]
	}
	return ""
}

// obj writes an object with a random subset of fields in random order.
func (g *jsonGen) obj(fields map[string]func() string) string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.Sort(names)
	g.r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	var parts []string
	for _, k := range names {
		if g.pick(5) == 0 {
			continue
		}
		key := k
		switch g.pick(60) {
		case 0, 1:
			if !g.chaos {
				break
			}
			if g.pick(2) == 0 {
				key = strings.ToLower(k)
			} else {
				parts = append(parts, `"`+k+`":`+g.value(fields[k])) // repeated
			}
		case 2:
			parts = append(parts, `"X`+k+`":`+g.any(1)) // unknown
		}
		parts = append(parts, g.ws()+`"`+key+`"`+g.ws()+":"+g.ws()+g.value(fields[k])+g.ws())
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func (g *jsonGen) array(elem func() string) string {
	var parts []string
	for range g.pick(4) {
		parts = append(parts, g.value(elem))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func (g *jsonGen) member() string {
	return g.obj(map[string]func() string{"User_Account": g.str, "NickName": g.str, "ImageUrl": g.str, "ShutupTime": g.num})
}

func (g *jsonGen) msgBody() string {
	switch g.pick(3) {
	case 0:
		return g.array(func() string {
			return g.obj(map[string]func() string{"MsgType": g.str, "MsgContent": func() string { return g.any(0) }})
		})
	case 1:
		return g.obj(map[string]func() string{
			"OpType": g.num, "Operator_Account": g.str, "List_Account": func() string { return g.array(g.str) },
			"MsgOperatorMemberExtraInfo": g.member, "MsgMemberExtraInfo": func() string { return g.array(g.member) },
			"MsgMemberInfo": func() string { return g.array(g.member) }, "OnlineInf": func() string {
				return g.obj(map[string]func() string{"Num": g.num, "ET": g.num})
			}, "MemberNum": g.num, "MsgGroupNewInfo": func() string {
				return g.obj(map[string]func() string{
					"GroupName": g.str, "GroupIntroduction": g.str, "GroupNotification": g.str, "GroupFaceUrl": g.str,
					"Owner_Account": g.str, "ShutupAll": g.num, "MsgAppDefinedData": func() string {
						return g.array(func() string { return g.obj(map[string]func() string{"Key": g.str, "Value": g.str}) })
					},
				})
			},
		})
	}
	return g.obj(map[string]func() string{"ReportType": g.num, "Operator_Account": g.str, "UserDefinedField": g.str, "RemarkInfo": g.str, "OpType": g.num})
}

func (g *jsonGen) item() string {
	return g.obj(map[string]func() string{
		"Event": g.num, "ToGroupId": g.str, "GroupId": g.str, "MsgSeq": g.num, "MsgRandom": g.num,
		"MsgTimeStamp": g.num, "MsgTime": g.num, "MsgClientTime": g.num, "From_Account": g.str, "TinyId": g.str,
		"MsgPriority": func() string { return []func() string{g.anyNum, g.str}[g.pick(2)]() },
		"MsgBody":     g.msgBody, "CloudCustomData": g.str, "From_AccountNick": g.str, "From_AccountHeadurl": g.str,
		"IsSystemMsg": g.num, "GroupInfo": func() string {
			return g.obj(map[string]func() string{
				"GroupId": g.str, "GroupName": g.str, "GroupType": g.str, "From_AccountNick": g.str,
				"From_AccountHeadurl": g.str, "MsgFrom_AccountExtraInfo": func() string {
					return g.obj(map[string]func() string{"NameCard": g.str})
				},
			})
		},
	})
}

// TestFastDecodeGenerated compares the decoders with encoding/json on
// generated bodies, items and frames.
func TestFastDecodeGenerated(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	g := &jsonGen{r: rand.New(rand.NewPCG(1, 2))}
	var fast, total int
	for i := range n {
		g.chaos = i%2 == 1
		items := func() string { return g.array(g.item) }
		getMsg := g.obj(map[string]func() string{
			"ActionStatus": g.str, "ErrorCode": g.num, "ErrorInfo": g.str, "Key": g.str, "NextSeq": g.num,
			"RspMsgList": items, "NextBroadcastSeq": g.num, "RspBroadcastMsgList": items,
		})
		push := g.obj(map[string]func() string{
			"ActionStatus": g.str, "ErrorCode": g.num, "ErrorInfo": g.str, "NeedAck": g.num, "SessionData": g.str,
			"Flag": g.num, "EventArray": func() string {
				return g.array(func() string {
					return g.obj(map[string]func() string{"Event": g.num, "GroupMsgArray": items, "GroupTips": items})
				})
			},
		})
		head := g.obj(map[string]func() string{
			"ver": g.str, "platform": g.num, "websdkappid": g.num, "websdkversion": g.str, "a2": g.str,
			"tinyid": g.str, "status_instid": g.num, "sdkappid": g.num, "contenttype": g.str, "reqtime": g.num,
			"identifier": g.str, "usersig": g.str, "sdkability": g.num, "tjgID": g.str, "servcmd": g.str, "seq": g.num,
		})
		it := g.item()
		for _, ok := range []bool{
			diffGetMsgResp(t, []byte(getMsg)), diffMsgPush(t, []byte(push)), diffItem(t, []byte(it)),
		} {
			total++
			if ok {
				fast++
			}
		}
		diffFrame(t, []byte(`{"head":`+head+`,"body":`+push+`}`))
	}
	t.Logf("%d of %d generated inputs on the fast path", fast, total)
}

// checkBorrowed checks that DecodeFrameBorrowed then CheckBody gives what
// DecodeFrame gives: the same frame, or an error (at the latest from
// CheckBody) where DecodeFrame fails.
func checkBorrowed(t testing.TB, data []byte, want *Frame, wantErr error) {
	t.Helper()
	f, b, err := DecodeFrameBorrowed(bytes.Clone(data))
	defer b.Release()
	if err == nil {
		err = f.CheckBody()
	}
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("borrowed of %.300q: error %v, reference error %v", data, err, wantErr)
	}
	if err != nil {
		return
	}
	if f.BodyOnTrust() {
		t.Fatalf("borrowed of %.300q: still on trust after CheckBody", data)
	}
	var body json.RawMessage
	if f.Body != nil {
		body = f.Body
	}
	got := &Frame{Head: f.Head, Body: body}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("borrowed of %.300q:\n got  %s\n want %s", data, dump(got), dump(want))
	}
}

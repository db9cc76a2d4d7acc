package wire

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// typedBodies constructs every body struct of the package: the servcmd
// table, the REST bodies, and the parts of stream items.
func typedBodies() []func() any {
	var out []func() any
	for _, bt := range servcmdBodies {
		if bt.req != nil {
			out = append(out, bt.req)
		}
		if bt.reply != nil {
			out = append(out, bt.reply)
		}
	}
	return append(out,
		newOf[CreateGroupReq](), newOf[CreateGroupResp](), newOf[RESTSendGroupMsgReq](), newOf[SystemNoticeReq](),
		newOf[ModifyGroupBaseReq](), newOf[ForbidSendMsgReq](), newOf[ModifyGroupMemberReq](),
		newOf[KickReq](), newOf[RESTPortraitSetReq](),
		newOf[Item](), newOf[ItemBody](), newOf[TipBody](), newOf[NoticeBody](), newOf[Elem](), newOf[[]Elem](),
		newOf[Priority](), newOf[Head](), newOf[Frame](), newOf[GroupInfo](), newOf[InstInfo](),
	)
}

// checkStable asserts that a value decoded from anything re-encodes, decodes
// again, and then re-encodes to the same bytes.
func checkStable(t *testing.T, mk func() any, v any) {
	t.Helper()
	b1, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%T decoded but does not encode: %v", v, err)
	}
	v2 := mk()
	if err := json.Unmarshal(b1, v2); err != nil {
		t.Fatalf("%T does not decode its own encoding %s: %v", v, b1, err)
	}
	b2, err := json.Marshal(v2)
	if err != nil {
		t.Fatalf("%T: %v", v2, err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatalf("%T encoding not stable:\n%s\n%s", v, b1, b2)
	}
}

// exerciseItems calls the item helpers on every item a decoded value holds.
func exerciseItems(t *testing.T, v any) {
	t.Helper()
	for _, ref := range bodyItems(v) {
		exerciseItem(t, ref.item)
	}
	if it, ok := v.(*Item); ok {
		exerciseItem(t, it)
	}
	if b, ok := v.(*ItemBody); ok {
		exerciseBody(t, b)
	}
}

func exerciseItem(t *testing.T, it *Item) {
	t.Helper()
	if it == nil {
		return
	}
	_ = it.Group()
	_ = it.Time()
	_ = it.MsgPriority.Name()
	if e := it.MsgPriority.Effective(); e < PriorityHigh || e > PriorityLowest {
		t.Fatalf("Effective priority %d", e)
	}
	exerciseBody(t, &it.MsgBody)
}

func exerciseBody(t *testing.T, b *ItemBody) {
	t.Helper()
	set := 0
	if b.Elems != nil {
		set++
	}
	if b.Tip != nil {
		set++
	}
	if b.Notice != nil {
		set++
	}
	if set > 1 {
		t.Fatalf("ItemBody with %d kinds set: %+v", set, b)
	}
	for i := range b.Elems {
		c, err := b.Elems[i].Content()
		if err == nil && c == nil {
			t.Fatalf("Content of %s returned nil without error", b.Elems[i].MsgType)
		}
	}
}

func FuzzDecodeFrame(f *testing.F) {
	// A few real frames of each direction, a COMP frame, and garbage.
	want := map[string]bool{
		"c2s " + CmdLogin: true, "s2c " + CmdLogin: true, "c2s " + CmdSendGroupMsg: true,
		"s2c " + CmdGetMsg: true, "s2c " + CmdMsgPush: true, "s2c " + CmdKickPush: true,
		"s2c " + CmdSelfMemberInfo: true, "c2s " + CmdTelemetry: true,
	}
	for _, rec := range loadTrace(f, "avchatroom-scenario-push.jsonl") {
		k := rec.Dir + " " + rec.Servcmd
		if rec.Servcmd == CmdMsgPush || rec.Servcmd == CmdGetMsgNoAuth {
			k = "s2c " + CmdGetMsg // the first push/poll reply with items
			if !bytes.Contains(rec.Frame, []byte("MsgBody")) {
				continue
			}
		}
		if want[k] {
			delete(want, k)
			f.Add([]byte(rec.Frame))
			if rec.Compressed {
				f.Add(Compress(rec.Frame))
			}
		}
	}
	f.Add([]byte(smallFrame))
	f.Add(Compress([]byte(smallFrame)))
	f.Add([]byte(""))
	f.Add([]byte("COMP"))
	f.Add([]byte("COMP\x78\x9c\x03\x00"))
	f.Add([]byte(`{"head":{"servcmd":"x"},"body":[]}`))
	f.Add([]byte(`{"head":{"servcmd":"x"},"body":{"MsgBody":{"ReportType":1},"EventArray":[{"GroupTips":[{}]}]}}`))
	f.Add([]byte("\x00\xff garbage {"))

	mks := typedBodies()
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := DecodeFrame(data)
		// DecodeRawFrame (the emulator's decoder, which keeps the head's
		// bytes) accepts a subset of what DecodeFrame accepts, with the same head.
		if rf, rerr := DecodeRawFrame(data); rerr == nil {
			if err != nil {
				t.Fatalf("DecodeRawFrame accepts what DecodeFrame rejects (%v)", err)
			}
			var h Head
			if err := json.Unmarshal(rf.RawHead, &h); err != nil || !reflect.DeepEqual(h, rf.Head) || !reflect.DeepEqual(rf.Head, fr.Head) {
				t.Fatalf("DecodeRawFrame head %+v, DecodeFrame head %+v", rf.Head, fr.Head)
			}
		}
		if err != nil {
			if fr != nil {
				t.Fatal("frame and error")
			}
			return
		}
		if fr.Head.Servcmd == "" {
			t.Fatal("frame without servcmd accepted")
		}
		_ = fr.Head.Shape()
		_ = fr.Head.InstID()

		// The frame re-encodes to one that decodes to the same head.
		enc, err := EncodeFrame(&fr.Head, fr.Body)
		if err != nil {
			t.Fatalf("EncodeFrame: %v", err)
		}
		fr2, err := DecodeFrame(enc)
		if err != nil {
			t.Fatalf("re-encoded frame %s: %v", enc, err)
		}
		if !reflect.DeepEqual(fr2.Head, fr.Head) {
			t.Fatalf("head changed: %+v vs %+v", fr2.Head, fr.Head)
		}
		// A plain frame compresses to one that decodes the same.
		if !bytes.HasPrefix(data, compPrefix) {
			fc, err := DecodeFrame(Compress(data))
			if err != nil || !reflect.DeepEqual(fc, fr) {
				t.Fatalf("COMP form decodes differently: %v", err)
			}
		}

		body := fr.Body
		if body == nil {
			body = []byte("null")
		}
		for _, mk := range mks {
			v := mk()
			if json.Unmarshal(body, v) != nil {
				continue
			}
			checkStable(t, mk, v)
			exerciseItems(t, v)
		}
	})
}

func FuzzItem(f *testing.F) {
	for _, it := range sampleItems() {
		b, _ := json.Marshal(it)
		f.Add(b)
	}
	n := 0
	for _, rec := range loadTrace(f, "avchatroom-scenario.jsonl") {
		fr, err := DecodeFrame(rec.Frame)
		if err != nil || rec.Dir != "s2c" || (rec.Servcmd != CmdGetMsg && rec.Servcmd != CmdGetMsgNoAuth) {
			continue
		}
		var raw struct {
			RspMsgList []json.RawMessage `json:"RspMsgList"`
		}
		if json.Unmarshal(fr.Body, &raw) == nil {
			for _, it := range raw.RspMsgList {
				if n < 12 {
					f.Add([]byte(it))
					n++
				}
			}
		}
	}
	for _, s := range []string{
		`[]`, `{}`, `null`, `1`, `"High"`, `4`, `1.5`, `{"ReportType":255}`, `{"OpType":1}`,
		`[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]`,
		`{"MsgType":"TIMCustomElem","MsgContent":{"Data":"d"}}`,
		`{"MsgType":"TIMLocationElem","MsgContent":{"Longitude":1e400}}`,
		`{"Event":5,"MsgBody":{"ReportType":null}}`,
		"\xff\x00",
	} {
		f.Add([]byte(s))
	}

	mks := []func() any{
		newOf[Item](), newOf[ItemBody](), newOf[Elem](), newOf[[]Elem](), newOf[Priority](),
		newOf[TipBody](), newOf[NoticeBody](), newOf[ItemGroupInfo](),
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mk := range mks {
			v := mk()
			if json.Unmarshal(data, v) != nil {
				continue
			}
			checkStable(t, mk, v)
			exerciseItems(t, v)
			switch x := v.(type) {
			case *Elem:
				_, _ = x.Content()
			case *[]Elem:
				for i := range *x {
					_, _ = (*x)[i].Content()
				}
			case *Priority:
				if x.Level > PriorityLowest || (x.Named && x.Level == 0) {
					t.Fatalf("decoded priority %+v", x)
				}
			case *Item:
				// An item that decodes can be sent in a poll reply and a push.
				enc, err := json.Marshal(x)
				if err != nil {
					t.Fatal(err)
				}
				var resp GetMsgResp
				if err := json.Unmarshal(AppendGetMsgResp(nil, string(data), 7, []json.RawMessage{enc, enc}), &resp); err != nil || len(resp.RspMsgList) != 2 {
					t.Fatalf("AppendGetMsgResp with a decoded item: %v", err)
				}
				if got := mustMarshal(t, resp.RspMsgList[1]); !bytes.Equal(got, enc) {
					t.Fatalf("item changed in a poll reply:\n%s\n%s", got, enc)
				}
				var push MsgPush
				if err := json.Unmarshal(AppendMsgPushBody(nil, x.Event, enc, string(data)), &push); err != nil || len(push.EventArray) != 1 {
					t.Fatalf("AppendMsgPushBody with a decoded item: %v", err)
				}
			}
		}
		checkAppendJSONString(t, string(data))
	})
}

package wire

import (
	"fmt"
	"reflect"
	"testing"
)

const skipItemOK = `{"Event":3,"ToGroupId":"@TGS#a1","MsgSeq":%d,"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`

func okItem(seq int) string { return fmt.Sprintf(skipItemOK, seq) }

func TestDecodeGetMsgRespSkipping(t *testing.T) {
	cases := []struct {
		name     string
		bad      string
		wantSeq  uint64 // BadItem.Seq
		wantBads int
	}{
		{"not an object", `"x"`, 0, 1},
		{"null", `null`, 0, 1},
		{"MsgSeq a string", `{"MsgSeq":"2","MsgBody":[]}`, 0, 1},
		{"MsgBody a number", `{"MsgSeq":2,"MsgBody":5}`, 2, 1},
		{"element a number", `{"MsgSeq":2,"MsgBody":[7]}`, 2, 1},
		{"MsgRandom negative", `{"MsgSeq":2,"MsgRandom":-1}`, 2, 1},
		{"unknown element type", `{"MsgSeq":2,"MsgBody":[{"MsgType":"TIMNewElem","MsgContent":{"X":1}}]}`, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := `{"ActionStatus":"OK","ErrorCode":0,"Key":"k","NextSeq":4,"RspMsgList":[` +
				okItem(1) + `,` + c.bad + `,` + okItem(3) + `]}`
			var resp GetMsgResp
			bad, err := DecodeGetMsgRespSkipping([]byte(body), &resp)
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) != c.wantBads {
				t.Fatalf("bad = %+v, want %d", bad, c.wantBads)
			}
			if resp.Key != "k" || resp.NextSeq != 4 {
				t.Fatalf("Key %q NextSeq %d", resp.Key, resp.NextSeq)
			}
			if want := 3 - c.wantBads; len(resp.RspMsgList) != want {
				t.Fatalf("%d items, want %d", len(resp.RspMsgList), want)
			}
			if c.wantBads == 0 {
				return
			}
			if bad[0].Index != 1 || bad[0].Seq != c.wantSeq || bad[0].Err == nil {
				t.Fatalf("bad = %+v, want index 1 seq %d", bad[0], c.wantSeq)
			}
			if resp.RspMsgList[0].MsgSeq != 1 || resp.RspMsgList[1].MsgSeq != 3 {
				t.Fatalf("kept %d and %d", resp.RspMsgList[0].MsgSeq, resp.RspMsgList[1].MsgSeq)
			}
		})
	}
}

func TestDecodeGetMsgRespSkippingEnvelopeErrors(t *testing.T) {
	for _, body := range []string{`]]]`, `{"NextSeq":"x"}`, `{"RspMsgList":7}`, `[]`, ``} {
		var resp GetMsgResp
		if _, err := DecodeGetMsgRespSkipping([]byte(body), &resp); err == nil {
			t.Errorf("%s: no error", body)
		}
	}
}

func TestDecodeMsgPushSkipping(t *testing.T) {
	body := `{"ActionStatus":"OK","ErrorCode":0,"NeedAck":1,"SessionData":"sd","EventArray":[` +
		`{"Event":3,"GroupMsgArray":[` + okItem(1) + `,{"MsgSeq":2,"MsgBody":5},` + okItem(3) + `]},` +
		`{"Event":"x"},` +
		`{"Event":4,"GroupTips":[null,` + okItem(4) + `]}]}`
	var p MsgPush
	bad, err := DecodeMsgPushSkipping([]byte(body), &p)
	if err != nil {
		t.Fatal(err)
	}
	if p.NeedAck != 1 || p.SessionData != "sd" {
		t.Fatalf("NeedAck %d SessionData %q", p.NeedAck, p.SessionData)
	}
	if len(bad) != 3 || len(p.EventArray) != 2 {
		t.Fatalf("bad %+v, %d events", bad, len(p.EventArray))
	}
	if n := len(p.EventArray[0].GroupMsgArray); n != 2 {
		t.Fatalf("%d messages", n)
	}
	if n := len(p.EventArray[1].GroupTips); n != 1 || p.EventArray[1].Event != 4 {
		t.Fatalf("%d tips, event %d", n, p.EventArray[1].Event)
	}
}

// A body the strict decoder accepts decodes the same, nulls aside, and
// costs nothing more.
func TestSkippingMatchesStrict(t *testing.T) {
	body := []byte(`{"ActionStatus":"OK","ErrorCode":0,"Key":"k","NextSeq":3,"RspMsgList":[` + okItem(1) + `,` + okItem(2) + `]}`)
	var a, b GetMsgResp
	if err := DecodeGetMsgResp(body, &a); err != nil {
		t.Fatal(err)
	}
	bad, err := DecodeGetMsgRespSkipping(body, &b)
	if err != nil || bad != nil {
		t.Fatal(err, bad)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("%+v != %+v", a, b)
	}
	strict := testing.AllocsPerRun(50, func() { _ = DecodeGetMsgResp(body, &a) })
	skipping := testing.AllocsPerRun(50, func() { _, _ = DecodeGetMsgRespSkipping(body, &b) })
	if skipping > strict {
		t.Fatalf("skipping decoder %v allocs, strict %v", skipping, strict)
	}
}

// FuzzDecodeSkipping: never a panic; whatever the strict decoder accepts,
// the skipping one gives the same minus null items; no nil item is ever
// returned.
func FuzzDecodeSkipping(f *testing.F) {
	f.Add([]byte(`{"ActionStatus":"OK","NextSeq":4,"RspMsgList":[` + okItem(1) + `,{"MsgSeq":2,"MsgBody":5},null]}`))
	f.Add([]byte(`{"EventArray":[{"Event":3,"GroupMsgArray":[` + okItem(1) + `,7]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var strict, resp GetMsgResp
		serr := DecodeGetMsgResp(body, &strict)
		_, err := DecodeGetMsgRespSkipping(body, &resp)
		if serr == nil && err != nil {
			t.Fatalf("strict accepts, skipping refuses: %v", err)
		}
		for _, l := range [][]*Item{resp.RspMsgList, resp.RspBroadcastMsgList} {
			for _, it := range l {
				if it == nil {
					t.Fatal("nil item")
				}
			}
		}
		if serr == nil && resp.NextSeq != strict.NextSeq {
			t.Fatalf("NextSeq %d != %d", resp.NextSeq, strict.NextSeq)
		}
		var p MsgPush
		_, _ = DecodeMsgPushSkipping(body, &p)
		for _, ev := range p.EventArray {
			for _, it := range append(ev.GroupMsgArray, ev.GroupTips...) {
				if it == nil {
					t.Fatal("nil push item")
				}
			}
		}
	})
}

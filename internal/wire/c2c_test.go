package wire

import (
	"encoding/json"
	"testing"
)

// TestC2CPushDecodes: a msg_push carrying C2cMsgArray decodes (the fast
// decoder leaves it to encoding/json) with every item field, and its
// NeedAck/SessionData.
func TestC2CPushDecodes(t *testing.T) {
	item := C2CMsg{FromAccount: "administrator", ToAccount: "bot", MsgSeq: 7, MsgRandom: 9, MsgTimeStamp: 100,
		MsgClientTime: 100, TinyID: "144115200000000001", MsgKey: C2CMsgKey(7, 9, 100), FromAccountNick: "Admin",
		IsSyncMsg: 1, MsgLifeTime: MaxC2CMsgLifeTime, MsgBody: []Elem{TextElem("hi")}, CloudCustomData: "c",
		SendMsgControl: &C2CMsgControl{NoUnread: 1}}
	raw, err := json.Marshal(&item)
	if err != nil {
		t.Fatal(err)
	}
	body := AppendC2CPushBody(nil, []json.RawMessage{raw, raw}, "sd-1")
	var p MsgPush
	if err := DecodeMsgPush(body, &p); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if p.NeedAck != 1 || p.SessionData != "sd-1" || len(p.EventArray) != 1 || p.EventArray[0].Event != EventC2CMsg {
		t.Fatalf("push %+v", p)
	}
	got := p.EventArray[0].C2cMsgArray
	if len(got) != 2 {
		t.Fatalf("%d items", len(got))
	}
	back, _ := json.Marshal(got[1])
	if string(back) != string(raw) {
		t.Errorf("item\n got  %s\n want %s", back, raw)
	}
	if item.MsgKey != "7_9_100" {
		t.Errorf("MsgKey %q", item.MsgKey)
	}
	if b := AppendC2CPushBody(nil, nil, ""); !json.Valid(b) || string(b) != `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","EventArray":[{"Event":1,"C2cMsgArray":[]}]}` {
		t.Errorf("empty push body %s", b)
	}
}

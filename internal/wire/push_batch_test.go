package wire

import (
	"encoding/json"
	"testing"
)

func TestAppendMsgPushBatchGroupsByEvent(t *testing.T) {
	items := []json.RawMessage{
		json.RawMessage(`{"Event":3,"MsgSeq":1,"MsgBody":[]}`), json.RawMessage(`{"Event":3,"MsgSeq":2,"MsgBody":[]}`),
		json.RawMessage(`{"Event":4,"MsgSeq":3,"MsgBody":{"OpType":1}}`), json.RawMessage(`{"Event":3,"MsgSeq":4,"MsgBody":[]}`),
	}
	b := AppendMsgPushBatch(nil, []int{3, 3, 4, 3}, items, "sd-1")
	var p MsgPush
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	if len(p.EventArray) != 3 || len(p.EventArray[0].GroupMsgArray) != 2 || p.EventArray[1].Event != 4 ||
		len(p.EventArray[1].GroupTips) != 1 || p.EventArray[2].GroupMsgArray[0].MsgSeq != 4 || p.NeedAck != 1 || p.SessionData != "sd-1" {
		t.Fatalf("%s", b)
	}
	one := AppendMsgPushBatch(nil, []int{5}, items[2:3], "")
	if string(one) != string(AppendMsgPushBody(nil, 5, items[2], "")) {
		t.Fatalf("a batch of one differs from AppendMsgPushBody:\n%s\n%s", one, AppendMsgPushBody(nil, 5, items[2], ""))
	}
}

package wire

import (
	"encoding/json"
	"testing"
)

// The hand-written bodies are json.Marshal's, byte for byte.
func TestBodyAppendersMatchMarshal(t *testing.T) {
	bodies := []BodyAppender{
		PushAckReq{SessionData: "sd-1"},
		PushAckReq{SessionData: "q\"\\\x01\u2603"},
		PushAckReq{},
		GetMsgReq{USP: 1, StartSeq: 42, HoldTime: 90, Key: "lpk", DownsizeFlag: 1},
		GetMsgReq{USP: 1, StartSeq: 1 << 60, StartBroadcastSeq: 7, HoldTime: 90, Key: "k\"ey"},
		GetMsgReq{},
	}
	for _, b := range bodies {
		want, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.AppendJSON(nil); string(got) != string(want) {
			t.Errorf("%T:\n got %s\nwant %s", b, got, want)
		}
	}
}

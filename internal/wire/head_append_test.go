package wire

import (
	"encoding/json"
	"testing"
)

// appendHead writes what json.Marshal writes, byte for byte, for every head
// shape and for strings that need escaping (HTML-significant characters
// aside: json.Marshal escapes <, > and & as \u003c…, appendHead keeps them,
// the same JSON value).
func TestAppendHeadMatchesMarshal(t *testing.T) {
	odd := "q\"uo\\te\x01\u2603\xff"
	heads := map[string]Head{
		"login":   LoginHead(1400000001, "alice", "sig", CmdLogin, 7, 1700000000),
		"session": SessionHead(1400000001, "a2hex", "144115200000000001", 42, CmdGetMsg, 8, 1700000001),
		"guest":   GuestHead(1400000001, CmdGetMsgNoAuth, 9, 1700000002),
		"push":    PushHead(CmdMsgPush, 10, 1700000003),
		"zero":    {Servcmd: "x"},
		"odd":     SessionHead(1, odd, odd, 0, odd, 1<<63, -1),
	}
	for name, h := range heads {
		want, err := json.Marshal(&h)
		if err != nil {
			t.Fatal(err)
		}
		got := appendHead(nil, &h)
		if string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}

func FuzzAppendHead(f *testing.F) {
	f.Add("a2", "tiny", "cmd", uint64(1), int64(2), uint64(3))
	f.Fuzz(func(t *testing.T, a2, tiny, servcmd string, seq uint64, now int64, inst uint64) {
		h := SessionHead(1400000001, a2, tiny, inst, servcmd, seq, now)
		var back, want Head
		if err := json.Unmarshal(appendHead(nil, &h), &back); err != nil {
			t.Fatalf("appendHead wrote invalid JSON: %v", err)
		}
		b, _ := json.Marshal(&h)
		_ = json.Unmarshal(b, &want)
		if back.A2 != want.A2 || back.TinyID != want.TinyID || back.Servcmd != want.Servcmd || back.Seq != want.Seq ||
			back.ReqTime != want.ReqTime || back.InstID() != want.InstID() {
			t.Fatalf("round trip %+v, json.Marshal's %+v", back, want)
		}
	})
}

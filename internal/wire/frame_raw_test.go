package wire

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestDecodeRawFrameKeepsTheHead(t *testing.T) {
	in := []byte(`{"head":{"servcmd":"heartbeat.alive","seq":7,"extra":[1,2]},"body":{}}`)
	f, err := DecodeRawFrame(in)
	if err != nil {
		t.Fatal(err)
	}
	if f.Head.Servcmd != CmdAlive || f.Head.Seq != 7 {
		t.Fatalf("head %+v", f.Head)
	}
	out := AppendFrameClose(append(AppendFrameOpen(nil, f.RawHead), "{}"...))
	if !bytes.Equal(out, in) {
		t.Fatalf("echo %s", out)
	}
	for _, bad := range []string{``, `[]`, `{"head":[1]}`, `{"head":null}`, `{"head":{"seq":1}}`, `{"head":{"servcmd":1}}`, "COMPxx", `{"head":{"servcmd":"a"},"body":{`} {
		if _, err := DecodeRawFrame([]byte(bad)); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
	f, err = DecodeRawFrame([]byte(`{"head":{"servcmd":"a"},"body":null}`))
	if err != nil || f.Body != nil {
		t.Fatalf("null body: %v %q", err, f.Body)
	}
}

func TestTopLevelValue(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`{"head":{"a":"}\"{"},"body":1}`, `{"a":"}\"{"}`},
		{` { "body" : [1,{"head":2}] , "head" : {"x":[]} } `, `{"x":[]}`},
		{`{"a":"head","head":{},"head":{"b":1}}`, ``},
		{`{"heAd":{"seq":1},"head":{}}`, ``},
		{`{"he\u0061d":{}}`, ``},
		{`{"body":true,"x":null}`, ``},
		{`[]`, ``},
	} {
		if got := string(topLevelValue([]byte(tc.doc), "head")); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.doc, got, tc.want)
		}
	}
	f, err := DecodeRawFrame([]byte(`{"he\u0061d":{"servcmd":"a.b","seq":3}}`))
	if err != nil || f.Head.Seq != 3 || !bytes.Contains(f.RawHead, []byte(`"servcmd":"a.b"`)) {
		t.Fatalf("escaped head key: %v %s", err, f.RawHead)
	}
}

// FuzzDecodeRawFrame: any input decodes or fails cleanly, and a decoded raw
// head is JSON that decodes to the same head.
func FuzzDecodeRawFrame(f *testing.F) {
	f.Add([]byte(`{"head":{"servcmd":"heartbeat.alive","seq":7,"a2":"x","status_instid":3},"body":{}}`))
	f.Add([]byte(`{"body":[1,"}"],"head":{"servcmd":"a.b","identifier":"","usersig":""}}`))
	f.Add([]byte(`{"head":{"servcmd":"a\"b","seq":1},"head":{"servcmd":"c","seq":2}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rf, err := DecodeRawFrame(data)
		if err != nil {
			return
		}
		var h Head
		if err := json.Unmarshal(rf.RawHead, &h); err != nil {
			t.Fatalf("raw head %q: %v", rf.RawHead, err)
		}
		if h.Servcmd != rf.Head.Servcmd || h.Seq != rf.Head.Seq || h.A2 != rf.Head.A2 {
			t.Fatalf("raw head %q decodes to %+v, frame head %+v", rf.RawHead, h, rf.Head)
		}
		// The head's bytes as the fast decoder kept them are those the
		// reference search finds.
		if want := topLevelValue(data, "head"); len(want) > 0 && want[0] == '{' && string(want) != string(rf.RawHead) {
			t.Fatalf("raw head %q, the frame's %q", rf.RawHead, want)
		}
	})
}

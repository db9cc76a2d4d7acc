package wire

import (
	"bytes"
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

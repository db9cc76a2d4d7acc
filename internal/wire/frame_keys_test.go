package wire

import (
	"errors"
	"testing"
)

// A frame whose head (or top level) repeats a key, in any spelling
// encoding/json would merge, is refused; before, the last one won.
func TestDecodeRawFrameRefusesRepeatedKeys(t *testing.T) {
	bad := []string{
		`{"head":{"servcmd":"heartbeat.alive","servcmd":"im_open_status.wslogout","seq":1},"body":{}}`,
		`{"head":{"servcmd":"x.y","a2":"mine","a2":"yours","seq":1},"body":{}}`,
		`{"head":{"servcmd":"x.y","SERVCMD":"z.w","seq":1},"body":{}}`,
		`{"head":{"servcmd":"x.y","ſervcmd":"z.w","seq":1},"body":{}}`,      // U+017F folds to s
		`{"head":{"servcmd":"x.y","serv\u0063md":"z.w","seq":1},"body":{}}`, // an escaped key
		`{"head":{"servcmd":"x.y","seq":1,"seq":2},"body":{}}`,
		`{"head":{"servcmd":"x.y","seq":1},"head":{"servcmd":"z.w","seq":2},"body":{}}`,
		`{"head":{"servcmd":"x.y","seq":1},"HEAD":{"servcmd":"z.w","seq":2}}`,
		`{"head":{"servcmd":"x.y","seq":1},"body":{"a":1},"body":{"b":2}}`,
	}
	// A repeated key the head does not have a field for means nothing to
	// the server either way; it is not checked here.
	for _, s := range bad {
		if f, err := DecodeRawFrame([]byte(s)); !errors.Is(err, ErrRepeatedKey) {
			t.Errorf("%s: got %+v, %v; want ErrRepeatedKey", s, f, err)
		}
	}
	good := []string{
		`{"head":{"servcmd":"x.y","seq":1,"a2":"k","extra":{"servcmd":1,"servcmd":2}},"body":{"a":1,"a":2}}`,
		`{"head":{"serv\u0063md":"x.y","seq":3},"body":{}}`, // escaped once is still one key
		`{"head":{"servcmd":"x.y","seq":1},"body":null}`,
	}
	for _, s := range good {
		if f, err := DecodeRawFrame([]byte(s)); err != nil || f.Head.Servcmd != "x.y" {
			t.Errorf("%s: got %+v, %v", s, f, err)
		}
	}
}

func TestFoldKeyMatchesEqualFold(t *testing.T) {
	pairs := [][2]string{{"servcmd", "SERVCMD"}, {"servcmd", "ſervcmd"}, {"k", "\u212a"}, {"a2", "A2"}}
	for _, p := range pairs {
		if foldKey(p[0]) != foldKey(p[1]) {
			t.Errorf("%q and %q fold apart", p[0], p[1])
		}
	}
	if foldKey("a2") == foldKey("a3") {
		t.Error("a2 and a3 fold together")
	}
}

package wire

import (
	"reflect"
	"testing"
)

// DecodeFrameLazy decodes what DecodeFrame decodes, the same way; it only
// leaves an object body's syntax to the body's own decoder.
func TestDecodeFrameLazy(t *testing.T) {
	good := []string{
		`{"head":{"servcmd":"openim.pushMsg","seq":1},"body":{"a":[1,{"b":"}"}]}}`,
		`{"body":{},"head":{"ver":"v4","servcmd":"x","seq":2}}`,
		string(Compress([]byte(`{"head":{"servcmd":"y","seq":3},"body":{"k":"v"}}`))),
	}
	for _, in := range good {
		want, err := DecodeFrame([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeFrameLazy([]byte(in))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: lazy %+v %v, strict %+v", in, got, err, want)
		}
	}
	for _, in := range []string{
		`{"head":{"servcmd":"x","seq":1},"body":{"a":[}`, // brackets never close
		`{"head":{"servcmd":"x","seq":1},"body":"text"}`, // not an object: left to encoding/json, which accepts it
		`{"head":{"seq":1},"body":{}}`,                   // no servcmd
		`{"head":{"servcmd":"x","seq":"1"},"body":{}}`,   // bad head
	} {
		_, strictErr := DecodeFrame([]byte(in))
		_, lazyErr := DecodeFrameLazy([]byte(in))
		if (strictErr == nil) != (lazyErr == nil) {
			t.Errorf("%q: strict %v, lazy %v", in, strictErr, lazyErr)
		}
	}
	// The one difference: an object body with a syntax error inside.
	in := `{"head":{"servcmd":"x","seq":1},"body":{"a":1,}}`
	if _, err := DecodeFrame([]byte(in)); err == nil {
		t.Fatal("DecodeFrame accepted a bad body")
	}
	f, err := DecodeFrameLazy([]byte(in))
	if err != nil || string(f.Body) != `{"a":1,}` {
		t.Fatalf("lazy: %v %q", err, f.Body)
	}
}

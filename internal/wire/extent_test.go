package wire

import (
	"encoding/json"
	"testing"
)

func TestObjectExtent(t *testing.T) {
	for _, c := range []struct {
		in   string
		end  int
		fine bool
	}{
		{`{}`, 2, true},
		{`{"a":[1,{"b":"}"}]},"x"`, 19, true},
		{`{"a":"\"}"}tail`, 11, true},
		{`{"a":"\\"}x`, 10, true},
		{`{"a":"\\\"}"}`, 13, true},
		{`{"a":[}`, 0, false},
		{`{"a":"never`, 0, false},
	} {
		end, ok := objectExtent([]byte(c.in), 0)
		if ok != c.fine || (ok && end != c.end) {
			t.Errorf("%s: %d %v, want %d %v", c.in, end, ok, c.end, c.fine)
		}
	}
}

// On valid JSON the extent is the checking skipper's.
func FuzzObjectExtent(f *testing.F) {
	f.Add(`{"a":"\\\"}","b":[1,2,{"c":null}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		if len(b) == 0 || b[0] != '{' || !json.Valid(b) {
			return
		}
		end, ok := objectExtent(b, 0)
		if !ok || end != len(b) {
			t.Fatalf("%q: extent %d %v, want %d", s, end, ok, len(b))
		}
	})
}

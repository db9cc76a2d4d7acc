package wire

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/quick"
	"unicode/utf8"
)

// checkAppendJSONString compares appendJSONString with encoding/json for one
// string. Bytes differ on purpose (encoding/json escapes <, >, &, U+2028 and
// U+2029; appendJSONString does not need to), so the decoded values are
// compared.
func checkAppendJSONString(t *testing.T, s string) bool {
	t.Helper()
	mine := appendJSONString([]byte("[1,"), s)
	if string(mine[:3]) != "[1," {
		t.Errorf("%q: prefix clobbered", s)
		return false
	}
	mine = mine[3:]
	if !json.Valid(mine) {
		t.Errorf("%q: invalid JSON %q", s, mine)
		return false
	}
	var got, want string
	if err := json.Unmarshal(mine, &got); err != nil {
		t.Errorf("%q: %v", s, err)
		return false
	}
	std, _ := json.Marshal(s)
	if err := json.Unmarshal(std, &want); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("%q: decodes to %q, encoding/json's to %q", s, got, want)
		return false
	}
	if utf8.ValidString(s) && got != s {
		t.Errorf("%q: valid UTF-8 not preserved: %q", s, got)
		return false
	}
	// Output is plain ASCII except for the valid multi-byte runes of s, and
	// never holds a raw control character.
	for i := 0; i < len(mine); i++ {
		if mine[i] < 0x20 {
			t.Errorf("%q: raw control byte in %q", s, mine)
			return false
		}
	}
	if !utf8.Valid(mine) {
		t.Errorf("%q: output is not UTF-8: %q", s, mine)
		return false
	}
	return true
}

func TestAppendJSONStringCases(t *testing.T) {
	cases := append([]string{
		"\x00", "\x1f", "\x7f", "\"", "\\", "/", "<>&", "\u2028\u2029", "\ufffd",
		"\xff", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "a\xe2\x82",
		"\U0010ffff", "\U0001f600", "tab\there", "nul\x00byte",
	}, awkward...)
	for i := 0; i < 0x80; i++ {
		cases = append(cases, string(rune(i)))
	}
	for _, s := range cases {
		checkAppendJSONString(t, s)
	}
}

// randomString draws from pieces that stress the encoder: ASCII, control
// characters, quotes, HTML characters, multi-byte runes, line separators and
// invalid UTF-8 (lone continuation bytes, truncated sequences, surrogates,
// overlong forms).
func randomString(r *rand.Rand) string {
	pieces := []string{
		"a", "Z", "0", " ", "\"", "\\", "/", "<", ">", "&", "'", "\x00", "\x01", "\b", "\f", "\n", "\r", "\t", "\x1f", "\x7f",
		"é", "你", "🎉", "\u2028", "\u2029", "\ufffd", "\ufeff", "\U0010ffff",
		"\x80", "\xbf", "\xc2", "\xe4\xbd", "\xf0\x9f\x8e", "\xed\xa0\x80", "\xc0\xaf", "\xff", "\xfe",
	}
	var b strings.Builder
	n := r.IntN(40)
	for range n {
		if r.IntN(4) == 0 {
			b.WriteByte(byte(r.IntN(256)))
		} else {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
	}
	return b.String()
}

func TestAppendJSONStringRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		if !checkAppendJSONString(t, randomString(r)) {
			return
		}
	}
}

func TestAppendJSONStringQuick(t *testing.T) {
	f := func(s string, b []byte) bool {
		return checkAppendJSONString(t, s) && checkAppendJSONString(t, string(b))
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 5000}); err != nil {
		t.Error(err)
	}
}

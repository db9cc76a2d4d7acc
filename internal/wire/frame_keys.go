package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrRepeatedKey is DecodeRawFrame's answer to a frame whose top level or
// head names a key twice. encoding/json would keep the last value (and
// match keys case-insensitively, so "servcmd" and "SERVCMD" are one
// field): a head with two servcmds or two a2s would then mean one thing to
// the server and maybe another to whatever logged or checked it first. A
// real client never sends one.
var ErrRepeatedKey = errors.New("wire: a key repeated in the frame or its head")

// checkFrameKeys returns ErrRepeatedKey when two keys of data's top level,
// or of its head object, are one key to encoding/json (equal under
// Unicode case folding, escapes decoded). It answers nil for input it
// cannot walk: decoding then reports the syntax error. It runs only where
// the fast decoder gave up, as that one never accepts a repeated key.
func checkFrameKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	seen := make(map[string]struct{}, 2)
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		k, _ := t.(string)
		if !addKey(seen, k) {
			return ErrRepeatedKey
		}
		if !strings.EqualFold(k, "head") {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if err := checkObjectKeys(dec); err != nil {
			return err
		}
	}
	return nil
}

// checkObjectKeys walks the value at dec's position, checking the keys of
// an object (their values are skipped).
func checkObjectKeys(dec *json.Decoder) error {
	t, err := dec.Token()
	if err != nil || t != json.Delim('{') {
		return nil // a scalar or null; an array is a type error for decoding to report
	}
	seen := make(map[string]struct{}, 16)
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		k, _ := t.(string)
		if !addKey(seen, k) {
			return ErrRepeatedKey
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return nil
		}
	}
	dec.Token() // the closing brace
	return nil
}

// addKey records k's folded form; it reports false when it was there.
func addKey(seen map[string]struct{}, k string) bool {
	f := foldKey(k)
	if _, dup := seen[f]; dup {
		return false
	}
	seen[f] = struct{}{}
	return true
}

// foldKey maps every rune of k to the least rune of its simple case-folding
// orbit, so that foldKey(a) == foldKey(b) exactly when strings.EqualFold(a,
// b), the rule by which encoding/json matches keys to fields ("ſ" and "K",
// the Kelvin sign, included).
func foldKey(k string) string {
	b := make([]byte, 0, len(k))
	for _, r := range k {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < m {
				m = f
			}
		}
		b = utf8.AppendRune(b, m)
	}
	return string(b)
}

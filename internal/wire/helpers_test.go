package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"testing"
)

// newOf returns a constructor of *T for the servcmd tables.
func newOf[T any]() func() any { return func() any { return new(T) } }

// decodeStrict decodes b into v and refuses keys v has no field for, so a
// field missing from a wire struct shows up even when its value is zero.
func decodeStrict(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return nil
}

// jsonValue decodes b into a generic value with numbers kept exact.
func jsonValue(t testing.TB, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return canonNumbers(v)
}

// num is a JSON number in canonical decimal form: 1, 1.0 and 1e0 compare
// equal, and 64-bit integers stay exact.
type num string

// canonNumbers rewrites every json.Number as a num.
func canonNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		s := string(x)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return num(strconv.FormatInt(n, 10))
		}
		if n, err := strconv.ParseUint(s, 10, 64); err == nil {
			return num(strconv.FormatUint(n, 10))
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return num(s)
		}
		if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			return num(strconv.FormatInt(int64(f), 10))
		}
		return num(strconv.FormatFloat(f, 'g', -1, 64))
	case map[string]any:
		for k, e := range x {
			x[k] = canonNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = canonNumbers(e)
		}
	}
	return v
}

// stripZero removes, recursively, object keys whose value is a zero value
// ("" / 0 / false / null / [] / {}), judged after stripping inside it. Array
// elements are kept (their position matters) but stripped inside.
func stripZero(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			e = stripZero(e)
			if isZeroJSON(e) {
				delete(x, k)
			} else {
				x[k] = e
			}
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = stripZero(e)
		}
		return x
	}
	return v
}

func isZeroJSON(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case num:
		return x == "0"
	case bool:
		return !x
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

// semanticDiff compares two JSON documents after stripZero; "" means equal.
func semanticDiff(t testing.TB, want, got []byte) string {
	t.Helper()
	w := stripZero(jsonValue(t, want))
	g := stripZero(jsonValue(t, got))
	if reflect.DeepEqual(w, g) {
		return ""
	}
	return diffValues("", w, g)
}

// exactDiff compares two JSON documents as values, zero values included.
func exactDiff(t testing.TB, want, got []byte) string {
	t.Helper()
	w, g := jsonValue(t, want), jsonValue(t, got)
	if reflect.DeepEqual(w, g) {
		return ""
	}
	return diffValues("", w, g)
}

// diffValues names the first few paths where two generic JSON values differ.
func diffValues(path string, w, g any) string {
	var out []string
	var walk func(p string, w, g any)
	walk = func(p string, w, g any) {
		if len(out) >= 8 {
			return
		}
		wm, wok := w.(map[string]any)
		gm, gok := g.(map[string]any)
		if wok && gok {
			keys := map[string]bool{}
			for k := range wm {
				keys[k] = true
			}
			for k := range gm {
				keys[k] = true
			}
			ks := make([]string, 0, len(keys))
			for k := range keys {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			for _, k := range ks {
				we, win := wm[k]
				ge, gin := gm[k]
				switch {
				case !gin:
					out = append(out, fmt.Sprintf("%s.%s: lost (was %v)", p, k, we))
				case !win:
					out = append(out, fmt.Sprintf("%s.%s: added (%v)", p, k, ge))
				default:
					walk(p+"."+k, we, ge)
				}
			}
			return
		}
		wa, wok := w.([]any)
		ga, gok := g.([]any)
		if wok && gok && len(wa) == len(ga) {
			for i := range wa {
				walk(fmt.Sprintf("%s[%d]", p, i), wa[i], ga[i])
			}
			return
		}
		if !reflect.DeepEqual(w, g) {
			out = append(out, fmt.Sprintf("%s: want %v, got %v", p, w, g))
		}
	}
	walk(path, w, g)
	return fmt.Sprint(out)
}

// keySet returns the sorted top-level keys of a JSON object.
func keySet(t testing.TB, b []byte) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not an object: %v", err)
	}
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	return b
}

package wire

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestPriorityRoundTrip: a number comes back as the same number, a name as
// the same name.
func TestPriorityRoundTrip(t *testing.T) {
	for _, c := range []struct {
		in    string
		level uint8
		named bool
		out   string
		name  string
	}{
		{`1`, 1, false, `1`, "High"},
		{`2`, 2, false, `2`, "Normal"},
		{`3`, 3, false, `3`, "Low"},
		{`4`, 4, false, `4`, "Lowest"},
		{`2.0`, 2, false, `2`, "Normal"},
		{`1e0`, 1, false, `1`, "High"},
		{`"High"`, 1, true, `"High"`, "High"},
		{`"Normal"`, 2, true, `"Normal"`, "Normal"},
		{`"Low"`, 3, true, `"Low"`, "Low"},
		{`"Lowest"`, 4, true, `"Lowest"`, "Lowest"},
		{`"\u004cow"`, 3, true, `"Low"`, "Low"},
	} {
		var p Priority
		if err := json.Unmarshal([]byte(c.in), &p); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if p.Level != c.level || p.Named != c.named || p.Name() != c.name || p.Effective() != int(c.level) || p.IsZero() {
			t.Errorf("%s: got %+v name %s effective %d", c.in, p, p.Name(), p.Effective())
		}
		if out := string(mustMarshal(t, p)); out != c.out {
			t.Errorf("%s: re-encoded as %s, want %s", c.in, out, c.out)
		}
		// Inside an item the same form survives.
		it := Item{Event: EventGroupMsg, MsgPriority: p, MsgBody: ItemBody{Elems: []Elem{TextElem("x")}}}
		var back Item
		if err := json.Unmarshal(mustMarshal(t, &it), &back); err != nil {
			t.Fatal(err)
		}
		if back.MsgPriority != p {
			t.Errorf("%s: item round trip %+v", c.in, back.MsgPriority)
		}
	}
}

// TestPriorityUnknown: anything that is not 1-4 or a known name reads as
// unset, which means Normal, and an unset priority is left out of structs.
func TestPriorityUnknown(t *testing.T) {
	for _, in := range []string{
		`0`, `5`, `-1`, `255`, `256`, `1.5`, `3.999`, `1e300`, `-1e300`, `null`, `true`, `false`, `{}`, `[]`, `[1]`,
		`{"Level":1}`, `""`, `"high"`, `"HIGH"`, `"Urgent"`, `" High"`, `"1"`, `"Normal\u0000"`,
	} {
		p := Priority{Level: 3, Named: true} // must be reset
		if err := json.Unmarshal([]byte(in), &p); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !p.IsZero() || p.Named || p.Name() != "Normal" || p.Effective() != PriorityNormal {
			t.Errorf("%s: got %+v, want unset", in, p)
		}
		it := Item{Event: EventGroupMsg, MsgPriority: p, MsgBody: ItemBody{Elems: []Elem{TextElem("x")}}}
		if b := mustMarshal(t, &it); strings.Contains(string(b), "MsgPriority") {
			t.Errorf("%s: unset priority written: %s", in, b)
		}
	}
	// A whole item with an unknown priority still decodes.
	var it Item
	if err := json.Unmarshal([]byte(`{"Event":3,"MsgPriority":"Urgent","MsgBody":[]}`), &it); err != nil || !it.MsgPriority.IsZero() {
		t.Errorf("item with unknown priority: %v %+v", err, it.MsgPriority)
	}
	// Out-of-range levels set in Go read as Normal too.
	for _, p := range []Priority{{Level: 5}, {Level: 255, Named: true}} {
		if p.Name() != "Normal" || p.Effective() != PriorityNormal {
			t.Errorf("%+v: name %s effective %d", p, p.Name(), p.Effective())
		}
	}
	if _, ok := NamedPriority("Bogus"); ok {
		t.Error("NamedPriority accepted an unknown name")
	}
	if p, ok := NamedPriority("Lowest"); !ok || p != (Priority{PriorityLowest, true}) {
		t.Errorf("NamedPriority(Lowest) = %+v %v", p, ok)
	}
}

// TestPriorityOmitted: every struct that carries MsgPriority leaves an unset
// one out rather than writing 0, which is no priority tim-js-sdk knows.
func TestPriorityOmitted(t *testing.T) {
	for _, v := range []any{
		&Item{MsgBody: ItemBody{Elems: []Elem{}}},
		&SendGroupMsgReq{},
		&RESTSendGroupMsgReq{},
	} {
		if b := mustMarshal(t, v); strings.Contains(string(b), "MsgPriority") {
			t.Errorf("%T writes an unset priority: %s", v, b)
		}
	}
	req := SendGroupMsgReq{MsgPriority: Priority{PriorityHigh, true}}
	if b := mustMarshal(t, &req); !strings.Contains(string(b), `"MsgPriority":"High"`) {
		t.Errorf("SendGroupMsgReq priority: %s", b)
	}
}

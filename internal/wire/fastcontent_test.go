package wire

import (
	"reflect"
	"strings"
	"testing"
)

// contentCases are contents the typed decoders must answer exactly as
// Content does: usual ones (fast path) and the odd ones the scanner leaves
// to encoding/json.
var contentCases = []string{
	`{"Text":"hello"}`, ` {"Text" : "a\nb\u00e9\ud83d\ude00"} `, `{"Text":"héllo 世界"}`, `{}`, `null`, ``,
	`{"Text":null}`, `{"Text":1}`, `{"text":"folded"}`, `{"Text":"a","Text":"b"}`, `{"Text":"x"} junk`,
	`{"Data":"d","Desc":"a rocket","Ext":"{\"n\":1}"}`, `{"Data":"d","Other":[1,{"x":null}],"Ext":""}`,
	`{"Index":3,"Data":"smile"}`, `{"Index":1.5}`, `{"Index":-7}`, `{"Index":99999999999999999999}`, `{"Index":"3"}`,
	`["Text"]`, `{"Text":"\xff"}`, `{"Text":"unterminated}`, `{"Data":"a",}`,
}

func TestTypedContentMatchesContent(t *testing.T) {
	for _, raw := range contentCases {
		checkTypedContent(t, raw)
	}
	e := &Elem{MsgType: ElemCustom, MsgContent: []byte(`{"Text":"x"}`)}
	if err := e.DecodeText(new(TextContent)); err == nil || !strings.Contains(err.Error(), ElemCustom) {
		t.Errorf("DecodeText of a custom element: %v", err)
	}
}

// checkTypedContent decodes raw as each modelled type with the typed
// decoder and with Content, and compares.
func checkTypedContent(t *testing.T, raw string) {
	t.Helper()
	for _, typ := range []string{ElemText, ElemCustom, ElemFace} {
		e := &Elem{MsgType: typ, MsgContent: []byte(raw)}
		got, gotErr := decodeTyped(e)
		want, wantErr := e.Content()
		if (gotErr != nil) != (wantErr != nil) || wantErr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s %q: got %#v, %v; Content gives %#v, %v", typ, raw, got, gotErr, want, wantErr)
		}
	}
}

// decodeTyped runs the typed decoder of e's type, boxed as Content boxes.
func decodeTyped(e *Elem) (any, error) {
	switch e.MsgType {
	case ElemText:
		c := new(TextContent)
		return c, e.DecodeText(c)
	case ElemCustom:
		c := new(CustomContent)
		return c, e.DecodeCustom(c)
	default:
		c := new(FaceContent)
		return c, e.DecodeFace(c)
	}
}

// A text into a field the caller already holds costs one string; a custom
// content's three strings share it.
func TestTypedContentAllocs(t *testing.T) {
	text := &Elem{MsgType: ElemText, MsgContent: []byte(`{"Text":"a typical danmaku line"}`)}
	custom := &Elem{MsgType: ElemCustom, MsgContent: []byte(`{"Data":"gift:rocket","Desc":"a rocket","Ext":"{}"}`)}
	var tc TextContent
	var cc CustomContent
	if n := testing.AllocsPerRun(100, func() { _ = text.DecodeText(&tc) }); n > 1 {
		t.Errorf("DecodeText: %.1f allocs", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = custom.DecodeCustom(&cc) }); n > 1 {
		t.Errorf("DecodeCustom: %.1f allocs", n)
	}
	if tc.Text != "a typical danmaku line" || cc != (CustomContent{"gift:rocket", "a rocket", "{}"}) {
		t.Errorf("decoded %+v %+v", tc, cc)
	}
}

func FuzzTypedContent(f *testing.F) {
	for _, raw := range contentCases {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw string) { checkTypedContent(t, raw) })
}

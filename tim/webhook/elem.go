package webhook

import (
	"iter"
	"slices"
	"strings"

	"github.com/tim-go/sdk/internal/wire"
)

// Elem is one element of a MsgBody: MsgType and its raw MsgContent
// (trtc.io/document/33527, "Message Formats"). Content decodes the content
// of the types below; other types (images, files, sounds) pass through a
// Rewrite unchanged.
type Elem = wire.Elem

// MsgType values of an Elem.
const (
	ElemText     = wire.ElemText     // TIMTextElem: TextContent
	ElemCustom   = wire.ElemCustom   // TIMCustomElem: CustomContent
	ElemFace     = wire.ElemFace     // TIMFaceElem: FaceContent
	ElemLocation = wire.ElemLocation // TIMLocationElem: LocationContent
	ElemImage    = wire.ElemImage    // TIMImageElem
	ElemSound    = wire.ElemSound    // TIMSoundElem
	ElemVideo    = wire.ElemVideo    // TIMVideoFileElem
	ElemFile     = wire.ElemFile     // TIMFileElem
)

// TextContent is a TIMTextElem's content (Text).
type TextContent = wire.TextContent

// CustomContent is a TIMCustomElem's content (Data, Desc, Ext).
type CustomContent = wire.CustomContent

// FaceContent is a TIMFaceElem's content (Index, Data).
type FaceContent = wire.FaceContent

// LocationContent is a TIMLocationElem's content (Desc, Longitude, Latitude).
type LocationContent = wire.LocationContent

// TextElem builds a text element.
func TextElem(text string) Elem { return wire.TextElem(text) }

// CustomElem builds a custom element.
func CustomElem(data, desc, ext string) Elem { return wire.CustomElem(data, desc, ext) }

// Texts returns the texts of body's text elements, in order; elements of
// other types, and text elements that do not decode, are skipped.
func Texts(body []Elem) []string { return slices.Collect(texts(body)) }

// Text is the texts of body's text elements joined: what a reviewer of
// danmaku reads.
func Text(body []Elem) string {
	var b strings.Builder
	for t := range texts(body) {
		b.WriteString(t)
	}
	return b.String()
}

// texts yields the texts Texts returns, without collecting them.
func texts(body []Elem) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := range body {
			if body[i].MsgType != ElemText {
				continue
			}
			var c TextContent
			if body[i].DecodeText(&c) == nil && !yield(c.Text) {
				return
			}
		}
	}
}

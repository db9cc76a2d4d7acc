package restapi

import "github.com/tim-go/sdk/internal/wire"

// Message elements (MsgBody), as Tencent's server message-format page
// describes them (trtc.io/document/33527).

// Element types (MsgType).
const (
	TextElemType   = wire.ElemText   // "TIMTextElem"
	CustomElemType = wire.ElemCustom // "TIMCustomElem"
	FaceElemType   = wire.ElemFace   // "TIMFaceElem"
)

// MsgElement is one element of a MsgBody (trtc.io/document/33527, the
// server message format). MsgContent is one of the content structs below
// for the elements this package builds; any value that marshals to
// Tencent's content works.
type MsgElement struct {
	MsgType    string `json:"MsgType"`
	MsgContent any    `json:"MsgContent"`
}

// TextContent is a TIMTextElem's content (trtc.io/document/33527).
type TextContent struct {
	Text string `json:"Text"`
}

// CustomContent is a TIMCustomElem's content (trtc.io/document/33527):
// Data, Desc and Ext are the app's own (gifts, likes, commands); Sound is
// the iOS push sound.
type CustomContent struct {
	Data  string `json:"Data"`
	Desc  string `json:"Desc"`
	Ext   string `json:"Ext"`
	Sound string `json:"Sound,omitempty"`
}

// FaceContent is a TIMFaceElem's content (trtc.io/document/33527).
type FaceContent struct {
	Index int    `json:"Index"`
	Data  string `json:"Data"`
}

// TextElem is a text element.
func TextElem(text string) MsgElement {
	return MsgElement{MsgType: TextElemType, MsgContent: TextContent{Text: text}}
}

// CustomElem is a custom element.
func CustomElem(data, desc, ext string) MsgElement {
	return MsgElement{MsgType: CustomElemType, MsgContent: CustomContent{Data: data, Desc: desc, Ext: ext}}
}

// FaceElem is a face (emoji) element.
func FaceElem(index int, data string) MsgElement {
	return MsgElement{MsgType: FaceElemType, MsgContent: FaceContent{Index: index, Data: data}}
}

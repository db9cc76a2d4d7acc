package wire

import (
	"encoding/json"
	"fmt"
)

// Element types (MsgType).
const (
	ElemText     = "TIMTextElem"
	ElemCustom   = "TIMCustomElem"
	ElemFace     = "TIMFaceElem"
	ElemLocation = "TIMLocationElem"
	ElemImage    = "TIMImageElem"
	ElemSound    = "TIMSoundElem"
	ElemVideo    = "TIMVideoFileElem"
	ElemFile     = "TIMFileElem"
)

// Elem is one MsgBody element. MsgContent stays raw so that elements the
// emulator does not model (images, files) pass through unchanged.
type Elem struct {
	MsgType    string          `json:"MsgType"`
	MsgContent json.RawMessage `json:"MsgContent"`
}

// TextContent is TIMTextElem's content.
type TextContent struct {
	Text string `json:"Text"`
}

// CustomContent is TIMCustomElem's content.
type CustomContent struct {
	Data string `json:"Data"`
	Desc string `json:"Desc"`
	Ext  string `json:"Ext"`
}

// FaceContent is TIMFaceElem's content.
type FaceContent struct {
	Index int    `json:"Index"`
	Data  string `json:"Data"`
}

// LocationContent is TIMLocationElem's content.
type LocationContent struct {
	Desc      string  `json:"Desc"`
	Longitude float64 `json:"Longitude"`
	Latitude  float64 `json:"Latitude"`
}

func newElem(typ string, content any) Elem {
	b, _ := json.Marshal(content) // plain structs of strings and numbers cannot fail
	return Elem{MsgType: typ, MsgContent: b}
}

// TextElem builds a text element.
func TextElem(text string) Elem { return newElem(ElemText, TextContent{text}) }

// CustomElem builds a custom element.
func CustomElem(data, desc, ext string) Elem {
	return newElem(ElemCustom, CustomContent{data, desc, ext})
}

// FaceElem builds a face element.
func FaceElem(index int, data string) Elem { return newElem(ElemFace, FaceContent{index, data}) }

// LocationElem builds a location element.
func LocationElem(desc string, lon, lat float64) Elem {
	return newElem(ElemLocation, LocationContent{desc, lon, lat})
}

// Content decodes MsgContent into the struct of its MsgType: *TextContent,
// *CustomContent, *FaceContent or *LocationContent. Other types give an error.
func (e *Elem) Content() (any, error) {
	var v any
	switch e.MsgType {
	case ElemText:
		v = new(TextContent)
	case ElemCustom:
		v = new(CustomContent)
	case ElemFace:
		v = new(FaceContent)
	case ElemLocation:
		v = new(LocationContent)
	default:
		return nil, fmt.Errorf("wire: element type %q not modelled", e.MsgType)
	}
	if len(e.MsgContent) == 0 {
		return v, nil
	}
	if err := json.Unmarshal(e.MsgContent, v); err != nil {
		return nil, fmt.Errorf("wire: bad %s content: %w", e.MsgType, err)
	}
	return v, nil
}

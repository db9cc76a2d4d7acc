package message

import "github.com/tim-go/sdk/types"

// Payload is the content of a message. The concrete types are *TextPayload,
// *CustomPayload, *FacePayload, *LocationPayload, *GroupTipPayload,
// *GroupSystemNoticePayload, and *UnsupportedPayload for element types this
// module does not model; use a type switch to read one.
type Payload interface {
	// Type is the element type this payload belongs to.
	Type() types.MsgType
	isPayload()
}

// CustomField is an app-defined key/value pair (groupCustomField).
type CustomField = types.CustomField

// UnsupportedPayload stands for an element type this module does not model
// (image, sound, video, file, merger…). Its content is not kept.
type UnsupportedPayload struct {
	// ElemType is the element type that was received.
	ElemType types.MsgType `json:"-"`
}

// Type returns the element type that was received.
func (p *UnsupportedPayload) Type() types.MsgType { return p.ElemType }
func (*UnsupportedPayload) isPayload()            {}

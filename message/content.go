package message

import (
	"errors"
	"fmt"

	"github.com/tim-go/sdk/types"
)

// Validation errors for outgoing payloads, as tim-js-sdk checks them.
var (
	// ErrEmptyText: a text message needs non-empty text.
	ErrEmptyText = errors.New("message: text is empty")
	// ErrEmptyFaceData: a face message needs non-empty data.
	ErrEmptyFaceData = errors.New("message: face data is empty")
	// ErrEmptyCustom: a custom message needs at least one of data,
	// description, extension; it matches types.ErrMessageNotSendable.
	ErrEmptyCustom = fmt.Errorf("message: custom payload is empty: %w", types.ErrMessageNotSendable)
)

// TextPayload is the content of a MsgText message.
type TextPayload struct {
	Text string `json:"text"`
}

// Type returns types.MsgText.
func (*TextPayload) Type() types.MsgType { return types.MsgText }
func (*TextPayload) isPayload()          {}

// Validate reports ErrEmptyText for empty text; there is no length limit on
// the client (the server caps the whole body, types.ErrBodySizeLimit).
func (p *TextPayload) Validate() error {
	if p.Text == "" {
		return ErrEmptyText
	}
	return nil
}

// CustomPayload is the content of a MsgCustom message: three app-defined
// strings, each "" when absent.
type CustomPayload struct {
	Data        string `json:"data"`
	Description string `json:"description"`
	Extension   string `json:"extension"`
}

// Type returns types.MsgCustom.
func (*CustomPayload) Type() types.MsgType { return types.MsgCustom }
func (*CustomPayload) isPayload()          {}

// Validate reports ErrEmptyCustom when all three fields are empty (such a
// message is not sendable).
func (p *CustomPayload) Validate() error {
	if p.Data == "" && p.Description == "" && p.Extension == "" {
		return ErrEmptyCustom
	}
	return nil
}

// FacePayload is the content of a MsgFace message: a sticker index and
// app-defined data naming it.
type FacePayload struct {
	Index int    `json:"index"`
	Data  string `json:"data"`
}

// Type returns types.MsgFace.
func (*FacePayload) Type() types.MsgType { return types.MsgFace }
func (*FacePayload) isPayload()          {}

// Validate reports ErrEmptyFaceData when Data is empty.
func (p *FacePayload) Validate() error {
	if p.Data == "" {
		return ErrEmptyFaceData
	}
	return nil
}

// LocationPayload is the content of a MsgLocation message.
type LocationPayload struct {
	Description string  `json:"description"`
	Longitude   float64 `json:"longitude"`
	Latitude    float64 `json:"latitude"`
}

// Type returns types.MsgLocation.
func (*LocationPayload) Type() types.MsgType { return types.MsgLocation }
func (*LocationPayload) isPayload()          {}

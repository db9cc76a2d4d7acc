package message

import (
	"encoding/json"

	"github.com/tim-go/sdk/types"
)

// UnmarshalJSON reads a message in the JSON shape tim-js-sdk emits, picking
// the payload type from the "type" field. An element type this module does
// not model gives an *UnsupportedPayload.
func (m *Message) UnmarshalJSON(b []byte) error {
	type plain Message // no methods: avoids recursing into UnmarshalJSON
	aux := struct {
		*plain
		Payload json.RawMessage `json:"payload"`
	}{plain: (*plain)(m)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	p, err := decodePayload(m.Type, aux.Payload)
	if err != nil {
		return err
	}
	m.Payload = p
	return nil
}

// decodePayload decodes raw into the payload type of t; absent or null
// content, or no type at all, gives a nil payload.
func decodePayload(t types.MsgType, raw json.RawMessage) (Payload, error) {
	var p Payload
	switch t {
	case types.MsgText:
		p = &TextPayload{}
	case types.MsgCustom:
		p = &CustomPayload{}
	case types.MsgFace:
		p = &FacePayload{}
	case types.MsgLocation:
		p = &LocationPayload{}
	case types.MsgGrpTip:
		p = &GroupTipPayload{}
	case types.MsgGrpSysNotice:
		p = &GroupSystemNoticePayload{}
	case "":
		return nil, nil
	default:
		return &UnsupportedPayload{ElemType: t}, nil
	}
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if err := json.Unmarshal(raw, p); err != nil {
		return nil, err
	}
	return p, nil
}

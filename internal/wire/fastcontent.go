package wire

import "fmt"

// Typed element decoding for the receive path. Content allocates the
// content struct and runs encoding/json, several allocations per message;
// these read the usual content with the fast scanner (fastscan.go) into
// fields the caller owns, so a text costs one string: the content's bytes,
// copied once, that its fields are cut from. Whatever the scanner gives up
// on goes through Content, so results and errors are Content's.

var (
	textContentFields   = jsonNames[TextContent]()
	customContentFields = jsonNames[CustomContent]()
	faceContentFields   = jsonNames[FaceContent]()
)

// DecodeText decodes a TIMTextElem's content into *c, as Content would.
func (e *Elem) DecodeText(c *TextContent) error {
	return decodeContent(e, ElemText, c, textContentFields, func(d *dec, _ string, c *TextContent) bool {
		d.setStr(&c.Text)
		return true
	})
}

// DecodeCustom decodes a TIMCustomElem's content into *c, as Content would.
func (e *Elem) DecodeCustom(c *CustomContent) error {
	return decodeContent(e, ElemCustom, c, customContentFields, func(d *dec, k string, c *CustomContent) bool {
		switch k {
		case "Data":
			d.setStr(&c.Data)
		case "Desc":
			d.setStr(&c.Desc)
		case "Ext":
			d.setStr(&c.Ext)
		default:
			return false
		}
		return true
	})
}

// DecodeFace decodes a TIMFaceElem's content into *c, as Content would.
func (e *Elem) DecodeFace(c *FaceContent) error {
	return decodeContent(e, ElemFace, c, faceContentFields, func(d *dec, k string, c *FaceContent) bool {
		switch k {
		case "Index":
			d.setInt(&c.Index)
		case "Data":
			d.setStr(&c.Data)
		default:
			return false
		}
		return true
	})
}

// decodeContent decodes e, which must be of type typ, into *c: the fast
// path, else Content (whose struct for typ is a *C).
func decodeContent[C any](e *Elem, typ string, c *C, fields []string, field func(d *dec, k string, c *C) bool) error {
	if e.MsgType != typ {
		return fmt.Errorf("wire: element type %q is not %s", e.MsgType, typ)
	}
	var zero C
	*c = zero
	if fastContent(e.MsgContent, c, fields, field) {
		return nil
	}
	v, err := e.Content()
	if err != nil {
		return err
	}
	*c = *v.(*C)
	return nil
}

// fastContent reads a content object into *c; false when the scanner gave
// up (*c is then zeroed for the encoding/json retry). Empty content is left
// to Content, which answers it without decoding.
func fastContent[C any](raw []byte, c *C, fields []string, field func(d *dec, k string, c *C) bool) bool {
	if len(raw) == 0 || fastOff.Load() {
		return false
	}
	d := getDec(raw, 0)
	d.ws()
	start := d.begin()
	decodeStruct(d, c, fields, field)
	d.flush(start)
	ok := d.end()
	putDec(d)
	if !ok {
		var zero C
		*c = zero
	}
	return ok
}

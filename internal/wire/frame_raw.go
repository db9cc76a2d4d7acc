package wire

import (
	"bytes"
	"encoding/json"
	"errors"
)

// RawFrame is a decoded client frame that keeps its head's JSON as received,
// so that a reply can echo the head byte for byte (tim-js-sdk matches replies
// by servcmd+seq, and the server echoes the whole head).
type RawFrame struct {
	Head    Head            // the decoded head
	RawHead json.RawMessage // the head's JSON as received
	Body    json.RawMessage // the body's JSON, decoded by the command's handler; nil when absent or null
}

// DecodeRawFrame parses one client frame like [DecodeFrame] (whose fast
// path it shares), keeping the head's JSON as well. The head must be a JSON
// object with a servcmd, and neither it nor the frame may repeat a key
// (ErrRepeatedKey). The result shares no memory with data.
func DecodeRawFrame(data []byte) (*RawFrame, error) {
	if len(data) > MaxFrameSize {
		return nil, ErrFrameTooLarge
	}
	inflated := false
	if bytes.HasPrefix(data, compPrefix) {
		var err error
		if data, err = Inflate(data[len(compPrefix):]); err != nil {
			return nil, err
		}
		inflated = true
	}
	var f *Frame
	if !fastOff.Load() {
		f = decodeFrameFast(data, false) // refuses repeated keys by itself
		if f != nil && !inflated {
			f.Body = bytes.Clone(f.Body) // it points into data
		}
	}
	if f == nil {
		if err := checkFrameKeys(data); err != nil {
			return nil, err
		}
		var err error
		if f, err = decodeFrameJSON(data); err != nil {
			return nil, err
		}
	}
	var err error
	// The fast decoder read the head where encoding/json would (the key
	// spelled exactly, once); otherwise find it as encoding/json does.
	raw := f.rawHead
	if raw == nil {
		raw = topLevelValue(data, "head") // data is valid JSON: DecodeFrame checked it
	}
	if len(raw) == 0 || raw[0] != '{' {
		// A head key spelled with escapes: echo the decoded head instead.
		if raw, err = json.Marshal(&f.Head); err != nil {
			return nil, err
		}
	} else {
		raw = bytes.Clone(raw)
	}
	if f.Head.Servcmd == "" {
		return nil, errors.New("wire: frame without servcmd")
	}
	f.rawHead = nil
	rf := &RawFrame{Head: f.Head, RawHead: raw, Body: f.Body}
	if bytes.Equal(bytes.TrimSpace(rf.Body), []byte("null")) {
		rf.Body = nil
	}
	return rf, nil
}

// topLevelValue returns the raw value of key in the JSON object doc, or nil
// when the key is absent or when encoding/json would read something else
// for it: the key repeated, or spelled in another case (encoding/json
// matches keys case-insensitively and merges repeats). doc must be valid
// JSON; a key with escapes does not match.
func topLevelValue(doc []byte, key string) []byte {
	i := skipSpace(doc, 0)
	if i >= len(doc) || doc[i] != '{' {
		return nil
	}
	var found []byte
	matches := 0
	for i = skipSpace(doc, i+1); i < len(doc) && doc[i] == '"'; {
		ks := i + 1
		i = skipValue(doc, i)
		k := doc[ks : i-1]
		i = skipSpace(doc, i)
		if i >= len(doc) || doc[i] != ':' {
			return nil
		}
		vs := skipSpace(doc, i+1)
		i = skipValue(doc, vs)
		if bytes.EqualFold(k, []byte(key)) {
			matches++
			if string(k) == key {
				found = doc[vs:i]
			}
		}
		if i = skipSpace(doc, i); i < len(doc) && doc[i] == ',' {
			i = skipSpace(doc, i+1)
		}
	}
	if matches != 1 {
		return nil
	}
	return found
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the index just after the JSON value starting at i.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		for i++; i < len(b); i++ {
			switch b[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return i
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipValue(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return i
	default:
		for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
			i++
		}
		return i
	}
}

// AppendFrameOpen appends `{"head":<rawHead>,"body":` to dst; the caller then
// appends the body and [AppendFrameClose].
func AppendFrameOpen(dst, rawHead []byte) []byte {
	dst = append(dst, `{"head":`...)
	dst = append(dst, rawHead...)
	return append(dst, `,"body":`...)
}

// AppendFrameClose ends a frame begun with [AppendFrameOpen] or [AppendPushHead].
func AppendFrameClose(dst []byte) []byte { return append(dst, '}') }

// AppendGetMsgRespOpen writes a successful get_msg reply body up to and
// including the opening bracket of RspMsgList; the caller appends the encoded
// items (comma-separated) and [GetMsgRespClose]. [AppendGetMsgResp] is the
// one-call form.
func AppendGetMsgRespOpen(dst []byte, key string, nextSeq uint64) []byte {
	dst = append(dst, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","Key":`...)
	dst = appendJSONString(dst, key)
	dst = append(dst, `,"NextSeq":`...)
	dst = appendUint(dst, nextSeq)
	return append(dst, `,"RspMsgList":[`...)
}

// GetMsgRespClose ends a body begun with [AppendGetMsgRespOpen].
const GetMsgRespClose = "]}"

// IsCompressed reports whether a frame is a "COMP" (zlib) frame.
func IsCompressed(data []byte) bool { return bytes.HasPrefix(data, compPrefix) }

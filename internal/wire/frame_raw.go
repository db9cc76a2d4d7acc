package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// RawFrame is a decoded client frame that keeps its head's JSON as received,
// so that a reply can echo the head byte for byte (tim-js-sdk matches replies
// by servcmd+seq, and the server echoes the whole head).
type RawFrame struct {
	Head    Head
	RawHead json.RawMessage
	Body    json.RawMessage
}

type rawFrame struct {
	Head json.RawMessage `json:"head"`
	Body json.RawMessage `json:"body"`
}

// DecodeRawFrame parses one client frame like [DecodeFrame], keeping the raw
// head. The head must be a JSON object with a servcmd.
func DecodeRawFrame(data []byte) (*RawFrame, error) {
	if len(data) > MaxFrameSize {
		return nil, ErrFrameTooLarge
	}
	if bytes.HasPrefix(data, compPrefix) {
		var err error
		if data, err = Inflate(data[len(compPrefix):]); err != nil {
			return nil, err
		}
	}
	var rf rawFrame
	if err := json.Unmarshal(data, &rf); err != nil {
		return nil, fmt.Errorf("wire: bad frame: %w", err)
	}
	if len(rf.Head) == 0 || rf.Head[0] != '{' {
		return nil, errors.New("wire: frame head is not an object")
	}
	f := &RawFrame{RawHead: rf.Head, Body: rf.Body}
	if err := json.Unmarshal(rf.Head, &f.Head); err != nil {
		return nil, fmt.Errorf("wire: bad frame head: %w", err)
	}
	if f.Head.Servcmd == "" {
		return nil, errors.New("wire: frame without servcmd")
	}
	if bytes.Equal(bytes.TrimSpace(f.Body), []byte("null")) {
		f.Body = nil
	}
	return f, nil
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

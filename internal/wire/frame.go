package wire

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// MaxFrameSize bounds a frame after decompression. tim-js-sdk frames are a few
// KB; a long-poll reply with a full batch stays well below this.
const MaxFrameSize = 4 << 20

// compPrefix marks a compressed server frame: "COMP" then a zlib stream.
var compPrefix = []byte("COMP")

// ErrFrameTooLarge is returned for frames over MaxFrameSize.
var ErrFrameTooLarge = errors.New("wire: frame too large")

// Frame is one decoded frame; Body stays raw until the servcmd says its type.
type Frame struct {
	Head Head            `json:"head"`
	Body json.RawMessage `json:"body"`
}

// DecodeFrame parses one frame, inflating a COMP frame first.
func DecodeFrame(data []byte) (*Frame, error) {
	if len(data) > MaxFrameSize {
		return nil, ErrFrameTooLarge
	}
	if bytes.HasPrefix(data, compPrefix) {
		var err error
		if data, err = Inflate(data[len(compPrefix):]); err != nil {
			return nil, err
		}
	}
	f := new(Frame)
	if err := json.Unmarshal(data, f); err != nil {
		return nil, fmt.Errorf("wire: bad frame: %w", err)
	}
	if f.Head.Servcmd == "" {
		return nil, errors.New("wire: frame without servcmd")
	}
	return f, nil
}

// Inflate decompresses a zlib stream, refusing output over MaxFrameSize.
func Inflate(z []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, fmt.Errorf("wire: bad COMP frame: %w", err)
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, MaxFrameSize+1))
	if err != nil {
		return nil, fmt.Errorf("wire: bad COMP frame: %w", err)
	}
	if len(out) > MaxFrameSize {
		return nil, ErrFrameTooLarge
	}
	return out, nil
}

var zwPool = sync.Pool{New: func() any { w, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed); return w }}

// Compress returns "COMP" followed by the zlib stream of frame.
func Compress(frame []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(frame)/2 + 16)
	buf.Write(compPrefix)
	w := zwPool.Get().(*zlib.Writer)
	w.Reset(&buf)
	w.Write(frame)
	w.Close()
	zwPool.Put(w)
	return buf.Bytes()
}

// AppendFrame appends {"head":head,"body":body} to dst; body must be a JSON
// value already encoded (nil means {}).
func AppendFrame(dst []byte, head *Head, body []byte) ([]byte, error) {
	hb, err := json.Marshal(head)
	if err != nil {
		return dst, err
	}
	dst = append(dst, `{"head":`...)
	dst = append(dst, hb...)
	dst = append(dst, `,"body":`...)
	if len(body) == 0 {
		body = []byte("{}")
	}
	dst = append(dst, body...)
	return append(dst, '}'), nil
}

// EncodeFrame marshals body and builds a frame.
func EncodeFrame(head *Head, body any) ([]byte, error) {
	var bb []byte
	switch b := body.(type) {
	case nil:
	case json.RawMessage:
		bb = b
	case []byte:
		bb = b
	default:
		var err error
		if bb, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	return AppendFrame(make([]byte, 0, 256+len(bb)), head, bb)
}

// AppendPushHead appends a push head without reflection: pushes are built for
// every member, so this is on the server's hot path.
func AppendPushHead(dst []byte, servcmd string, seq uint64, now int64) []byte {
	dst = append(dst, `{"head":{"ver":"v4","platform":7,"servcmd":"`...)
	dst = append(dst, servcmd...)
	dst = append(dst, `","seq":`...)
	dst = strconv.AppendUint(dst, seq, 10)
	dst = append(dst, `,"reqtime":`...)
	dst = strconv.AppendInt(dst, now, 10)
	return append(dst, `},"body":`...)
}

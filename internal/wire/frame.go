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
	// whole is the frame a Body taken on trust came from (BodyOnTrust);
	// nil once the Body is checked.
	whole []byte
	// rawHead is the head's JSON as read by the fast decoder, into the
	// frame's bytes (DecodeRawFrame keeps a copy; nobody else reads it).
	rawHead []byte
}

// BodyOnTrust reports whether the Body was taken on trust by
// [DecodeFrameBorrowed] and not checked since (see [Frame.CheckBody]).
func (f *Frame) BodyOnTrust() bool { return f.whole != nil }

// CheckBody makes sure that a Body taken on trust is exactly the frame's
// body: it scans it, and when it is not one JSON value (the frame had
// members after the body, or is damaged) decodes the whole frame again. An
// error means the frame is damaged; the Frame is then unchanged. It does
// nothing for a Body already checked.
func (f *Frame) CheckBody() error {
	if f.whole == nil {
		return nil
	}
	if oneValue(f.Body) {
		f.whole = nil
		return nil
	}
	g := decodeFrameFast(f.whole, false)
	if g == nil {
		var err error
		if g, err = decodeFrameJSON(f.whole); err != nil {
			return err
		}
	}
	f.Head, f.Body, f.whole = g.Head, g.Body, nil
	return nil
}

// DecodeFrame parses one frame, inflating a COMP frame first. The frame
// shares no memory with data.
func DecodeFrame(data []byte) (*Frame, error) {
	f, b, err := decodeFrame(data, false)
	if err == nil && b.Active() {
		f.Body = bytes.Clone(f.Body)
	}
	b.Release()
	return f, err
}

// Borrowed is what a frame decoded by [DecodeFrameBorrowed] borrows its
// Body from: a pooled inflater, or the caller's data.
type Borrowed struct {
	inf    *inflater
	active bool
}

// Active reports whether the Body is borrowed (false: the Body is its own,
// or there is none).
func (b Borrowed) Active() bool { return b.active }

// Release gives the borrowed buffer back; the Body must not be read after.
func (b Borrowed) Release() {
	if b.inf != nil {
		b.inf.release()
	}
}

// DecodeFrameBorrowed is [DecodeFrame] without the copy of the body, and
// without its scan: the Body returned points into data or into a pooled
// buffer (a COMP frame's inflated bytes) until the caller calls Release on
// the Borrowed and stops using data. The head is the frame's own and
// checked. A body that is the frame's last member is taken on trust, as
// running to the frame's closing brace (BodyOnTrust): its decoder checks it
// anyway (every body decoder refuses anything but one JSON value), and a
// reader that does not decode it calls [Frame.CheckBody]. For a poll reply
// read once and dropped, the copy was a third of what a viewer allocated
// and the scan a tenth of its CPU.
func DecodeFrameBorrowed(data []byte) (*Frame, Borrowed, error) {
	return decodeFrame(data, true)
}

func decodeFrame(data []byte, trust bool) (*Frame, Borrowed, error) {
	if len(data) > MaxFrameSize {
		return nil, Borrowed{}, ErrFrameTooLarge
	}
	var b Borrowed
	if bytes.HasPrefix(data, compPrefix) {
		inf, err := inflatePooled(data[len(compPrefix):])
		if err != nil {
			return nil, Borrowed{}, err
		}
		b.inf = inf
		data = inf.out.Bytes()
	}
	if !fastOff.Load() {
		if f := decodeFrameFast(data, trust); f != nil {
			f.rawHead = nil // DecodeRawFrame's alone
			b.active = f.Body != nil
			return f, b, nil
		}
	}
	f, err := decodeFrameJSON(data) // encoding/json copies the body
	b.Release()
	return f, Borrowed{}, err
}

// oneValue reports whether b is exactly one JSON value (white space around
// it allowed).
func oneValue(b []byte) bool {
	d := getDec(b, 0)
	defer putDec(d)
	d.ws()
	d.skip()
	return d.end()
}

// bodyToClose returns where a value starting at i ends if it runs to the
// frame's closing brace (white space trimmed), or -1.
func bodyToClose(data []byte, i int) int {
	rest := bytes.TrimRight(data[i:], jsonSpace)
	if len(rest) == 0 || rest[len(rest)-1] != '}' {
		return -1
	}
	rest = bytes.TrimRight(rest[:len(rest)-1], jsonSpace)
	if len(rest) == 0 {
		return -1
	}
	return i + len(rest)
}

// jsonSpace is JSON's white space, as a cutset.
const jsonSpace = " \t\n\r"

// DecodeBody runs decode on the Body. A Body taken on trust that decode
// refuses is checked (CheckBody) and, when the frame went on after the
// body, decoded again; a damaged frame keeps decode's error.
func (f *Frame) DecodeBody(decode func(body []byte) error) error {
	err := decode(f.Body)
	if err != nil && f.BodyOnTrust() && f.CheckBody() == nil {
		err = decode(f.Body)
	}
	return err
}

// decodeFrameJSON is DecodeFrame's encoding/json path, for the frames the
// fast path does not answer for (and all errors).
func decodeFrameJSON(data []byte) (*Frame, error) {
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

// inflater is Inflate's state, pooled for DecodeFrame: a zlib reader is
// about 40 KB to set up.
type inflater struct {
	src bytes.Reader
	zr  io.ReadCloser
	lim io.LimitedReader
	out bytes.Buffer
}

var inflaterPool sync.Pool

// maxPooledInflate is the largest output buffer kept for reuse.
const maxPooledInflate = 256 << 10

// inflatePooled is Inflate into a pooled buffer (inf.out), with the same
// errors; release the inflater when done with the output.
func inflatePooled(z []byte) (*inflater, error) {
	inf, _ := inflaterPool.Get().(*inflater)
	if inf == nil {
		inf = new(inflater)
	}
	inf.src.Reset(z)
	var err error
	if inf.zr == nil {
		inf.zr, err = zlib.NewReader(&inf.src)
	} else {
		err = inf.zr.(zlib.Resetter).Reset(&inf.src, nil)
	}
	if err != nil {
		inf.release()
		return nil, fmt.Errorf("wire: bad COMP frame: %w", err)
	}
	inf.lim = io.LimitedReader{R: inf.zr, N: MaxFrameSize + 1}
	inf.out.Reset()
	_, err = inf.out.ReadFrom(&inf.lim)
	inf.zr.Close()
	switch {
	case err != nil:
		err = fmt.Errorf("wire: bad COMP frame: %w", err)
	case inf.out.Len() > MaxFrameSize:
		err = ErrFrameTooLarge
	}
	if err != nil {
		inf.release()
		return nil, err
	}
	return inf, nil
}

func (inf *inflater) release() {
	inf.src.Reset(nil)
	inf.lim = io.LimitedReader{}
	if inf.out.Cap() > maxPooledInflate {
		return // a zip bomb's buffer: let it go
	}
	inf.out.Reset()
	inflaterPool.Put(inf)
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
	dst = append(dst, `{"head":`...)
	dst = appendHead(dst, head)
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

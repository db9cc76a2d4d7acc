package wire

import (
	"bytes"
	"testing"
	"unsafe"
)

func TestDecodeFrameBorrowed(t *testing.T) {
	plain := []byte(`{"head":{"servcmd":"group_open_long_polling_http_svc.get_msg","seq":7},"body":{"ActionStatus":"OK","ErrorCode":0,"Key":"k","NextSeq":2,"RspMsgList":[]}}`)
	wantBody := `{"ActionStatus":"OK","ErrorCode":0,"Key":"k","NextSeq":2,"RspMsgList":[]}`
	within := func(b, data []byte) bool {
		p, lo := uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(unsafe.Pointer(unsafe.SliceData(data)))
		return p >= lo && p < lo+uintptr(len(data))
	}

	data := bytes.Clone(plain)
	f, b, err := DecodeFrameBorrowed(data)
	if err != nil || string(f.Body) != wantBody || f.Head.Seq != 7 {
		t.Fatalf("plain: %v %q", err, f.Body)
	}
	if !b.Active() || !within(f.Body, data) {
		t.Fatal("plain: the body was copied, not borrowed")
	}
	if cap(f.Body) != len(f.Body) {
		t.Fatal("plain: an append to the body could write into the frame")
	}
	b.Release()

	// A COMP frame's body lives in the pooled inflater until Release.
	z := Compress(plain)
	f, b, err = DecodeFrameBorrowed(z)
	if err != nil || string(f.Body) != wantBody || !b.Active() {
		t.Fatalf("COMP: %v %q active %v", err, f.Body, b.Active())
	}
	b.Release()

	// DecodeFrame's body is its own: scribbling on the frame leaves it.
	data = bytes.Clone(plain)
	f, err = DecodeFrame(data)
	if err != nil {
		t.Fatal(err)
	}
	scribble(data)
	if string(f.Body) != wantBody {
		t.Fatalf("DecodeFrame's body changed with the frame: %q", f.Body)
	}

	// A frame without a body borrows nothing; a bad one returns an error.
	f, b, err = DecodeFrameBorrowed([]byte(`{"head":{"servcmd":"x","seq":1}}`))
	if err != nil || f.Body != nil || b.Active() {
		t.Fatalf("no body: %v %q %v", err, f.Body, b.Active())
	}
	b.Release()
	if _, b, err = DecodeFrameBorrowed([]byte(`{"head":`)); err == nil || b.Active() {
		t.Fatal("a truncated frame decoded")
	}
	b.Release()
}

package wire

import (
	"bytes"
	"encoding/json"
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

func TestDecodeFrameBodyOnTrust(t *testing.T) {
	head := `{"head":{"servcmd":"group_open_long_polling_http_svc.get_msg","seq":7},`
	for _, c := range []struct {
		name, frame string
		trust       bool   // taken on trust
		body        string // after CheckBody; "" with bad
		bad         bool
	}{
		{"body last", head + `"body":{"a":[1,2,"x"]}}`, true, `{"a":[1,2,"x"]}`, false},
		{"white space around", head + "\"body\": {\"a\":1} \n}\n", true, `{"a":1}`, false},
		{"a member after the body", head + `"body":{"a":1},"x":{"y":2}}`, true, `{"a":1}`, false},
		{"a damaged body", head + `"body":{"a":}}`, true, "", true},
		{"a body cut short", head + `"body":{"a":"x}`, true, "", true},
		{"body before head", `{"body":{"a":1},"head":{"servcmd":"x","seq":1}}`, false, `{"a":1}`, false},
	} {
		f, b, err := DecodeFrameBorrowed([]byte(c.frame))
		if err != nil {
			if c.trust {
				t.Fatalf("%s: %v", c.name, err)
			}
			continue
		}
		if f.BodyOnTrust() != c.trust {
			t.Fatalf("%s: on trust %v, want %v", c.name, f.BodyOnTrust(), c.trust)
		}
		err = f.CheckBody()
		if (err != nil) != c.bad {
			t.Fatalf("%s: CheckBody %v", c.name, err)
		}
		if !c.bad && string(f.Body) != c.body {
			t.Fatalf("%s: body %q, want %q", c.name, f.Body, c.body)
		}
		if _, derr := DecodeFrame([]byte(c.frame)); (derr != nil) != c.bad {
			t.Fatalf("%s: DecodeFrame %v, CheckBody %v", c.name, derr, err)
		}
		b.Release()
	}
}

func TestFrameDecodeBody(t *testing.T) {
	head := `{"head":{"servcmd":"x","seq":1},`
	decode := func(frame string) (Status, error) {
		f, b, err := DecodeFrameBorrowed([]byte(frame))
		if err != nil {
			t.Fatal(err)
		}
		defer b.Release()
		var st Status
		err = f.DecodeBody(func(body []byte) error { st = Status{}; return json.Unmarshal(body, &st) })
		return st, err
	}
	if st, err := decode(head + `"body":{"ErrorCode":7}}`); err != nil || st.ErrorCode != 7 {
		t.Fatalf("body last: %+v %v", st, err)
	}
	if st, err := decode(head + `"body":{"ErrorCode":8},"x":1}`); err != nil || st.ErrorCode != 8 {
		t.Fatalf("a member after the body: %+v %v", st, err)
	}
	if _, err := decode(head + `"body":{"ErrorCode":}}`); err == nil {
		t.Fatal("a damaged body decoded")
	}
}

package wire

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

const smallFrame = `{"head":{"ver":"v4","platform":7,"servcmd":"im_open_push.msg_push","seq":22,"reqtime":1795629330},"body":{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}}`

// paddedFrame returns a valid frame of exactly n bytes.
func paddedFrame(t testing.TB, n int) []byte {
	t.Helper()
	pre, post := `{"head":{"servcmd":"heartbeat.alive","seq":1},"body":{"pad":"`, `"}}`
	if n < len(pre)+len(post) {
		t.Fatal("n too small")
	}
	return []byte(pre + strings.Repeat("x", n-len(pre)-len(post)) + post)
}

// zlibBytes compresses without the pool, at the best ratio.
func zlibBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeFrameAccepts(t *testing.T) {
	for _, in := range [][]byte{
		[]byte(smallFrame),
		Compress([]byte(smallFrame)),
		append([]byte("COMP"), zlibBytes(t, []byte(smallFrame))...),
		[]byte(" \n" + smallFrame + "\n"),
		[]byte(`{"head":{"servcmd":"x"}}`),                   // no body
		[]byte(`{"body":{},"head":{"servcmd":"x","seq":0}}`), // any key order
		paddedFrame(t, MaxFrameSize),                         // exactly the limit
		Compress(paddedFrame(t, MaxFrameSize)),               // inflates to exactly the limit
	} {
		f, err := DecodeFrame(in)
		if err != nil {
			t.Errorf("%.80q: %v", in, err)
			continue
		}
		if f.Head.Servcmd == "" {
			t.Errorf("%.80q: no servcmd", in)
		}
	}
	plain, _ := DecodeFrame([]byte(smallFrame))
	comp, _ := DecodeFrame(Compress([]byte(smallFrame)))
	if !reflect.DeepEqual(plain, comp) {
		t.Errorf("COMP frame decodes differently: %+v vs %+v", comp, plain)
	}
}

func TestDecodeFrameRejects(t *testing.T) {
	valid := Compress([]byte(smallFrame))
	corrupt := append([]byte{}, valid...)
	corrupt[len(corrupt)-1] ^= 0xff // adler32 checksum
	for _, c := range []struct {
		name string
		in   []byte
		err  error // nil: any error
	}{
		{"empty", nil, nil},
		{"no servcmd", []byte(`{"head":{"ver":"v4","seq":1},"body":{}}`), nil},
		{"empty servcmd", []byte(`{"head":{"servcmd":""},"body":{}}`), nil},
		{"no head", []byte(`{"body":{}}`), nil},
		{"null", []byte(`null`), nil},
		{"not JSON", []byte(`hello`), nil},
		{"truncated JSON", []byte(smallFrame[:len(smallFrame)-1]), nil},
		{"trailing garbage", []byte(smallFrame + `x`), nil},
		{"two documents", []byte(smallFrame + smallFrame), nil},
		{"array", []byte(`[{"head":{"servcmd":"x"}}]`), nil},
		{"servcmd not a string", []byte(`{"head":{"servcmd":1}}`), nil},
		{"seq negative", []byte(`{"head":{"servcmd":"x","seq":-1}}`), nil},
		{"seq fractional", []byte(`{"head":{"servcmd":"x","seq":1.5}}`), nil},
		{"body invalid", []byte(`{"head":{"servcmd":"x"},"body":{]}`), nil},
		{"COMP only", []byte("COMP"), nil},
		{"COMP garbage", []byte("COMPgarbage, not zlib"), nil},
		{"COMP raw deflate", append([]byte("COMP"), 0x4b, 0x4c, 0x04, 0x00), nil},
		{"COMP truncated", valid[:len(valid)-6], nil},
		{"COMP bad checksum", corrupt, nil},
		{"COMP of garbage", Compress([]byte("not json")), nil},
		{"COMP without servcmd", Compress([]byte(`{"head":{},"body":{}}`)), nil},
		{"COMP of COMP", Compress(valid), nil},
		{"oversized input", paddedFrame(t, MaxFrameSize+1), ErrFrameTooLarge},
		{"zip bomb", append([]byte("COMP"), zlibBytes(t, paddedFrame(t, MaxFrameSize+1))...), ErrFrameTooLarge},
		{"big zip bomb", append([]byte("COMP"), zlibBytes(t, make([]byte, 64<<20))...), ErrFrameTooLarge},
	} {
		f, err := DecodeFrame(c.in)
		if err == nil {
			t.Errorf("%s: accepted: %+v", c.name, f)
			continue
		}
		if f != nil {
			t.Errorf("%s: frame returned with error", c.name)
		}
		if c.err != nil && !errors.Is(err, c.err) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.err)
		}
		if !strings.HasPrefix(err.Error(), "wire: ") {
			t.Errorf("%s: error %q lacks the package prefix", c.name, err)
		}
	}
}

func TestInflate(t *testing.T) {
	data := paddedFrame(t, 100000)
	out, err := Inflate(Compress(data)[4:])
	if err != nil || !bytes.Equal(out, data) {
		t.Fatalf("Inflate(Compress) = %d bytes, %v", len(out), err)
	}
	if _, err := Inflate(zlibBytes(t, make([]byte, MaxFrameSize+1))); !errors.Is(err, ErrFrameTooLarge) {
		t.Errorf("oversized stream: %v", err)
	}
	if out, err := Inflate(zlibBytes(t, make([]byte, MaxFrameSize))); err != nil || len(out) != MaxFrameSize {
		t.Errorf("stream of exactly MaxFrameSize: %d, %v", len(out), err)
	}
}

// TestCompress: the output is COMP + a standard zlib stream (what pako
// inflates), and the pooled writer leaks nothing between calls.
func TestCompress(t *testing.T) {
	inputs := [][]byte{nil, []byte("{}"), []byte(smallFrame), paddedFrame(t, 1<<20)}
	for round := 0; round < 3; round++ {
		for _, in := range inputs {
			c := Compress(in)
			if !bytes.HasPrefix(c, []byte("COMP")) {
				t.Fatalf("no COMP prefix")
			}
			r, err := zlib.NewReader(bytes.NewReader(c[4:]))
			if err != nil {
				t.Fatal(err)
			}
			out, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(out, in) {
				t.Fatalf("zlib stream of %d bytes inflates to %d bytes, %v", len(in), len(out), err)
			}
		}
	}
	if c := Compress(paddedFrame(t, 1<<20)); len(c) > 1<<14 {
		t.Errorf("1 MiB of padding compressed to %d bytes", len(c))
	}
}

func TestCompressConcurrent(t *testing.T) {
	done := make(chan error)
	for g := 0; g < 8; g++ {
		go func(g int) {
			in := []byte(strings.Repeat(string(rune('a'+g)), 1000+g))
			for i := 0; i < 200; i++ {
				f, err := Inflate(Compress(in)[4:])
				if err != nil || !bytes.Equal(f, in) {
					done <- errors.New("concurrent Compress mixed streams")
					return
				}
			}
			done <- nil
		}(g)
	}
	for g := 0; g < 8; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

package wire

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"testing"
)

// zlibOf compresses b with compress/zlib, optionally with a dictionary
// (safe from any goroutine: a valid level cannot fail).
func zlibOf(b []byte, dict []byte) []byte {
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevelDict(&buf, zlib.BestSpeed, dict)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestInflatePooledAgreesWithZlib(t *testing.T) {
	plain := []byte(`{"head":{"servcmd":"x","seq":1},"body":{"Text":"` + string(bytes.Repeat([]byte("hello "), 500)) + `"}}`)
	good := zlibOf(plain, nil)
	flip := func(i int) []byte { b := bytes.Clone(good); b[i] ^= 0x40; return b }
	cases := []struct {
		name string
		z    []byte
		want error // nil: inflates to plain
	}{
		{"good", good, nil},
		{"good with bytes after the trailer", append(bytes.Clone(good), "xyz"...), nil},
		{"empty", nil, io.ErrUnexpectedEOF},
		{"bad method", flip(0), zlib.ErrHeader},
		{"bad check bits", flip(1), zlib.ErrHeader},
		{"preset dictionary", zlibOf(plain, []byte("hello")), zlib.ErrDictionary},
		{"bad checksum", flip(len(good) - 1), zlib.ErrChecksum},
		{"no trailer", good[:len(good)-4], io.ErrUnexpectedEOF},
		{"half a trailer", good[:len(good)-2], io.ErrUnexpectedEOF},
		{"cut deflate stream", good[:len(good)/2], io.ErrUnexpectedEOF},
	}
	for round := range 3 { // reused inflaters behave as fresh ones
		for _, c := range cases {
			inf, err := inflatePooled(c.z)
			// compress/zlib's verdict on the same bytes.
			zr, zerr := zlib.NewReader(bytes.NewReader(c.z))
			var ref []byte
			if zerr == nil {
				ref, zerr = io.ReadAll(zr)
			}
			if (err == nil) != (zerr == nil) {
				t.Fatalf("round %d %s: pooled %v, zlib %v", round, c.name, err, zerr)
			}
			if c.want != nil {
				if !errors.Is(err, c.want) {
					t.Fatalf("round %d %s: %v, want %v", round, c.name, err, c.want)
				}
				continue
			}
			if !bytes.Equal(inf.out.Bytes(), plain) || !bytes.Equal(ref, plain) {
				t.Fatalf("round %d %s: inflated %d bytes", round, c.name, inf.out.Len())
			}
			inf.release()
		}
	}
}

func TestInflatePooledTooLarge(t *testing.T) {
	z := zlibOf(make([]byte, MaxFrameSize+1), nil)
	if _, err := inflatePooled(z); !errors.Is(err, ErrFrameTooLarge) {
		t.Fatalf("%v, want ErrFrameTooLarge", err)
	}
	// The next frame inflates normally.
	z = zlibOf([]byte("small"), nil)
	inf, err := inflatePooled(z)
	if err != nil || inf.out.String() != "small" {
		t.Fatalf("%v %q", err, inf.out.String())
	}
	inf.release()
}

func TestInflatePooledConcurrent(t *testing.T) {
	done := make(chan error)
	for g := range 8 {
		go func() {
			var err error
			for i := range 300 {
				want := fmt.Sprintf("goroutine %d frame %d %s", g, i, bytes.Repeat([]byte{'x'}, i))
				inf, e := inflatePooled(zlibOf([]byte(want), nil))
				if e != nil {
					err = e
					break
				}
				if inf.out.String() != want {
					err = fmt.Errorf("got %q, want %q", inf.out.String(), want)
				}
				inf.release()
				if err != nil {
					break
				}
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

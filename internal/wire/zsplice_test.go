package wire

import (
	"bytes"
	"hash/adler32"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestZWriterSplicesAValidStream(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	item := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdefgh{}\":,0123"[rng.IntN(17)]
		}
		return b
	}
	for _, sizes := range [][]int{{}, {0}, {10}, {100, 3, 5000}, {70000, 1}, {1, 140000, 2}} {
		var want bytes.Buffer
		z := NewZWriter([]byte("x"))
		head := strings.Repeat("h", len(sizes)*7000)
		z.RawString(head)
		want.WriteString(head)
		for i, n := range sizes {
			if i > 0 {
				z.Raw([]byte(","))
				want.WriteByte(',')
			}
			raw := item(n)
			seg := NewZSegment(raw)
			z.Segment(&seg)
			want.Write(raw)
		}
		z.RawString("]}}")
		want.WriteString("]}}")
		out := z.Finish()
		if out[0] != 'x' || !bytes.HasPrefix(out[1:], compPrefix) {
			t.Fatalf("sizes %v: prefix lost", sizes)
		}
		got, err := Inflate(out[1+len(compPrefix):]) // zlib checks the Adler-32
		if err != nil {
			t.Fatalf("sizes %v: %v", sizes, err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("sizes %v: content differs", sizes)
		}
	}
}

func TestAdlerHelpersMatchTheStandardLibrary(t *testing.T) {
	a := bytes.Repeat([]byte{0xff}, 20000)
	b := []byte("hello, world")
	if got, want := adlerUpdate(1, a), adler32.Checksum(a); got != want {
		t.Fatalf("update %x want %x", got, want)
	}
	if got, want := adlerCombine(adler32.Checksum(a), adler32.Checksum(b), len(b)), adler32.Checksum(append(a, b...)); got != want {
		t.Fatalf("combine %x want %x", got, want)
	}
}

package main

import (
	"bytes"
	"compress/zlib"
	"hash/adler32"
	"io"
	"testing"
)

// A bomb built by repetition is a valid zlib stream of the size it
// claims, checksum included. 64 MiB here: the 1 GiB one is built the same
// way, and reading it through takes 15 s under the race detector.
func TestZlibBombIsValid(t *testing.T) {
	const size = 64 << 20
	if len(zlibBomb()) > 4<<20 {
		t.Fatalf("the 1 GiB bomb is %d bytes, over the SDK's read limit", len(zlibBomb()))
	}
	b := buildBomb(size)
	if !bytes.HasPrefix(b, []byte("COMP")) {
		t.Fatalf("%d bytes, prefix %q", len(b), b[:4])
	}
	zr, err := zlib.NewReader(bytes.NewReader(b[4:]))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil {
		t.Fatalf("after %d bytes: %v", n, err)
	}
	if n < size {
		t.Fatalf("inflates to %d bytes, want at least %d", n, size)
	}
}

// adlerRun agrees with hash/adler32 on a run.
func TestAdlerRun(t *testing.T) {
	for _, n := range []int{0, 1, 5551, 65521, 65522, 300000} {
		p := bytes.Repeat([]byte{' '}, n)
		want := adler32.Checksum(append([]byte("ab"), p...))
		if got := adlerRun(adler(1, []byte("ab")), ' ', uint64(n)); got != want {
			t.Errorf("n=%d: %08x, want %08x", n, got, want)
		}
	}
}

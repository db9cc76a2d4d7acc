package conn

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// unmask reads one client frame back: header, length, key, payload.
func readClientFrame(t *testing.T, b []byte) (payload, rest []byte) {
	t.Helper()
	if b[0] != 0x82 || b[1]&0x80 == 0 {
		t.Fatalf("header % x: want a final binary masked frame", b[:2])
	}
	n, off := int(b[1]&0x7f), 2
	switch n {
	case 126:
		n, off = int(binary.BigEndian.Uint16(b[2:])), 4
	case 127:
		n, off = int(binary.BigEndian.Uint64(b[2:])), 10
	}
	key := b[off : off+4]
	p := bytes.Clone(b[off+4 : off+4+n])
	for i := range p {
		p[i] ^= key[i%4]
	}
	return p, b[off+4+n:]
}

// Frames of every length class come back intact, one after the other.
func TestClientFramesRoundTrip(t *testing.T) {
	var sizes = []int{0, 1, 7, 125, 126, 1000, 65535, 65536, 200000}
	var buf []byte
	var want [][]byte
	for _, n := range sizes {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte(i*7 + n)
		}
		want = append(want, p)
		buf = appendClientFrame(buf, p)
	}
	for i, w := range want {
		var got []byte
		got, buf = readClientFrame(t, buf)
		if !bytes.Equal(got, w) {
			t.Fatalf("frame %d (%d bytes) came back different", i, len(w))
		}
	}
	if len(buf) != 0 {
		t.Fatalf("%d bytes left over", len(buf))
	}
}

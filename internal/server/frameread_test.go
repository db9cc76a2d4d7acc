package server

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"testing"
)

// clientFrame builds a client frame: first byte b0, masked (or not) with
// key, with payload p.
func clientFrame(b0 byte, masked bool, key [4]byte, p []byte) []byte {
	out := []byte{b0}
	m := byte(0)
	if masked {
		m = 0x80
	}
	switch n := len(p); {
	case n < 126:
		out = append(out, m|byte(n))
	case n <= 0xffff:
		out = binary.BigEndian.AppendUint16(append(out, m|126), uint16(n))
	default:
		out = binary.BigEndian.AppendUint64(append(out, m|127), uint64(n))
	}
	if masked {
		out = append(out, key[:]...)
		for i, c := range p {
			out = append(out, c^key[i&3])
		}
		return out
	}
	return append(out, p...)
}

// TestReadFast: single masked data frames are read and unmasked, whatever
// their length within the buffer; every other frame is left whole in the
// buffer for the library (nothing consumed).
func TestReadFast(t *testing.T) {
	key := [4]byte{0x12, 0x34, 0x56, 0x78}
	payload := func(n int) []byte {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte('a' + i%26)
		}
		return p
	}
	for _, n := range []int{0, 1, 7, 8, 9, 125, 126, 300, 1000} {
		for _, op := range []byte{opText, opBinary} {
			f := clientFrame(0x80|op, true, key, payload(n))
			next := clientFrame(0x80|opBinary, true, key, []byte("next"))
			br := bufio.NewReaderSize(bytes.NewReader(append(f, next...)), 1024)
			got, ok := readFast(br, 1<<20, []byte("x"))
			if !ok || !bytes.Equal(got, append([]byte("x"), payload(n)...)) {
				t.Fatalf("op %d, %d bytes: ok %v, got %q", op, n, ok, got)
			}
			if got, ok := readFast(br, 1<<20, nil); !ok || string(got) != "next" {
				t.Fatalf("op %d, %d bytes: the next frame read %v %q", op, n, ok, got)
			}
		}
	}
	left := map[string][]byte{
		"ping":         clientFrame(0x80|0x9, true, key, []byte("hi")),
		"close":        clientFrame(0x80|0x8, true, key, []byte{3, 232}),
		"fragment":     clientFrame(opText, true, key, []byte("part")),
		"continuation": clientFrame(0x80, true, key, []byte("part")),
		"rsv1":         clientFrame(0xc0|opText, true, key, []byte("x")),
		"unmasked":     clientFrame(0x80|opText, false, key, []byte("x")),
		"over limit":   clientFrame(0x80|opText, true, key, payload(200)),
		"over buffer":  clientFrame(0x80|opText, true, key, payload(2000)),
		"64-bit len":   clientFrame(0x80|opText, true, key, payload(70000)),
		"truncated":    clientFrame(0x80|opText, true, key, payload(50))[:30],
		"empty":        nil,
	}
	for name, f := range left {
		br := bufio.NewReaderSize(bytes.NewReader(f), 1024)
		if _, ok := readFast(br, 100, nil); ok {
			t.Fatalf("%s: taken", name)
		}
		rest := make([]byte, len(f)+1)
		n, _ := br.Read(rest)
		if len(f) > 0 && !bytes.Equal(rest[:n], f[:n]) || (len(f) > 0 && n == 0) {
			t.Fatalf("%s: the buffer lost bytes", name)
		}
	}
}

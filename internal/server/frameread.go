package server

import (
	"bufio"
	"encoding/binary"
)

// Client messages are nearly all small requests in one frame (a poll, a
// push acknowledgement). readFast reads such a frame straight from the
// socket's read buffer: it looks at the header without consuming it and
// takes the frame only when it is a single (FIN) masked text or binary
// frame with no extension bits, within the read limit and the buffer's
// size. Any other frame (control frames, fragments, anything malformed or
// large) and any read error are left to the WebSocket library, which then
// reads that frame itself from the same buffer, as before: the library
// stays at a frame boundary, so its handling of pings, closes and protocol
// errors is unchanged. This skips the library's per-message reader set-up
// (a lock, a context callback, two reader wrappers) for the common frame.

// readFast appends the payload of the next client message to dst when it
// is a frame it takes (ok true); otherwise it consumed nothing.
func readFast(br *bufio.Reader, limit int64, dst []byte) (out []byte, ok bool) {
	if br == nil {
		return dst, false
	}
	h, err := br.Peek(2)
	if err != nil || (h[0] != 0x80|opText && h[0] != 0x80|opBinary) || h[1]&0x80 == 0 {
		return dst, false
	}
	n, hl := int(h[1]&0x7f), 2
	switch n {
	case 127:
		return dst, false
	case 126:
		if h, err = br.Peek(4); err != nil {
			return dst, false
		}
		n, hl = int(binary.BigEndian.Uint16(h[2:4])), 4
	}
	total := hl + 4 + n
	if int64(n) > limit || total > br.Size() {
		return dst, false
	}
	f, err := br.Peek(total)
	if err != nil {
		return dst, false
	}
	start := len(dst)
	dst = append(dst, f[hl+4:total]...)
	unmask(dst[start:], [4]byte(f[hl:hl+4]))
	br.Discard(total)
	return dst, true
}

// unmask XORs p with the masking key (RFC 6455 5.3), eight bytes at a time.
func unmask(p []byte, key [4]byte) {
	k32 := binary.LittleEndian.Uint32(key[:])
	k64 := uint64(k32) | uint64(k32)<<32
	i := 0
	for ; i+8 <= len(p); i += 8 {
		binary.LittleEndian.PutUint64(p[i:], binary.LittleEndian.Uint64(p[i:])^k64)
	}
	for ; i < len(p); i++ {
		p[i] ^= key[i&3]
	}
}

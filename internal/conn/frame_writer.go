package conn

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"net"
	"sync"
)

// The client writes its WebSocket frames itself (RFC 6455 5.2: binary,
// final, masked) straight to the connection under gorilla/websocket, which
// keeps reading and answering control frames. Several frames then leave in
// one write system call: a viewer acknowledging every push costs one per
// push otherwise, the largest share of its CPU (issue 12). Writing under
// gorilla is safe: each net.Conn (or tls.Conn) Write is whole with respect
// to the others, and gorilla's own writes are single control frames.

// dialTCP dials the TCP connection under every socket (tests count its
// writes).
var dialTCP = (&net.Dialer{}).DialContext

// frameBufs lends the buffers frames are gathered in: an idle connection
// holds none.
var frameBufs = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// putFrameBuf gives a buffer back unless it grew too large to keep.
func putFrameBuf(b *[]byte) {
	if cap(*b) <= maxPooledRead {
		*b = (*b)[:0]
		frameBufs.Put(b)
	}
}

// appendClientFrame appends payload as one binary client frame, masked with
// a fresh key.
func appendClientFrame(dst, payload []byte) []byte {
	n := len(payload)
	switch {
	case n < 126:
		dst = append(dst, 0x82, 0x80|byte(n))
	case n <= 0xffff:
		dst = append(dst, 0x82, 0x80|126, byte(n>>8), byte(n))
	default:
		dst = append(dst, 0x82, 0x80|127)
		dst = binary.BigEndian.AppendUint64(dst, uint64(n))
	}
	key := rand.Uint32() // masking defeats proxy cache poisoning; ChaCha8 is unpredictable enough
	dst = binary.LittleEndian.AppendUint32(dst, key)
	start := len(dst)
	dst = append(dst, payload...)
	mask(dst[start:], key)
	return dst
}

// mask XORs b with the 4-byte key (little-endian as written), eight bytes
// at a time.
func mask(b []byte, key uint32) {
	k8 := uint64(key) | uint64(key)<<32
	for len(b) >= 8 {
		binary.LittleEndian.PutUint64(b, binary.LittleEndian.Uint64(b)^k8)
		b = b[8:]
	}
	for i := range b {
		b[i] ^= byte(key >> (8 * (i % 4)))
	}
}

// dialContext is the dialer's NetDialContext.
func dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	return dialTCP(ctx, network, addr)
}

package conn

import (
	"bytes"
	"crypto/tls"
	"net"
	"reflect"
	"unsafe"
)

// A TLS connection keeps its record input buffer (crypto/tls.Conn's
// rawInput) at the size of the largest record it has received, for the
// connection's whole life: a 16 KB record (a get_msg reply with history
// at join, which Tencent's servers or Go's, past its first few packets,
// send in 16 KB records) leaves an idle viewer holding about 20 KB. The
// record must be buffered whole to be authenticated, so nothing below or
// above the TLS connection can keep it small, and crypto/tls has no
// setting for it. So once the connection has been quiet (readFrame), and
// the TLS layer holds no unread bytes, the empty buffer is dropped: the
// next record gets a new one of its own size. A busy socket never drops it,
// so a busy room costs nothing.
//
// The handshake buffer (hand) likewise keeps the size of the server's
// certificate messages; it is empty once the handshake is done.
//
// crypto/tls exports no way to do this, so the fields are found by name
// and type at start-up; if a Go release renames or retypes them, dropping
// silently stops (TestTLSInputFieldsFound fails, so the build notices).
var tlsInputOffsets = func() (raw, input, hand uintptr, ok bool) {
	t := reflect.TypeFor[tls.Conn]()
	r, ok1 := t.FieldByName("rawInput")
	in, ok2 := t.FieldByName("input")
	h, ok3 := t.FieldByName("hand")
	buffer := reflect.TypeFor[bytes.Buffer]()
	if !ok1 || !ok2 || !ok3 || r.Type != buffer || h.Type != buffer || in.Type != reflect.TypeFor[bytes.Reader]() {
		return 0, 0, 0, false
	}
	return r.Offset, in.Offset, h.Offset, true
}

var rawInputOffset, inputOffset, handOffset, tlsInputFound = tlsInputOffsets()

// minDroppedInput is the smallest record buffer worth dropping: a small
// record (a heartbeat reply) makes a buffer of about 1 KB again.
const minDroppedInput = 1536

// dropTLSInput frees nc's empty TLS record buffer when nc is a *tls.Conn
// and the buffer is large. It must run on the connection's only reader
// goroutine, between two reads: crypto/tls touches these buffers only
// inside Read (and the handshake, long finished), so nothing else uses
// them then.
func dropTLSInput(nc net.Conn) {
	c, ok := nc.(*tls.Conn)
	if !ok || !tlsInputFound {
		return
	}
	if hand := (*bytes.Buffer)(unsafe.Add(unsafe.Pointer(c), handOffset)); hand.Len() == 0 {
		*hand = bytes.Buffer{}
	}
	raw := (*bytes.Buffer)(unsafe.Add(unsafe.Pointer(c), rawInputOffset))
	in := (*bytes.Reader)(unsafe.Add(unsafe.Pointer(c), inputOffset))
	if raw.Len() != 0 || in.Len() != 0 || raw.Cap() < minDroppedInput {
		return // unread bytes (the next record), or too small to matter
	}
	*raw = bytes.Buffer{}
	*in = bytes.Reader{} // it still points into the old buffer
}

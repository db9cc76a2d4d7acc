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
// crypto/tls exports no way to do this, so the fields are found by name
// and type at start-up; if a Go release renames or retypes them, dropping
// silently stops (TestTLSInputFieldsFound fails, so the build notices).
var tlsInputOffsets = func() (raw, input uintptr, ok bool) {
	t := reflect.TypeFor[tls.Conn]()
	r, ok1 := t.FieldByName("rawInput")
	in, ok2 := t.FieldByName("input")
	if !ok1 || !ok2 || r.Type != reflect.TypeFor[bytes.Buffer]() || in.Type != reflect.TypeFor[bytes.Reader]() {
		return 0, 0, false
	}
	return r.Offset, in.Offset, true
}

var rawInputOffset, inputOffset, tlsInputFound = tlsInputOffsets()

// minDroppedInput is the smallest buffer worth dropping: a small record's
// buffer (a heartbeat reply) would only be allocated again.
const minDroppedInput = 4 << 10

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
	raw := (*bytes.Buffer)(unsafe.Add(unsafe.Pointer(c), rawInputOffset))
	in := (*bytes.Reader)(unsafe.Add(unsafe.Pointer(c), inputOffset))
	if raw.Len() != 0 || in.Len() != 0 || raw.Cap() < minDroppedInput {
		return // unread bytes (the next record), or too small to matter
	}
	*raw = bytes.Buffer{}
	*in = bytes.Reader{} // it still points into the old buffer
}

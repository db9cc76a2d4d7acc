package conn

import (
	"bytes"
	"context"
	"sync"

	"github.com/coder/websocket"
)

// readBufs holds the buffers frames are read into. websocket.Conn.Read
// allocates a fresh, growing slice for every message; with thousands of
// connections in one process each receiving every room message, reusing
// buffers saves a few allocations and about a kilobyte per frame.
// wire.DecodeFrame copies what it keeps, so a buffer goes back at once.
var readBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledRead is the largest buffer kept for reuse; a rare big frame's
// buffer goes to the garbage collector.
const maxPooledRead = 64 << 10

// readFrame reads the next message of ws into a pooled buffer; give the
// buffer back with releaseFrame once the bytes are decoded.
func readFrame(ws *websocket.Conn) (*bytes.Buffer, error) {
	_, r, err := ws.Reader(context.Background())
	if err != nil {
		return nil, err
	}
	buf := readBufs.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		releaseFrame(buf)
		return nil, err
	}
	return buf, nil
}

func releaseFrame(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledRead {
		return
	}
	readBufs.Put(buf)
}

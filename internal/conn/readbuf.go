package conn

import (
	"bytes"
	"sync"
)

// readBufs holds the buffers frames are read into (wsConn.readFrame). With
// thousands of connections in one process, each receiving every room
// message, reading into a fresh slice per frame would cost a few
// allocations and about a kilobyte each time; wire.DecodeFrame copies what
// it keeps, so a buffer goes back at once.
var readBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledRead is the largest buffer kept for reuse; a rare big frame's
// buffer goes to the garbage collector.
const maxPooledRead = 64 << 10

// releaseFrame gives a frame buffer back once its bytes are decoded.
func releaseFrame(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledRead {
		return
	}
	readBufs.Put(buf)
}

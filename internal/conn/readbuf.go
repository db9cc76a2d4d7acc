package conn

import (
	"bytes"
	"sync"
)

// readBufs holds the buffers frames are read into. Reading a message
// into a fresh slice would allocate a growing slice for every one; with thousands of
// connections in one process each receiving every room message, reusing
// buffers saves a few allocations and about a kilobyte per frame.
// wire.DecodeFrame copies what it keeps, so a buffer goes back at once.
var readBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledRead is the largest buffer kept for reuse; a rare big frame's
// buffer goes to the garbage collector.
const maxPooledRead = 64 << 10

func releaseFrame(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledRead {
		return
	}
	readBufs.Put(buf)
}

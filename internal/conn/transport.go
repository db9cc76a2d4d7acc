package conn

import (
	"bytes"
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/tim-go/sdk/internal/wire"
)

// The client's WebSocket is gorilla/websocket, not the coder/websocket the
// emulator serves with, for what thousands of viewers in one process cost:
// coder/websocket holds a 4 KiB read and a 4 KiB write buffer per
// connection for its whole life and sets up a context per read, while
// gorilla/websocket takes a small read buffer, and the frames are written
// by frame_writer.go from pooled buffers.
const (
	// readBufferSize covers a typical frame (a poll reply or a push is a few
	// hundred bytes to about a kilobyte) in one read; larger payloads are
	// read straight into the frame buffer.
	readBufferSize = 1024
	// closeGrace bounds writing the close frame.
	closeGrace = time.Second
)

// dialer has a write buffer pool so that no connection keeps a write buffer:
// data frames are written by frame_writer.go, gorilla writes control frames
// only, and those do not use it.
var dialer = &websocket.Dialer{
	Proxy:           http.ProxyFromEnvironment,
	ReadBufferSize:  readBufferSize,
	WriteBufferPool: &sync.Pool{},
}

// wsConn is one client WebSocket: one reader goroutine reads it, any number
// of goroutines write to it.
type wsConn struct {
	ws  *websocket.Conn
	nc  net.Conn   // under ws: TCP, or TLS over it (frame_writer.go)
	wmu sync.Mutex // one write (and its deadline) at a time
}

// dialWS opens a WebSocket to url within ctx; tlsConfig (nil: the system
// roots) verifies a wss:// server.
func dialWS(ctx context.Context, url string, tlsConfig *tls.Config) (*wsConn, error) {
	d := *dialer
	d.TLSClientConfig = tlsConfig
	d.NetDialContext = dialContext
	ws, resp, err := d.DialContext(ctx, url, nil)
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(wire.MaxFrameSize)
	return &wsConn{ws: ws, nc: ws.NetConn()}, nil
}

// readFrame reads the next message into a pooled buffer; give the buffer
// back with releaseFrame once the bytes are decoded. Control frames are
// answered inside (a ping gets its pong).
func (w *wsConn) readFrame() (*bytes.Buffer, error) {
	_, r, err := w.ws.NextReader()
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

// write sends frame as one binary message, giving up after timeout.
func (w *wsConn) write(frame []byte, timeout time.Duration) error {
	return w.writeFramed(nil, frame, timeout)
}

// writeFramed sends framed (frames already framed for the socket, or nil)
// and then frame (nil: none) as a binary message, in one write system call,
// giving up after timeout. A failed write closes the connection: a frame
// may have been cut, and the reader must see the socket gone.
func (w *wsConn) writeFramed(framed, frame []byte, timeout time.Duration) error {
	out := framed
	var bp *[]byte
	if frame != nil {
		bp = frameBufs.Get().(*[]byte)
		out = appendClientFrame(append((*bp)[:0], framed...), frame)
	}
	w.wmu.Lock()
	_ = w.nc.SetWriteDeadline(time.Now().Add(timeout))
	_, err := w.nc.Write(out)
	w.wmu.Unlock()
	if bp != nil {
		*bp = out
		putFrameBuf(bp)
	}
	if err != nil {
		_ = w.ws.Close()
	}
	return err
}

// dropIdleTLS lets an idle TLS connection give back its record buffers
// (tls_input.go); the reader calls it on the first frame after a quiet
// spell. Not inlined, so that the reader's frame, parked on every read,
// stays small (it decides the size of an idle socket's stack).
//
//go:noinline
func (w *wsConn) dropIdleTLS() { dropTLSInput(w.nc) }

// close sends a close frame with code and closes the connection; the reader
// goroutine then sees the socket gone.
func (w *wsConn) close(code int) {
	msg := websocket.FormatCloseMessage(code, "")
	_ = w.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(closeGrace))
	_ = w.ws.Close()
}

// closeNow closes the connection without a close frame.
func (w *wsConn) closeNow() { _ = w.ws.Close() }

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

package conn

import (
	"bytes"
	"context"
	"crypto/tls"
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
// gorilla/websocket takes a small read buffer and borrows its write buffer
// from a pool only while writing.
const (
	// readBufferSize covers a typical frame (a poll reply or a push is a few
	// hundred bytes to about a kilobyte) in one read; larger payloads are
	// read straight into the frame buffer.
	readBufferSize = 1024
	// closeGrace bounds writing the close frame.
	closeGrace = time.Second
)

// writeBufs lends every connection its write buffer for one frame at a time.
var writeBufs = &sync.Pool{}

var dialer = &websocket.Dialer{
	Proxy:           http.ProxyFromEnvironment,
	ReadBufferSize:  readBufferSize,
	WriteBufferSize: 4096,
	WriteBufferPool: writeBufs,
}

// wsConn is one client WebSocket: one reader goroutine reads it, any number
// of goroutines write to it.
type wsConn struct {
	ws   *websocket.Conn
	cork *corkConn  // the TCP connection under ws (and under TLS)
	wmu  sync.Mutex // gorilla/websocket allows one writer at a time
}

// dialWS opens a WebSocket to url within ctx; tlsConfig (nil: the system
// roots) verifies a wss:// server.
func dialWS(ctx context.Context, url string, tlsConfig *tls.Config) (*wsConn, error) {
	d := *dialer
	d.TLSClientConfig = tlsConfig
	var cork *corkConn
	d.NetDialContext = dialCorked(&cork)
	ws, resp, err := d.DialContext(ctx, url, nil)
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(wire.MaxFrameSize)
	return &wsConn{ws: ws, cork: cork}, nil
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

// write sends frame as one binary message, giving up after timeout. A
// failed write closes the connection: gorilla/websocket cannot write on it
// again, and the reader must see it gone.
func (w *wsConn) write(frame []byte, timeout time.Duration) error {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	_ = w.ws.SetWriteDeadline(time.Now().Add(timeout))
	err := w.ws.WriteMessage(websocket.BinaryMessage, frame)
	if err != nil {
		_ = w.ws.Close()
	}
	return err
}

// writeFrames sends frames as binary messages in one system call when it
// can (corkConn), giving up after timeout; a failure closes as write does.
func (w *wsConn) writeFrames(frames [][]byte, timeout time.Duration) error {
	if len(frames) == 1 || w.cork == nil {
		for _, f := range frames {
			if err := w.write(f, timeout); err != nil {
				return err
			}
		}
		return nil
	}
	w.wmu.Lock()
	defer w.wmu.Unlock()
	_ = w.ws.SetWriteDeadline(time.Now().Add(timeout))
	w.cork.cork()
	var err error
	for _, f := range frames {
		if err = w.ws.WriteMessage(websocket.BinaryMessage, f); err != nil {
			break
		}
	}
	if uerr := w.cork.uncork(); err == nil {
		err = uerr
	}
	if err != nil {
		_ = w.ws.Close()
	}
	return err
}

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

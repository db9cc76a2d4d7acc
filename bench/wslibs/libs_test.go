package wslibs

import (
	"bytes"
	"context"
	"net/http"
	"sync"

	coder "github.com/coder/websocket"
	gorilla "github.com/gorilla/websocket"
)

// wsConn is one WebSocket, of either library, used by one reader and one
// writer goroutine at most.
type wsConn interface {
	read() error // reads one whole message into the connection's buffer
	write(p []byte) error
	close()
}

// lib opens connections with one library, as client or as server.
type lib struct {
	name    string
	dial    func(url string) (wsConn, error)
	handler func(serve func(wsConn)) http.Handler
}

var libs = []lib{
	{"gorilla", dialGorilla, gorillaHandler},
	{"coder", dialCoder, coderHandler},
	// gorilla-4k is gorilla with coder's 4 KiB read buffer: it tells what
	// the library costs from what the buffer size costs.
	{"gorilla-4k", dialGorilla4k, gorillaHandler4k},
}

func libNamed(name string) lib {
	for _, l := range libs {
		if l.name == name {
			return l
		}
	}
	panic("no library " + name)
}

// gorilla/websocket, set up as internal/conn/transport.go sets it up.
var (
	gorillaDialer = &gorilla.Dialer{ReadBufferSize: 1024, WriteBufferPool: &sync.Pool{}}
	upgrader      = &gorilla.Upgrader{ReadBufferSize: 1024, WriteBufferPool: &sync.Pool{}}
)

var (
	gorillaDialer4k = &gorilla.Dialer{ReadBufferSize: 4096, WriteBufferPool: &sync.Pool{}}
	upgrader4k      = &gorilla.Upgrader{ReadBufferSize: 4096, WriteBufferPool: &sync.Pool{}}
)

func dialGorilla4k(url string) (wsConn, error) {
	ws, _, err := gorillaDialer4k.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	return &gorillaConn{ws: ws}, nil
}

func gorillaHandler4k(serve func(wsConn)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := upgrader4k.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		serve(&gorillaConn{ws: ws})
	})
}

type gorillaConn struct {
	ws  *gorilla.Conn
	buf bytes.Buffer
}

func dialGorilla(url string) (wsConn, error) {
	ws, _, err := gorillaDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	return &gorillaConn{ws: ws}, nil
}

func gorillaHandler(serve func(wsConn)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		serve(&gorillaConn{ws: ws})
	})
}

func (c *gorillaConn) read() error {
	_, r, err := c.ws.NextReader()
	if err != nil {
		return err
	}
	c.buf.Reset()
	_, err = c.buf.ReadFrom(r)
	return err
}

func (c *gorillaConn) write(p []byte) error { return c.ws.WriteMessage(gorilla.BinaryMessage, p) }
func (c *gorillaConn) close()               { _ = c.ws.Close() }

// coder/websocket, set up as internal/server/conn.go sets it up.
type coderConn struct {
	ws  *coder.Conn
	buf bytes.Buffer
}

func dialCoder(url string) (wsConn, error) {
	ws, _, err := coder.Dial(context.Background(), url, &coder.DialOptions{CompressionMode: coder.CompressionDisabled})
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(-1)
	return &coderConn{ws: ws}, nil
}

func coderHandler(serve func(wsConn)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := coder.Accept(w, r, &coder.AcceptOptions{CompressionMode: coder.CompressionDisabled})
		if err != nil {
			return
		}
		ws.SetReadLimit(-1)
		serve(&coderConn{ws: ws})
	})
}

func (c *coderConn) read() error {
	_, r, err := c.ws.Reader(context.Background())
	if err != nil {
		return err
	}
	c.buf.Reset()
	_, err = c.buf.ReadFrom(r)
	return err
}

func (c *coderConn) write(p []byte) error {
	return c.ws.Write(context.Background(), coder.MessageBinary, p)
}
func (c *coderConn) close() { _ = c.ws.CloseNow() }

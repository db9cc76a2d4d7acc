package conn

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/wire"
)

// closeServer accepts one WebSocket, echoes each message, and reports the
// status the client closed with.
func closeServer(t *testing.T) (url string, status <-chan websocket.StatusCode) {
	ch := make(chan websocket.StatusCode, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer ws.CloseNow()
		ws.SetReadLimit(1 << 20)
		for {
			typ, data, err := ws.Read(r.Context())
			if err != nil {
				ch <- websocket.CloseStatus(err)
				return
			}
			if err := ws.Write(r.Context(), typ, data); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http"), ch
}

func dialTest(t *testing.T, url string) *wsConn {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	w, err := dialWS(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.closeNow)
	return w
}

// A frame bigger than the read buffer and the pooled write buffer goes out
// and comes back whole.
func TestTransportRoundTripsBigFrames(t *testing.T) {
	url, _ := closeServer(t)
	w := dialTest(t, url)
	for _, n := range []int{10, readBufferSize - 1, readBufferSize + 1, 3 * 4096, 100 << 10} {
		frame := []byte(strings.Repeat("x", n))
		if err := w.write(frame, time.Second); err != nil {
			t.Fatal(err)
		}
		buf, err := w.readFrame()
		if err != nil {
			t.Fatal(err)
		}
		if buf.String() != string(frame) {
			t.Fatalf("%d bytes out, %d back", n, buf.Len())
		}
		releaseFrame(buf)
	}
}

// close sends the code the server sees (4001: reconnect, as tim-js-sdk).
func TestTransportCloseSendsCode(t *testing.T) {
	url, status := closeServer(t)
	w := dialTest(t, url)
	w.close(wire.CloseReconnect)
	select {
	case got := <-status:
		if got != wire.CloseReconnect {
			t.Fatalf("server saw close status %d, want %d", got, wire.CloseReconnect)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server saw no close")
	}
}

// A failed write closes the connection, so the reader sees it gone instead
// of reading on from a socket nothing can be written to.
func TestTransportFailedWriteClosesTheSocket(t *testing.T) {
	url, _ := closeServer(t)
	w := dialTest(t, url)
	read := make(chan error, 1)
	go func() {
		_, err := w.readFrame()
		read <- err
	}()
	if err := w.write([]byte("late"), -time.Second); err == nil {
		t.Fatal("a write past its deadline succeeded")
	}
	select {
	case err := <-read:
		if err == nil {
			t.Fatal("reader got a frame, want the socket closed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reader still blocked after a failed write")
	}
}

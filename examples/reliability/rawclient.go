package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// rawConn is a WebSocket speaking the wire protocol by hand, for the
// hostile-client rows: it sends what the SDK never would.
type rawConn struct {
	ws  *websocket.Conn
	srv *timtest.Server
	seq uint64

	a2, tinyID string
	instID     uint64
}

// dialRaw opens a socket to srv as tim-js-sdk does.
func dialRaw(ctx context.Context, srv *timtest.Server) (*rawConn, error) {
	url := fmt.Sprintf("%s%s?sdkappid=%d&instanceid=0123456789abcdef0123456789abcdef&platform=7", srv.URL, wire.PathBinary, srv.SDKAppID)
	ws, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(wire.MaxFrameSize)
	return &rawConn{ws: ws, srv: srv, seq: 1000}, nil
}

func (c *rawConn) close() { _ = c.ws.CloseNow() }

// head is the head of the next request: a session's after login, a guest's before.
func (c *rawConn) head(servcmd string) wire.Head {
	c.seq++
	if c.a2 != "" {
		return wire.SessionHead(c.srv.SDKAppID, c.a2, c.tinyID, c.instID, servcmd, c.seq, time.Now().Unix())
	}
	return wire.GuestHead(c.srv.SDKAppID, servcmd, c.seq, time.Now().Unix())
}

// call sends one request and reads frames until its reply, decoding the
// reply's body into resp when it succeeded; it returns the ErrorCode.
func (c *rawConn) call(ctx context.Context, h wire.Head, body, resp any) (int, error) {
	b, err := wire.EncodeFrame(&h, body)
	if err != nil {
		return 0, err
	}
	return c.callRaw(ctx, h.Seq, b, resp)
}

// callRaw sends b as it is and waits for the reply to sequence seq.
func (c *rawConn) callRaw(ctx context.Context, seq uint64, b []byte, resp any) (int, error) {
	if err := c.ws.Write(ctx, websocket.MessageBinary, b); err != nil {
		return 0, err
	}
	for {
		_, data, err := c.ws.Read(ctx)
		if err != nil {
			return 0, err
		}
		f, err := wire.DecodeFrame(data)
		if err != nil || f.Head.Seq != seq {
			continue // a push, or not ours
		}
		var st wire.Status
		if err := json.Unmarshal(f.Body, &st); err != nil {
			return 0, err
		}
		if st.ErrorCode == 0 && resp != nil {
			if err := json.Unmarshal(f.Body, resp); err != nil {
				return 0, err
			}
		}
		return st.ErrorCode, nil
	}
}

// callRawWithin is callRaw bounded by d: a server that drops a frame
// answers nothing, and the socket would only close at its login deadline.
func (c *rawConn) callRawWithin(ctx context.Context, d time.Duration, seq uint64, b []byte) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return c.callRaw(ctx, seq, b, nil)
}

// login logs in with userID and sig and returns the ErrorCode.
func (c *rawConn) login(ctx context.Context, userID, sig string) (int, error) {
	c.seq++
	h := wire.LoginHead(c.srv.SDKAppID, userID, sig, wire.CmdLogin, c.seq, time.Now().Unix())
	var resp wire.LoginResp
	code, err := c.call(ctx, h, wire.NewLoginReq(), &resp)
	if err == nil && code == 0 {
		c.a2, c.tinyID, c.instID = resp.A2Key, resp.TinyID, resp.InstID
	}
	return code, err
}

// waitClosed reads until the server closes the socket or d passes; it
// reports whether the socket closed and its close status.
func (c *rawConn) waitClosed(d time.Duration) (bool, websocket.StatusCode) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		if _, _, err := c.ws.Read(ctx); err != nil {
			if ctx.Err() != nil {
				return false, 0
			}
			return true, websocket.CloseStatus(err)
		}
	}
}

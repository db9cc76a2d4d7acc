// Package hostile is a fake Tencent IM WebSocket server for the SDK's tests:
// it speaks the wire protocol well enough to log a client in and let it join
// a live room, and lets a test answer any request in any way a broken or
// malicious server might (huge intervals, malformed items, no reply at all,
// garbage bytes, pushes nobody asked for).
//
// It listens on loopback only. A test scripts it with a Handler; Plausible
// answers what the test leaves alone.
package hostile

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/wire"
)

// Handler answers one client frame. It runs on the socket's reader, in
// order; it may reply zero or more times through c.
type Handler func(c *Conn, f *wire.Frame)

// Server is a running fake server.
type Server struct {
	// URL is the WebSocket base, ws://127.0.0.1:PORT, for tim.WithServerURL.
	URL string

	hs       *httptest.Server
	handler  atomic.Pointer[Handler]
	accepted atomic.Int64
	frames   atomic.Int64

	mu    sync.Mutex
	conns map[*Conn]struct{}
	seen  map[string]int // servcmd -> frames received
}

// New starts a server that answers every frame with h (nil: Plausible).
func New(h Handler) *Server {
	s := &Server{conns: map[*Conn]struct{}{}, seen: map[string]int{}}
	s.SetHandler(h)
	s.hs = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = "ws" + strings.TrimPrefix(s.hs.URL, "http")
	return s
}

// SetHandler replaces the handler for the frames still to come (nil: Plausible).
func (s *Server) SetHandler(h Handler) {
	if h == nil {
		h = Plausible
	}
	s.handler.Store(&h)
}

// Accepted is how many WebSockets the server has accepted.
func (s *Server) Accepted() int64 { return s.accepted.Load() }

// Frames is how many client frames the server has read.
func (s *Server) Frames() int64 { return s.frames.Load() }

// Count is how many frames with servcmd the server has read.
func (s *Server) Count(servcmd string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[servcmd]
}

// Open is how many sockets are open now.
func (s *Server) Open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// CloseConnections drops every open socket abruptly and returns how many.
func (s *Server) CloseConnections() int {
	s.mu.Lock()
	conns := make([]*Conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.Drop()
	}
	return len(conns)
}

// Close drops every socket and stops the server.
func (s *Server) Close() {
	s.CloseConnections()
	s.hs.Close()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(wire.MaxFrameSize)
	s.accepted.Add(1)
	c := &Conn{ws: ws, Query: r.URL.Query().Encode(), Path: r.URL.Path}
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Drop()
	}()
	for {
		_, data, err := ws.Read(context.Background())
		if err != nil {
			return
		}
		s.frames.Add(1)
		f, err := wire.DecodeFrame(data)
		if err != nil {
			continue // a hostile server does not care
		}
		s.mu.Lock()
		s.seen[f.Head.Servcmd]++
		s.mu.Unlock()
		(*s.handler.Load())(c, f)
	}
}

// Conn is one client socket as the server sees it.
type Conn struct {
	ws    *websocket.Conn
	Query string // the connect URL's query, encoded
	Path  string // the connect URL's path (/binfo or /info)

	mu       sync.Mutex // one writer at a time
	pushSeq  atomic.Uint64
	tinyID   atomic.Uint64
	sessions atomic.Int64
}

// Reply answers f with body (a struct, json.RawMessage or []byte; nil: {}),
// echoing f's head as the real server does.
func (c *Conn) Reply(f *wire.Frame, body any) error {
	out, err := wire.EncodeFrame(&f.Head, body)
	if err != nil {
		return err
	}
	return c.WriteRaw(out)
}

// ReplyRaw answers f with body bytes as they are, valid JSON or not.
func (c *Conn) ReplyRaw(f *wire.Frame, body []byte) error {
	return c.Reply(f, json.RawMessage(body))
}

// Push sends a frame that answers nothing (servcmd e.g. wire.CmdMsgPush)
// with body as Reply takes it.
func (c *Conn) Push(servcmd string, body any) error {
	h := wire.PushHead(servcmd, c.pushSeq.Add(1), 0)
	return c.Reply(&wire.Frame{Head: h}, body)
}

// WriteRaw sends data as one binary WebSocket message, whatever it holds.
func (c *Conn) WriteRaw(data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.Write(context.Background(), websocket.MessageBinary, data)
}

// Drop closes the socket without a close handshake.
func (c *Conn) Drop() { _ = c.ws.CloseNow() }

// Plausible answers as a minimal honest server: wslogin with an A2, a TinyId
// and an instance ID; a live-room join in poll mode (LongPollingKey "key");
// get_msg with an empty batch after no wait; everything else with a generic OK.
func Plausible(c *Conn, f *wire.Frame) {
	_ = c.Reply(f, PlausibleBody(c, f))
}

// PlausibleBody is the body Plausible would answer f with, for a handler
// that changes one field of it.
func PlausibleBody(c *Conn, f *wire.Frame) any {
	switch f.Head.Servcmd {
	case wire.CmdLogin:
		return LoginOK(c)
	case wire.CmdApplyJoin, wire.CmdApplyJoinNoAuth:
		var req wire.ApplyJoinReq
		_ = json.Unmarshal(f.Body, &req)
		return &wire.ApplyJoinResp{Status: wire.OK(), JoinedStatus: wire.JoinedSuccess, HugeGroupFlag: 1,
			LongPollingKey: "key"}
	case wire.CmdGetMsg, wire.CmdGetMsgNoAuth:
		var req wire.GetMsgReq
		_ = json.Unmarshal(f.Body, &req)
		return &wire.GetMsgResp{Status: wire.OK(), Key: "key", NextSeq: max(req.StartSeq, 1)}
	default:
		return wire.OK()
	}
}

// LoginOK is a successful wslogin reply; the A2 changes with every login on c.
func LoginOK(c *Conn) *wire.LoginResp {
	n := c.sessions.Add(1)
	c.tinyID.CompareAndSwap(0, 144115200000000001)
	return &wire.LoginResp{Status: wire.OK(), A2Key: "a2-" + itoa(n), TinyID: itoa(int64(c.tinyID.Load())),
		InstID: 1, HelloInterval: 120}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

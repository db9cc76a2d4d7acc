package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
)

// Test clients speak the wire protocol the way tim-js-sdk does, over real
// WebSockets, with frames built by internal/wire.

const testTimeout = 5 * time.Second

// newServer starts an emulator with short timings for tests.
func newServer(t testing.TB, opts timtest.Options) *timtest.Server {
	t.Helper()
	if opts.PollHold == 0 {
		opts.PollHold = time.Second
	}
	return timtest.NewServerT(t, opts)
}

// newRoom creates a room and returns its ID.
func newRoom(t testing.TB, srv *timtest.Server) string {
	t.Helper()
	id, err := srv.CreateRoom(ctx(t), "", "Live Room")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return c
}

// client is one SDK instance's socket.
type client struct {
	t   testing.TB
	srv *timtest.Server
	ws  *websocket.Conn
	seq atomic.Uint64

	a2, tinyID string
	instID     uint64

	noAck      atomic.Bool // do not acknowledge pushes
	lastRandom uint32      // the Random of the last send

	mu       sync.Mutex
	pending  map[wire.ID]chan *wire.Frame
	pushes   chan *wire.Frame
	raw      chan rawFrame // every server frame, as received
	done     chan struct{}
	closeErr error
}

type rawFrame struct {
	typ  websocket.MessageType
	data []byte
}

type dialOpts struct {
	base     string // the server's URL by default (a faultproxy's, to go through it)
	path     string // wire.PathBinary by default
	compress bool
	url      string // the whole URL, when a test needs its own
}

func dial(t testing.TB, srv *timtest.Server) *client {
	return dialWith(t, srv, dialOpts{compress: true})
}

func dialWith(t testing.TB, srv *timtest.Server, o dialOpts) *client {
	t.Helper()
	if o.path == "" {
		o.path = wire.PathBinary
	}
	if o.base == "" {
		o.base = srv.URL
	}
	url := fmt.Sprintf("%s%s?sdkappid=%d&instanceid=0123456789abcdef0123456789abcdef&platform=7", o.base, o.path, srv.SDKAppID)
	if o.compress {
		url += "&compress=gzip"
	}
	if o.url != "" {
		url = o.url
	}
	ws, _, err := websocket.Dial(ctx(t), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(wire.MaxFrameSize)
	c := &client{t: t, srv: srv, ws: ws, pending: make(map[wire.ID]chan *wire.Frame),
		pushes: make(chan *wire.Frame, 1024), raw: make(chan rawFrame, 1024), done: make(chan struct{})}
	c.seq.Store(1000)
	go c.readLoop()
	t.Cleanup(func() { c.close() })
	return c
}

func (c *client) readLoop() {
	defer close(c.done)
	for {
		typ, data, err := c.ws.Read(context.Background())
		if err != nil {
			c.closeErr = err
			return
		}
		select {
		case c.raw <- rawFrame{typ, data}:
		default:
		}
		f, err := wire.DecodeFrame(data)
		if err != nil {
			c.t.Errorf("server sent an undecodable frame: %v: %q", err, data)
			continue
		}
		c.mu.Lock()
		ch := c.pending[f.Head.ID()]
		delete(c.pending, f.Head.ID())
		c.mu.Unlock()
		if ch != nil {
			ch <- f
			continue
		}
		c.ackPush(f)
		select {
		case c.pushes <- f:
		default:
			c.t.Errorf("push buffer full")
		}
	}
}

// ackPush acknowledges a push that asks for it, as tim-js-sdk does on
// receipt (wire-protocol.md 4.10), unless the test turned acks off.
func (c *client) ackPush(f *wire.Frame) {
	if c.noAck.Load() || f.Head.Servcmd != wire.CmdMsgPush {
		return
	}
	var p wire.MsgPush
	if json.Unmarshal(f.Body, &p) != nil || p.NeedAck != 1 {
		return
	}
	c.mu.Lock() // loginAs and relogin set the identity under mu
	h := wire.SessionHead(c.srv.SDKAppID, c.a2, c.tinyID, c.instID, wire.CmdPushAck, c.seq.Add(1), time.Now().Unix())
	c.mu.Unlock()
	b, err := wire.EncodeFrame(&h, wire.PushAckReq{SessionData: p.SessionData})
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	c.ws.Write(ctx, websocket.MessageBinary, b) // a closed socket is the test's business
}

func (c *client) close() { c.ws.CloseNow(); <-c.done }

// closed waits for the server to close the socket and returns its close status.
func (c *client) closed() websocket.StatusCode {
	c.t.Helper()
	select {
	case <-c.done:
		return websocket.CloseStatus(c.closeErr)
	case <-time.After(testTimeout):
		c.t.Fatal("the server did not close the socket")
		return 0
	}
}

// head builds the head tim-js-sdk would: session head after login, guest head before.
func (c *client) head(servcmd string) wire.Head {
	seq := c.seq.Add(1)
	now := time.Now().Unix()
	if c.a2 != "" {
		return wire.SessionHead(c.srv.SDKAppID, c.a2, c.tinyID, c.instID, servcmd, seq, now)
	}
	return wire.GuestHead(c.srv.SDKAppID, servcmd, seq, now)
}

// roundTrip sends one request and waits for its reply.
func (c *client) roundTrip(h wire.Head, body any) *wire.Frame {
	c.t.Helper()
	f, err := c.tryRoundTrip(h, body, testTimeout)
	if err != nil {
		c.t.Fatal(err)
	}
	return f
}

func (c *client) tryRoundTrip(h wire.Head, body any, timeout time.Duration) (*wire.Frame, error) {
	ch := make(chan *wire.Frame, 1)
	c.mu.Lock()
	c.pending[h.ID()] = ch
	c.mu.Unlock()
	c.write(h, body)
	select {
	case f := <-ch:
		return f, nil
	case <-time.After(timeout):
		c.mu.Lock()
		delete(c.pending, h.ID())
		c.mu.Unlock()
		return nil, fmt.Errorf("no reply to %s#%d within %v", h.Servcmd, h.Seq, timeout)
	}
}

func (c *client) write(h wire.Head, body any) {
	c.t.Helper()
	b, err := wire.EncodeFrame(&h, body)
	if err != nil {
		c.t.Fatal(err)
	}
	c.writeRaw(websocket.MessageBinary, b)
}

func (c *client) writeRaw(typ websocket.MessageType, b []byte) {
	c.t.Helper()
	if err := c.ws.Write(ctx(c.t), typ, b); err != nil {
		c.t.Fatal(err)
	}
}

// call sends servcmd with the client's head and decodes the reply into
// resp (may be nil); it returns the reply's ErrorCode.
func (c *client) call(servcmd string, body, resp any) int {
	c.t.Helper()
	f := c.roundTrip(c.head(servcmd), body)
	return decodeReply(c.t, f, resp)
}

func decodeReply(t testing.TB, f *wire.Frame, resp any) int {
	t.Helper()
	var st wire.Status
	if err := json.Unmarshal(f.Body, &st); err != nil {
		t.Fatalf("%s reply: %v", f.Head.Servcmd, err)
	}
	if resp != nil && st.ErrorCode == 0 {
		if err := json.Unmarshal(f.Body, resp); err != nil {
			t.Fatalf("%s reply: %v", f.Head.Servcmd, err)
		}
	}
	return st.ErrorCode
}

// mustCall is call that fails the test unless the reply succeeds.
func (c *client) mustCall(servcmd string, body, resp any) {
	c.t.Helper()
	if code := c.call(servcmd, body, resp); code != 0 {
		c.t.Fatalf("%s: ErrorCode %d", servcmd, code)
	}
}

// loginAs logs in with a UserSig and returns the reply's ErrorCode.
func (c *client) loginAs(userID, sig string) int {
	c.t.Helper()
	h := wire.LoginHead(c.srv.SDKAppID, userID, sig, wire.CmdLogin, c.seq.Add(1), time.Now().Unix())
	var resp wire.LoginResp
	code := decodeReply(c.t, c.roundTrip(h, wire.NewLoginReq()), &resp)
	if code == 0 {
		c.mu.Lock()
		c.a2, c.tinyID, c.instID = resp.A2Key, resp.TinyID, resp.InstID
		c.mu.Unlock()
	}
	return code
}

// login logs userID in with a valid UserSig.
func (c *client) login(userID string) {
	c.t.Helper()
	if code := c.loginAs(userID, c.srv.UserSig(userID)); code != 0 {
		c.t.Fatalf("login %s: ErrorCode %d", userID, code)
	}
}

// relogin is the re-login by A2 tim-js-sdk sends after a reconnect.
func (c *client) relogin() int {
	c.t.Helper()
	var resp wire.LoginResp
	code := c.call(wire.CmdLogin, wire.NewLoginReq(), &resp)
	if code == 0 {
		c.mu.Lock()
		c.instID = resp.InstID
		c.mu.Unlock()
	}
	return code
}

// join joins as a user (logged in) or a guest (not).
func (c *client) join(groupID string) wire.ApplyJoinResp {
	c.t.Helper()
	cmd := wire.CmdApplyJoinNoAuth
	if c.a2 != "" {
		cmd = wire.CmdApplyJoin
	}
	var resp wire.ApplyJoinResp
	c.mustCall(cmd, wire.ApplyJoinReq{GroupID: groupID, WebPushFlag: 1}, &resp)
	return resp
}

// nextRandom gives each test send its own Random: a repeated one is the
// same message (send_dedup.go).
var nextRandom atomic.Uint32

// send sends a text message and returns the reply's ErrorCode and MsgSeq.
func (c *client) send(groupID, text, priority string) (int, uint64) {
	c.t.Helper()
	p, _ := wire.NamedPriority(priority)
	c.lastRandom = nextRandom.Add(1)
	var resp wire.SendGroupMsgResp
	code := c.call(wire.CmdSendGroupMsg, wire.SendGroupMsgReq{
		FromAccount: "ignored", GroupID: groupID, Random: c.lastRandom, MsgPriority: p,
		MsgBody: []wire.Elem{wire.TextElem(text)}, MsgClientTime: time.Now().Unix(),
		OfflinePushInfo: wire.DefaultOfflinePushInfo(),
	}, &resp)
	return code, resp.MsgSeq
}

// poller long-polls one room as tim-js-sdk does, one request at a time.
type poller struct {
	c     *client
	key   string
	next  uint64
	guest bool
}

func (c *client) poller(resp wire.ApplyJoinResp) *poller {
	// tim-js-sdk's guests start from 0 ("from now on"); test pollers start
	// from the join's StartSeq so that nothing after the join is missed.
	return &poller{c: c, key: resp.LongPollingKey, guest: c.a2 == "", next: resp.StartSeq}
}

func (p *poller) cmd() string {
	if p.guest {
		return wire.CmdGetMsgNoAuth
	}
	return wire.CmdGetMsg
}

// poll sends one get_msg and waits for its reply; it moves the poller on.
func (p *poller) poll() *wire.GetMsgResp {
	p.c.t.Helper()
	var resp wire.GetMsgResp
	code := p.c.call(p.cmd(), wire.GetMsgReq{USP: 1, StartSeq: p.next, HoldTime: wire.DefaultHoldTime, Key: p.key}, &resp)
	if code != 0 {
		p.c.t.Fatalf("get_msg: ErrorCode %d", code)
	}
	if resp.Key != p.key {
		p.c.t.Fatalf("get_msg Key %q, want %q", resp.Key, p.key)
	}
	p.next = resp.NextSeq
	return &resp
}

// until polls until pred accepts an item, returning it.
func (p *poller) until(pred func(*wire.Item) bool) *wire.Item {
	p.c.t.Helper()
	deadline := time.Now().Add(testTimeout)
	for time.Now().Before(deadline) {
		for _, it := range p.poll().RspMsgList {
			if pred(it) {
				return it
			}
		}
	}
	p.c.t.Fatal("no matching item")
	return nil
}

// nextPush waits for a push frame with servcmd.
func (c *client) nextPush(servcmd string) *wire.Frame {
	c.t.Helper()
	deadline := time.After(testTimeout)
	for {
		select {
		case f := <-c.pushes:
			if f.Head.Servcmd == servcmd {
				return f
			}
		case <-deadline:
			c.t.Fatalf("no %s push", servcmd)
			return nil
		}
	}
}

// pushedItems waits for the next msg_push and returns its items with the
// outer Event of each.
func (c *client) pushedItems() (items []*wire.Item, events []int) {
	c.t.Helper()
	f := c.nextPush(wire.CmdMsgPush)
	var body wire.MsgPush
	if err := json.Unmarshal(f.Body, &body); err != nil {
		c.t.Fatal(err)
	}
	for _, e := range body.EventArray {
		for _, it := range append(e.GroupMsgArray, e.GroupTips...) {
			items = append(items, it)
			events = append(events, e.Event)
		}
	}
	return items, events
}

// untilPushed waits for a pushed item pred accepts.
func (c *client) untilPushed(pred func(*wire.Item) bool) *wire.Item {
	c.t.Helper()
	for {
		items, _ := c.pushedItems()
		for _, it := range items {
			if pred(it) {
				return it
			}
		}
	}
}

// Item predicates.
func isTip(op int) func(*wire.Item) bool {
	return func(it *wire.Item) bool { return it.MsgBody.Tip != nil && it.MsgBody.Tip.OpType == op }
}

func isText(text string) func(*wire.Item) bool {
	return func(it *wire.Item) bool {
		for _, e := range it.MsgBody.Elems {
			if e.MsgType == wire.ElemText && bytes.Contains(e.MsgContent, []byte(text)) {
				return true
			}
		}
		return false
	}
}

func isNotice(reportType int) func(*wire.Item) bool {
	return func(it *wire.Item) bool {
		return it.MsgBody.Notice != nil && it.MsgBody.Notice.ReportType == reportType
	}
}

// restCode returns the Tencent code of a REST error (0 for nil).
func restCode(t testing.TB, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	e, ok := err.(*restapi.Error)
	if !ok {
		t.Fatalf("not a REST error: %v", err)
	}
	return int(e.Code)
}

func textOf(it *wire.Item) string {
	var b strings.Builder
	for _, e := range it.MsgBody.Elems {
		if c, err := e.Content(); err == nil {
			if tc, ok := c.(*wire.TextContent); ok {
				b.WriteString(tc.Text)
			}
		}
	}
	return b.String()
}

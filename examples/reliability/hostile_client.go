package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
	"github.com/tim-go/sdk/types"
)

// hostileClients are the rows where raw sockets (or HTTP requests) send
// the emulator what no SDK would. Each ends by checking the emulator is
// still healthy: an SDK instance logs in, joins and receives.
func hostileClients() []scenario {
	return []scenario{
		{key: "garbage-frames", fault: "random bytes as binary and text frames on 10 sockets",
			must: "sockets closed or errors answered, no panic, emulator healthy", run: runGarbageFrames},
		{key: "frame-10mb", fault: "one 10 MB frame", must: "socket closed (over the 128 KiB frame limit), emulator healthy", run: runFrame10MB},
		{key: "nested-json", fault: "a frame nested 100k deep (over the limit) and 60k deep (under it)",
			must: "refused, no panic, emulator healthy", run: runNestedJSON},
		{key: "forged-usersig", fault: "login with a UserSig signed by another key", must: "login refused (70xxx), emulator healthy",
			run: func(sz size) *outcome { return runUserSig(sz, false) }},
		{key: "expired-usersig", fault: "login with a UserSig that expired an hour ago", must: "70001, emulator healthy",
			run: func(sz size) *outcome { return runUserSig(sz, true) }},
		{key: "slowloris", fault: "HTTP upgrade requests sent a byte every 200 ms (20 sockets; long 200)",
			must: "each closed by the header deadline (≤ 15 s); a normal client served meanwhile", run: runSlowloris},
		{key: "identifier-48", fault: "login as a 48-byte UserID with a valid UserSig", must: "70402, emulator healthy", run: runIdentifier48},
		{key: "head-dup-keys", fault: "a login head with a repeated JSON key", must: "refused, never logged in", run: runHeadDupKeys},
		{key: "guest-flood", fault: "one address (loopback with LimitLoopback) opening sockets and joining as guests over and over",
			must: "sockets capped (429), guests capped (60018), online count at the cap", run: runGuestFlood},
		{key: "silent-sockets", fault: "sockets that never log in (200; long 2,000), login deadline 2 s",
			must: "every one closed by the deadline (≤ 7 s)", run: runSilentSockets},
		{key: "debug-endpoints", fault: "/debug/ requests: disabled (the program's default), loopback, token",
			must: "404 disabled; 200 from loopback; 403 without the token, 200 with it", run: runDebugEndpoints},
		{key: "dup-random", fault: "the same send retried with the same Random, over WS and REST send_group_msg",
			must: "one room message (one MsgSeq) each", run: runDupRandom},
	}
}

// emulator starts an emulator for a hostile-client row.
func emulator(opts timtest.Options) *timtest.Server {
	if opts.PollHold == 0 {
		opts.PollHold = 2 * time.Second
	}
	return timtest.NewServer(opts)
}

// healthCheck is a normal client after the attack: an SDK instance logs
// in, joins a new room and receives a message sent over REST.
func healthCheck(srv *timtest.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	room, err := srv.CreateRoom(ctx, "", "Health")
	if err != nil {
		return fmt.Errorf("create room: %w", err)
	}
	v := &viewer{got: map[int]int{}}
	v.t = tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer func() {
		dctx, dcancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer dcancel()
		_ = v.t.Destroy(dctx)
	}()
	tim.On(v.t, tim.MessageReceived, v.receive)
	if err := v.join(ctx, srv, "healthy", room); err != nil {
		return fmt.Errorf("login and join: %w", err)
	}
	if _, err := srv.SendText(ctx, room, "", textPrefix+"1", "Normal"); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	if _, ok := waitUntil(10*time.Second, func() bool { v.mu.Lock(); defer v.mu.Unlock(); return v.got[1] > 0 }); !ok {
		return fmt.Errorf("the message did not arrive")
	}
	return nil
}

// finish checks the emulator's health and panic count into o.
func finish(o *outcome, srv *timtest.Server) *outcome {
	o.check(srv.Stats().Panics == 0, "%d handler panics", srv.Stats().Panics)
	if err := healthCheck(srv); err != nil {
		o.failf("not healthy afterwards: %v", err)
	}
	return o
}

func runGarbageFrames(sz size) *outcome {
	o := newOutcome()
	srv := emulator(timtest.Options{})
	defer srv.Close()
	ctx, cancel := rowContext(30 * time.Second)
	defer cancel()
	rng := rand.New(rand.NewPCG(11, 11))
	closed := 0
	for i := range 10 {
		c, err := dialRaw(ctx, srv)
		if err != nil {
			return o.failf("dial: %v", err)
		}
		typ := websocket.MessageBinary
		if i%2 == 1 {
			typ = websocket.MessageText
		}
		for range 50 {
			b := make([]byte, 1+rng.IntN(4096))
			for j := range b {
				b[j] = byte(rng.Uint32())
			}
			if c.ws.Write(ctx, typ, b) != nil {
				break
			}
		}
		if ok, _ := c.waitClosed(time.Second); ok {
			closed++
		}
		c.close()
	}
	o.notef("%d of 10 sockets closed by the emulator; %d bad frames counted", closed, srv.Stats().BadFrames)
	return finish(o, srv)
}

func runFrame10MB(sz size) *outcome {
	o := newOutcome()
	srv := emulator(timtest.Options{})
	defer srv.Close()
	ctx, cancel := rowContext(30 * time.Second)
	defer cancel()
	c, err := dialRaw(ctx, srv)
	if err != nil {
		return o.failf("dial: %v", err)
	}
	defer c.close()
	start := time.Now()
	werr := c.ws.Write(ctx, websocket.MessageBinary, bytes.Repeat([]byte{'{'}, 10<<20))
	ok, status := c.waitClosed(5 * time.Second)
	o.detect = time.Since(start)
	o.notef("write: %v; closed %v with status %d", werr, ok, status)
	o.check(ok || werr != nil, "the socket stayed open after a 10 MB frame")
	return finish(o, srv)
}

func runNestedJSON(sz size) *outcome {
	o := newOutcome()
	srv := emulator(timtest.Options{})
	defer srv.Close()
	ctx, cancel := rowContext(30 * time.Second)
	defer cancel()
	for _, depth := range []int{100_000, 60_000} {
		c, err := dialRaw(ctx, srv)
		if err != nil {
			return o.failf("dial: %v", err)
		}
		h := c.head(wire.CmdAlive)
		b, _ := wire.EncodeFrame(&h, wire.Empty{})
		nested := strings.Repeat("[", depth) + strings.Repeat("]", depth)
		frame := bytes.Replace(b, []byte(`"body":{}`), []byte(`"body":`+nested), 1)
		code, err := c.callRawWithin(ctx, 2*time.Second, h.Seq, frame)
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			o.notef("%dk deep (%d KiB): no reply in 2 s (frame dropped)", depth/1000, len(frame)>>10)
		case err != nil:
			o.notef("%dk deep (%d KiB): socket closed (%v)", depth/1000, len(frame)>>10, websocket.CloseStatus(err))
		case code != 0:
			o.notef("%dk deep (%d KiB): ErrorCode %d", depth/1000, len(frame)>>10, code)
		default:
			o.notef("%dk deep (%d KiB): answered OK (heartbeat.alive reads no body)", depth/1000, len(frame)>>10)
		}
		c.close()
	}
	return finish(o, srv)
}

func runUserSig(sz size, expired bool) *outcome {
	o := newOutcome()
	srv := emulator(timtest.Options{})
	defer srv.Close()
	ctx, cancel := rowContext(30 * time.Second)
	defer cancel()
	var sig string
	var err error
	if expired {
		sig, err = usersig.GenerateAt(srv.SDKAppID, srv.SecretKey, "alice", time.Minute, time.Now().Add(-time.Hour))
	} else {
		sig, err = usersig.Generate(srv.SDKAppID, strings.Repeat("f0", 32), "alice", time.Hour)
	}
	if err != nil {
		return o.failf("usersig: %v", err)
	}
	c, err := dialRaw(ctx, srv)
	if err != nil {
		return o.failf("dial: %v", err)
	}
	defer c.close()
	code, err := c.login(ctx, "alice", sig)
	if err != nil {
		return o.failf("login: %v", err)
	}
	o.notef("ErrorCode %d", code)
	if expired {
		o.check(code == int(types.ErrUserSigExpired), "want 70001")
	} else {
		o.check(code >= 70000 && code < 80000, "want a 70xxx refusal")
	}
	return finish(o, srv)
}

func runSlowloris(sz size) *outcome {
	o := newOutcome()
	srv := emulator(timtest.Options{})
	defer srv.Close()
	n := pick(sz, 20, 200)
	addr := strings.TrimPrefix(srv.URL, "ws://")
	req := fmt.Sprintf("GET %s?sdkappid=%d HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n", wire.PathBinary, srv.SDKAppID, addr)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var slowest time.Duration
	openAfter := 0
	for range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return o.failf("dial: %v", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			start := time.Now()
			for i := 0; ; i++ {
				_ = c.SetWriteDeadline(time.Now().Add(time.Second))
				if _, err := c.Write([]byte{req[i%len(req)]}); err != nil {
					break
				}
				// A peer that closed shows on a short read.
				_ = c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
				var b [512]byte
				if _, err := c.Read(b[:]); err != nil && !isTimeout(err) {
					break
				}
				if time.Since(start) > 20*time.Second {
					mu.Lock()
					openAfter++
					mu.Unlock()
					return
				}
			}
			mu.Lock()
			slowest = max(slowest, time.Since(start))
			mu.Unlock()
		}()
	}
	// A normal client while the slow ones hold their sockets.
	healthErr := healthCheck(srv)
	wg.Wait()
	o.detect = slowest
	o.notef("%d slow sockets; the last closed after %v (Detect); a normal client meanwhile: %v", n, slowest.Round(100*time.Millisecond), errText(healthErr))
	o.check(openAfter == 0, "%d slow sockets still open after 20 s", openAfter)
	o.check(slowest <= 15*time.Second, "closed only after %v", slowest)
	o.check(healthErr == nil, "a normal client was not served")
	return o
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

func errText(err error) string {
	if err == nil {
		return "served"
	}
	return err.Error()
}

func runIdentifier48(sz size) *outcome {
	o := newOutcome()
	srv := emulator(timtest.Options{})
	defer srv.Close()
	ctx, cancel := rowContext(30 * time.Second)
	defer cancel()
	id := strings.Repeat("u", 48)
	c, err := dialRaw(ctx, srv)
	if err != nil {
		return o.failf("dial: %v", err)
	}
	defer c.close()
	code, err := c.login(ctx, id, srv.UserSig(id))
	if err != nil {
		return o.failf("login: %v", err)
	}
	o.notef("ErrorCode %d", code)
	o.check(code == int(types.ErrAccountInvalidParameters), "want 70402")
	return finish(o, srv)
}

func runHeadDupKeys(sz size) *outcome {
	o := newOutcome()
	srv := emulator(timtest.Options{})
	defer srv.Close()
	ctx, cancel := rowContext(30 * time.Second)
	defer cancel()
	c, err := dialRaw(ctx, srv)
	if err != nil {
		return o.failf("dial: %v", err)
	}
	defer c.close()
	h := wire.LoginHead(srv.SDKAppID, "alice", srv.UserSig("alice"), wire.CmdLogin, 7, time.Now().Unix())
	b, _ := wire.EncodeFrame(&h, wire.NewLoginReq())
	// The identifier twice: which one a server reads is the parser's choice.
	frame := bytes.Replace(b, []byte(`"identifier":"alice"`), []byte(`"identifier":"alice","identifier":"admin"`), 1)
	code, err := c.callRawWithin(ctx, 2*time.Second, 7, frame)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		o.notef("no reply in 2 s (frame dropped as undecodable)")
	case err != nil:
		o.notef("socket closed (%v)", websocket.CloseStatus(err))
	default:
		o.notef("ErrorCode %d", code)
		o.check(code != 0, "logged in with a repeated key")
	}
	o.check(srv.Stats().Logins == 0, "%d logins", srv.Stats().Logins)
	return finish(o, srv)
}

func runGuestFlood(sz size) *outcome {
	o := newOutcome()
	maxConns, maxGuests := pick(sz, 100, 2000), pick(sz, 200, 2000)
	sockets, joinsPer := pick(sz, 120, 300), pick(sz, 4, 64)
	srv := emulator(timtest.Options{LimitLoopback: true, MaxConnsPerAddr: maxConns, MaxGuestsPerAddr: maxGuests})
	defer srv.Close()
	ctx, cancel := rowContext(2 * time.Minute)
	defer cancel()
	room, err := srv.CreateRoom(ctx, "", "Flood")
	if err != nil {
		return o.failf("room: %v", err)
	}
	var conns []*rawConn
	refused := 0
	for range sockets {
		c, err := dialRaw(ctx, srv)
		if err != nil {
			refused++ // 429 from the per-address cap
			continue
		}
		conns = append(conns, c)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range joinsPer {
				code, err := c.call(ctx, c.head(wire.CmdApplyJoinNoAuth), wire.ApplyJoinReq{GroupID: room, WebPushFlag: 1}, nil)
				if err != nil {
					code = -1
				}
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	online, err := srv.OnlineCount(ctx, room)
	for _, c := range conns {
		c.close()
	}
	if err != nil {
		return o.failf("online count: %v", err)
	}
	o.notef("%d sockets tried, %d refused (429); %d joins: %d OK, %d refused 60018; online %d (cap %d); before the limits: 19,200 guests from 300 sockets",
		sockets, refused, sockets*joinsPer, codes[0], codes[int(types.ErrRESTTooFrequent)], online, maxGuests)
	o.check(refused > 0 || sockets <= maxConns, "no socket refused")
	o.check(online <= maxGuests, "online %d over the cap %d", online, maxGuests)
	o.check(codes[int(types.ErrRESTTooFrequent)] > 0, "no join refused")
	if _, ok := waitUntil(5*time.Second, func() bool { return srv.Stats().Connections == 0 }); !ok {
		o.notef("%d sockets still open", srv.Stats().Connections)
	}
	return finish(o, srv)
}

func runSilentSockets(sz size) *outcome {
	o := newOutcome()
	const deadline = 2 * time.Second
	n := pick(sz, 200, 2000)
	srv := emulator(timtest.Options{LoginTimeout: deadline})
	defer srv.Close()
	ctx, cancel := rowContext(time.Minute)
	defer cancel()
	var conns []*rawConn
	for range n {
		c, err := dialRaw(ctx, srv)
		if err != nil {
			for _, c := range conns {
				c.close()
			}
			return o.failf("dial: %v", err)
		}
		conns = append(conns, c)
	}
	opened := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	open := 0
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := c.waitClosed(deadline + 5*time.Second); !ok {
				mu.Lock()
				open++
				mu.Unlock()
			}
			c.close()
		}()
	}
	wg.Wait()
	o.detect = time.Since(opened)
	o.notef("%d silent sockets; all handled %v after the last opened (Detect); %d still open", n, o.detect.Round(100*time.Millisecond), open)
	o.check(open == 0, "%d sockets outlived the login deadline by 5 s", open)
	return finish(o, srv)
}

func runDebugEndpoints(sz size) *outcome {
	o := newOutcome()
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	get := func(srv *timtest.Server, method, path, auth string) int {
		req, _ := http.NewRequest(method, srv.RESTURL+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := client.Do(req)
		if err != nil {
			return -1
		}
		res.Body.Close()
		return res.StatusCode
	}
	type want struct {
		name         string
		srv          *timtest.Server
		method, path string
		auth         string
		code         int
	}
	off := emulator(timtest.Options{DisableDebug: true})
	defer off.Close()
	lo := emulator(timtest.Options{})
	defer lo.Close()
	tok := emulator(timtest.Options{DebugToken: "s3cret"})
	defer tok.Close()
	for _, w := range []want{
		{"off: stats", off, "GET", "/debug/stats", "", 404},
		{"off: close_connections", off, "POST", "/debug/close_connections", "", 404},
		{"loopback: stats", lo, "GET", "/debug/stats", "", 200},
		{"token: none", tok, "GET", "/debug/stats", "", 403},
		{"token: wrong", tok, "GET", "/debug/stats", "Bearer wrong", 403},
		{"token: close_connections without it", tok, "POST", "/debug/close_connections", "", 403},
		{"token: right", tok, "GET", "/debug/stats", "Bearer s3cret", 200},
	} {
		got := get(w.srv, w.method, w.path, w.auth)
		o.check(got == w.code, "%s: HTTP %d, want %d", w.name, got, w.code)
	}
	o.notef("examples/emulator maps -debug / -debug-token onto these settings (DisableDebug unless -debug)")
	return finish(o, off)
}

func runDupRandom(sz size) *outcome {
	o := newOutcome()
	srv := emulator(timtest.Options{RoomMessageRate: -1})
	defer srv.Close()
	ctx, cancel := rowContext(30 * time.Second)
	defer cancel()
	room, err := srv.CreateRoom(ctx, "", "Dup")
	if err != nil {
		return o.failf("room: %v", err)
	}
	c, err := dialRaw(ctx, srv)
	if err != nil {
		return o.failf("dial: %v", err)
	}
	defer c.close()
	if code, err := c.login(ctx, "alice", srv.UserSig("alice")); err != nil || code != 0 {
		return o.failf("login: %d %v", code, err)
	}
	if _, err := c.call(ctx, c.head(wire.CmdApplyJoin), wire.ApplyJoinReq{GroupID: room, WebPushFlag: 1}, nil); err != nil {
		return o.failf("join: %v", err)
	}
	normal, _ := wire.NamedPriority("Normal")
	req := wire.SendGroupMsgReq{FromAccount: "alice", GroupID: room, Random: 424242, MsgPriority: normal,
		MsgBody: []wire.Elem{wire.TextElem("same")}, MsgClientTime: time.Now().Unix(), OfflinePushInfo: wire.DefaultOfflinePushInfo()}
	var seqs [2]uint64
	for i := range seqs {
		var resp wire.SendGroupMsgResp
		if code, err := c.call(ctx, c.head(wire.CmdSendGroupMsg), req, &resp); err != nil || code != 0 {
			return o.failf("WS send %d: %d %v", i, code, err)
		}
		seqs[i] = resp.MsgSeq
	}
	var rest [2]uint64
	for i := range rest {
		resp, err := srv.SendGroupMsg(ctx, restapi.SendGroupMsgRequest{GroupID: room, Random: 777,
			MsgBody: []restapi.MsgElement{restapi.TextElem("same over REST")}})
		if err != nil {
			return o.failf("REST send %d: %v", i, err)
		}
		rest[i] = resp.MsgSeq
	}
	o.dup = 0
	if seqs[0] != seqs[1] {
		o.dup++
	}
	if rest[0] != rest[1] {
		o.dup++
	}
	o.notef("WS MsgSeq %d, %d; REST MsgSeq %d, %d; before the fix: two messages each", seqs[0], seqs[1], rest[0], rest[1])
	o.check(o.dup == 0, "a retried send became two messages")
	return finish(o, srv)
}

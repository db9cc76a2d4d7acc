package main

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tim-go/sdk/internal/faultproxy"
	"github.com/tim-go/sdk/internal/hostile"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// hostileServers are the rows where the server (internal/hostile's fake,
// or the emulator given a wrong SDKAppID) is what cannot be trusted.
func hostileServers() []scenario {
	return []scenario{
		{key: "open-then-die", fault: "a server answers login, then drops the socket 50 ms later, for 18 s (short: 5 s)",
			must: "sockets opened ≤ 20 in 18 s (short: ≤ 10 in 5 s)", run: runOpenThenDie},
		{key: "reset-on-accept", fault: "a load balancer that accepts and resets (proxy ResetOnAccept) for 18 s (short: 5 s)",
			must: "sockets opened ≤ 20 in 18 s (short: ≤ 10 in 5 s); back once the path works", run: runResetOnAccept},
		{key: "hello-interval", fault: "login reply with HelloInterval 2^62",
			must: "no hot loop: ≤ 2 wshello in 10 s (short: 3 s), goroutines bounded", run: runHelloInterval},
		{key: "server-values", fault: "login replies with TimeStamp 2^63-1, a 1 MB A2Key, a 1 MB TinyId",
			must: "login refused with a *tim.Error or the value clamped; no panic; heap bounded", run: runServerValues},
		{key: "bad-item", fault: "one malformed item among good ones in a poll reply (guest and logged in)",
			must: "the good items delivered; ≤ 10 joins in 3 s", run: runBadItem},
		{key: "sdkappid-wrong", fault: "Login with a wrong SDKAppID against the emulator",
			must: "*tim.Error 70020 within 5 s", run: runSDKAppIDWrong},
		{key: "login-never-answers", fault: "a server that never answers wslogin",
			must: "*tim.Error 2801 when the caller's 3 s deadline passes, not a bare context error", run: func(sz size) *outcome {
				return runLoginError(sz, nil, types.ErrNetworkTimeout)
			}},
		{key: "login-garbage", fault: "a server answering wslogin with a body that is a JSON string (an HTML error page)",
			must: "*tim.Error with a Tencent code, not a bare context error", run: func(sz size) *outcome {
				return runLoginError(sz, func(c *hostile.Conn, f *wire.Frame) { _ = c.ReplyRaw(f, []byte(`"<html>502</html>"`)) }, 0)
			}},
		{key: "zlib-bomb", fault: "a COMP push that inflates to 1 GB",
			must: "the SDK refuses it; heap bounded (peak < +64 MiB); still usable", run: runZlibBomb},
	}
}

// hostileClient starts a fake server scripted by h and an instance
// pointed at url (the server's if empty); close ends both.
func hostileClient(h hostile.Handler, url string, opts ...tim.Option) (*hostile.Server, *tim.TIM, func()) {
	srv := hostile.New(h)
	if url == "" {
		url = srv.URL
	}
	opts = append([]tim.Option{tim.WithProxyServer(url), tim.WithRequestTimeout(2 * time.Second)}, opts...)
	tm := tim.New(timtest.DefaultSDKAppID, opts...)
	return srv, tm, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tm.Destroy(ctx)
		srv.Close()
	}
}

func login(tm *tim.TIM, d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return tm.Login(ctx, "alice", "sig")
}

// backoffOption is the back-off of the back-off rows: shorter than the
// SDK's default 200 ms…20 s so that recovery fits a short run, long
// enough that a back-off that grows shows (one that restarts at its
// minimum per socket opens 100+ sockets in 18 s).
var backoffOption = tim.WithReconnectBackoff(100*time.Millisecond, 3*time.Second)

// backoffWindow is how long reconnects are counted in the back-off rows.
func backoffWindow(sz size) (time.Duration, int64) {
	return pick(sz, 5*time.Second, 18*time.Second), pick(sz, int64(10), int64(20))
}

func runOpenThenDie(sz size) *outcome {
	o := newOutcome()
	srv, tm, closeAll := hostileClient(func(c *hostile.Conn, f *wire.Frame) {
		hostile.Plausible(c, f)
		if f.Head.Servcmd == wire.CmdLogin {
			time.AfterFunc(50*time.Millisecond, c.Drop)
		}
	}, "", backoffOption)
	defer closeAll()
	if err := login(tm, 5*time.Second); err != nil {
		return o.failf("first login: %v", err)
	}
	window, limit := backoffWindow(sz)
	start := srv.Accepted()
	time.Sleep(window)
	n := srv.Accepted() - start
	o.notef("%d sockets opened in %v (back-off 100 ms…3 s); before the fix: 113 in 18 s", n, window)
	o.check(n <= limit, "%d sockets in %v, want ≤ %d", n, window, limit)
	return o
}

func runResetOnAccept(sz size) *outcome {
	o := newOutcome()
	fake := hostile.New(nil)
	defer fake.Close()
	px, url, err := faultproxy.ForURL(fake.URL)
	if err != nil {
		return o.failf("setup: %v", err)
	}
	defer px.Close()
	_, tm, closeAll := hostileClient(nil, url, backoffOption)
	defer closeAll()
	if err := login(tm, 5*time.Second); err != nil {
		return o.failf("login: %v", err)
	}
	window, limit := backoffWindow(sz)
	px.ResetOnAccept(true)
	start := px.Accepted()
	px.Cut()
	time.Sleep(window)
	n := px.Accepted() - start
	o.check(n <= limit, "%d sockets in %v, want ≤ %d", n, window, limit)
	logins := fake.Count(wire.CmdLogin)
	px.ResetOnAccept(false)
	back, ok := waitUntil(25*time.Second, func() bool { return fake.Count(wire.CmdLogin) > logins && tm.IsReady() })
	if ok {
		o.recover = back
	}
	o.check(ok, "not logged in again within 25 s of the path working")
	o.notef("%d sockets opened in %v (back-off 100 ms…3 s); Recover: from the path working until logged in again; before the fix: 110–117 in 3 s", n, window)
	return o
}

func runHelloInterval(sz size) *outcome {
	o := newOutcome()
	base, _ := snapshot()
	srv, tm, closeAll := hostileClient(loginReplying(func(r *wire.LoginResp) { r.HelloInterval = 1 << 62 }), "")
	defer closeAll()
	if err := login(tm, 5*time.Second); err != nil {
		return o.failf("login: %v", err)
	}
	window := pick(sz, 3*time.Second, 10*time.Second)
	hellos := srv.Count(wire.CmdHello)
	stop := make(chan struct{})
	peak := peakHeap(stop)
	maxG := 0
	waitUntil(window, func() bool { maxG = max(maxG, numGoroutine()); return false })
	close(stop)
	n := srv.Count(wire.CmdHello) - hellos
	o.notef("%d wshello in %v, at most %d goroutines (%d before), heap peak %s; before the fix: 567k goroutines, 843 MiB",
		n, window, maxG, base, mibs(<-peak))
	o.check(n <= 2, "%d wshello frames in %v", n, window)
	o.check(maxG <= base+50, "goroutines rose to %d from %d", maxG, base)
	return o
}

// loginReplying answers wslogin with LoginOK changed by mod, everything
// else plausibly.
func loginReplying(mod func(*wire.LoginResp)) hostile.Handler {
	return func(c *hostile.Conn, f *wire.Frame) {
		if f.Head.Servcmd != wire.CmdLogin {
			hostile.Plausible(c, f)
			return
		}
		r := hostile.LoginOK(c)
		mod(r)
		_ = c.Reply(f, r)
	}
}

func runServerValues(sz size) *outcome {
	o := newOutcome()
	long := strings.Repeat("7", 1<<20)
	_, before := snapshot()
	stop := make(chan struct{})
	peak := peakHeap(stop)
	for _, tc := range []struct {
		name string
		mod  func(*wire.LoginResp)
	}{
		{"TimeStamp 2^63-1", func(r *wire.LoginResp) { r.TimeStamp = 1<<63 - 1 }},
		{"TimeStamp -2^63", func(r *wire.LoginResp) { r.TimeStamp = -1 << 63 }},
		{"A2Key 1 MB", func(r *wire.LoginResp) { r.A2Key = long }},
		{"TinyId 1 MB", func(r *wire.LoginResp) { r.TinyID = long }},
		{"HelloInterval -1", func(r *wire.LoginResp) { r.HelloInterval = -1 }},
	} {
		_, tm, closeAll := hostileClient(loginReplying(tc.mod), "")
		err := login(tm, 5*time.Second)
		var te *tim.Error
		switch {
		case err == nil:
			o.notef("%s: logged in (clamped or harmless)", tc.name)
		case errors.As(err, &te):
			o.notef("%s: refused %d", tc.name, te.Code)
		default:
			o.failf("%s: %v is no *tim.Error", tc.name, err)
		}
		closeAll()
	}
	close(stop)
	p := <-peak
	o.notef("heap peak +%s", mibs(p-min(p, before)))
	o.check(p < before+128*mib, "heap peak %s", mibs(p))
	return o
}

const hostileRoom = "@TGS#aHOSTILE"

// roomItem is a well-formed text item of hostileRoom.
func roomItem(seq uint64) json.RawMessage {
	it := &wire.Item{Event: wire.EventGroupMsg, ToGroupID: hostileRoom, MsgSeq: seq, MsgRandom: uint32(seq) + 1000,
		MsgTimeStamp: time.Now().Unix(), FromAccount: "alice", TinyID: "144115200000000001",
		MsgBody: wire.ItemBody{Elems: []wire.Elem{wire.TextElem(textPrefix + fmt.Sprint(seq))}}}
	b, err := json.Marshal(it)
	if err != nil {
		panic(err)
	}
	return b
}

func runBadItem(sz size) *outcome {
	o := newOutcome()
	o.lost, o.dup = 0, 0
	// A guest and a logged-in viewer, each against its own server, at once.
	var results [2]badItemResult
	var wg sync.WaitGroup
	for i, guest := range []bool{false, true} {
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = badItemViewer(guest) }()
	}
	wg.Wait()
	for _, r := range results {
		if r.err != nil {
			o.failf("%s: %v", r.who, r.err)
			continue
		}
		o.lost += 2 - min(r.got, 2)
		o.dup += r.dups
		o.notef("%s: %d of 2 good items, %d joins and %d polls in 3 s, %d ERROR events", r.who, r.got, r.joins, r.polls, r.errs)
		o.check(r.got == 2, "%s: good items lost", r.who)
		o.check(r.joins <= 10, "%s: %d joins in 3 s", r.who, r.joins)
	}
	o.notef("before the fix: 15,882 joins in 3 s")
	return o
}

type badItemResult struct {
	who                           string
	got, dups, joins, polls, errs int
	err                           error
}

// badItemViewer joins a fake room whose first poll reply holds a
// malformed item between two good ones, and watches it for 3 s.
func badItemViewer(guest bool) badItemResult {
	r := badItemResult{who: map[bool]string{false: "logged in", true: "guest"}[guest]}
	bad := json.RawMessage(`{"Event":3,"ToGroupId":"` + hostileRoom + `","MsgSeq":"two","MsgRandom":1,"MsgBody":5}`)
	var polls atomic.Int64
	h := func(c *hostile.Conn, f *wire.Frame) {
		switch f.Head.Servcmd {
		case wire.CmdGetMsg, wire.CmdGetMsgNoAuth:
			if polls.Add(1) == 1 {
				_ = c.Reply(f, wire.AppendGetMsgResp(nil, "key", 4, []json.RawMessage{roomItem(1), bad, roomItem(3)}))
				return
			}
			// An honest empty reply, held as a server holds a long poll.
			time.AfterFunc(300*time.Millisecond, func() { hostile.Plausible(c, f) })
		default:
			hostile.Plausible(c, f)
		}
	}
	srv, tm, closeAll := hostileClient(h, "")
	defer closeAll()
	v := &viewer{guest: guest, got: map[int]int{}}
	tim.On(tm, tim.MessageReceived, v.receive)
	var errs atomic.Int64
	tim.On(tm, tim.ErrorEvent, func(*tim.Error) { errs.Add(1) })
	if !guest {
		if r.err = login(tm, 5*time.Second); r.err != nil {
			return r
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, r.err = tm.JoinGroup(ctx, hostileRoom); r.err != nil {
		return r
	}
	time.Sleep(3 * time.Second)
	r.joins = srv.Count(wire.CmdApplyJoin) + srv.Count(wire.CmdApplyJoinNoAuth)
	r.polls, r.errs = int(polls.Load()), int(errs.Load())
	v.mu.Lock()
	defer v.mu.Unlock()
	r.got = len(v.got)
	for _, c := range v.got {
		r.dups += max(c-1, 0)
	}
	return r
}

func runSDKAppIDWrong(sz size) *outcome {
	o := newOutcome()
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	tm := tim.New(srv.SDKAppID+1, tim.WithProxyServer(srv.URL))
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tm.Destroy(ctx)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5500*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := tm.Login(ctx, "alice", srv.UserSig("alice"))
	o.detect = time.Since(start)
	var te *tim.Error
	ok := errors.As(err, &te) && te.Code == types.ErrUserSigAppMissing
	o.notef("Login returned %v after %v (Detect); sockets opened %d", err, o.detect.Round(time.Millisecond), srv.Stats().ConnectionsOpened)
	o.check(ok && o.detect < 5*time.Second, "want *tim.Error 70020 within 5 s")
	return o
}

// runLoginError logs in against a server answering wslogin with reply
// (nil: never) and wants a *tim.Error (of code want, if not 0).
func runLoginError(sz size, reply func(c *hostile.Conn, f *wire.Frame), want types.Code) *outcome {
	o := newOutcome()
	_, tm, closeAll := hostileClient(func(c *hostile.Conn, f *wire.Frame) {
		if f.Head.Servcmd == wire.CmdLogin {
			if reply != nil {
				reply(c, f)
			}
			return
		}
		hostile.Plausible(c, f)
	}, "")
	defer closeAll()
	start := time.Now()
	err := login(tm, 3*time.Second)
	o.detect = time.Since(start)
	var te *tim.Error
	switch {
	case errors.As(err, &te) && (want == 0 || te.Code == want):
		o.notef("Login returned *tim.Error %d (%s) after %v", te.Code, te.Message, o.detect.Round(time.Millisecond))
	default:
		o.failf("Login returned %v (%T), want a *tim.Error %d", err, err, want)
	}
	return o
}

var (
	bombOnce sync.Once
	bomb     []byte
)

// bombSize is what the zlib bomb inflates to.
const bombSize = 1 << 30

// zlibBomb is a COMP push frame whose zlib stream inflates to 1 GiB of
// JSON whitespace in about 1.3 MB, under the SDK's 4 MiB read limit.
// Deflating 1 GiB takes seconds (tens under the race detector), so it is
// built from one deflated MiB: once the window holds only spaces, the
// flushed blocks of the next MiB decode the same wherever they stand, so
// they are repeated, and the Adler-32 of the whole is computed, not hashed.
func zlibBomb() []byte {
	bombOnce.Do(func() { bomb = buildBomb(bombSize) })
	return bomb
}

// buildBomb is a COMP frame inflating to size bytes of whitespace inside a
// push frame's JSON (size a multiple of a MiB).
func buildBomb(size uint64) []byte {
	h := wire.PushHead(wire.CmdMsgPush, 1, 0)
	head, _ := json.Marshal(h)
	prefix := []byte(`{"head":` + string(head) + `,"body":{`)
	suffix := []byte(`}}`)
	const chunk = 1 << 20
	spaces := bytes.Repeat([]byte{' '}, chunk)

	var d bytes.Buffer
	fw, _ := flate.NewWriter(&d, flate.BestSpeed)
	_, _ = fw.Write(prefix)
	_, _ = fw.Write(spaces)
	_ = fw.Flush()
	first := d.Len()
	_, _ = fw.Write(spaces)
	_ = fw.Flush()
	second := d.Len()
	_, _ = fw.Write(suffix)
	_ = fw.Close()
	raw := d.Bytes()

	var b bytes.Buffer
	b.WriteString("COMP")
	b.Write([]byte{0x78, 0x01}) // zlib header: deflate, 32 KiB window, fastest
	b.Write(raw[:first])
	for range size/chunk - 1 {
		b.Write(raw[first:second])
	}
	b.Write(raw[second:])
	sum := adlerRun(adler(1, prefix), ' ', size)
	sum = adler(sum, suffix)
	b.Write([]byte{byte(sum >> 24), byte(sum >> 16), byte(sum >> 8), byte(sum)})
	return b.Bytes()
}

const adlerMod = 65521

// adler continues an Adler-32 checksum over p.
func adler(sum uint32, p []byte) uint32 {
	a, b := uint64(sum&0xffff), uint64(sum>>16)
	for _, c := range p {
		a = (a + uint64(c)) % adlerMod
		b = (b + a) % adlerMod
	}
	return uint32(b<<16 | a)
}

// adlerRun continues an Adler-32 checksum over n bytes all equal to c:
// A grows by n·c, B by n·A + c·n(n+1)/2.
func adlerRun(sum uint32, c byte, n uint64) uint32 {
	a, b := uint64(sum&0xffff), uint64(sum>>16)
	nm := n % adlerMod
	tri := (n % (2 * adlerMod)) * ((n + 1) % (2 * adlerMod)) / 2 % adlerMod // n(n+1)/2, one factor even
	b = (b + nm*a + uint64(c)*tri) % adlerMod
	a = (a + nm*uint64(c)) % adlerMod
	return uint32(b<<16 | a)
}

func runZlibBomb(sz size) *outcome {
	o := newOutcome()
	frame := zlibBomb()
	_, before := snapshot()
	var sent atomic.Bool
	srv, tm, closeAll := hostileClient(func(c *hostile.Conn, f *wire.Frame) {
		hostile.Plausible(c, f)
		if f.Head.Servcmd == wire.CmdLogin && sent.CompareAndSwap(false, true) {
			go func() { _ = c.WriteRaw(frame) }()
		}
	}, "")
	defer closeAll()
	stop := make(chan struct{})
	peak := peakHeap(stop)
	if err := login(tm, 5*time.Second); err != nil {
		close(stop)
		<-peak
		return o.failf("login: %v", err)
	}
	// Refused: the frame is dropped (the SDK today) or the socket with it
	// (once an undecodable frame forces a reconnect, as the corrupt row
	// wants); either way the heap stays small and the instance works.
	d, reconnected := waitUntil(2*time.Second, func() bool { return srv.Accepted() > 1 && tm.IsReady() })
	close(stop)
	p := <-peak
	if reconnected {
		o.detect = d
	}
	how := "frame dropped, socket kept"
	if reconnected {
		how = "socket dropped, logged in again"
	}
	o.notef("%s; heap peak +%s; %d KiB on the wire", how, mibs(p-min(p, before)), len(frame)>>10)
	o.check(p < before+64*mib, "heap peak %s from %s", mibs(p), mibs(before))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := tm.GetMyProfile(ctx)
	var te *tim.Error
	o.check(err == nil || errors.As(err, &te), "an API call after the bomb: %v", err)
	return o
}

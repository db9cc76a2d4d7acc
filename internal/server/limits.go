package server

import (
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// The limits of an emulator that others can reach (issue 11): how long a
// socket may stay without logging in or sending anything, how many sockets
// and guests one client address may hold, and which SDKAppID the sockets
// must name. Config holds the numbers (config.go); the per-frame part is a
// time comparison and an atomic load (conn.touch).

// CodeAppMismatch (70020: "the SDKAppID does not exist", Tencent's account
// error table, cloud.tencent.com/document/product/269/1671) answers a
// frame on a socket whose URL sdkappid, or whose head's sdkappid, is not
// this server's; the socket is then closed. The emulator serves one app,
// so any other SDKAppID is one it does not have. 70014 (SDKAppID
// mismatch) is the UserSig's check and stays the login's answer to a
// UserSig made for another app.
const CodeAppMismatch = int(types.ErrUserSigAppMissing)

// CodeTooManyGuests (60018: "requests too frequent, retry later", the REST
// common table of cloud.tencent.com/document/product/269/1671) answers a
// guest join from an address that holds Config.MaxGuestsPerAddr guests.
// Tencent publishes no per-address guest limit, so no code of its own
// exists; this one tells the truth (too many requests) and a retry works
// once the address's idle guests expire.
const CodeTooManyGuests = int(types.ErrRESTTooFrequent)

// clientAddr is the IP address of an http.Request's RemoteAddr ("ip:port");
// ok is false when it has none (a Unix socket, a test's fake address).
func clientAddr(remote string) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(remote)
	if err != nil {
		a, err := netip.ParseAddr(remote)
		return a.Unmap(), err == nil
	}
	return ap.Addr().Unmap(), true
}

// isLoopback reports whether remote (RemoteAddr) is a loopback client.
func isLoopback(remote string) bool {
	a, ok := clientAddr(remote)
	return ok && a.IsLoopback()
}

// addrUse is what one client address holds: open sockets and live guests.
type addrUse struct {
	ip     netip.Addr
	conns  int // under addrTable.mu
	guests int // under addrTable.mu
}

// addrTable counts sockets and guests per client address. Entries live
// while the address holds either; they are touched on socket open and
// close and on guest join and expiry, never per frame.
type addrTable struct {
	mu sync.Mutex
	m  map[netip.Addr]*addrUse
}

// admitConn counts a new socket from remote. It returns the address's
// entry (nil when the address is exempt: loopback without
// Config.LimitLoopback, or no address) and false when the address already
// holds Config.MaxConnsPerAddr sockets.
func (s *Server) admitConn(remote string) (*addrUse, bool) {
	ip, ok := clientAddr(remote)
	if !ok || (ip.IsLoopback() && !s.cfg.LimitLoopback) {
		return nil, true
	}
	t := &s.addrs
	t.mu.Lock()
	defer t.mu.Unlock()
	u := t.m[ip]
	if u == nil {
		if t.m == nil {
			t.m = make(map[netip.Addr]*addrUse)
		}
		u = &addrUse{ip: ip}
		t.m[ip] = u
	}
	if max := s.cfg.MaxConnsPerAddr; max >= 0 && u.conns >= max {
		t.forgetLocked(u)
		return nil, false
	}
	u.conns++
	return u, true
}

// releaseConn uncounts a socket admitted with u.
func (s *Server) releaseConn(u *addrUse) {
	if u == nil {
		return
	}
	s.addrs.mu.Lock()
	u.conns--
	s.addrs.forgetLocked(u)
	s.addrs.mu.Unlock()
}

// forgetLocked drops u once its address holds nothing.
func (t *addrTable) forgetLocked(u *addrUse) {
	if u.conns <= 0 && u.guests <= 0 {
		delete(t.m, u.ip)
	}
}

// reserveGuest takes one guest of c's allowance and of its address's,
// before a guest join; the join gives it back with unreserveGuest if it
// fails, and the guest's removal with guestGone.
func (c *conn) reserveGuest() *apiError {
	if c.guests.Load() >= maxGuestKeysPerConn {
		return fail(CodeBadParam, "too many guest joins on one connection (max %d)", maxGuestKeysPerConn)
	}
	u := c.addr
	if u == nil {
		return nil
	}
	s := c.srv
	s.addrs.mu.Lock()
	defer s.addrs.mu.Unlock()
	if max := s.cfg.MaxGuestsPerAddr; max >= 0 && u.guests >= max {
		s.stats.guestsRefused.Add(1)
		return fail(CodeTooManyGuests, "too many guests from one address (max %d)", max)
	}
	u.guests++
	return nil
}

// unreserveGuest gives back a reservation whose join failed.
func (c *conn) unreserveGuest() {
	if u := c.addr; u != nil {
		c.srv.addrs.mu.Lock()
		u.guests--
		c.srv.addrs.forgetLocked(u)
		c.srv.addrs.mu.Unlock()
	}
}

// guestGone notes that a guest joined on c left (expired or its room
// went), whether or not c is still open.
func (c *conn) guestGone() {
	c.guests.Add(-1)
	c.unreserveGuest()
}

// appMatches reports whether a socket URL's sdkappid query names this
// server's app. tim-js-sdk and this module's SDK always send it
// (wire-protocol.md 1.1).
func (s *Server) appMatches(query string) bool {
	id, err := strconv.ParseUint(query, 10, 64)
	return err == nil && id == s.cfg.SDKAppID
}

// refuseApp answers f with CodeAppMismatch and closes the socket: the
// reply is written at once, ahead of anything queued, so that it reaches
// the client before the close frame. It reports false (the socket ends).
func (c *conn) refuseApp(f *wire.RawFrame, why string) bool {
	c.srv.stats.appMismatches.Add(1)
	c.srv.stats.errorReplies.Add(1)
	buf := wire.AppendFrameOpen(nil, f.RawHead)
	buf = append(buf, mustJSON(wire.Fail(CodeAppMismatch, why))...)
	buf = wire.AppendFrameClose(buf)
	if c.compress && len(buf) >= wire.CompressMin {
		buf = wire.Compress(buf)
	}
	c.fc.writeMessages(c.op, []outFrame{{b: buf}}, c.srv.cfg.WriteTimeout)
	c.ws.Close(websocket.StatusPolicyViolation, "SDKAppID mismatch")
	return false
}

// Read deadlines. A socket's reader already exists; its read deadline
// closes it when the client stays silent, with no timer or goroutine of
// ours (the runtime's poller keeps one deadline per socket anyway). Until
// the socket logs in or joins as a guest the deadline is fixed at
// LoginTimeout after the open, however many frames arrive; after, each
// frame pushes it to IdleTimeout (plus HelloInterval when logged in) from
// now. Setting a deadline costs more than the comparison, so it is moved
// only when less than the limit is left, and then to 5/4 of it: a silent
// socket closes between 1 and 1.25 limits after its last frame, and a busy
// one sets its deadline once per quarter limit, not once per frame.

// armLoginDeadline starts the login deadline of a new socket.
func (c *conn) armLoginDeadline(now time.Time) {
	c.readDeadline = now.Add(c.srv.cfg.LoginTimeout)
	c.fc.SetReadDeadline(c.readDeadline)
}

// touch notes a frame read at now (reader goroutine only).
func (c *conn) touch(now time.Time) {
	logged := c.sess.Load() != nil
	admitting := false
	if !c.admitted {
		if !logged && c.guests.Load() == 0 {
			return // the login deadline stands
		}
		c.admitted, admitting = true, true // the login deadline gives way
	}
	limit := c.srv.cfg.IdleTimeout
	if logged {
		limit += c.srv.cfg.HelloInterval
	}
	if !admitting && c.readDeadline.Sub(now) >= limit {
		return
	}
	c.readDeadline = now.Add(limit + limit/4)
	c.fc.SetReadDeadline(c.readDeadline)
}

// limitCounters are the Stats counters of this file.
type limitCounters struct {
	loginTimeouts, idleTimeouts, connsRefused, guestsRefused, appMismatches atomic.Uint64
}

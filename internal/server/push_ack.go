package server

import (
	"strconv"
	"strings"
	"sync"

	"github.com/tim-go/sdk/internal/wire"
)

// Push acknowledgements (wire-protocol.md 4.10). Unless
// Config.DisablePushAck is set, every im_open_push.msg_push carries NeedAck:1 and a
// SessionData "sd-<n>" unique to the frame, and a push counts as delivered
// only once the client echoes that SessionData in openim.ws_msg_push_ack,
// as Tencent's server asks and tim-js-sdk 2.27.6 answers (the trace
// internal/wire/testdata/traces/avchatroom-scenario-push.jsonl). A network
// that stops forwarding without closing makes writes succeed that never
// arrive; only the acknowledgement tells them apart. What a socket carried
// and was not acknowledged when it went (or when a re-login retired it) is
// replayed after the re-login (replayPushes; C2C: the sync hands it over).

// maxUnacked bounds the frames a socket remembers awaiting their
// acknowledgement. Past it the oldest is forgotten: its items stay due and
// are replayed once more after the next re-login, which the SDKs drop by
// sequence.
const maxUnacked = 256

// sessionDataPrefix starts every SessionData the emulator sends.
const sessionDataPrefix = "sd-"

// ackEntry is what one unacknowledged frame carried: first..last of the
// tracker to (a room member's, or a C2C mailbox's).
type ackEntry struct {
	to          *delivered
	first, last uint64
}

// unacked is a socket's push frames awaiting acknowledgement, by the frame's
// SessionData number, with a FIFO ring for the bound.
type unacked struct {
	mu   sync.Mutex
	m    map[uint64]ackEntry
	ring []uint64 // FIFO of m's keys (some already acknowledged)
	next int      // the oldest slot once the ring is full
}

// add records a frame before it is queued, so that its acknowledgement can
// never arrive first.
func (u *unacked) add(sd uint64, to *delivered, first, last uint64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = make(map[uint64]ackEntry, 16)
	}
	if len(u.ring) < maxUnacked {
		u.ring = append(u.ring, sd)
	} else {
		delete(u.m, u.ring[u.next]) // forgotten: replayed after a re-login
		u.ring[u.next] = sd
		u.next = (u.next + 1) % maxUnacked
	}
	u.m[sd] = ackEntry{to, first, last}
}

// ack marks the frame sd as delivered; an unknown or repeated SessionData is
// ignored.
func (u *unacked) ack(sd uint64) {
	u.mu.Lock()
	e, ok := u.m[sd]
	delete(u.m, sd)
	u.mu.Unlock()
	if ok {
		e.to.written(e.first, e.last)
	}
}

// pending lists the ranges of tracker to that frames on this socket carry
// and that are not yet acknowledged: in flight, not to be replayed.
func (u *unacked) pending(to *delivered) []seqRange {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []seqRange
	for _, e := range u.m {
		if e.to == to {
			out = append(out, seqRange{e.first, e.last})
		}
	}
	return out
}

// sessionData is the SessionData of push frame n.
func sessionData(n uint64) string { return sessionDataPrefix + itoa(n) }

// parseSessionData reads a SessionData the emulator sent; false for any
// other string.
func parseSessionData(s string) (uint64, bool) {
	if !strings.HasPrefix(s, sessionDataPrefix) || len(s) > len(sessionDataPrefix)+20 {
		return 0, false
	}
	n, err := strconv.ParseUint(s[len(sessionDataPrefix):], 10, 64)
	return n, err == nil
}

// handlePushAck is openim.ws_msg_push_ack: fire and forget, never answered.
// It acknowledges a frame of this socket only.
func (s *Server) handlePushAck(q *request) (any, *apiError) {
	var req wire.PushAckReq
	if decodeBody(q.f.Body, &req) == nil {
		if n, ok := parseSessionData(req.SessionData); ok {
			s.stats.pushAcks.Add(1)
			q.c.acks.ack(n)
		}
	}
	return noReply, nil
}

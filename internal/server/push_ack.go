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

// ackEntry is what one unacknowledged frame sd carried: first..last of the
// tracker to (a room member's, or a C2C mailbox's); to is nil once acked.
type ackEntry struct {
	sd          uint64
	to          *delivered
	first, last uint64
}

// unacked is a socket's push frames awaiting acknowledgement, oldest first.
// Clients acknowledge in order, so an ack is found at the front and the
// queue stays as short as the frames in flight; its backing array is
// reused.
type unacked struct {
	mu   sync.Mutex
	q    []ackEntry
	head int // q[:head] are done
}

// add records frame sd before it is queued, so that its acknowledgement
// can never arrive first. Past maxUnacked in flight the oldest is forgotten
// (it stays due: replayed after a re-login).
func (u *unacked) add(sd uint64, to *delivered, first, last uint64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.q)-u.head >= maxUnacked {
		u.q[u.head] = ackEntry{}
		u.head++
		u.skipDoneLocked()
	}
	if len(u.q) == cap(u.q) && u.head > 0 { // reuse the room of what is done
		n := copy(u.q, u.q[u.head:])
		clear(u.q[n:])
		u.q, u.head = u.q[:n], 0
	}
	u.q = append(u.q, ackEntry{sd, to, first, last})
}

// ack marks frame sd delivered; an unknown or repeated SessionData is
// ignored.
func (u *unacked) ack(sd uint64) {
	u.mu.Lock()
	var e ackEntry
	for i := u.head; i < len(u.q); i++ {
		if u.q[i].sd == sd && u.q[i].to != nil {
			e = u.q[i]
			u.q[i] = ackEntry{}
			break
		}
	}
	u.skipDoneLocked()
	u.mu.Unlock()
	if e.to != nil {
		e.to.written(e.first, e.last)
	}
}

// skipDoneLocked moves head past acknowledged entries.
func (u *unacked) skipDoneLocked() {
	for u.head < len(u.q) && u.q[u.head].to == nil {
		u.head++
	}
	if u.head == len(u.q) {
		u.q, u.head = u.q[:0], 0
	}
}

// pending lists the ranges of tracker to that frames on this socket carry
// and that are not yet acknowledged: in flight, not to be replayed.
func (u *unacked) pending(to *delivered) []seqRange {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []seqRange
	for _, e := range u.q[u.head:] {
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
	if decodePushAckReq(q.f.Body, &req) == nil {
		if n, ok := parseSessionData(req.SessionData); ok {
			s.stats.pushAcks.Add(1)
			q.c.acks.ack(n)
		}
	}
	return noReply, nil
}

// Package renew decides when a socket's reader goroutine should hand the
// socket to a fresh one, for the client (internal/conn) and the emulator
// (internal/server) alike.
//
// Handling a frame grows a reader's stack (decoding, callbacks) to 8 KB,
// and a reader parked in a read keeps it: the runtime halves a stack only
// when less than a quarter of it is in use, and the read path alone uses
// more than that of 4 KB. A fresh goroutine parks in 2 to 4 KB. With
// thousands of idle sockets per process that is a third of what each costs.
// So the frames right after a quiet spell (a heartbeat or an empty poll
// reply in an idle room), and those within a short window after it, each
// end their reader for a fresh one; a busy socket never renews.
package renew

import "time"

const (
	// Quiet is the silence after which the next frame renews the reader.
	Quiet = time.Second
	// Window is how long after that frame the following ones renew too (a
	// poll reply and a heartbeat reply come close together).
	Window = time.Second
)

// Reader is one socket's renewal state. It is used by the socket's reader
// goroutines only, one after the other, so it needs no lock.
type Reader struct {
	last, until int64 // UnixNano of the last frame; frames before until renew
}

// Start marks a reader's start (a new socket is not quiet).
func (r *Reader) Start(now time.Time) { r.last = max(r.last, now.UnixNano()) }

// Frame records a frame read at now and reports whether its reader should
// hand the socket to a fresh goroutine once the frame is handled.
func (r *Reader) Frame(now time.Time) bool {
	t := now.UnixNano()
	if t-r.last >= int64(Quiet) {
		r.until = t + int64(Window)
	}
	r.last = t
	return t < r.until
}

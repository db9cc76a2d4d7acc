package tim

import (
	"hash/maphash"
	"slices"
)

// Dedup windows of tim-js-sdk's live-room receive path.
const (
	seqWindow    = 200  // last sequences seen, all rooms together
	idWindow     = 100  // last message IDs seen
	randomWindow = 100  // last randoms this instance sent (own echo)
	broadcastCap = 1000 // broadcast IDs kept (JS keeps them all until reset)
)

// window is a FIFO set of at most size keys: adding past it evicts the
// oldest. It is a plain ring searched linearly: for a few hundred small
// keys that costs well under a microsecond per message and a fraction of
// a map's memory, which matters with thousands of viewers per process.
// The ring grows as keys come, so an idle instance pays almost nothing.
type window[K comparable] struct {
	size int
	ring []K
	next int // the oldest slot once the ring is full
}

func newWindow[K comparable](size int) *window[K] { return &window[K]{size: size} }

func (w *window[K]) has(k K) bool { return slices.Contains(w.ring, k) }

// add inserts k (a no-op when present) and reports whether it was new.
func (w *window[K]) add(k K) bool {
	if w.has(k) {
		return false
	}
	if len(w.ring) < w.size {
		if len(w.ring) == cap(w.ring) {
			w.grow()
		}
		w.ring = append(w.ring, k)
		return true
	}
	w.ring[w.next] = k
	w.next = (w.next + 1) % w.size
	return true
}

// grow doubles the ring's room but never past size: append's own growth
// would leave a full window of 200 keys in an array of 256.
func (w *window[K]) grow() {
	ring := make([]K, len(w.ring), min(max(2*cap(w.ring), 8), w.size))
	copy(ring, w.ring)
	w.ring = ring
}

func (w *window[K]) reset() { *w = window[K]{size: w.size} }

// idSeed keys the message-ID hashes of the ID windows.
var idSeed = maphash.MakeSeed()

// idKey is the 64-bit hash a message ID is remembered by; a false "seen"
// needs two IDs among the last hundred to collide in 64 bits.
func idKey(id string) uint64 { return maphash.String(idSeed, id) }

package tim

import (
	"hash/maphash"
	"slices"
)

// Dedup windows of tim-js-sdk's live-room receive path.
const (
	seqWindow    = 256  // sequences below the highest seen that are remembered
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

// seqSet remembers which of the seqWindow sequences up to the highest seen
// have come, one bit each: 48 bytes where tim-js-sdk's list of the last 200
// sequences would take 1.6 KB as a ring of uint64 per viewer. A live room's
// sequences rise, so "among the last 200 seen" and "seen, and at most 255
// below the highest" agree; an item older than that is let through, as
// tim-js-sdk lets through one that has left its list.
type seqSet struct {
	hi   uint64                 // the highest sequence seen
	bits [seqWindow / 64]uint64 // bit d: hi-d was seen; bit 0 (hi) once anything was
}

// add records seq and reports whether it was new.
func (s *seqSet) add(seq uint64) bool {
	switch {
	case s.bits[0]&1 == 0: // empty
		s.hi = seq
		s.bits[0] = 1
		return true
	case seq > s.hi:
		s.shift(seq - s.hi)
		s.hi = seq
		s.bits[0] |= 1
		return true
	}
	d := s.hi - seq
	if d >= seqWindow {
		return true
	}
	w, b := d/64, uint64(1)<<(d%64)
	if s.bits[w]&b != 0 {
		return false
	}
	s.bits[w] |= b
	return true
}

// shift moves the window up by n sequences: bit d becomes bit d+n.
func (s *seqSet) shift(n uint64) {
	if n >= seqWindow {
		s.bits = [seqWindow / 64]uint64{}
		return
	}
	words, bitsN := int(n/64), n%64
	for i := len(s.bits) - 1; i >= 0; i-- {
		var v uint64
		if j := i - words; j >= 0 {
			v = s.bits[j] << bitsN
			if j > 0 && bitsN != 0 {
				v |= s.bits[j-1] >> (64 - bitsN)
			}
		}
		s.bits[i] = v
	}
}

func (s *seqSet) reset() { *s = seqSet{} }

// idSeed keys the message-ID hashes of the ID windows.
var idSeed = maphash.MakeSeed()

// idKey is the 64-bit hash a message ID is remembered by; a false "seen"
// needs two IDs among the last hundred to collide in 64 bits.
func idKey(id string) uint64 { return maphash.String(idSeed, id) }

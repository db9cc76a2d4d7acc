package wire

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// Items shared by the instances of one process (issue 12). A load harness
// holds thousands of SDK instances in one room: each receives the same items,
// and the server sends each item as the same bytes to everyone (it encodes an
// item once). Decoding it once per process instead of once per instance saves
// the decode and, more, its allocations, which drive the garbage collector.
//
// While sharing is on, itemArray looks each item up here before decoding
// it: the key is a hash of its first sharedPrefix bytes, and a candidate
// matches when the bytes that follow in the reply start with the whole of
// the stored item. A stored item is a complete JSON object, which ends
// where its bytes say, so a match is that item exactly: a hit costs a short
// hash and one comparison, no scan (the scan it replaced was a tenth of a
// viewer's CPU at 5,000 viewers). A miss decodes as usual and stores the
// result. A shared Item carries a non-nil Memo and must never be modified;
// a caller that needs to change one copies it first.
//
// The cache is bounded (sharedShards × sharedPerShard items, oldest out
// first), so it holds at most a few megabytes whatever the traffic.

const (
	sharedShards   = 32
	sharedPerShard = 64
	// sharedPrefix is how many leading bytes of an item key it. An item's
	// first bytes hold its event, room and sequence in the emulator's
	// replies; items shorter than this are cheap to decode and not shared.
	sharedPrefix = 64
	// sharedChain bounds the candidates compared for one key (a server
	// whose items begin alike fills one chain): past it, a lookup misses.
	sharedChain = 8
)

// Memo is the slot a shared Item carries for its consumer's own derived
// value (the tim package keeps the Message mapped from it there), so that
// what follows from an item is also computed once per process.
type Memo struct{ v atomic.Pointer[any] }

// Load returns the value stored, or nil.
func (m *Memo) Load() any {
	if p := m.v.Load(); p != nil {
		return *p
	}
	return nil
}

// Store keeps v unless a value is already there; it returns the value that
// stays.
func (m *Memo) Store(v any) any {
	if m.v.CompareAndSwap(nil, &v) {
		return v
	}
	return *m.v.Load()
}

type sharedItems struct {
	seed   maphash.Seed
	shards [sharedShards]sharedShard
	hits   atomic.Uint64
	misses atomic.Uint64
}

type sharedShard struct {
	mu   sync.RWMutex
	m    map[uint64]*sharedEntry
	ring [sharedPerShard]uint64 // hashes, oldest first from next
	next int
	n    int
}

type sharedEntry struct {
	raw  string // the item's bytes, as flush copied them
	it   *Item
	next *sharedEntry // another item with the same hash
}

var shared atomic.Pointer[sharedItems]

// ShareItems turns the process-wide item sharing on or off. Off drops what
// was kept. The tim package turns it on while more than one instance lives.
func ShareItems(on bool) {
	if !on {
		shared.Store(nil)
		return
	}
	if shared.Load() == nil {
		s := &sharedItems{seed: maphash.MakeSeed()}
		for i := range s.shards {
			s.shards[i].m = make(map[uint64]*sharedEntry, sharedPerShard)
		}
		shared.CompareAndSwap(nil, s)
	}
}

// SharedStats reports the lookups that found an item decoded already (hits)
// and those that decoded it (misses), since sharing was last turned on.
func SharedStats() (hits, misses uint64) {
	s := shared.Load()
	if s == nil {
		return 0, 0
	}
	return s.hits.Load(), s.misses.Load()
}

func (s *sharedItems) shard(h uint64) *sharedShard { return &s.shards[h%sharedShards] }

// key hashes the first sharedPrefix bytes of b (false: b is shorter).
func (s *sharedItems) key(b []byte) (uint64, bool) {
	if len(b) < sharedPrefix {
		return 0, false
	}
	return maphash.Bytes(s.seed, b[:sharedPrefix]), true
}

// get returns the shared Item that rest begins with, and its length in
// bytes, or nil.
func (s *sharedItems) get(rest []byte) (*Item, int) {
	h, ok := s.key(rest)
	if !ok {
		return nil, 0
	}
	sh := s.shard(h)
	sh.mu.RLock()
	e := sh.m[h]
	for n := 0; e != nil && n < sharedChain; n++ {
		if len(e.raw) <= len(rest) && e.raw == string(rest[:len(e.raw)]) {
			sh.mu.RUnlock()
			return e.it, len(e.raw)
		}
		e = e.next
	}
	sh.mu.RUnlock()
	return nil, 0
}

// put stores it, decoded from raw (one complete item), evicting the shard's
// oldest item when the shard is full, and returns the shared item: it, now
// read-only, or the one another instance stored meanwhile. An item too short
// to key stays the caller's own.
func (s *sharedItems) put(raw string, it *Item) *Item {
	if len(raw) < sharedPrefix {
		return it
	}
	h := maphash.String(s.seed, raw[:sharedPrefix])
	it.Memo = new(Memo)
	sh := s.shard(h)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	for e := sh.m[h]; e != nil; e = e.next {
		if e.raw == raw {
			return e.it // decoded twice at once: everyone keeps the first
		}
	}
	if sh.n == sharedPerShard {
		sh.evictOldestLocked()
	}
	sh.m[h] = &sharedEntry{raw: raw, it: it, next: sh.m[h]}
	sh.ring[(sh.next+sh.n)%sharedPerShard] = h
	sh.n++
	return it
}

// evictOldestLocked drops the oldest entry stored under the ring's first
// hash (entries of one hash are chained newest first, so its last).
func (sh *sharedShard) evictOldestLocked() {
	h := sh.ring[sh.next]
	sh.next = (sh.next + 1) % sharedPerShard
	sh.n--
	e := sh.m[h]
	if e == nil || e.next == nil {
		delete(sh.m, h)
		return
	}
	for e.next.next != nil {
		e = e.next
	}
	e.next = nil
}

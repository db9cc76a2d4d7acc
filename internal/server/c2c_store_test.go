package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func c2cItemN(n int) json.RawMessage { return json.RawMessage(fmt.Sprintf(`{"n":%d}`, n)) }

func TestC2CStorePerUserBound(t *testing.T) {
	var st c2cStore
	for i := range c2cPerUser + 50 {
		st.put("bob", c2cItemN(i), 1000, 0)
	}
	if n := st.pending("bob", 0); n != c2cPerUser {
		t.Fatalf("%d kept, want %d", n, c2cPerUser)
	}
	items, more := st.take("bob", c2cPerUser+50, 0)
	if len(items) != c2cPerUser || more || string(items[0]) != `{"n":50}` {
		t.Fatalf("took %d (more %v), first %s; want the newest %d", len(items), more, items[0], c2cPerUser)
	}
	if msgs, bytes := st.stored(); msgs != 0 || bytes != 0 || len(st.boxes) != 0 {
		t.Fatalf("after taking all: %d messages, %d bytes, %d mailboxes", msgs, bytes, len(st.boxes))
	}
}

func TestC2CStoreTotalBounds(t *testing.T) {
	var st c2cStore
	for i := range c2cMaxStored + 500 {
		st.put(fmt.Sprint("u", i%(c2cMaxStored/50)), c2cItemN(i), 1000, 0)
	}
	if msgs, _ := st.stored(); msgs != c2cMaxStored {
		t.Fatalf("%d stored, want the bound %d", msgs, c2cMaxStored)
	}
	if len(st.order) > 2*c2cMaxStored+64 {
		t.Errorf("order holds %d entries for %d messages", len(st.order), c2cMaxStored)
	}
	// The oldest went: u0's first item (n=0) is gone, its latest is there.
	items, _ := st.take("u0", c2cPerUser, 0)
	if string(items[0]) == `{"n":0}` {
		t.Errorf("the oldest message survived the total bound")
	}

	var big c2cStore
	huge := json.RawMessage(`"` + strings.Repeat("x", 1<<20) + `"`)
	for i := range 40 {
		big.put(fmt.Sprint("u", i), huge, 1000, 0)
	}
	if _, bytes := big.stored(); bytes > c2cMaxBytes {
		t.Fatalf("%d bytes stored, over the bound %d", bytes, c2cMaxBytes)
	}
}

func TestC2CStoreExpiryAndDelivery(t *testing.T) {
	var st c2cStore
	st.put("bob", c2cItemN(1), 100, 0) // expires at 100
	m := st.put("bob", c2cItemN(2), 500, 0)
	if n := st.pending("bob", 99); n != 2 {
		t.Fatalf("%d pending before expiry, want 2", n)
	}
	if n := st.pending("bob", 100); n != 1 {
		t.Fatalf("%d pending at the first's expiry, want 1", n)
	}
	m.box.delivered.written(m.seq, m.seq) // what the socket writer does after a push
	if n := st.pending("bob", 100); n != 0 {
		t.Fatalf("%d pending after the push was written, want 0", n)
	}
}

func TestC2CStoreDedupBounded(t *testing.T) {
	var st c2cStore
	for i := range c2cDedupCap + 10 {
		st.remember(c2cKey{from: "a", to: "b", random: uint32(i)}, c2cSent{})
	}
	if len(st.dedup) != c2cDedupCap || len(st.dedupRing) != c2cDedupCap {
		t.Fatalf("dedup holds %d keys (ring %d), want %d", len(st.dedup), len(st.dedupRing), c2cDedupCap)
	}
}

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
	items, cookie, more := st.syncPage("bob", "", c2cPerUser+50, 0)
	if len(items) != c2cPerUser || more || string(items[0]) != `{"n":50}` {
		t.Fatalf("took %d (more %v), first %s; want the newest %d", len(items), more, items[0], c2cPerUser)
	}
	if items, _, _ := st.syncPage("bob", cookie, c2cPerUser, 0); len(items) != 0 {
		t.Fatalf("the Cookie confirmed all, yet %d came again", len(items))
	}
	if msgs, bytes := st.stored(); msgs != 0 || bytes != 0 || len(st.boxes) != 0 {
		t.Fatalf("after confirming all: %d messages, %d bytes, %d mailboxes", msgs, bytes, len(st.boxes))
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
	items, _, _ := st.syncPage("u0", "", c2cPerUser, 0)
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

// A sync reply lost with its socket is not lost: only the next request's
// Cookie confirms what a reply returned.
func TestC2CStoreSyncCookieConfirms(t *testing.T) {
	var st c2cStore
	for i := range 3 {
		st.put("bob", c2cItemN(i), 1000, 0)
	}
	first, c1, more := st.syncPage("bob", "", 2, 0)
	if len(first) != 2 || !more {
		t.Fatalf("first page: %d items, more %v", len(first), more)
	}
	// The reply was lost: the instance asks again with its older Cookie.
	again, _, _ := st.syncPage("bob", "", 2, 0)
	if len(again) != 2 || string(again[0]) != `{"n":0}` {
		t.Fatalf("a lost page came again as %s", again)
	}
	rest, c2, more := st.syncPage("bob", c1, 2, 0)
	if len(rest) != 1 || string(rest[0]) != `{"n":2}` || more {
		t.Fatalf("after confirming the first page: %s (more %v)", rest, more)
	}
	if n := st.pending("bob", 0); n != 1 {
		t.Fatalf("%d pending before the last Cookie, want 1", n)
	}
	// A Cookie of another mailbox, or past what was given, confirms no more.
	if _, _, ok := parseC2CCookie(c2); !ok {
		t.Fatalf("Cookie %q does not parse", c2)
	}
	for _, bad := range []string{"c9.99", "c1.", "x1.3", "c1.3.4", "", "c" + strings.Repeat("9", 60) + ".1"} {
		if items, _, _ := st.syncPage("bob", bad, 5, 0); len(items) != 1 {
			t.Errorf("Cookie %q: %d items, want the one left", bad, len(items))
		}
	}
	st.put("bob", c2cItemN(3), 1000, 0)
	box, _, _ := parseC2CCookie(c2)
	if items, _, _ := st.syncPage("bob", c2cCookie(box, 1<<40), 5, 0); len(items) != 1 || string(items[0]) != `{"n":3}` {
		t.Fatalf("a Cookie past the last given confirmed %s away", items)
	}
	if _, next, _ := st.syncPage("nobody", "", 5, 0); next == "" {
		t.Error("an empty Cookie would stop tim-js-sdk's sync")
	}
}

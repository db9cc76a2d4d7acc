package tim

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// roomEvents records an instance's counter and attribute events.
type roomEvents struct {
	mu       sync.Mutex
	counters []group.CounterUpdate
	attrs    []group.AttributesUpdate
}

func recordRoomEvents(c *TIM) *roomEvents {
	e := &roomEvents{}
	On(c, GroupCounterUpdated, func(u group.CounterUpdate) {
		e.mu.Lock()
		e.counters = append(e.counters, u)
		e.mu.Unlock()
	})
	On(c, GroupAttributesUpdated, func(u group.AttributesUpdate) {
		e.mu.Lock()
		e.attrs = append(e.attrs, u)
		e.mu.Unlock()
	})
	return e
}

// waitCounters waits until n counter events arrived and returns them.
func (e *roomEvents) waitCounters(t *testing.T, n int) []group.CounterUpdate {
	t.Helper()
	var out []group.CounterUpdate
	waitFor(t, fmt.Sprintf("%d counter events", n), func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		out = slices.Clone(e.counters)
		return len(out) >= n
	})
	return out
}

// waitAttrs waits until n attribute events arrived and returns them.
func (e *roomEvents) waitAttrs(t *testing.T, n int) []group.AttributesUpdate {
	t.Helper()
	var out []group.AttributesUpdate
	waitFor(t, fmt.Sprintf("%d attribute events", n), func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		out = slices.Clone(e.attrs)
		return len(out) >= n
	})
	return out
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func counterEvents(s string, gid string) []group.CounterUpdate {
	var out []group.CounterUpdate
	for _, kv := range strings.Fields(s) {
		k, v, _ := strings.Cut(kv, "=")
		var n int64
		fmt.Sscan(v, &n)
		out = append(out, group.CounterUpdate{GroupID: gid, Key: k, Value: n})
	}
	return out
}

// Counter changes by the SDK (Set, Increase, Decrease) and by REST reach
// every member and guest as GROUP_COUNTER_UPDATED, one event per key, the
// changer included; reads in the next 30 s come from what the events left.
func TestGroupCounters(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		alice, bob, guest := r.user("alice"), r.user("bob"), r.client()
		aliceEv, bobEv, guestEv := recordRoomEvents(alice), recordRoomEvents(bob), recordRoomEvents(guest)
		guestIn := record(guest)
		for _, c := range []*TIM{alice, bob, guest} {
			r.join(c)
		}
		r.warmUp(guestIn)

		got, err := alice.SetGroupCounters(ctxT(t), r.id, map[string]int64{"like": 1, "gift": 5})
		if err != nil || !maps.Equal(got, map[string]int64{"like": 1, "gift": 5}) {
			t.Fatalf("SetGroupCounters: %v, %v", got, err)
		}
		if got, err = alice.IncreaseGroupCounter(ctxT(t), r.id, "like", 2); err != nil || got["like"] != 3 || len(got) != 1 {
			t.Fatalf("IncreaseGroupCounter: %v, %v", got, err)
		}
		if got, err = bob.DecreaseGroupCounter(ctxT(t), r.id, "gift", 1); err != nil || got["gift"] != 4 {
			t.Fatalf("DecreaseGroupCounter: %v, %v", got, err)
		}
		if err := r.srv.SetCounters(ctxT(t), r.id, map[string]int64{"viewers": 100}); err != nil {
			t.Fatal(err)
		}
		want := counterEvents("gift=5 like=1 like=3 gift=4 viewers=100", r.id) // keys of one Set in key order
		for name, ev := range map[string]*roomEvents{"alice": aliceEv, "bob": bobEv, "guest": guestEv} {
			if got := ev.waitCounters(t, len(want)); !slices.Equal(got, want) {
				t.Errorf("%s got %v, want %v", name, got, want)
			}
		}

		all, err := bob.GetGroupCounters(ctxT(t), r.id)
		if err != nil || !maps.Equal(all, map[string]int64{"like": 3, "gift": 4, "viewers": 100}) {
			t.Fatalf("GetGroupCounters: %v, %v", all, err)
		}
		some, err := alice.GetGroupCounters(ctxT(t), r.id, "like", "nope")
		if err != nil || !maps.Equal(some, map[string]int64{"like": 3}) {
			t.Fatalf("GetGroupCounters(like): %v, %v", some, err)
		}
		// A late joiner that heard of one change still reads every counter
		// from the server (tim-js-sdk would answer from its partial cache).
		carol := r.user("carol")
		carolEv := recordRoomEvents(carol)
		r.join(carol)
		if v, err := r.srv.IncreaseCounter(ctxT(t), r.id, "like", 1); err != nil || v != 4 {
			t.Fatalf("REST increase: %d, %v", v, err)
		}
		carolEv.waitCounters(t, 1)
		if all, err := carol.GetGroupCounters(ctxT(t), r.id); err != nil || !maps.Equal(all, map[string]int64{"like": 4, "gift": 4, "viewers": 100}) {
			t.Fatalf("late GetGroupCounters: %v, %v", all, err)
		}
	})
}

// tim-js-sdk's limit: 20 updates per 5 s leave the client; the 21st fails
// with 2996 and never reaches the server. Reads have their own 20.
func TestGroupCounterClientLimit(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	alice := r.user("alice")
	r.join(alice)
	for i := range 20 {
		if _, err := alice.IncreaseGroupCounter(ctxT(t), r.id, "like", 1); err != nil {
			t.Fatalf("update %d: %v", i+1, err)
		}
	}
	_, err := alice.IncreaseGroupCounter(ctxT(t), r.id, "like", 1)
	wantCode(t, err, types.ErrOverFrequencyLimit)
	if all, err := r.srv.Counters(ctxT(t), r.id); err != nil || all["like"] != 20 {
		t.Fatalf("server counters %v, %v", all, err)
	}
	// Reads of a room not joined always ask the server, and count.
	outsider := r.user("outsider")
	for i := range 20 {
		_, err := outsider.GetGroupCounters(ctxT(t), r.id)
		wantCode(t, err, types.ErrGroupPermissionDeny)
		_ = i
	}
	_, err = outsider.GetGroupCounters(ctxT(t), r.id)
	wantCode(t, err, types.ErrOverFrequencyLimit)
}

// Bad arguments fail with errors, never panics; the server's refusals come
// through with Tencent's codes.
func TestGroupCountersBadArguments(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	alice, guest := r.user("alice"), r.client()
	r.join(alice)
	r.join(guest)
	_, err := guest.SetGroupCounters(ctxT(t), r.id, map[string]int64{"a": 1})
	wantCode(t, err, types.ErrNotLoggedIn)
	_, err = guest.GetGroupCounters(ctxT(t), r.id)
	wantCode(t, err, types.ErrNotLoggedIn)
	for name, err := range map[string]error{
		"no group": second(alice.SetGroupCounters(ctxT(t), "", map[string]int64{"a": 1})),
		"nil map":  second(alice.SetGroupCounters(ctxT(t), r.id, nil)),
		"no key":   second(alice.IncreaseGroupCounter(ctxT(t), r.id, "", 1)),
		"get":      second(alice.GetGroupCounters(ctxT(t), "")),
	} {
		if codeOf(err) != types.ErrUncaught {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err = alice.SetGroupCounters(ctxT(t), r.id, map[string]int64{})
	wantCode(t, err, types.ErrGroupInvalidParameters)
	_, err = alice.SetGroupCounters(ctxT(t), r.id, map[string]int64{strings.Repeat("k", 129): 1})
	wantCode(t, err, types.ErrGroupInvalidParameters)
	_, err = alice.IncreaseGroupCounter(ctxT(t), "@TGS#nosuchroom", "a", 1)
	wantCode(t, err, types.ErrGroupNotFound)
}

// second returns the error of a two-value call.
func second[T any](_ T, err error) error { return err }

package tim

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

func attrEvent(gid string, attrs map[string]string, updated, deleted []string) group.AttributesUpdate {
	if updated == nil {
		updated = []string{}
	}
	if deleted == nil {
		deleted = []string{}
	}
	return group.AttributesUpdate{GroupID: gid, GroupAttributes: attrs, UpdatedKeyList: updated, DeletedKeyList: deleted}
}

func sameAttrEvents(got, want []group.AttributesUpdate) bool {
	return slices.EqualFunc(got, want, func(a, b group.AttributesUpdate) bool {
		return a.GroupID == b.GroupID && maps.Equal(a.GroupAttributes, b.GroupAttributes) &&
			slices.Equal(a.UpdatedKeyList, b.UpdatedKeyList) && slices.Equal(a.DeletedKeyList, b.DeletedKeyList)
	})
}

// Every attribute change (init, set, delete, clear, and a REST write) gives
// each member, the writer included, exactly one GROUP_ATTRIBUTES_UPDATED
// with the whole set and the changed keys; reads come from that cache.
func TestGroupAttributes(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		alice, bob := r.user("alice"), r.user("bob")
		aliceEv, bobEv := recordRoomEvents(alice), recordRoomEvents(bob)
		r.join(alice)
		r.join(bob)

		got, err := alice.InitGroupAttributes(ctxT(t), r.id, map[string]string{"seat1": "alice", "seat2": ""})
		if err != nil || len(got) != 2 {
			t.Fatalf("InitGroupAttributes: %v, %v", got, err)
		}
		bobEv.waitAttrs(t, 1) // bob writes on what he heard
		if _, err := bob.SetGroupAttributes(ctxT(t), r.id, map[string]string{"seat2": "bob"}); err != nil {
			t.Fatalf("SetGroupAttributes: %v", err)
		}
		aliceEv.waitAttrs(t, 2)
		keys, err := alice.DeleteGroupAttributes(ctxT(t), r.id, []string{"seat1", "ghost"})
		if err != nil || !slices.Equal(keys, []string{"seat1"}) {
			t.Fatalf("DeleteGroupAttributes: %v, %v", keys, err)
		}
		bobEv.waitAttrs(t, 3)
		if err := r.srv.SetAttributes(ctxT(t), r.id, map[string]string{"topic": "music"}); err != nil {
			t.Fatal(err)
		}
		bobEv.waitAttrs(t, 4)
		all, err := bob.GetGroupAttributes(ctxT(t), r.id, nil)
		if err != nil || !maps.Equal(all, map[string]string{"seat2": "bob", "topic": "music"}) {
			t.Fatalf("GetGroupAttributes: %v, %v", all, err)
		}
		if some, err := bob.GetGroupAttributes(ctxT(t), r.id, []string{"topic", "ghost"}); err != nil || len(some) != 1 {
			t.Fatalf("GetGroupAttributes(topic): %v, %v", some, err)
		}
		if keys, err = bob.DeleteGroupAttributes(ctxT(t), r.id, nil); err != nil || !slices.Equal(keys, []string{"seat2", "topic"}) {
			t.Fatalf("clear: %v, %v", keys, err)
		}

		want := []group.AttributesUpdate{
			attrEvent(r.id, map[string]string{"seat1": "alice", "seat2": ""}, []string{"seat1", "seat2"}, nil),
			attrEvent(r.id, map[string]string{"seat1": "alice", "seat2": "bob"}, []string{"seat2"}, nil),
			attrEvent(r.id, map[string]string{"seat2": "bob"}, nil, []string{"seat1"}),
			attrEvent(r.id, map[string]string{"seat2": "bob", "topic": "music"}, []string{"topic"}, nil),
			attrEvent(r.id, map[string]string{}, nil, []string{"seat2", "topic"}),
		}
		for name, ev := range map[string]*roomEvents{"alice": aliceEv, "bob": bobEv} {
			if got := ev.waitAttrs(t, len(want)); !sameAttrEvents(got, want) {
				t.Errorf("%s got %+v\nwant %+v", name, got, want)
			}
		}
		time.Sleep(200 * time.Millisecond)
		if n := len(aliceEv.waitAttrs(t, 0)); n != len(want) {
			t.Errorf("alice got %d events, want %d", n, len(want))
		}
	})
}

// A member who has not seen the latest change writes with an old sequence:
// the server refuses (10056) until the member reads again.
func TestGroupAttributesWriteConflict(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	if err := r.srv.SetAttributes(ctxT(t), r.id, map[string]string{"seat1": "host"}); err != nil {
		t.Fatal(err)
	}
	carol := r.user("carol")
	r.join(carol)
	_, err := carol.SetGroupAttributes(ctxT(t), r.id, map[string]string{"seat2": "carol"})
	wantCode(t, err, types.ErrGroupAttrConflict)
	if all, err := carol.GetGroupAttributes(ctxT(t), r.id, nil); err != nil || all["seat1"] != "host" {
		t.Fatalf("read: %v, %v", all, err)
	}
	if _, err := carol.SetGroupAttributes(ctxT(t), r.id, map[string]string{"seat2": "carol"}); err != nil {
		t.Fatalf("write after the read: %v", err)
	}
	if all, _ := r.srv.Attributes(ctxT(t), r.id); !maps.Equal(all, map[string]string{"seat1": "host", "seat2": "carol"}) {
		t.Fatalf("server has %v", all)
	}
}

// After a reconnect the client cannot know what it missed: the next notice
// makes it read everything again, and the event shows the whole change
// (here including a key only the stale cache had).
func TestGroupAttributesRereadAfterReconnect(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		bob := r.user("bob")
		bobEv := recordRoomEvents(bob)
		r.join(bob)
		if err := r.srv.SetAttributes(ctxT(t), r.id, map[string]string{"a": "1"}); err != nil {
			t.Fatal(err)
		}
		bobEv.waitAttrs(t, 1)
		if delivery == "push" {
			// Acknowledged before the cut: an unacknowledged notice is
			// replayed after the re-login and sets the sequence again.
			waitFor(t, "every push acknowledged", func() bool { st := r.srv.Stats(); return st.PushAcks >= st.Pushes })
		}
		c := &bob.room(r.id).attrs
		r.srv.CloseConnections()
		waitFor(t, "the reconnect to reset the attribute sequence", func() bool {
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.local != 0 {
				return false
			}
			c.values["stale"] = attrItem{key: "stale", value: "x"} // only a re-read removes it
			return true
		})
		if err := r.srv.SetAttributes(ctxT(t), r.id, map[string]string{"b": "2"}); err != nil {
			t.Fatal(err)
		}
		got := bobEv.waitAttrs(t, 2)[1]
		want := attrEvent(r.id, map[string]string{"a": "1", "b": "2"}, []string{"b"}, []string{"stale"})
		if !sameAttrEvents([]group.AttributesUpdate{got}, []group.AttributesUpdate{want}) {
			t.Fatalf("after reconnect %+v, want %+v", got, want)
		}
	})
}

// tim-js-sdk's limit: 10 writes of one kind per 5 s; the 11th fails with
// 2996 without reaching the server.
func TestGroupAttributesClientLimit(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	alice := r.user("alice")
	r.join(alice)
	for i := range 10 {
		if _, err := alice.InitGroupAttributes(ctxT(t), r.id, map[string]string{"n": strings.Repeat("x", i)}); err != nil {
			t.Fatalf("write %d: %v", i+1, err)
		}
	}
	_, err := alice.InitGroupAttributes(ctxT(t), r.id, map[string]string{"n": "eleven"})
	wantCode(t, err, types.ErrOverFrequencyLimit)
	if _, err := alice.SetGroupAttributes(ctxT(t), r.id, map[string]string{"m": "other command"}); err != nil {
		t.Fatalf("another command has its own window: %v", err)
	}
	if all, _ := r.srv.Attributes(ctxT(t), r.id); all["n"] != strings.Repeat("x", 9) {
		t.Fatalf("server has %v", all)
	}
}

// Bad arguments fail with errors, never panics; server limits come through.
func TestGroupAttributesBadArguments(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	alice, outsider, guest := r.user("alice"), r.user("outsider"), r.client()
	r.join(alice)
	_, err := guest.InitGroupAttributes(ctxT(t), r.id, map[string]string{"a": "1"})
	wantCode(t, err, types.ErrNotLoggedIn)
	for name, err := range map[string]error{
		"no group": second(alice.InitGroupAttributes(ctxT(t), "", map[string]string{"a": "1"})),
		"nil map":  second(alice.SetGroupAttributes(ctxT(t), r.id, nil)),
		"delete":   second(alice.DeleteGroupAttributes(ctxT(t), "", nil)),
		"get":      second(alice.GetGroupAttributes(ctxT(t), "", nil)),
	} {
		if codeOf(err) != types.ErrUncaught {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err = alice.SetGroupAttributes(ctxT(t), r.id, map[string]string{strings.Repeat("k", 33): "v"})
	wantCode(t, err, types.ErrGroupInvalidParameters)
	_, err = alice.SetGroupAttributes(ctxT(t), r.id, map[string]string{"k": strings.Repeat("v", 4097)})
	wantCode(t, err, types.ErrGroupInvalidParameters)
	_, err = outsider.SetGroupAttributes(ctxT(t), r.id, map[string]string{"k": "v"})
	wantCode(t, err, types.ErrGroupAttrNotJoined)
}

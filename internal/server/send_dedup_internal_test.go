package server

import (
	"testing"
	"time"
)

// A room remembers at most sendDedupCap sends, each for sendDedupTTL; a
// refused send is forgotten.
func TestSendDedupIsBounded(t *testing.T) {
	r := &room{}
	now := time.Unix(1700000000, 0)
	first, dup := r.claimSendLocked(sendKey{"a", 1}, now)
	if dup {
		t.Fatal("a first send counted as a repeat")
	}
	r.finishSend(first, 7, 1700000000, nil)
	if got, dup := r.claimSendLocked(sendKey{"a", 1}, now.Add(sendDedupTTL-time.Second)); !dup || got.seq != 7 {
		t.Fatal("a repeat within the window was not found")
	}
	if _, dup := r.claimSendLocked(sendKey{"a", 1}, now.Add(sendDedupTTL)); dup {
		t.Fatal("a repeat after the window counted as the same message")
	}
	for i := range uint32(sendDedupCap + 1) { // after the two of "a": b0 is the oldest left, then gone
		r.claimSendLocked(sendKey{"b", i}, now)
	}
	if len(r.sends.m) > sendDedupCap || len(r.sends.ring) != sendDedupCap {
		t.Fatalf("%d remembered, ring %d; cap %d", len(r.sends.m), len(r.sends.ring), sendDedupCap)
	}
	if _, dup := r.claimSendLocked(sendKey{"b", 0}, now); dup {
		t.Fatal("the oldest send was not forgotten past the cap")
	}
	refused, _ := r.claimSendLocked(sendKey{"c", 1}, now)
	r.finishSend(refused, 0, 0, fail(CodeMuted, "muted"))
	if _, dup := r.claimSendLocked(sendKey{"c", 1}, now); dup {
		t.Fatal("a refused send's retry counted as a repeat")
	}
}

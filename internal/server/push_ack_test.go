package server

import (
	"slices"
	"testing"
)

// The unacknowledged frames of a socket: an acknowledgement marks its frame
// delivered once; past maxUnacked the oldest is forgotten (stays due, so a
// re-login replays it); foreign SessionData is ignored.
func TestUnackedIsBoundedAndAcksOnce(t *testing.T) {
	var d delivered
	d.reset(0)
	var u unacked
	for i := uint64(1); i <= maxUnacked+10; i++ {
		u.add(100+i, &d, i, i)
	}
	if n := len(u.pending(&d)); n != maxUnacked {
		t.Fatalf("%d frames remembered, want %d", n, maxUnacked)
	}
	u.ack(101) // forgotten: no effect
	u.ack(100 + 11)
	u.ack(100 + 11) // repeated
	if g := d.gaps(12); !slices.Equal(g, []seqRange{{1, 10}, {12, 12}}) {
		t.Fatalf("gaps %v after acking 11 only", g)
	}
	for _, s := range []string{"sd-111", "sd-", "x-1", "sd-1x", "sd-99999999999999999999999"} {
		n, ok := parseSessionData(s)
		if want := s == "sd-111"; ok != want || (ok && n != 111) {
			t.Errorf("parseSessionData(%q) = %d, %v", s, n, ok)
		}
	}
}

func TestSubtractRanges(t *testing.T) {
	got := subtractRanges(seqRange{1, 20}, []seqRange{{5, 6}, {18, 30}, {1, 1}})
	if want := []seqRange{{2, 4}, {7, 17}}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

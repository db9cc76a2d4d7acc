package server

import (
	"slices"
	"testing"
)

// The delivered record of a push member: frames written in order extend
// the prefix; a frame written past a gap (a live push before the replay)
// waits in a range until the gap is filled; gaps lists what a re-login must
// replay.
func TestDeliveredTracksWrittenPushes(t *testing.T) {
	var d delivered
	d.reset(4) // joined after sequence 4
	d.written(5, 5)
	d.written(6, 8)
	if g := d.gaps(8); len(g) != 0 || d.upTo != 8 {
		t.Fatalf("in-order writes: upTo %d gaps %v", d.upTo, g)
	}
	// 9..11 were queued when the socket dropped; 12 and 15..16 were
	// written on the new socket before the replay.
	d.written(12, 12)
	d.written(15, 16)
	if g, want := d.gaps(17), []seqRange{{9, 11}, {13, 14}, {17, 17}}; !slices.Equal(g, want) {
		t.Fatalf("gaps %v, want %v", g, want)
	}
	if g, want := d.gaps(10), []seqRange{{9, 10}}; !slices.Equal(g, want) {
		t.Fatalf("gaps up to 10: %v, want %v", g, want)
	}
	d.written(13, 14) // joins 12 and 15..16 into one range
	if len(d.above) != 1 || d.above[0] != (seqRange{12, 16}) {
		t.Fatalf("above %v", d.above)
	}
	d.written(9, 11) // the replay fills the gap
	if g := d.gaps(16); len(g) != 0 || d.upTo != 16 || len(d.above) != 0 {
		t.Fatalf("after the replay: upTo %d above %v gaps %v", d.upTo, d.above, g)
	}
	d.written(3, 16) // a late duplicate changes nothing
	if d.upTo != 16 {
		t.Fatalf("upTo %d", d.upTo)
	}
	// Items no longer retained are given up.
	d.written(20, 21)
	d.skipTo(18)
	if g, want := d.gaps(22), []seqRange{{19, 19}, {22, 22}}; !slices.Equal(g, want) {
		t.Fatalf("after skipTo: gaps %v, want %v", g, want)
	}
	d.skipTo(30)
	if d.upTo != 30 || len(d.above) != 0 {
		t.Fatalf("skipTo past the ranges: upTo %d above %v", d.upTo, d.above)
	}
}

// Past maxWrittenRanges the highest ranges are forgotten (replayed again
// rather than lost).
func TestDeliveredBoundsItsRanges(t *testing.T) {
	var d delivered
	for i := range uint64(3 * maxWrittenRanges) {
		d.written(10+2*i, 10+2*i) // every other sequence: all disjoint
	}
	if len(d.above) != maxWrittenRanges || d.above[0].first != 10 {
		t.Fatalf("%d ranges, first %v", len(d.above), d.above[0])
	}
	if g := d.gaps(200); g[0] != (seqRange{1, 9}) || g[len(g)-1].last != 200 {
		t.Fatalf("gaps %v", g)
	}
}

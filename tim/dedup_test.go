package tim

import (
	"math/rand/v2"
	"testing"
)

// seqSet agrees with a plain set of every sequence seen, for sequences at
// most seqWindow-1 below the highest; older ones always count as new.
func TestSeqSetMatchesAModel(t *testing.T) {
	for _, step := range []uint64{1, 3, 63, 64, 65, 200, 255, 256, 1000} {
		rng := rand.New(rand.NewPCG(step, 7))
		var s seqSet
		seen := map[uint64]bool{}
		var hi uint64
		base := uint64(1) << 40
		for i := range 5000 {
			seq := base + uint64(i)*step/4 + rng.Uint64N(300) - min(rng.Uint64N(600), base)
			want := true
			if len(seen) == 0 || seq >= hi || hi-seq < seqWindow {
				want = !seen[seq]
				seen[seq] = true
				hi = max(hi, seq)
			}
			if got := s.add(seq); got != want {
				t.Fatalf("step %d, add #%d (%d, highest %d): new=%v, want %v", step, i, seq, hi, got, want)
			}
		}
	}
}

func TestSeqSetEdges(t *testing.T) {
	var s seqSet
	for _, c := range []struct {
		seq  uint64
		want bool
	}{
		{100, true}, {100, false}, {99, true}, {99, false},
		{164, true}, {100, false}, {99, false}, // shifted by 64 exactly
		{356, true}, {100, true}, {164, false}, // 100 left the window (255 below is the last kept)
		{1000, true}, {356, true}, {1000, false},
		{0, true},
	} {
		if got := s.add(c.seq); got != c.want {
			t.Fatalf("add(%d) = %v, want %v", c.seq, got, c.want)
		}
	}
	s.reset()
	if !s.add(1000) || !s.add(5) {
		t.Fatal("after reset every sequence is new")
	}
}

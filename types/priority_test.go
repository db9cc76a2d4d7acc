package types

import (
	"fmt"
	"testing"
)

func TestPriorityWire(t *testing.T) {
	cases := []struct {
		p    Priority
		wire int
	}{
		{MsgPriorityHigh, 1},
		{MsgPriorityNormal, 2},
		{MsgPriorityLow, 3},
		{MsgPriorityLowest, 4},
	}
	for _, c := range cases {
		if got := c.p.Wire(); got != c.wire {
			t.Errorf("%s.Wire() = %d, want %d", c.p, got, c.wire)
		}
		if got := PriorityFromWire(c.wire); got != c.p {
			t.Errorf("PriorityFromWire(%d) = %s, want %s", c.wire, got, c.p)
		}
		if !c.p.Valid() {
			t.Errorf("%s.Valid() = false", c.p)
		}
	}
}

func TestPriorityDefaultsToNormal(t *testing.T) {
	for _, n := range []int{0, -1, 5, 255} {
		if got := PriorityFromWire(n); got != MsgPriorityNormal {
			t.Errorf("PriorityFromWire(%d) = %s, want Normal", n, got)
		}
	}
	for _, p := range []Priority{"", "high", "Urgent"} {
		if p.Valid() {
			t.Errorf("Priority(%q).Valid() = true", p)
		}
		if got := p.Wire(); got != 2 {
			t.Errorf("Priority(%q).Wire() = %d, want 2", p, got)
		}
	}
}

func ExamplePriorityFromWire() {
	for n := 0; n <= 4; n++ {
		fmt.Println(n, PriorityFromWire(n))
	}
	// Output:
	// 0 Normal
	// 1 High
	// 2 Normal
	// 3 Low
	// 4 Lowest
}

func ExamplePriority_Wire() {
	fmt.Println(MsgPriorityLow.Wire(), Priority("bogus").Wire())
	// Output: 3 2
}

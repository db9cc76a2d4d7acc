package restapi

import (
	"context"
	"fmt"
	"testing"
)

// Commands past maxLimiters share one bucket: Call's free-form command
// strings cannot grow the map without bound.
func TestLimitersBounded(t *testing.T) {
	l := newLimiters(1e6, 1)
	for i := range 2 * maxLimiters {
		if err := l.wait(context.Background(), fmt.Sprintf("svc/cmd%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(l.m); n != maxLimiters+1 {
		t.Fatalf("%d buckets, want %d (maxLimiters and the shared one)", n, maxLimiters+1)
	}
	if l.m[sharedBucket] == nil {
		t.Fatal("no shared bucket")
	}
	// A command that has its own bucket keeps it.
	before := l.m["svc/cmd0"]
	l.wait(context.Background(), "svc/cmd0")
	if l.m["svc/cmd0"] != before || len(l.m) != maxLimiters+1 {
		t.Fatal("a known command lost its bucket")
	}
}

package main

import (
	"strings"
	"testing"
	"time"
)

// TestShortSet runs the short set as `go run ./examples/reliability` does
// and fails if any row did not hold. The table goes to the test log.
func TestShortSet(t *testing.T) {
	start := time.Now()
	var progress strings.Builder
	rows := Run(Config{Progress: &progress})
	t.Logf("rows:\n%s", progress.String())
	t.Logf("short set in %v:\n%s\n%s", time.Since(start).Round(time.Second), Table(rows), Notes(rows))
	for _, r := range rows {
		if !r.Held {
			t.Errorf("%s did not hold: %s", r.Key, r.Note)
		}
	}
	if len(rows) != len(scenarios()) {
		t.Errorf("%d rows of %d", len(rows), len(scenarios()))
	}
}

// The table has one line per row and "–" where a figure does not apply.
func TestTableRendering(t *testing.T) {
	rows := []Row{{Key: "k", Fault: "a|b", Must: "m", Held: true, Lost: 0, Dup: na, Detect: 1500 * time.Millisecond,
		Recover: na, GoBefore: 5, GoAfter: 6, HeapBefore: mib, HeapAfter: 2 * mib, Note: "first; second"}}
	got := Table(rows)
	want := "| `k` | a\\|b | m | held | 0 | – | 1.5 s | – | 5→6 | 1.0 MiB→2.0 MiB | first |"
	if !strings.Contains(got, want) {
		t.Fatalf("table:\n%s\nwant a line %s", got, want)
	}
	doc := Document(rows, DocInfo{Long: true, Started: time.Unix(0, 0), Took: time.Minute})
	for _, s := range []string{"# Reliability", "go run ./examples/reliability -long", want, "## Notes", "`k` (held, 0.0 s): first; second."} {
		if !strings.Contains(doc, s) {
			t.Errorf("document lacks %q", s)
		}
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSideBySide runs a short -sidebyside: 5 tim-js-sdk guests in Node,
// then 5 tim-go guests, 10 msg/s for 3 s. It needs node and npm (runs
// `npm ci` in js/ when the packages are missing) and fails without them.
func TestSideBySide(t *testing.T) {
	cfg := defaultConfig()
	if err := cfg.sideBySide(nil); err != nil {
		t.Fatal(err)
	}
	cfg.Viewers, cfg.Rate, cfg.Duration = 5, 10, 3*time.Second
	cfg.Settle, cfg.Idle, cfg.Drain, cfg.JSON = 500*time.Millisecond, 500*time.Millisecond, 10*time.Second, true
	if err := cfg.check(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := runSideBySide(t.Context(), cfg, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	var side sideReport
	if err := json.Unmarshal(out.Bytes(), &side); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out.String())
	}
	if len(side.Rows) != 2 || side.Rows[0].Name != jsRowName || side.Rows[1].Name != goRowName || side.JS == nil || side.Go == nil {
		t.Fatalf("want the Node row then the Go row, got %+v", side.Rows)
	}
	for i, rep := range []*report{side.JS, side.Go} {
		row, tr := side.Rows[i], rep.Traffic
		if rep.Joined != 5 || rep.JoinedGuests != 5 || rep.JoinFailed != 0 {
			t.Errorf("%s: joined %d (%d guests), failed %d %v; want 5 guests", row.Name, rep.Joined, rep.JoinedGuests, rep.JoinFailed, rep.JoinErrors)
		}
		if tr.Sent != 30 || tr.SendFailed != 0 || tr.Skipped != 0 || row.Expected != 150 || row.Delivered != 150 {
			t.Errorf("%s: sent %d (failed %d %v, skipped %d), delivered %d of %d; want 30 sent, 150 of 150",
				row.Name, tr.Sent, tr.SendFailed, tr.SendErrors, tr.Skipped, row.Delivered, row.Expected)
		}
		if row.Duplicates != 0 || row.Missing != 0 || tr.Extra != 0 || tr.Silent != 0 || tr.Foreign != 0 || tr.Dropped != 0 {
			t.Errorf("%s: duplicates %d, missing %d, extra %d, silent %d, foreign %d, dropped %d; want none",
				row.Name, row.Duplicates, row.Missing, tr.Extra, tr.Silent, tr.Foreign, tr.Dropped)
		}
		if !(row.P50 > 0 && row.P50 <= row.P99 && row.P99 <= tr.Max && tr.Max < 10_000) {
			t.Errorf("%s: latency p50 %v p99 %v max %v ms: not ordered, or not in (0, 10 s)", row.Name, row.P50, row.P99, tr.Max)
		}
		if row.CPUPerReceipt <= 0 || row.Heap <= 0 || row.PeakRSS <= 0 || row.EmuPerReceipt <= 0 {
			t.Errorf("%s: figures not measured: %+v", row.Name, row)
		}
	}
	// Every Node viewer evaluates its own SDK module (600 KB of source):
	// a shared copy would cost a fraction of this. A tim-go viewer is a
	// few kilobytes.
	if js, g := side.Rows[0], side.Rows[1]; js.Heap < 512<<10 || g.Heap+g.Stack > 256<<10 || side.HeapRatio <= 1 || side.CPURatio <= 0 {
		t.Errorf("heap per idle viewer: Node %.0f B, Go %.0f + %.0f B (ratio %.1f, CPU ratio %.1f): not plausible",
			js.Heap, g.Heap, g.Stack, side.HeapRatio, side.CPURatio)
	}
	if side.JSExtra == nil || side.JSExtra.SDKExceptions != 0 || !strings.HasPrefix(side.JSExtra.Node, "v") {
		t.Errorf("Node figures: %+v", side.JSExtra)
	}

	var text bytes.Buffer
	side.writeText(&text)
	for _, want := range []string{"| " + jsRowName + " | ", "| " + goRowName + " | ", " stack | ", "| 150/150 | 0 | 0 |", "less CPU per delivered message", "accounting: "} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, text.String())
		}
	}
}

// TestNodeBuckets checks that js/hist.js puts latencies in hist.go's
// buckets, so both rows' percentiles are read alike.
func TestNodeBuckets(t *testing.T) {
	dir, err := findJSDir("")
	if err != nil {
		t.Fatal(err)
	}
	var values []uint64
	for v := uint64(0); v < 1<<32; v = v*9/8 + 1 {
		values = append(values, v)
	}
	list, _ := json.Marshal(values)
	cmd := exec.Command("node", "-e", `const {bucketOf} = require('./hist'); console.log(JSON.stringify(`+string(list)+`.map(bucketOf)))`)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []int
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(values) {
		t.Fatalf("node printed %q (%v)", out, err)
	}
	for i, v := range values {
		if got[i] != bucketOf(v) {
			t.Errorf("%d µs: hist.js bucket %d, hist.go %d", v, got[i], bucketOf(v))
		}
	}
}

// TestLineChildBounds checks that a child's overlong line and a child
// that does not answer are errors, and that the exchange then stays failed.
func TestLineChildBounds(t *testing.T) {
	long, err := startLineChild("long", exec.Command("sh", "-c", "head -c "+strconv.Itoa(maxChildLine+10)+" /dev/zero | tr '\\0' x; echo"))
	if err != nil {
		t.Fatal(err)
	}
	defer long.stop(time.Second)
	var v any
	if err := long.read(t.Context(), 10*time.Second, &v); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("overlong line: %v", err)
	}
	mute, err := startLineChild("mute", exec.Command("sleep", "30"))
	if err != nil {
		t.Fatal(err)
	}
	defer mute.stop(0)
	if err := mute.call(t.Context(), 100*time.Millisecond, "sample 0", &v); err == nil || !strings.Contains(err.Error(), "no answer") {
		t.Errorf("silent child: %v", err)
	}
	if err := mute.call(t.Context(), time.Minute, "sample 0", &v); err == nil {
		t.Error("a second exchange after a timeout succeeded")
	}
}

func TestSideBySideConfig(t *testing.T) {
	cfg := defaultConfig()
	if err := cfg.sideBySide(map[string]bool{"viewers": true}); err != nil {
		t.Fatal(err)
	}
	if cfg.Viewers != defaultViewers || cfg.Rate != sideRate || cfg.Senders != sideSenders || cfg.Guests != 1 || cfg.Emulator != "child" || cfg.check() != nil {
		t.Errorf("side-by-side defaults: %+v", cfg)
	}
	for _, bad := range []func(*config) map[string]bool{
		func(c *config) map[string]bool { c.Server = "ws://127.0.0.1:1"; return map[string]bool{"server": true} },
		func(c *config) map[string]bool { c.TLS = true; return map[string]bool{"tls": true} },
		func(c *config) map[string]bool { c.Guests = 0.5; return map[string]bool{"guests": true} },
		func(c *config) map[string]bool { c.Emulator = "inproc"; return map[string]bool{"emulator": true} },
	} {
		cfg := defaultConfig()
		if err := cfg.sideBySide(bad(&cfg)); err == nil {
			t.Errorf("accepted %+v", cfg)
		}
	}
	cfg = defaultConfig()
	cfg.NodeDir = "js"
	if cfg.check() == nil {
		t.Error("-nodedir without -sidebyside accepted")
	}
}

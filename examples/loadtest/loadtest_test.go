package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/timtest"
)

// TestMain serves the child emulator when the test binary is started as
// one (-emulator child), and runs the tests otherwise.
func TestMain(m *testing.M) {
	if serveChildIfAsked() {
		return
	}
	os.Exit(m.Run())
}

// smallConfig is a run small enough for a test: 50 viewers, half guests,
// 2 s of traffic at 20 msg/s.
func smallConfig(delivery, emulator string) config {
	cfg := defaultConfig()
	cfg.Viewers, cfg.Duration, cfg.Delivery, cfg.Emulator = 50, 2*time.Second, delivery, emulator
	cfg.Settle, cfg.Idle, cfg.Drain, cfg.JSON = 500*time.Millisecond, 500*time.Millisecond, 10*time.Second, true
	if err := cfg.check(); err != nil {
		panic(err)
	}
	return cfg
}

// runJSON runs cfg and decodes its JSON report.
func runJSON(t *testing.T, cfg config) report {
	t.Helper()
	var out bytes.Buffer
	if err := run(t.Context(), cfg, &out); err != nil {
		t.Fatal(err)
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out.String())
	}
	return rep
}

// checkDelivery checks what every run must show: all joined, every message
// delivered once to every viewer, a sane latency, non-zero figures.
func checkDelivery(t *testing.T, rep report) {
	t.Helper()
	tr := rep.Traffic
	switch {
	case rep.Error != "" || rep.Interrupted:
		t.Fatalf("run failed: %q interrupted=%v", rep.Error, rep.Interrupted)
	case rep.Joined != rep.Viewers || rep.JoinFailed != 0:
		t.Fatalf("joined %d of %d (%d failed: %v)", rep.Joined, rep.Viewers, rep.JoinFailed, rep.JoinErrors)
	case rep.JoinedGuests != rep.GuestsAsked || rep.GuestsAsked != 25:
		t.Errorf("guests: %d joined, %d asked, want 25", rep.JoinedGuests, rep.GuestsAsked)
	case tr.Sent != 40 || tr.SendFailed != 0 || tr.Skipped != 0:
		t.Errorf("sent %d, failed %d (%v), skipped %d; want 40 sent", tr.Sent, tr.SendFailed, tr.SendErrors, tr.Skipped)
	}
	if tr.Expected != int64(tr.Sent)*int64(rep.Viewers) || tr.Delivered != tr.Expected {
		t.Errorf("expected %d receipts (%d × %d), delivered %d", tr.Expected, tr.Sent, rep.Viewers, tr.Delivered)
	}
	if tr.Duplicates != 0 || tr.Missing != 0 || tr.Extra != 0 || tr.Silent != 0 || tr.Foreign != 0 || tr.Dropped != 0 {
		t.Errorf("duplicates %d, missing %d, extra %d, silent %d, foreign %d, dropped %d; want none",
			tr.Duplicates, tr.Missing, tr.Extra, tr.Silent, tr.Foreign, tr.Dropped)
	}
	if !(tr.P50 > 0 && tr.P50 <= tr.P90 && tr.P90 <= tr.P99 && tr.P99 <= tr.Max && tr.Max < 10_000) {
		t.Errorf("latency p50 %v p90 %v p99 %v max %v ms: not ordered, or not in (0, 10 s)", tr.P50, tr.P90, tr.P99, tr.Max)
	}
	if rep.Idle.Heap <= 0 || rep.Idle.Goroutines < 1 || tr.CPUPerReceipt <= 0 || tr.Allocs <= 0 || rep.PeakRSS <= 0 || rep.JoinSeconds <= 0 {
		t.Errorf("figures not measured: heap/viewer %v, goroutines/viewer %v, cpu/receipt %v, allocs/receipt %v, peak RSS %v, join %vs",
			rep.Idle.Heap, rep.Idle.Goroutines, tr.CPUPerReceipt, tr.Allocs, rep.PeakRSS, rep.JoinSeconds)
	}
}

func TestLoadPoll(t *testing.T) {
	rep := runJSON(t, smallConfig("poll", "inproc"))
	checkDelivery(t, rep)
	// The emulator shares the process: a reader goroutine at each end.
	if rep.Idle.Goroutines < 2 || rep.Split || rep.Emu != nil {
		t.Errorf("in-process emulator: %.2f goroutines/viewer, split %v", rep.Idle.Goroutines, rep.Split)
	}
}

func TestLoadPushChildEmulator(t *testing.T) {
	rep := runJSON(t, smallConfig("push", "child"))
	checkDelivery(t, rep)
	e := rep.Emu
	if !rep.Split || e == nil {
		t.Fatal("no emulator figures from the child process")
	}
	// Apart from the emulator, an idle viewer is its socket's reader goroutine.
	if rep.Idle.Goroutines < 0.9 || rep.Idle.Goroutines > 1.5 {
		t.Errorf("SDK goroutines/viewer %.2f, want about 1", rep.Idle.Goroutines)
	}
	if e.Heap <= 0 || e.Goroutines < 0.9 || rep.Traffic.EmuPerReceipt <= 0 || rep.EmuPeakRSS <= 0 {
		t.Errorf("emulator figures not measured: %+v, cpu/receipt %v, peak RSS %v", *e, rep.Traffic.EmuPerReceipt, rep.EmuPeakRSS)
	}
}

// TestLoadTLSChildEmulator runs the viewers over wss:// to a child
// emulator, trusting the certificate it hands over.
func TestLoadTLSChildEmulator(t *testing.T) {
	cfg := smallConfig("poll", "child")
	cfg.TLS = true
	rep := runJSON(t, cfg)
	checkDelivery(t, rep)
	if !strings.HasPrefix(rep.Server, "embedded emulator in child process") || !strings.Contains(rep.Server, "wss://") {
		t.Errorf("server %q: want the child emulator at a wss:// URL", rep.Server)
	}
}

// TestLoadAgainstServer runs the harness against a server it did not
// start, as -server does: UserSigs from -secret, the room over REST.
func TestLoadAgainstServer(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{Delivery: "push"})
	cfg := smallConfig("poll", "inproc")
	cfg.Server, cfg.SDKAppID, cfg.Secret, cfg.Admin = srv.URL, srv.SDKAppID, srv.SecretKey, srv.Admin
	if err := cfg.check(); err != nil {
		t.Fatal(err)
	}
	rep := runJSON(t, cfg)
	checkDelivery(t, rep)
	if rep.Delivery != "" || rep.Split || rep.Emu != nil || !strings.Contains(rep.Server, srv.URL) {
		t.Errorf("report of a -server run: delivery %q, split %v, server %q", rep.Delivery, rep.Split, rep.Server)
	}
	if n := srv.Stats().Rooms; n != 0 {
		t.Errorf("%d rooms left on the server; the harness dismisses its room", n)
	}
}

// TestTextReport checks the report a person reads, on a run without traffic.
func TestTextReport(t *testing.T) {
	cfg := smallConfig("poll", "inproc")
	cfg.Viewers, cfg.Rate, cfg.JSON = 10, 0, false
	var out bytes.Buffer
	if err := run(t.Context(), cfg, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"10/10 joined (5 guests)", "idle      SDK and emulator together", "goroutines/viewer", "peak RSS", "teardown"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestHistogram(t *testing.T) {
	var h histogram
	for i := 1; i <= 1000; i++ {
		h.record(i, time.Duration(i)*time.Millisecond)
	}
	s := h.summary()
	near := func(got time.Duration, want time.Duration) bool {
		return got >= want && float64(got) <= float64(want)*(1+1.0/histSub)+float64(time.Microsecond)
	}
	if s.N != 1000 || !near(s.P50, 500*time.Millisecond) || !near(s.P90, 900*time.Millisecond) ||
		!near(s.P99, 990*time.Millisecond) || s.Max != time.Second {
		t.Errorf("summary %+v", s)
	}
	for v := uint64(0); v < 1<<20; v = v*9/8 + 1 {
		if b := bucketOf(v); bucketTop(b) < v || (b > 0 && bucketTop(b-1) >= v) {
			t.Fatalf("%d µs in bucket %d with top %d", v, b, bucketTop(b))
		}
	}
}

func TestLoadText(t *testing.T) {
	at := time.Unix(1795629331, 123456789)
	idx, sent, ok := parseLoadText(loadText(42, at))
	if !ok || idx != 42 || !sent.Equal(at) {
		t.Errorf("round trip: %d %v %v", idx, sent, ok)
	}
	for _, bad := range []string{"", "hello", "lt ", "lt 1", "lt x 2", "lt -1 2", "lt 1 y"} {
		if _, _, ok := parseLoadText(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestConfigCheck(t *testing.T) {
	for _, bad := range []func(*config){
		func(c *config) { c.Viewers = 0 },
		func(c *config) { c.Guests = 1.5 },
		func(c *config) { c.Delivery = "carrier pigeon" },
		func(c *config) { c.Emulator = "remote" },
		func(c *config) { c.JoinRate = 0 },
		func(c *config) { c.Secret = "k" },
		func(c *config) { c.Server = "http://x" },
		func(c *config) { c.Server = "ws://127.0.0.1:1" },
	} {
		cfg := defaultConfig()
		bad(&cfg)
		if cfg.check() == nil {
			t.Errorf("accepted %+v", cfg)
		}
	}
	cfg := defaultConfig()
	if err := cfg.check(); err != nil || cfg.JoinTimeout < 2*time.Second {
		t.Errorf("defaults: %v, join timeout %v", err, cfg.JoinTimeout)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/tim-go/sdk/examples/loadtest/agentmetrics"
	"github.com/tim-go/sdk/tim/timtest"
)

// agentTarget is the server an agent runs against: one emulator, or one
// node of a cluster (its REST API beside it).
type agentTarget struct {
	url, rest, secret, admin string
	sdkAppID                 uint64
}

func emulatorTarget(srv *timtest.Server) agentTarget {
	return agentTarget{url: srv.URL, secret: srv.SecretKey, admin: srv.Admin, sdkAppID: srv.SDKAppID}
}

// agentConfig is agent i of k on to: 20 viewers in all, half guests,
// 2 senders, 10 msg/s for 3 s, a shared start shortly after now.
func agentConfig(t *testing.T, to agentTarget, i, k int, start time.Time) config {
	t.Helper()
	cfg := defaultConfig()
	cfg.Viewers, cfg.Senders, cfg.Rate, cfg.Duration = 20, 2, 10, 3*time.Second
	cfg.Settle, cfg.Idle, cfg.Drain, cfg.JSON = 200*time.Millisecond, 300*time.Millisecond, 5*time.Second, true
	cfg.Server, cfg.REST, cfg.SDKAppID, cfg.Secret, cfg.Admin = to.url, to.rest, to.sdkAppID, to.secret, to.admin
	cfg.Agent, cfg.StartAt, cfg.Seed, cfg.Warmup = &agentSpec{Index: i, Count: k}, start, 42, 3*time.Second
	if err := cfg.check(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// scrape reads url's metrics in Prometheus's text format.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fams
}

// value is the one sample of family name with label agent, counter or gauge.
func value(t *testing.T, fams map[string]*dto.MetricFamily, name, agent string) float64 {
	t.Helper()
	f := fams[name]
	if f == nil {
		t.Fatalf("no metric %s", name)
	}
	for _, m := range f.Metric {
		for _, l := range m.Label {
			if l.GetName() == "agent" && l.GetValue() == agent {
				if m.Counter != nil {
					return m.Counter.GetValue()
				}
				return m.Gauge.GetValue()
			}
		}
	}
	t.Fatalf("%s has no agent=%q", name, agent)
	return 0
}

// TestTwoAgentsMerged runs agents 0/2 and 1/2 in this process against one
// emulator, as two machines would: each its share of the viewers and of
// the sends, one room, one start. Their JSON reports merge into totals in
// which every message any agent sent reached every viewer of both, once;
// agent 1's Prometheus endpoint, scraped after the run, counts what its
// report says.
func TestTwoAgentsMerged(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{Delivery: "poll"})
	to := emulatorTarget(srv)
	runTwoAgents(t, [2]agentTarget{to, to}, func() int { return srv.Stats().Rooms })
}

// runTwoAgents runs agents 0/2 and 1/2 against their targets and checks
// their merged report and agent 1's metrics; roomsLeft counts the rooms
// the server still has afterwards.
func runTwoAgents(t *testing.T, targets [2]agentTarget, roomsLeft func() int) {
	start := time.Now().Add(500 * time.Millisecond)
	metrics := agentmetrics.New(1)
	ms, err := metrics.Serve("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ms.Close()

	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		cfg := agentConfig(t, targets[i], i, 2, start)
		if i == 1 {
			cfg.metrics = metrics
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out bytes.Buffer
			errs[i] = run(t.Context(), cfg, &out)
			if errs[i] == nil {
				errs[i] = os.WriteFile(filepath.Join(dir, "agent"+string(rune('0'+i))+".json"), out.Bytes(), 0o644)
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("agent %d: %v", i, err)
		}
	}

	var js bytes.Buffer
	if err := mergeCommand([]string{filepath.Join(dir, "agent*.json")}, true, &js); err != nil {
		t.Fatal(err)
	}
	var m merged
	if err := json.Unmarshal(js.Bytes(), &m); err != nil {
		t.Fatalf("merged report: %v\n%s", err, js.String())
	}
	tot := m.Total
	if len(m.Agents) != 2 || tot.Viewers != 20 || tot.Joined != 20 || tot.Sent != 30 || tot.SendFailed != 0 {
		t.Fatalf("merged: %d agents, %d viewers, %d joined, %d sent (%d failed); want 2, 20, 20, 30, 0\n%s",
			len(m.Agents), tot.Viewers, tot.Joined, tot.Sent, tot.SendFailed, js.String())
	}
	if tot.Expected != 600 || tot.Delivered != 600 || tot.Duplicates != 0 || tot.Missing != 0 {
		t.Errorf("merged receipts: expected %d, delivered %d, duplicates %d, missing %d; want 600, 600, 0, 0", tot.Expected, tot.Delivered, tot.Duplicates, tot.Missing)
	}
	for _, row := range m.Agents {
		if row.Viewers != 10 || row.Sent != 15 || row.Delivered != 300 || row.Missing != 0 {
			t.Errorf("agent %s: %d viewers, %d sent, %d delivered, %d missing; want 10, 15, 300, 0", row.Agent, row.Viewers, row.Sent, row.Delivered, row.Missing)
		}
	}
	if !(tot.P50 > 0 && tot.P50 <= tot.P99 && tot.P99 <= tot.Max) || len(m.BySender) != 2 || m.BySender[0].Receipts != 300 || m.BySender[1].Receipts != 300 {
		t.Errorf("latencies: p50 %v p99 %v max %v, by sender %+v", tot.P50, tot.P99, tot.Max, m.BySender)
	}
	// One machine, one clock: no skew worth a warning.
	if len(m.Skews) != 1 || m.Skews[0].How != "both ways" || len(m.Warnings) != 0 {
		t.Errorf("skews %+v, warnings %v: want one pair measured both ways and no warning", m.Skews, m.Warnings)
	}

	var text bytes.Buffer
	if err := mergeCommand([]string{filepath.Join(dir, "agent0.json"), filepath.Join(dir, "agent1.json")}, false, &text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"tim-go load test, 2 agents: room loadtest-42", "all", "600", "latency by sending agent", "clock skew: agent 1 less agent 0"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("merged table lacks %q:\n%s", want, text.String())
		}
	}

	var rep1 report
	b, err := os.ReadFile(filepath.Join(dir, "agent1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep1); err != nil {
		t.Fatal(err)
	}
	fams := scrape(t, ms.URL)
	if got := value(t, fams, "timgo_loadtest_receipts_total", "1"); got != float64(rep1.Traffic.Delivered) || got != 300 {
		t.Errorf("receipts_total %v, agent 1's report %d; want 300 both", got, rep1.Traffic.Delivered)
	}
	if got := value(t, fams, "timgo_loadtest_viewers_joined", "1"); got != 10 {
		t.Errorf("viewers_joined %v, want 10", got)
	}
	if got := value(t, fams, "timgo_loadtest_messages_sent_total", "1"); got != 15 {
		t.Errorf("messages_sent_total %v, want 15", got)
	}
	if got := value(t, fams, "timgo_loadtest_missing", "1"); got != 0 {
		t.Errorf("missing %v, want 0", got)
	}
	h := fams["timgo_loadtest_latency_seconds"]
	if h == nil || len(h.Metric) != 1 || h.Metric[0].Histogram.GetSampleCount() != 300 {
		t.Errorf("latency histogram: %v", h)
	}
	if fams["process_cpu_seconds_total"] == nil || fams["go_goroutines"] == nil {
		t.Error("no process or Go runtime metrics")
	}
	if n := roomsLeft(); n != 0 {
		t.Errorf("%d rooms left; agent 0 dismisses the plan's room", n)
	}
}

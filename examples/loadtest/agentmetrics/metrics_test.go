package agentmetrics

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestNilAgentIgnoresCalls: the harness calls a nil *Agent when -metrics is off.
func TestNilAgentIgnoresCalls(t *testing.T) {
	var a *Agent
	a.SetPlanned(1)
	a.Joined()
	a.JoinFailed()
	a.Sends(1, 1)
	a.Receipt(time.Millisecond, true)
	a.MinLatency(0, time.Millisecond)
	a.Drained(1, 0)
}

// TestServe serves what was counted, labelled with the agent, on 127.0.0.1.
func TestServe(t *testing.T) {
	a := New(3)
	a.Joined()
	a.Receipt(7*time.Millisecond, false)
	a.Receipt(-time.Millisecond, true) // a skewed clock: counted, latency clamped at 0
	a.MinLatency(1, -time.Millisecond)
	srv, err := a.Serve("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{
		`timgo_loadtest_viewers_joined{agent="3"} 1`,
		`timgo_loadtest_receipts_total{agent="3"} 2`,
		`timgo_loadtest_duplicates_total{agent="3"} 1`,
		`timgo_loadtest_latency_seconds_bucket{agent="3",le="0.005"} 1`,
		`timgo_loadtest_latency_seconds_bucket{agent="3",le="0.01"} 2`,
		`timgo_loadtest_min_latency_seconds{agent="3",sender_agent="1"} -0.001`,
		`process_cpu_seconds_total{agent="3"}`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if err := srv.Close(); err != nil {
		t.Error(err)
	}
}

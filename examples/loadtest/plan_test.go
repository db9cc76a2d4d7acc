package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPlanSplit checks that every viewer, sender and message of a plan
// belongs to exactly one agent, that the shares differ by at most one, and
// that a message's sender is one of its agent's.
func TestPlanSplit(t *testing.T) {
	for _, c := range []struct{ viewers, senders, msgs, k int }{
		{20, 2, 30, 2}, {1001, 4, 997, 3}, {7, 1, 10, 5}, {5, 3, 11, 8}, {100, 100, 1000, 1},
	} {
		viewerOwner := make([]int, c.viewers)
		senderOwner := make([]int, c.senders)
		for i := range viewerOwner {
			viewerOwner[i] = -1
		}
		for i := range senderOwner {
			senderOwner[i] = -1
		}
		var vShares, sShares, mShares []int
		msgOwners := make([]int, c.msgs)
		for i := range c.k {
			a := agentSpec{Index: i, Count: c.k}
			vShares = append(vShares, a.viewers(c.viewers))
			for l := range a.viewers(c.viewers) {
				j := a.globalViewer(l)
				if j >= c.viewers || viewerOwner[j] != -1 {
					t.Fatalf("%+v: viewer %d of agent %d out of range or taken by %d", c, j, i, viewerOwner[j])
				}
				viewerOwner[j] = i
			}
			ls := a.senders(c.senders)
			sShares = append(sShares, ls)
			for l := range ls {
				s := a.globalSender(l)
				if s >= c.senders || senderOwner[s] != -1 {
					t.Fatalf("%+v: sender %d of agent %d out of range or taken", c, s, i)
				}
				senderOwner[s] = i
			}
			mShares = append(mShares, a.messages(c.msgs, c.senders))
			for m := range c.msgs {
				if a.messageOwner(m, c.senders) == i {
					msgOwners[m]++
					if ls == 0 || a.localSender(m, c.senders) >= ls {
						t.Fatalf("%+v: message %d to agent %d with %d senders, local sender %d", c, m, i, ls, a.localSender(m, c.senders))
					}
				}
			}
		}
		for j, o := range viewerOwner {
			if o == -1 {
				t.Errorf("%+v: viewer %d has no agent", c, j)
			}
		}
		for s, o := range senderOwner {
			if o == -1 {
				t.Errorf("%+v: sender %d has no agent", c, s)
			}
		}
		for m, n := range msgOwners {
			if n != 1 {
				t.Errorf("%+v: message %d sent by %d agents", c, m, n)
			}
		}
		sum := 0
		for _, n := range mShares {
			sum += n
		}
		if sum != c.msgs {
			t.Errorf("%+v: message shares %v add up to %d", c, mShares, sum)
		}
		for name, sh := range map[string][]int{"viewers": vShares, "senders": sShares, "messages": mShares[:min(c.senders, c.k)]} {
			lo, hi := sh[0], sh[0]
			for _, n := range sh {
				lo, hi = min(lo, n), max(hi, n)
			}
			if hi-lo > 1 {
				t.Errorf("%+v: %s shares %v differ by more than one", c, name, sh)
			}
		}
	}
}

func TestParseAgentAndStart(t *testing.T) {
	if a, err := parseAgent("2/5"); err != nil || a.Index != 2 || a.Count != 5 {
		t.Errorf("2/5: %+v %v", a, err)
	}
	for _, bad := range []string{"", "1", "5/5", "-1/3", "a/b", "0/0", "0/1001"} {
		if _, err := parseAgent(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	now := time.Date(2026, 12, 5, 18, 0, 0, 0, time.UTC)
	if at, err := parseStart("now+30s", now); err != nil || !at.Equal(now.Add(30*time.Second)) {
		t.Errorf("now+30s: %v %v", at, err)
	}
	if at, err := parseStart("2026-12-05T18:01:00Z", now); err != nil || !at.Equal(now.Add(time.Minute)) {
		t.Errorf("RFC 3339: %v %v", at, err)
	}
	for _, bad := range []string{"now-5s", "now+x", "tomorrow"} {
		if _, err := parseStart(bad, now); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestPlanFile checks that a plan file fills the flags left out and
// refuses a flag that disagrees with it.
func TestPlanFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, []byte(`{"viewers": 300, "rate": 40, "duration": "1m", "start": "2026-12-05T18:00:00Z"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	parse := func(args ...string) (config, error) {
		cfg := defaultConfig()
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		var start string
		fs.IntVar(&cfg.Viewers, "viewers", cfg.Viewers, "")
		fs.Float64Var(&cfg.Rate, "rate", cfg.Rate, "")
		fs.DurationVar(&cfg.Duration, "duration", cfg.Duration, "")
		fs.StringVar(&start, "start", "", "")
		if err := fs.Parse(args); err != nil {
			return cfg, err
		}
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		err := applyPlanFile(fs, set, path)
		return cfg, err
	}
	cfg, err := parse()
	if err != nil || cfg.Viewers != 300 || cfg.Rate != 40 || cfg.Duration != time.Minute {
		t.Errorf("from the file: %v, viewers %d rate %v duration %v", err, cfg.Viewers, cfg.Rate, cfg.Duration)
	}
	if _, err := parse("-viewers", "300", "-duration", "60s"); err != nil {
		t.Errorf("flags that agree with the file: %v", err)
	}
	if _, err := parse("-viewers", "301"); err == nil || !strings.Contains(err.Error(), "conflicts") {
		t.Errorf("a flag against the file: %v", err)
	}
}

// TestHistogramMerge checks that merged histograms give the percentiles
// of all the latencies together, not an average of percentiles.
func TestHistogramMerge(t *testing.T) {
	var fast, slow, all senderLatency
	for _, s := range []*senderLatency{&fast, &slow, &all} {
		s.min.Store(1 << 62)
	}
	for i := 1; i <= 900; i++ { // 900 at 1..900 µs×10
		d := time.Duration(i) * 10 * time.Microsecond
		fast.record(d)
		all.record(d)
	}
	for i := 1; i <= 100; i++ { // 100 at 1..100 ms
		d := time.Duration(i) * time.Millisecond
		slow.record(d)
		all.record(d)
	}
	var m histJSON
	m.add(fast.snapshot())
	m.add(slow.snapshot())
	got, want := m.summary(), all.snapshot()
	w := want.summary()
	if got != w || got.N != 1000 || *m.MinUS != 10 {
		t.Errorf("merged %+v, want %+v (min %d)", got, w, *m.MinUS)
	}
	// p99 lies among the slow ones: about 90 ms, where averaging the two
	// p99s would say about 50.
	if got.P99 < 89*time.Millisecond || got.P99 > 95*time.Millisecond {
		t.Errorf("p99 %v, want about 90ms", got.P99)
	}
}

// TestSkewDetection reads fabricated reports: agent 1's clock 10 ms ahead
// of agent 0's, with a 2 ms trip each way.
func TestSkewDetection(t *testing.T) {
	us := func(v int64) *int64 { return &v }
	hist := func(min int64) histJSON { return histJSON{N: 1, MinUS: us(min), Buckets: [][2]uint64{}} }
	// at 0: own 2 ms, agent 1's stamped 10 ms late: 2 − 10 = −8 ms.
	// at 1: own 2 ms, agent 0's: 2 + 10 = 12 ms.
	by0 := []histJSON{hist(2000), hist(-8000)}
	by1 := []histJSON{hist(12000), hist(2000)}
	if w := agentSkew(0, by0); len(w) != 1 || !strings.Contains(w[0], "agent 1 arrive 8ms before") {
		t.Errorf("agent 0's warnings: %q", w)
	}
	if w := agentSkew(1, by1); len(w) != 1 || !strings.Contains(w[0], "about 10ms behind") {
		t.Errorf("agent 1's warnings: %q", w)
	}
	pairs := pairSkews([][]*int64{{us(2000), us(-8000)}, {us(12000), us(2000)}})
	if len(pairs) != 1 || pairs[0].SkewMS != 10 || pairs[0].How != "both ways" || !strings.Contains(pairs[0].Warning, "agent 1's clock is about 10ms ahead of agent 0's") {
		t.Errorf("pairs %+v", pairs)
	}
	// Only one way, against agent 0's own senders: the same estimate.
	pairs = pairSkews([][]*int64{{us(2000), us(-8000)}, {nil, nil}})
	if len(pairs) != 1 || pairs[0].SkewMS != 10 || pairs[0].How != "against a baseline" {
		t.Errorf("one way: %+v", pairs)
	}
	// Clocks that agree: no warning.
	if w := agentSkew(0, []histJSON{hist(2000), hist(2500)}); len(w) != 0 {
		t.Errorf("agreeing clocks warned: %q", w)
	}
	if p := pairSkews([][]*int64{{us(2000), us(2400)}, {us(2600), us(2000)}}); len(p) != 1 || p[0].Warning != "" {
		t.Errorf("agreeing clocks: %+v", p)
	}

	// The merge flags the skewed senders' latencies and warns.
	rep := func(i int, by []histJSON) report {
		r := report{Viewers: 1, Joined: 1}
		r.Traffic.Sent, r.Traffic.Delivered = 1, 2
		r.Agent = &agentSection{Index: i, Count: 2, Plan: planRecord{Agents: 2, Room: "r"}, BySender: by}
		return r
	}
	m, err := mergeReports([]report{rep(1, by1), rep(0, by0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Warnings) != 1 || len(m.BySender) != 2 || !m.BySender[0].Skewed || !m.BySender[1].Skewed || m.Total.Expected != 4 || m.Total.Missing != 0 {
		t.Errorf("merged: warnings %q, by sender %+v, expected %d missing %d", m.Warnings, m.BySender, m.Total.Expected, m.Total.Missing)
	}
	if _, err := mergeReports([]report{rep(0, by0), rep(0, by0)}); err == nil {
		t.Error("two reports of one agent merged")
	}
}

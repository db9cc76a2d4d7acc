package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// merged is -report's result: the agents' reports as one run.
type merged struct {
	Plan     planRecord  `json:"plan"`
	Agents   []mergedRow `json:"agents"`
	Total    mergedRow   `json:"total"`
	BySender []senderRow `json:"latency_by_sender"`
	Skews    []skewPair  `json:"skews,omitempty"`
	Warnings []string    `json:"warnings,omitempty"` // skew, absent agents, failed runs
}

// mergedRow is one agent's figures, or all agents' together: receipts
// are expected by every joined viewer for every message any agent sent.
type mergedRow struct {
	Agent      string  `json:"agent"` // "i/K" or "all"
	Viewers    int     `json:"viewers"`
	Joined     int     `json:"joined"`
	Sent       int     `json:"sent"`
	SendFailed int     `json:"send_failed"`
	Expected   int64   `json:"expected"`
	Delivered  int64   `json:"delivered"`
	Duplicates int64   `json:"duplicates"`
	Missing    int64   `json:"missing"`
	P50        float64 `json:"latency_p50_ms"`
	P90        float64 `json:"latency_p90_ms"`
	P99        float64 `json:"latency_p99_ms"`
	Max        float64 `json:"latency_max_ms"`
	CPUSeconds float64 `json:"cpu_s"`
	CPUPer     float64 `json:"cpu_us_per_receipt"`
	hist       histJSON
}

// senderRow is the latencies of one sending agent's messages at every
// agent's viewers: where a clock is skewed, these move with it.
type senderRow struct {
	Agent    int     `json:"agent"`
	Receipts int64   `json:"receipts"`
	P50      float64 `json:"latency_p50_ms"`
	P99      float64 `json:"latency_p99_ms"`
	MinMS    float64 `json:"latency_min_ms"`
	Skewed   bool    `json:"maybe_skewed,omitempty"`
}

// mergeCommand is -report: it reads the reports named by args (files or
// globs) and writes the merged table, as JSON with asJSON.
func mergeCommand(args []string, asJSON bool, w io.Writer) error {
	var reps []report
	for _, a := range args {
		names, err := filepath.Glob(a)
		if err != nil || len(names) == 0 {
			names = []string{a} // not a pattern, or one matching nothing: let the open say so
		}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			var r report
			if err := json.Unmarshal(b, &r); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if r.Agent == nil {
				return fmt.Errorf("%s: not an agent's report (run with -agent i/K -json)", name)
			}
			reps = append(reps, r)
		}
	}
	m, err := mergeReports(reps)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(w, m)
	}
	m.writeText(w)
	return nil
}

// mergeReports merges agents' reports of one plan.
func mergeReports(reps []report) (*merged, error) {
	if len(reps) == 0 {
		return nil, errors.New("no reports")
	}
	sort.Slice(reps, func(i, j int) bool { return reps[i].Agent.Index < reps[j].Agent.Index })
	m := &merged{Plan: reps[0].Agent.Plan}
	k := m.Plan.Agents
	seen := map[int]bool{}
	for _, r := range reps {
		a := r.Agent
		switch {
		case a.Plan != m.Plan:
			return nil, fmt.Errorf("agent %d/%d ran another plan (%+v) than agent %d (%+v)", a.Index, a.Count, a.Plan, reps[0].Agent.Index, m.Plan)
		case a.Index < 0 || a.Index >= k || a.Count != k:
			return nil, fmt.Errorf("agent %d/%d does not fit the plan's %d agents", a.Index, a.Count, k)
		case seen[a.Index]:
			return nil, fmt.Errorf("two reports of agent %d", a.Index)
		}
		seen[a.Index] = true
		if r.Error != "" || r.Interrupted {
			m.Warnings = append(m.Warnings, fmt.Sprintf("agent %d failed or stopped early: %s", a.Index, orDash(r.Error)))
		}
		if a.Late > 0 {
			m.Warnings = append(m.Warnings, fmt.Sprintf("agent %d was %.1fs late for the first send (ramp and settle overran -warmup): its late viewers miss the first messages", a.Index, a.Late))
		}
	}
	if len(reps) < k {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%d of %d agents' reports: the totals leave the others' viewers out", len(reps), k))
	}
	sent := 0
	for _, r := range reps {
		sent += r.Traffic.Sent
	}
	least := make([][]*int64, k)
	bySender := make([]histJSON, k)
	m.Total.Agent = "all"
	for _, r := range reps {
		row := agentRow(r, sent)
		m.Agents = append(m.Agents, row)
		m.Total.add(row)
		least[r.Agent.Index] = make([]*int64, k)
		for s, h := range r.Agent.BySender {
			if s < k {
				least[r.Agent.Index][s] = h.MinUS
				bySender[s].add(h)
			}
		}
	}
	m.Total.Expected = int64(sent) * int64(m.Total.Joined)
	m.Total.Missing = max(m.Total.Expected-(m.Total.Delivered-m.Total.Duplicates), 0)
	m.Total.setLatency()
	m.Total.CPUPer = cpuPer(m.Total.CPUSeconds, m.Total.Delivered-m.Total.Duplicates)
	m.Skews = pairSkews(least)
	skewed := map[int]bool{}
	for _, p := range m.Skews {
		if p.Warning != "" {
			m.Warnings = append(m.Warnings, p.Warning)
			skewed[p.A], skewed[p.B] = true, true
		}
	}
	for s, h := range bySender {
		if h.N == 0 {
			continue
		}
		l := h.summary()
		row := senderRow{Agent: s, Receipts: h.N, P50: ms(l.P50), P99: ms(l.P99), Skewed: skewed[s]}
		if h.MinUS != nil {
			row.MinMS = float64(*h.MinUS) / 1000
		}
		m.BySender = append(m.BySender, row)
	}
	return m, nil
}

// agentRow is one agent's row, its expected receipts those of every
// message any agent sent (sent) at its joined viewers.
func agentRow(r report, sent int) mergedRow {
	t := r.Traffic
	row := mergedRow{Agent: fmt.Sprintf("%d/%d", r.Agent.Index, r.Agent.Count), Viewers: r.Viewers, Joined: r.Joined,
		Sent: t.Sent, SendFailed: t.SendFailed, Expected: int64(sent) * int64(r.Joined), Delivered: t.Delivered,
		Duplicates: t.Duplicates, CPUSeconds: t.CPUSeconds}
	row.Missing = max(row.Expected-(t.Delivered-t.Duplicates), 0)
	for _, h := range r.Agent.BySender {
		row.hist.add(h)
	}
	row.setLatency()
	row.CPUPer = cpuPer(t.CPUSeconds, t.Delivered-t.Duplicates)
	return row
}

// add sums o's counts into m (latencies by histogram).
func (m *mergedRow) add(o mergedRow) {
	m.Viewers += o.Viewers
	m.Joined += o.Joined
	m.Sent += o.Sent
	m.SendFailed += o.SendFailed
	m.Delivered += o.Delivered
	m.Duplicates += o.Duplicates
	m.CPUSeconds += o.CPUSeconds
	m.hist.add(o.hist)
}

func (m *mergedRow) setLatency() {
	l := m.hist.summary()
	m.P50, m.P90, m.P99, m.Max = ms(l.P50), ms(l.P90), ms(l.P99), ms(l.Max)
}

// cpuPer is µs of CPU per unique receipt.
func cpuPer(cpuSeconds float64, unique int64) float64 {
	if unique <= 0 {
		return 0
	}
	return cpuSeconds / float64(unique) * 1e6
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

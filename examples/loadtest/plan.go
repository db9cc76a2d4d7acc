package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// With -agent i/K the harness is agent i (0-based) of K that load one
// room together from several machines. The agents never talk to each
// other: they share the plan (the same flags or plan file on every
// machine) and the server. The plan fixes the room, the totals (viewers,
// guests, senders, rate, duration, join rate) and one wall-clock start;
// each agent derives its share from its index alone:
//
//   - viewer j (user ID "viewer<j>") belongs to agent j mod K and starts
//     to join at start + j/join-rate, so the K ramps together are one ramp
//     at the plan's rate;
//   - sender s ("sender<s>") belongs to agent s mod K;
//   - message m is sent at start + warmup + m/rate by agent m mod A, A
//     being the agents that hold senders (min(senders, K)), and by that
//     agent's senders in turn: the K schedules together are the plan's.
const maxAgents = 1000

// agentSpec is -agent i/K.
type agentSpec struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// parseAgent reads "i/K", i in [0, K).
func parseAgent(s string) (agentSpec, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	k, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || k < 1 || k > maxAgents || i < 0 || i >= k {
		return agentSpec{}, fmt.Errorf("-agent %q: want i/K with 0 <= i < K <= %d (i is 0-based)", s, maxAgents)
	}
	return agentSpec{Index: i, Count: k}, nil
}

// String is "i/K".
func (a agentSpec) String() string { return fmt.Sprintf("%d/%d", a.Index, a.Count) }

// share is how many of n items, dealt round-robin, item j to j mod k, fall
// to i: the shares of 0..k-1 differ by at most one.
func share(n, k, i int) int {
	if i >= n {
		return 0
	}
	return (n - i + k - 1) / k
}

// viewers is how many of the plan's viewers are this agent's.
func (a agentSpec) viewers(total int) int { return share(total, a.Count, a.Index) }

// globalViewer is the plan index of this agent's l-th viewer.
func (a agentSpec) globalViewer(l int) int { return a.Index + a.Count*l }

// senders is how many of the plan's senders are this agent's.
func (a agentSpec) senders(total int) int { return share(total, a.Count, a.Index) }

// globalSender is the plan index of this agent's l-th sender.
func (a agentSpec) globalSender(l int) int { return a.Index + a.Count*l }

// sendingAgents is how many agents hold senders.
func (a agentSpec) sendingAgents(senders int) int { return min(senders, a.Count) }

// messageOwner is the agent that sends message m.
func (a agentSpec) messageOwner(m, senders int) int { return m % a.sendingAgents(senders) }

// localSender is which of its senders the owning agent sends message m
// with: its own messages in turn over its senders.
func (a agentSpec) localSender(m, senders int) int {
	sa := a.sendingAgents(senders)
	return (m / sa) % a.senders(senders)
}

// messages is how many of the plan's n messages this agent sends.
func (a agentSpec) messages(n, senders int) int {
	sa := a.sendingAgents(senders)
	if a.Index >= sa {
		return 0
	}
	return share(n, sa, a.Index)
}

// planFlags are the flags a plan file may set, by the flag's name: the
// plan file's keys are these names.
var planFlags = []string{"room", "viewers", "guests", "senders", "rate", "duration", "join-rate", "warmup", "drain", "seed", "start"}

// applyPlanFile sets the plan flags of fs from the JSON object in path,
// keyed by flag name ({"viewers": 50000, "rate": 40, "duration": "60s",
// "start": "2026-12-05T18:00:00Z"}). A flag given on the command line
// (set holds their names) that the file also sets must agree with it:
// agents share one plan, and a flag that quietly overrode the file on one
// machine would split it. A flag the file leaves out may be given.
func applyPlanFile(fs *flag.FlagSet, set map[string]bool, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("plan %s: %w", path, err)
	}
	for key, v := range raw {
		if !isPlanFlag(key) {
			return fmt.Errorf("plan %s: unknown key %q (keys: %s)", path, key, strings.Join(planFlags, ", "))
		}
		val, err := planValue(v)
		if err != nil {
			return fmt.Errorf("plan %s: %s: %w", path, key, err)
		}
		f := fs.Lookup(key)
		if !set[key] {
			if err := f.Value.Set(val); err != nil {
				return fmt.Errorf("plan %s: %s: %w", path, key, err)
			}
			continue
		}
		given := f.Value.String()
		if err := f.Value.Set(val); err != nil || f.Value.String() != given {
			return fmt.Errorf("-%s %s conflicts with the plan file's %q: %v (every agent must run the same plan: change the file, or leave the flag out)", key, given, key, val)
		}
	}
	return nil
}

func isPlanFlag(name string) bool {
	for _, f := range planFlags {
		if f == name {
			return true
		}
	}
	return false
}

// planValue is a plan file's value as a flag's text: a string as is, a
// number as written.
func planValue(v json.RawMessage) (string, error) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err != nil {
		return "", errors.New("want a string or a number")
	}
	return n.String(), nil
}

// parseStart reads -start: an RFC 3339 time, or "now+D" (D a Go duration)
// from now. "now+D" is this process's now: give the agents of several
// machines one absolute time.
func parseStart(s string, now time.Time) (time.Time, error) {
	if rest, ok := strings.CutPrefix(s, "now"); ok {
		if rest == "" {
			return now, nil
		}
		d, err := time.ParseDuration(strings.TrimPrefix(rest, "+"))
		if err != nil || !strings.HasPrefix(rest, "+") {
			return time.Time{}, fmt.Errorf(`-start %q: want RFC 3339 or "now+30s"`, s)
		}
		return now.Add(d), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf(`-start %q: want RFC 3339 (2026-12-05T18:00:00Z) or "now+30s"`, s)
	}
	return t, nil
}

// planRecord is the plan as every agent's report carries it: -report
// merges only reports of one plan.
type planRecord struct {
	Room     string  `json:"room"`
	Viewers  int     `json:"viewers"`
	Guests   float64 `json:"guests"`
	Senders  int     `json:"senders"`
	Rate     float64 `json:"rate"`
	Duration float64 `json:"duration_s"`
	JoinRate float64 `json:"join_rate"`
	Warmup   float64 `json:"warmup_s"`
	Drain    float64 `json:"drain_s"`
	Seed     int64   `json:"seed"`
	Start    string  `json:"start"` // RFC 3339, UTC
	Agents   int     `json:"agents"`
}

// record is c's plan.
func (c *config) record() planRecord {
	return planRecord{Room: c.Room, Viewers: c.Viewers, Guests: c.Guests, Senders: c.Senders, Rate: c.Rate,
		Duration: c.Duration.Seconds(), JoinRate: c.JoinRate, Warmup: c.Warmup.Seconds(), Drain: c.Drain.Seconds(),
		Seed: c.Seed, Start: c.StartAt.UTC().Format(time.RFC3339Nano), Agents: c.Agent.Count}
}

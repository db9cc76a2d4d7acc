package main

import (
	"fmt"
	"time"
)

// Latencies across machines subtract one machine's clock from another's.
// The least latency of a sender's messages is the path's fastest trip
// plus the skew between the clocks, so an agent compares the least
// latency of each other agent's messages with that of its own senders'
// (no skew there): a negative least latency, or one far from its own,
// means the clocks differ. Given two agents' reports, the least latencies
// in both directions cancel the trip: skew = (min(b→a) − min(a→b)) / 2.

// skewWarn is the skew worth a warning: NTP keeps machines of one network
// within a millisecond or two, and latencies on one machine run 5 ms and
// up, so 5 ms moves a percentile visibly.
const skewWarn = 5 * time.Millisecond

// agentSkew reads agent self's least latencies by sender agent and warns
// of every sender whose clock looks skewed against self's.
func agentSkew(self int, bySender []histJSON) []string {
	var own *int64
	if self < len(bySender) {
		own = bySender[self].MinUS
	}
	var out []string
	for s, h := range bySender {
		if s == self || h.MinUS == nil {
			continue
		}
		least := usDuration(*h.MinUS)
		switch {
		case least < 0:
			out = append(out, fmt.Sprintf("messages from agent %d arrive %v before they were sent: its clock is ahead of this agent's by at least that", s, -least))
		case own != nil && absDuration(least-usDuration(*own)) > skewWarn:
			d := usDuration(*own) - least // positive: s is ahead
			out = append(out, fmt.Sprintf("least latency from agent %d is %v against %v from this agent's own senders: its clock is about %v %s this agent's (or its path is slower); latencies of its messages may be off by that much",
				s, least, usDuration(*own), absDuration(d), aheadBehind(d)))
		}
	}
	return out
}

// skewPair is the estimated skew between two agents' clocks.
type skewPair struct {
	A, B    int     `json:"-"`
	Agents  [2]int  `json:"agents"`
	SkewMS  float64 `json:"skew_ms"` // clock of B less clock of A
	How     string  `json:"how"`     // "both ways" or "against a baseline"
	Warning string  `json:"warning,omitempty"`
}

// pairSkews estimates, for every pair of agents with receipts between
// them, how far B's clock is ahead of A's. least[r][s] is the least
// latency at agent r of agent s's messages (nil: none).
func pairSkews(least [][]*int64) []skewPair {
	at := func(r, s int) (time.Duration, bool) {
		if r < len(least) && s < len(least[r]) && least[r][s] != nil {
			return usDuration(*least[r][s]), true
		}
		return 0, false
	}
	var out []skewPair
	for a := range least {
		for b := a + 1; b < len(least); b++ {
			ab, okAB := at(b, a) // at b, of a's messages: trip + (clock b − clock a)
			ba, okBA := at(a, b) // at a, of b's messages: trip + (clock a − clock b)
			p := skewPair{A: a, B: b, Agents: [2]int{a, b}}
			var skew time.Duration
			switch {
			case okAB && okBA:
				skew, p.How = (ab-ba)/2, "both ways"
			default:
				base, okBase := at(a, a)
				if !okBase {
					base, okBase = at(b, b)
				}
				switch {
				case okBase && okBA:
					skew, p.How = base-ba, "against a baseline"
				case okBase && okAB:
					skew, p.How = ab-base, "against a baseline"
				default:
					continue
				}
			}
			p.SkewMS = float64(skew.Microseconds()) / 1000
			negative := (okAB && ab < 0) || (okBA && ba < 0)
			if absDuration(skew) > skewWarn || negative {
				p.Warning = fmt.Sprintf("agent %d's clock is about %v %s agent %d's: latencies between them may be off by that much",
					b, absDuration(skew), aheadBehind(skew), a)
			}
			out = append(out, p)
		}
	}
	return out
}

func usDuration(us int64) time.Duration { return time.Duration(us) * time.Microsecond }

func absDuration(d time.Duration) time.Duration { return max(d, -d) }

// aheadBehind says which way a positive (ahead) or negative skew goes.
func aheadBehind(d time.Duration) string {
	if d >= 0 {
		return "ahead of"
	}
	return "behind"
}

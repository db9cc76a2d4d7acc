package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/tim-go/sdk/types"
)

// Stats are kept on the client side only (what senders were told, what
// viewers received), so they mean the same against the emulator and
// against Tencent IM.

// priorities lists the rows of the summary, highest first.
var priorities = []types.Priority{types.MsgPriorityHigh, types.MsgPriorityNormal, types.MsgPriorityLow, types.MsgPriorityLowest}

// maxLatencySamples bounds the latencies kept per priority; past it a
// uniform reservoir sample stands for all of them.
const maxLatencySamples = 200_000

// secretParams finds the UserSig in a REST URL.
var secretParams = regexp.MustCompile(`(usersig)=[^&"\s]*`)

// maxErrors is how many distinct error lines the summary keeps.
const maxErrors = 10

// stats is the ledger of the scene, safe for concurrent use.
type stats struct {
	mu     sync.Mutex
	msgs   map[string]*sentMsg // by message ID, which viewers see too
	prio   [4]prioStats        // by Priority.Wire()-1
	errs   []string
	nErr   int
	sample *rand.Rand
}

// sentMsg is one message a scene member sent or tried to send.
type sentMsg struct {
	prio     types.Priority
	expected int  // viewers that should receive it (all but the sender)
	ok       bool // the server accepted it
	received int  // viewer receipts
}

// prioStats is one priority's counters.
type prioStats struct {
	kinds     [numKinds]bool
	attempted int
	refused   int // refused by rule: 10017, the muted spammer
	failed    int // any other error
	receipts  int // viewer receipts of accepted messages, duplicates included
	seen      int // latencies observed (the reservoir's population)
	latencies []time.Duration
}

func newStats() *stats {
	return &stats{msgs: make(map[string]*sentMsg), sample: rand.New(rand.NewPCG(1, 2))}
}

func prioIndex(p types.Priority) int { return p.Wire() - 1 }

// begin records a message about to be sent; a receipt may beat the reply.
func (s *stats) begin(id string, k kind, expected int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := k.priority()
	s.msgs[id] = &sentMsg{prio: p, expected: expected}
	ps := &s.prio[prioIndex(p)]
	ps.kinds[k] = true
	ps.attempted++
}

// end records the send's outcome and reports whether it was refused
// because the sender is muted.
func (s *stats) end(id string, err error) (muted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.msgs[id]
	if m == nil {
		return false
	}
	ps := &s.prio[prioIndex(m.prio)]
	switch {
	case err == nil:
		m.ok = true
	case errors.Is(err, types.ErrGroupShutUpDeny):
		ps.refused++
		return true
	default:
		ps.failed++
		s.errorLocked(fmt.Sprintf("send %s: %v", m.prio, err))
	}
	return false
}

// receipt records that one viewer received message id after latency.
func (s *stats) receipt(id string, latency time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.msgs[id]
	if m == nil {
		return // not the scene's (another client in a real room)
	}
	m.received++
	ps := &s.prio[prioIndex(m.prio)]
	ps.receipts++
	ps.seen++
	switch {
	case len(ps.latencies) < maxLatencySamples:
		ps.latencies = append(ps.latencies, latency)
	default:
		if i := s.sample.IntN(ps.seen); i < maxLatencySamples {
			ps.latencies[i] = latency
		}
	}
}

// errorf records an unexpected error for the summary.
func (s *stats) errorf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errorLocked(fmt.Sprintf(format, args...))
}

func (s *stats) errorLocked(line string) {
	line = secretParams.ReplaceAllString(line, "$1=…") // URLs in errors carry the admin's UserSig
	s.nErr++
	if len(s.errs) < maxErrors && !slices.Contains(s.errs, line) {
		s.errs = append(s.errs, line)
	}
}

// pending is the number of receipts accepted messages still wait for.
func (s *stats) pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, m := range s.msgs {
		if m.ok && m.received < m.expected {
			n += m.expected - m.received
		}
	}
	return n
}

// row is one priority's line of the summary.
type row struct {
	prio      types.Priority
	kinds     []string
	attempted int
	sent      int // accepted by the server
	refused   int
	failed    int
	expected  int // sent × receiving viewers
	delivered int // receipts, at most expected per message
	dropped   int // sent but received by no viewer
	partial   int // received by some viewers, not all
	extra     int // receipts beyond expected (must be 0)
	p50, p99  time.Duration
}

// rows computes the summary lines of the priorities used, highest first.
func (s *stats) rows() []row {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]row, 0, len(priorities))
	for _, p := range priorities {
		ps := &s.prio[prioIndex(p)]
		if ps.attempted == 0 {
			continue
		}
		r := row{prio: p, attempted: ps.attempted, refused: ps.refused, failed: ps.failed}
		for k, used := range ps.kinds {
			if used {
				r.kinds = append(r.kinds, kind(k).String())
			}
		}
		for _, m := range s.msgs {
			if m.prio != p || !m.ok {
				continue
			}
			r.sent++
			r.expected += m.expected
			r.delivered += min(m.received, m.expected)
			r.extra += max(m.received-m.expected, 0)
			switch {
			case m.expected > 0 && m.received == 0:
				r.dropped++
			case m.received < m.expected:
				r.partial++
			}
		}
		r.p50, r.p99 = percentile(ps.latencies, 0.50), percentile(ps.latencies, 0.99)
		out = append(out, r)
	}
	return out
}

// errorList returns the distinct error lines and the count of all errors.
func (s *stats) errorList() ([]string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.errs), s.nErr
}

// percentile is the q-quantile of ds (nearest rank); 0 for none.
func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

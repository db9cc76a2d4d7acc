package main

import (
	"strconv"
	"strings"
	"time"
)

// An agent's message says who sent it and in which run, besides its index
// and send time: "lt <index> <send time, Unix ns> <agent> <seed>". The
// receiving agent files its latency under the sending agent (whose clock
// stamped it), and counts a text of another run (another seed) as foreign.

// agentText is the text of message idx sent at t by agent in the run of seed.
func agentText(idx int, t time.Time, agent int, seed int64) string {
	b := make([]byte, 0, 48)
	b = append(b, textPrefix...)
	b = strconv.AppendInt(b, int64(idx), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, t.UnixNano(), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(agent), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, seed, 10)
	return string(b)
}

// parseAgentText reads an agent's text; ok is false for any other text.
func parseAgentText(s string) (idx int, sent time.Time, agent int, seed int64, ok bool) {
	rest, found := strings.CutPrefix(s, textPrefix)
	if !found {
		return 0, time.Time{}, 0, 0, false
	}
	var f [4]string
	for i := range 3 {
		if f[i], rest, found = strings.Cut(rest, " "); !found {
			return 0, time.Time{}, 0, 0, false
		}
	}
	f[3] = rest
	i, err1 := strconv.Atoi(f[0])
	ns, err2 := strconv.ParseInt(f[1], 10, 64)
	a, err3 := strconv.Atoi(f[2])
	sd, err4 := strconv.ParseInt(f[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || i < 0 || a < 0 {
		return 0, time.Time{}, 0, 0, false
	}
	return i, time.Unix(0, ns), a, sd, true
}

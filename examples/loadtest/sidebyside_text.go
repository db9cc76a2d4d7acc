package main

import (
	"fmt"
	"io"
)

// writeText prints the side-by-side table for a person, as Markdown (the
// README's table is this), and the lines that qualify it.
func (s *sideReport) writeText(w io.Writer) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	node := ""
	if s.JSExtra != nil && s.JSExtra.Node != "" {
		node = " (Node " + s.JSExtra.Node + ")"
	}
	p("side by side: tim-js-sdk 2.27.6%s and tim-go, %d guest viewers each, %d sender(s), %g msg/s for %gs",
		node, s.Viewers, s.Senders, s.Rate, s.Duration)
	p("server:     %s", s.Server)
	p("load avg:   %s at start, %s at end (2-core machines are often shared: read CPU figures against it)", orDash(s.LoadStart), orDash(s.LoadEnd))
	p("accounting: %s", s.Accounting)
	if s.Error != "" {
		p("error:      %s", s.Error)
	}
	p("")
	p("| | CPU per delivered message | heap per idle viewer | peak RSS | delivered/expected | duplicates | missing | p50 | p99 |")
	p("|---|---|---|---|---|---|---|---|---|")
	for _, r := range s.Rows {
		heap := size(r.Heap)
		if r.Name == goRowName { // Node has no goroutine stacks to add
			heap += " + " + size(r.Stack) + " stack"
		}
		p("| %s | %.1f µs | %s | %s | %d/%d | %d | %d | %.0f ms | %.0f ms |",
			r.Name, r.CPUPerReceipt, heap, mb(r.PeakRSS), r.Delivered, r.Expected, r.Duplicates, r.Missing, r.P50, r.P99)
	}
	p("")
	if s.CPURatio > 0 {
		p("tim-go uses %.1f× less CPU per delivered message (%.1f× beyond each one's idle rate: %.1f µs against %.1f µs) and %.0f× less memory per idle viewer",
			s.CPURatio, s.NetRatio, s.Rows[0].CPUNetIdle, s.Rows[1].CPUNetIdle, s.HeapRatio)
		p("emulator:   %.1f µs per delivered message to the Node viewers, %.1f µs to the Go viewers (its own process; not in the rows)",
			s.Rows[0].EmuPerReceipt, s.Rows[1].EmuPerReceipt)
	}
	if r := s.JS; r != nil && r.Joined > 0 {
		extra := ""
		if x := s.JSExtra; x != nil {
			extra = fmt.Sprintf("; outside the V8 heap %s/viewer; RSS with the viewers idle %s; SDK exceptions %d", size(x.ExternalPerViewer), mb(x.RSSIdle), x.SDKExceptions)
		}
		p("node:       %d/%d joined in %.2fs; idle CPU %.1f µs/s per viewer%s", r.Joined, r.Viewers, r.JoinSeconds, r.Idle.CPUPer, extra)
		sideTraffic(p, r)
	}
	if r := s.Go; r != nil && r.Joined > 0 {
		p("go:         %d/%d joined in %.2fs; idle CPU %.1f µs/s per viewer; %.2f goroutines/viewer; %.1f allocs, %.0f bytes per delivered message",
			r.Joined, r.Viewers, r.JoinSeconds, r.Idle.CPUPer, r.Idle.Goroutines, r.Traffic.Allocs, r.Traffic.AllocBytes)
		sideTraffic(p, r)
	}
}

// sideTraffic prints what a phase's table row leaves out.
func sideTraffic(p func(string, ...any), r *report) {
	t := r.Traffic
	p("            sent %d in %.1fs (failed %d, skipped %d%s); extra %d, silent %d, foreign %d, dropped by budget %d; p90 %.0f ms, max %.0f ms",
		t.Sent, t.SendSeconds, t.SendFailed, t.Skipped, errList(t.SendErrors), t.Extra, t.Silent, t.Foreign, t.Dropped, t.P90, t.Max)
	if t.Seconds > 0 && r.Joined > 0 {
		perViewerS := func(n uint64) float64 { return float64(n) / t.Seconds / float64(r.Joined) }
		p("            the emulator read %.2f frames and answered %.2f polls a second per viewer, and wrote %.0f bytes per delivered message (all clients)",
			perViewerS(t.FramesIn), perViewerS(t.Polls), float64(t.Bytes)/max(float64(t.Delivered), 1))
	}
}

// size prints bytes in KB below a megabyte, in MB above.
func size(b float64) string {
	if b >= 1<<20 {
		return fmt.Sprintf("%.2f MB", b/(1<<20))
	}
	return kb(b)
}

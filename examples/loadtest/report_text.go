package main

import (
	"fmt"
	"io"
	"strings"
)

// writeText prints the report for a person.
func (r *report) writeText(w io.Writer) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	mode := "-server"
	if r.Delivery != "" {
		mode = r.Delivery + " delivery"
	}
	p("tim-go load test: %d viewers (%d guests asked), %d senders, %g msg/s for %gs, %s",
		r.Viewers, r.GuestsAsked, r.Senders, r.Rate, r.Duration, mode)
	p("server:   %s", r.Server)
	if a := r.Agent; a != nil {
		p("agent:    %d/%d of the plan: room %s, %d viewers, %d senders, %g msg/s, start %s (seed %d); -report merges the agents' -json reports",
			a.Index, a.Count, a.Plan.Room, a.Plan.Viewers, a.Plan.Senders, a.Plan.Rate, a.Plan.Start, a.Plan.Seed)
		for _, w := range a.SkewWarnings {
			p("skew:     %s", w)
		}
	}
	p("load avg: %s at start, %s at end (2-core machines are often shared: read CPU figures against it)", orDash(r.LoadStart), orDash(r.LoadEnd))
	if r.Interrupted {
		p("stopped early (interrupted): the figures cover what ran")
	}
	if r.Error != "" {
		p("error:    %s", r.Error)
	}
	p("")
	p("join      %d/%d joined (%d guests) in %.2fs, %.0f/s; %d failed%s",
		r.Joined, r.Viewers, r.JoinedGuests, r.JoinSeconds, float64(r.Joined)/max(r.JoinSeconds, 1e-9), r.JoinFailed, errList(r.JoinErrors))
	if r.SettleSeconds > 0 {
		p("          %d join tips received by the viewers (each goes to everyone in the room); settled after %.1fs more",
			r.JoinTips, r.SettleSeconds)
	}
	if r.Joined == 0 {
		return
	}
	who := "SDK and emulator together (one process)"
	if r.Split {
		who = "SDK alone (the emulator runs in a child process)"
	} else if r.Delivery == "" {
		who = "SDK alone (the server is elsewhere)"
	}
	p("idle      %s: heap %s/viewer, stacks %s/viewer, %.2f goroutines/viewer; CPU %.1f µs/s per viewer (%.1f%% of a core for all) over %.1fs",
		who, kb(r.Idle.Heap), kb(r.Idle.Stack), r.Idle.Goroutines, r.Idle.CPUPer, r.Idle.CPUCores*100, r.Idle.Seconds)
	if e := r.Emu; e != nil {
		p("          emulator: heap %s/viewer, stacks %s/viewer, %.2f goroutines/viewer; CPU %.1f µs/s per viewer (%.1f%% of a core)",
			kb(e.Heap), kb(e.Stack), e.Goroutines, e.CPUPer, e.CPUCores*100)
	}
	t := r.Traffic
	if t.Expected > 0 || t.Sent > 0 || t.SendFailed > 0 {
		p("traffic   sent %d in %.1fs (failed %d, skipped %d%s); receipts expected %d, delivered %d, duplicates %d, missing %d, extra %d; silent viewers %d; dropped by budget %d",
			t.Sent, t.SendSeconds, t.SendFailed, t.Skipped, errList(t.SendErrors), t.Expected, t.Delivered, t.Duplicates, t.Missing, t.Extra, t.Silent, t.Dropped)
		p("latency   p50 %.1fms  p90 %.1fms  p99 %.1fms  max %.1fms  (send → a viewer's MESSAGE_RECEIVED handler)", t.P50, t.P90, t.P99, t.Max)
		p("cpu       %.2f µs per delivered message (%.2fs user+sys over %.1fs; %.2f µs beyond the idle rate), %s",
			t.CPUPerReceipt, t.CPUSeconds, t.Seconds, t.CPUNetIdle, who)
		p("allocs    %.1f objects, %.0f bytes per delivered message", t.Allocs, t.AllocBytes)
		if r.Emu != nil {
			p("          emulator: %.2f µs per delivered message (%.2fs; %.2f µs beyond its idle rate)", t.EmuPerReceipt, t.EmuCPU, t.EmuNetIdle)
		}
	}
	mem := fmt.Sprintf("memory    peak RSS %s; live heap with the viewers idle %s", mb(r.PeakRSS), mb(r.Idle.HeapTotal))
	if r.EmuPeakRSS > 0 {
		mem += fmt.Sprintf("; emulator peak RSS %s", mb(r.EmuPeakRSS))
	}
	p("%s", mem)
	left := ""
	if r.TeardownLeft > 0 {
		left = fmt.Sprintf(" (stopped waiting: %d instances still closing)", r.TeardownLeft)
	}
	p("teardown  %.2fs, room dismissed first%s", r.TeardownSeconds, left)
}

func kb(b float64) string { return fmt.Sprintf("%.1f KB", b/1024) }

func mb(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func errList(errs []string) string {
	if len(errs) == 0 {
		return ""
	}
	return ": " + strings.Join(errs, "; ")
}

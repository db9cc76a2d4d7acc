package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// writeText prints the merged report for a person.
func (m *merged) writeText(w io.Writer) {
	p := m.Plan
	fmt.Fprintf(w, "tim-go load test, %d agents: room %s, %d viewers (%.0f%% guests), %d senders, %g msg/s for %gs, start %s (seed %d)\n\n",
		p.Agents, p.Room, p.Viewers, p.Guests*100, p.Senders, p.Rate, p.Duration, p.Start, p.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "agent\tviewers\tjoined\tsent\tfailed\texpected\tdelivered\tduplicates\tmissing\tp50 ms\tp90 ms\tp99 ms\tmax ms\tCPU s\tCPU µs/msg\t")
	for _, r := range append(m.Agents, m.Total) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%.2f\t\n",
			r.Agent, r.Viewers, r.Joined, r.Sent, r.SendFailed, r.Expected, r.Delivered, r.Duplicates, r.Missing,
			r.P50, r.P90, r.P99, r.Max, r.CPUSeconds, r.CPUPer)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nlatency by sending agent (its clock stamps the send; * = may be skewed):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "sender\treceipts\tp50 ms\tp99 ms\tmin ms\t\t")
	for _, s := range m.BySender {
		mark := ""
		if s.Skewed {
			mark = "*"
		}
		fmt.Fprintf(tw, "%d\t%d\t%.1f\t%.1f\t%.2f\t%s\t\n", s.Agent, s.Receipts, s.P50, s.P99, s.MinMS, mark)
	}
	tw.Flush()
	for _, s := range m.Skews {
		fmt.Fprintf(w, "clock skew: agent %d less agent %d: %+.2f ms (%s)\n", s.Agents[1], s.Agents[0], s.SkewMS, s.How)
	}
	for _, wn := range m.Warnings {
		fmt.Fprintf(w, "warning: %s\n", wn)
	}
}

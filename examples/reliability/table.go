package main

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Table renders rows as a markdown table.
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| Key | Fault / hostile input | What must hold | Result | Lost | Duplicated | Detect | Recover | Goroutines before→after | Heap before→after | Note |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		res := "held"
		if !r.Held {
			res = "**FAILED**"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s | %s | %d→%d | %s→%s | %s |\n",
			r.Key, cell(r.Fault), cell(r.Must), res, count(r.Lost), count(r.Dup), dur(r.Detect), dur(r.Recover),
			r.GoBefore, r.GoAfter, mibs(r.HeapBefore), mibs(r.HeapAfter), cell(shortNote(r.Note)))
	}
	return b.String()
}

// Notes renders one line per row: what was seen, beyond the figures.
func Notes(rows []Row) string {
	var b strings.Builder
	for _, r := range rows {
		note := r.Note
		if note == "" {
			note = "as expected"
		}
		fmt.Fprintf(&b, "- `%s` (%s, %.1f s): %s.\n", r.Key, r.result(), r.Took.Seconds(), note)
	}
	return b.String()
}

// DocInfo says how a document's rows were produced.
type DocInfo struct {
	Long    bool
	Run     string // the -run filter, if any
	Started time.Time
	Took    time.Duration
}

// Document is the whole markdown document: title, how it was made, the
// table and the notes.
func Document(rows []Row, info DocInfo) string {
	cmd := "go run ./examples/reliability"
	if info.Long {
		cmd += " -long"
	}
	if info.Run != "" {
		cmd += fmt.Sprintf(" -run '%s'", info.Run)
	}
	cmd += " -o docs/reliability.md"
	held := 0
	for _, r := range rows {
		if r.Held {
			held++
		}
	}
	var b strings.Builder
	b.WriteString("# Reliability: faults and hostile inputs (issue 11)\n\n")
	fmt.Fprintf(&b, "Produced by `%s` on %s, on a machine with %s CPUs (`nproc`), %s/%s, %s; the run took %s "+
		"and %d of %d rows held. Each row runs alone in one process against servers on loopback; "+
		"goroutines and heap (`runtime.ReadMemStats` after two `runtime.GC`, so that pooled buffers do not count) are the process's, before the row "+
		"and after it destroyed everything it made and goroutines had up to %v to settle. Lost and "+
		"duplicated count receipts (viewer × message) by message text; Detect is how long the fault took to "+
		"be noticed, Recover how long until the row's service was whole again. `go test ./examples/reliability/` "+
		"runs the short set (without `-long`) in CI and fails if a row did not hold.\n\n",
		cmd, info.Started.UTC().Format("2006-01-02 15:04 MST"), nproc(), runtime.GOOS, runtime.GOARCH,
		runtime.Version(), info.Took.Round(time.Second), held, len(rows), settleTime)
	b.WriteString(Table(rows))
	b.WriteString("\n## Notes\n\n")
	b.WriteString(Notes(rows))
	return b.String()
}

// nproc is `nproc`'s answer, or runtime.NumCPU when it cannot run.
func nproc() string {
	if out, err := exec.Command("nproc").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return fmt.Sprint(runtime.NumCPU())
}

// shortNote is a note's first clause, for the table; Notes has it whole.
func shortNote(note string) string {
	first, _, _ := strings.Cut(note, "; ")
	return first
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func count(n int) string {
	if n == na {
		return "–"
	}
	return fmt.Sprint(n)
}

func dur(d time.Duration) string {
	switch {
	case d == na:
		return "–"
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
}

func mibs(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/mib) }

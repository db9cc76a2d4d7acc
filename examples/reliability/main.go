// Command reliability runs every fault and hostile input of issue 11
// against the SDK and the emulator, measures what happened, and prints a
// markdown table: lost, duplicated, time to detect and to recover,
// goroutines and heap before and after.
//
//	go run ./examples/reliability                 # the short set (about a minute)
//	go run ./examples/reliability -long -o docs/reliability.md
//	go run ./examples/reliability -run 'stall|cuts'
//
// Every server listens on loopback; every row is bounded in time and
// count. The exit status is 2 when a row's check failed.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"time"
)

func main() {
	long := flag.Bool("long", false, "the long versions: more viewers, longer stalls (under ~8 minutes)")
	out := flag.String("o", "", "also write the markdown document (title, how it was made, table, notes) to this file")
	run := flag.String("run", "", "run only the rows whose key matches this regexp")
	verbose := flag.Bool("v", false, "log each row's progress to stderr")
	flag.Parse()

	var filter *regexp.Regexp
	if *run != "" {
		var err error
		if filter, err = regexp.Compile(*run); err != nil {
			fmt.Fprintln(os.Stderr, "reliability: -run:", err)
			os.Exit(1)
		}
	}
	logf := func(string, ...any) {}
	if *verbose {
		logf = func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
	}
	started := time.Now()
	rows := Run(Config{Long: *long, Filter: filter, Logf: logf, Progress: os.Stderr})
	fmt.Print(Table(rows))
	if *out != "" {
		doc := Document(rows, DocInfo{Long: *long, Run: *run, Started: started, Took: time.Since(started)})
		if err := os.WriteFile(*out, []byte(doc), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "reliability:", err)
			os.Exit(1)
		}
	}
	if !AllHeld(rows) {
		os.Exit(2)
	}
}

// Config chooses which rows run and how big they are.
type Config struct {
	Long     bool           // the long versions
	Filter   *regexp.Regexp // nil: every row
	Logf     func(format string, args ...any)
	Progress io.Writer // one line per finished row (nil: none)
}

// size is what a scenario reads of Config: short or long figures.
type size struct {
	long bool
	logf func(format string, args ...any)
}

// pick returns short in the short set and long in the long one.
func pick[T any](sz size, short, long T) T {
	if sz.long {
		return long
	}
	return short
}

// scenario is one row: what is done, what must hold, and the code that
// does it and reports what it saw.
type scenario struct {
	key   string
	fault string // the fault or hostile input
	must  string // what must hold
	run   func(sz size) *outcome
}

// scenarios is the registry, in the order of the table: the network's
// faults, a restart, hostile servers, hostile clients.
func scenarios() []scenario {
	var all []scenario
	all = append(all, netFaults()...)
	all = append(all, restartScenarios()...)
	all = append(all, hostileServers()...)
	all = append(all, hostileClients()...)
	return all
}

// Run runs the selected rows one after another (the goroutine and heap
// figures are the process's, so rows never overlap) and returns them.
func Run(cfg Config) []Row {
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	sz := size{long: cfg.Long, logf: cfg.Logf}
	var rows []Row
	for _, s := range scenarios() {
		if cfg.Filter != nil && !cfg.Filter.MatchString(s.key) {
			continue
		}
		r := measure(s, sz)
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "%-20s %-6s %6.1fs  %s\n", r.Key, r.result(), r.Took.Seconds(), r.Note)
		}
		rows = append(rows, r)
	}
	return rows
}

// AllHeld reports whether every row's check held.
func AllHeld(rows []Row) bool {
	for _, r := range rows {
		if !r.Held {
			return false
		}
	}
	return true
}

package main

import (
	"context"
	"errors"
	"io"
)

// sideReport is what -sidebyside measured: the same room traffic seen by
// tim-js-sdk viewers in Node (phase A) and by tim-go viewers (phase B).
// -json prints it as is.
type sideReport struct {
	Viewers    int        `json:"viewers"`
	Senders    int        `json:"senders"`
	Rate       float64    `json:"rate"`
	Duration   float64    `json:"duration_s"`
	Server     string     `json:"server"`
	LoadStart  string     `json:"load_average_start"`
	LoadEnd    string     `json:"load_average_end"`
	Accounting string     `json:"accounting"`
	Rows       []sideRow  `json:"rows"`
	CPURatio   float64    `json:"cpu_ratio"`     // Node's CPU per delivered message over tim-go's
	NetRatio   float64    `json:"cpu_ratio_net"` // the same beyond each one's idle rate
	HeapRatio  float64    `json:"heap_ratio"`    // Node's heap per idle viewer over tim-go's heap and stacks
	JS         *report    `json:"js,omitempty"`  // phase A, the Node process's figures
	JSExtra    *jsFigures `json:"js_extra,omitempty"`
	Go         *report    `json:"go,omitempty"` // phase B, the harness process's figures
	Error      string     `json:"error,omitempty"`
}

// sideRow is one row of the table.
type sideRow struct {
	Name          string  `json:"name"`
	CPUPerReceipt float64 `json:"cpu_us_per_receipt"`
	CPUNetIdle    float64 `json:"cpu_us_per_receipt_net"`
	Heap          float64 `json:"heap_per_viewer"`  // live heap per idle viewer after GC
	Stack         float64 `json:"stack_per_viewer"` // goroutine stacks (tim-go only)
	PeakRSS       int64   `json:"peak_rss"`         // of the viewers' process
	Expected      int64   `json:"expected"`
	Delivered     int64   `json:"delivered"`
	Duplicates    int64   `json:"duplicates"`
	Missing       int64   `json:"missing"`
	P50           float64 `json:"latency_p50_ms"`
	P99           float64 `json:"latency_p99_ms"`
	EmuPerReceipt float64 `json:"emulator_cpu_us_per_receipt"` // the emulator's cost for the same receipts
}

// Row names, as issue 12's table has them.
const (
	jsRowName = "tim-js-sdk 2.27.6 in Node, one module copy per viewer"
	goRowName = "tim-go"
)

// sideAccounting says whose CPU each row is; the output prints it.
const sideAccounting = "each row is the CPU (user+sys) of the one process that holds the viewers, over the traffic window " +
	"(first send to last receipt), divided by the unique receipts; the emulator runs in a child process and the senders " +
	"in another, in both phases, so neither row pays for them"

// runSideBySide runs phase A (cfg.Viewers tim-js-sdk guests in one Node
// process) and then phase B (as many tim-go guests in this process,
// the harness's usual run) on one emulator child, with the same senders
// in a sender child, and writes the table of both.
func runSideBySide(ctx context.Context, cfg config, w io.Writer) error {
	jsDir, err := findJSDir(cfg.NodeDir)
	if err != nil {
		return err
	}
	if err := ensureNodeModules(ctx, jsDir); err != nil {
		return err
	}
	// Each viewer holds a socket: the Go ones in this process, the Node
	// ones in the Node child, which inherits the limit.
	if err := raiseFileLimit(uint64(cfg.Viewers) + 256); err != nil {
		return err
	}
	b, err := startChild(ctx, cfg)
	if err != nil {
		return err
	}
	defer b.close()
	sp, err := startSenders(b)
	if err != nil {
		return err
	}
	defer sp.close()

	side := &sideReport{Viewers: cfg.Viewers, Senders: cfg.Senders, Rate: cfg.Rate, Duration: cfg.Duration.Seconds(),
		Server: b.desc, LoadStart: loadAverage(), Accounting: sideAccounting}
	var errA, errB error
	side.JS, side.JSExtra, errA = nodePhase(ctx, cfg, b, sp, jsDir)
	if ctx.Err() == nil {
		side.Go, errB = measureOn(ctx, cfg, b, sp)
	}
	err = errors.Join(prefixErr("tim-js-sdk phase", errA), prefixErr("tim-go phase", errB))
	if err != nil {
		side.Error = err.Error()
	}
	side.LoadEnd = loadAverage()
	side.fill()
	if cfg.JSON {
		if werr := writeJSON(w, side); werr != nil {
			return werr
		}
	} else {
		side.writeText(w)
	}
	return err
}

// fill makes the rows and ratios from the two reports.
func (s *sideReport) fill() {
	row := func(name string, r *report) sideRow {
		t := r.Traffic
		return sideRow{Name: name, CPUPerReceipt: t.CPUPerReceipt, CPUNetIdle: t.CPUNetIdle, Heap: r.Idle.Heap, Stack: r.Idle.Stack,
			PeakRSS: r.PeakRSS, Expected: t.Expected, Delivered: t.Delivered, Duplicates: t.Duplicates, Missing: t.Missing,
			P50: t.P50, P99: t.P99, EmuPerReceipt: t.EmuPerReceipt}
	}
	s.Rows = nil
	if s.JS != nil && s.JS.Joined > 0 { // a phase that could not start has no row
		s.Rows = append(s.Rows, row(jsRowName, s.JS))
	}
	if s.Go != nil && s.Go.Joined > 0 {
		s.Rows = append(s.Rows, row(goRowName, s.Go))
	}
	if len(s.Rows) == 2 {
		js, g := s.Rows[0], s.Rows[1]
		s.CPURatio = ratio(js.CPUPerReceipt, g.CPUPerReceipt)
		s.NetRatio = ratio(js.CPUNetIdle, g.CPUNetIdle)
		s.HeapRatio = ratio(js.Heap+js.Stack, g.Heap+g.Stack)
	}
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

func prefixErr(what string, err error) error {
	if err == nil {
		return nil
	}
	return errors.New(what + ": " + err.Error())
}

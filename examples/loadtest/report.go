package main

import (
	"encoding/json"
	"io"
	"time"
)

// maxErrors is how many distinct error texts a report keeps per kind.
const maxErrors = 3

// report is what a run measured; -json prints it as is.
type report struct {
	Viewers     int     `json:"viewers"`
	GuestsAsked int     `json:"guests_asked"`
	Senders     int     `json:"senders"`
	Rate        float64 `json:"rate"`
	Duration    float64 `json:"duration_s"`
	Delivery    string  `json:"delivery"` // of the embedded emulator; "" for -server
	Server      string  `json:"server"`
	Split       bool    `json:"emulator_split"` // the emulator ran in its own process: the figures below are the SDK's alone
	LoadStart   string  `json:"load_average_start"`
	LoadEnd     string  `json:"load_average_end"`
	Interrupted bool    `json:"interrupted,omitempty"`
	Error       string  `json:"error,omitempty"`

	Joined        int      `json:"joined"`
	JoinedGuests  int      `json:"joined_guests"`
	JoinFailed    int      `json:"join_failed"`
	JoinErrors    []string `json:"join_errors,omitempty"`
	JoinSeconds   float64  `json:"join_s"`
	JoinTips      int64    `json:"join_tips"` // tips viewers received by the end of the settle
	SettleSeconds float64  `json:"settle_s"`  // until the tips stopped

	Idle perViewer  `json:"idle"`
	Emu  *perViewer `json:"emulator_idle,omitempty"` // the emulator's share, with -emulator child

	Traffic traffic `json:"traffic"`

	PeakRSS         int64   `json:"peak_rss"`
	EmuPeakRSS      int64   `json:"emulator_peak_rss,omitempty"`
	TeardownSeconds float64 `json:"teardown_s"`
	TeardownLeft    int     `json:"teardown_left,omitempty"` // instances not destroyed within -teardown

	Agent *agentSection `json:"agent,omitempty"` // with -agent; the figures above are this agent's share
}

// perViewer is one process's cost of the idle joined viewers.
type perViewer struct {
	HeapTotal  int64   `json:"heap_total"` // live heap after GC with the viewers idle
	Heap       float64 `json:"heap_per_viewer"`
	Stack      float64 `json:"stack_per_viewer"`
	Goroutines float64 `json:"goroutines_per_viewer"`
	Seconds    float64 `json:"idle_s"`
	CPUCores   float64 `json:"idle_cpu_cores"`           // CPU seconds per second, all viewers
	CPUPer     float64 `json:"idle_cpu_us_per_viewer_s"` // µs of CPU per viewer per second
}

// traffic is the traffic phase.
type traffic struct {
	SendSeconds float64  `json:"send_s"`
	Seconds     float64  `json:"measured_s"` // sends and drain: the CPU window
	Sent        int      `json:"sent"`
	SendFailed  int      `json:"send_failed"`
	Skipped     int      `json:"skipped"` // orders a lagging sender could not take
	SendErrors  []string `json:"send_errors,omitempty"`
	Expected    int64    `json:"expected"`
	Delivered   int64    `json:"delivered"` // receipts, duplicates included
	Duplicates  int64    `json:"duplicates"`
	Missing     int64    `json:"missing"`
	Extra       int64    `json:"extra"`   // unique receipts of sends that reported failure
	Silent      int      `json:"silent"`  // joined viewers that got nothing
	Foreign     int64    `json:"foreign"` // texts that were not this run's
	Dropped     int64    `json:"dropped_by_budget"`

	P50 float64 `json:"latency_p50_ms"`
	P90 float64 `json:"latency_p90_ms"`
	P99 float64 `json:"latency_p99_ms"`
	Max float64 `json:"latency_max_ms"`
	Avg float64 `json:"latency_avg_ms"`

	CPUSeconds    float64 `json:"cpu_s"`
	CPUPerReceipt float64 `json:"cpu_us_per_receipt"`      // process user+sys over the window / unique receipts
	CPUNetIdle    float64 `json:"cpu_us_per_receipt_net"`  // the same less the idle rate
	Allocs        float64 `json:"allocs_per_receipt"`      // heap objects allocated in the window / unique receipts
	AllocBytes    float64 `json:"alloc_bytes_per_receipt"` // bytes allocated likewise
	EmuCPU        float64 `json:"emulator_cpu_s,omitempty"`
	EmuPerReceipt float64 `json:"emulator_cpu_us_per_receipt,omitempty"`
	EmuNetIdle    float64 `json:"emulator_cpu_us_per_receipt_net,omitempty"`
	Polls         uint64  `json:"emulator_polls,omitempty"`     // get_msg requests the emulator answered in the window, all clients
	Bytes         uint64  `json:"emulator_bytes,omitempty"`     // bytes it wrote in the window, all clients
	FramesIn      uint64  `json:"emulator_frames_in,omitempty"` // client frames it read in the window
}

// trafficFigures is what the traffic phase hands the report.
type trafficFigures struct {
	sendSeconds           float64
	sent, failed, skipped int
	sendErrors            []string
	expected, foreign     int64
	lat                   latencies
}

func newReport(cfg config, b *backend) *report {
	rep := &report{
		Viewers: cfg.Viewers, GuestsAsked: cfg.guests(), Senders: cfg.Senders, Rate: cfg.Rate,
		Duration: cfg.Duration.Seconds(), Server: b.desc, LoadStart: loadAverage(),
	}
	if a := cfg.Agent; a != nil {
		n := cfg.messages()
		rep.Viewers, rep.Senders = cfg.localViewers(), cfg.localSenders()
		rep.GuestsAsked = 0
		for l := range rep.Viewers {
			if isGuest(a.globalViewer(l), cfg.guests(), cfg.Viewers) {
				rep.GuestsAsked++
			}
		}
		rep.Agent = &agentSection{Index: a.Index, Count: a.Count, Plan: cfg.record(), Messages: a.messages(n, cfg.Senders)}
		rep.Rate = float64(rep.Agent.Messages) / max(cfg.Duration.Seconds(), 1e-9)
	}
	if cfg.Server == "" {
		rep.Delivery = cfg.Delivery
		rep.Split = cfg.Emulator == "child"
	}
	return rep
}

func (r *report) joinFailed(err error) {
	r.JoinFailed++
	if len(r.JoinErrors) < maxErrors {
		r.JoinErrors = append(r.JoinErrors, err.Error())
	}
}

// memoryPer divides what after added to before by the joined viewers.
func (r *report) memoryPer(before, after procSample) perViewer {
	n := float64(r.Joined)
	return perViewer{
		HeapTotal:  after.Heap,
		Heap:       float64(after.Heap-before.Heap) / n,
		Stack:      float64(after.Stack-before.Stack) / n,
		Goroutines: float64(after.Goroutines-before.Goroutines) / n,
	}
}

func (r *report) setIdleMemory(before, after procSample, emuBefore, emuAfter *emulatorStats) {
	r.Idle = r.memoryPer(before, after)
	if emuBefore != nil && emuAfter != nil && emuBefore.Proc != nil && emuAfter.Proc != nil {
		e := r.memoryPer(*emuBefore.Proc, *emuAfter.Proc)
		r.Emu = &e
	}
}

// cpuRate fills p's idle CPU from two samples.
func (r *report) cpuRate(p *perViewer, start, end procSample) {
	p.Seconds = end.At.Sub(start.At).Seconds()
	if p.Seconds <= 0 {
		return
	}
	p.CPUCores = (end.CPU - start.CPU).Seconds() / p.Seconds
	p.CPUPer = p.CPUCores / float64(r.Joined) * 1e6
}

func (r *report) setIdleCPU(start, end procSample, emuStart, emuEnd *emulatorStats) {
	r.cpuRate(&r.Idle, start, end)
	if r.Emu != nil && emuStart != nil && emuEnd != nil && emuStart.Proc != nil && emuEnd.Proc != nil {
		emuStart.Proc.At, emuEnd.Proc.At = start.At, end.At // the child's clock is read at the same moments
		r.cpuRate(r.Emu, *emuStart.Proc, *emuEnd.Proc)
	}
}

func (r *report) setTraffic(f trafficFigures, receipts, dups int64, silent int) {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	unique := receipts - dups
	r.Traffic = traffic{
		SendSeconds: f.sendSeconds, Sent: f.sent, SendFailed: f.failed, Skipped: f.skipped,
		SendErrors: f.sendErrors, Expected: f.expected, Delivered: receipts, Duplicates: dups,
		Missing: max(f.expected-unique, 0), Extra: max(unique-f.expected, 0), Silent: silent,
		Foreign: f.foreign,
		P50:     ms(f.lat.P50), P90: ms(f.lat.P90), P99: ms(f.lat.P99), Max: ms(f.lat.Max), Avg: ms(f.lat.Avg),
	}
}

// setTrafficCPU divides the CPU of the traffic window by the unique
// receipts, as is and less what the idle rate would have cost anyway.
func (r *report) setTrafficCPU(start, end procSample, emuStart, emuEnd *emulatorStats) {
	t := &r.Traffic
	t.Seconds = end.At.Sub(start.At).Seconds()
	unique := float64(t.Delivered - t.Duplicates)
	per := func(cpu time.Duration, idleCores float64) (float64, float64, float64) {
		s := cpu.Seconds()
		if unique <= 0 {
			return s, 0, 0
		}
		return s, s / unique * 1e6, max(s-idleCores*t.Seconds, 0) / unique * 1e6
	}
	t.CPUSeconds, t.CPUPerReceipt, t.CPUNetIdle = per(end.CPU-start.CPU, r.Idle.CPUCores)
	if unique > 0 {
		t.Allocs = float64(end.Allocs-start.Allocs) / unique
		t.AllocBytes = float64(end.AllocBytes-start.AllocBytes) / unique
	}
	if r.Emu != nil && emuStart != nil && emuEnd != nil && emuStart.Proc != nil && emuEnd.Proc != nil {
		t.EmuCPU, t.EmuPerReceipt, t.EmuNetIdle = per(emuEnd.Proc.CPU-emuStart.Proc.CPU, r.Emu.CPUCores)
		t.Dropped = emuEnd.Dropped
	} else if emuEnd != nil {
		t.Dropped = emuEnd.Dropped
	}
	if emuStart != nil && emuEnd != nil {
		t.Polls = emuEnd.Stats.Polls - emuStart.Stats.Polls
		t.Bytes = emuEnd.Stats.BytesOut - emuStart.Stats.BytesOut
		t.FramesIn = emuEnd.Stats.FramesIn - emuStart.Stats.FramesIn
	}
}

// finish takes the figures of the whole run: peak RSS, load average.
func (r *report) finish(emuEnd *emulatorStats) {
	_, r.PeakRSS = rusage()
	if emuEnd != nil && emuEnd.Proc != nil {
		r.EmuPeakRSS = emuEnd.Proc.MaxRSS
	}
	r.LoadEnd = loadAverage()
}

func (r *report) writeJSON(w io.Writer) error { return writeJSON(w, r) }

// writeJSON prints v indented.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

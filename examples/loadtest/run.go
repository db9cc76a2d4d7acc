package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"sync/atomic"
	"time"
)

// runner holds one run's state.
type runner struct {
	cfg     config
	b       *backend
	room    string
	senders []*viewer // logged-in instances that send; not counted as viewers
	// sendProc, when set, is a sender child that sends instead of senders.
	sendProc *senderProc
	viewers  []viewer // one allocation for all
	track    atomic.Pointer[tracker]
	rep      *report
}

// run plays the whole load test and writes the report to w: ramp, idle,
// traffic, drain, teardown. A cancelled ctx (Ctrl-C) ends the phase under
// way and skips the rest; the report says how far it got. A phase that
// failed still gets its report, and its error is returned.
func run(ctx context.Context, cfg config, w io.Writer) error {
	rep, err := measure(ctx, cfg)
	if rep == nil {
		return err
	}
	if err != nil {
		rep.Error = err.Error()
	}
	if cfg.JSON {
		if werr := rep.writeJSON(w); werr != nil {
			return werr
		}
	} else {
		rep.writeText(w)
	}
	return err // the report says how far the run got; the exit status says it failed
}

// measure runs the phases and returns the report; a nil report means the
// run could not start.
func measure(ctx context.Context, cfg config) (*report, error) {
	// Each viewer holds a socket, and an emulator in this process the other end.
	fds := uint64(cfg.localViewers()+cfg.localSenders()) + 256
	if cfg.Server == "" && cfg.Emulator == "inproc" {
		fds *= 2
	}
	if err := raiseFileLimit(fds); err != nil {
		return nil, err
	}
	b, err := connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer b.close()
	return measureOn(ctx, cfg, b, nil)
}

// measureOn runs the phases on b, with the senders of sp when not nil.
func measureOn(ctx context.Context, cfg config, b *backend, sp *senderProc) (*report, error) {
	r := &runner{cfg: cfg, b: b, rep: newReport(cfg, b), sendProc: sp}
	var err error
	r.room, err = r.createRoom(ctx)
	if err != nil {
		return nil, fmt.Errorf("create room: %w", err)
	}
	defer r.teardown(ctx)

	if cfg.Agent != nil {
		err = r.agentPhases(ctx)
		r.awaitPlanEnd(ctx)
	} else {
		err = r.phases(ctx)
	}
	r.rep.Interrupted = ctx.Err() != nil
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_, emu := r.sample(fctx, false)
	r.rep.finish(emu)
	return r.rep, err
}

// phases runs the senders' join, the ramp, the idle and the traffic phases.
func (r *runner) phases(ctx context.Context) error {
	if err := r.joinSenders(ctx); err != nil {
		return err
	}
	r.viewers = make([]viewer, r.cfg.Viewers)
	before, emuBefore := r.sample(ctx, true)
	r.ramp(ctx)
	if ctx.Err() != nil || r.rep.Joined == 0 {
		return nil
	}
	if !r.settle(ctx) {
		return nil
	}
	after, emuAfter := r.sample(ctx, true)
	r.rep.setIdleMemory(before, after, emuBefore, emuAfter)
	if err := writeHeapProfile(r.cfg.MemProfile); err != nil {
		return err
	}
	r.idle(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return r.traffic(ctx)
}

// sample reads this process and, when the harness started it, the
// emulator; gc collects garbage first in both.
func (r *runner) sample(ctx context.Context, gc bool) (procSample, *emulatorStats) {
	var emu *emulatorStats
	if r.b.emulator != nil {
		emu, _ = r.b.emulator(ctx, r.room, gc) // a failed read leaves its figures out
	}
	if gc {
		return sampleSelf(true), emu
	}
	return cpuSample(), emu
}

// idle measures the CPU that idle joined viewers cost.
func (r *runner) idle(ctx context.Context) {
	start, emuStart := r.sample(ctx, false)
	sleep(ctx, r.cfg.Idle)
	end, emuEnd := r.sample(ctx, false)
	r.rep.setIdleCPU(start, end, emuStart, emuEnd)
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// sleepUntil waits until at or until ctx ends.
func sleepUntil(ctx context.Context, at time.Time) bool {
	return sleep(ctx, time.Until(at))
}

// writeHeapProfile writes the heap profile of the idle viewers to path, if any.
func writeHeapProfile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("heap").WriteTo(f, 0)
}

// startCPUProfile profiles the traffic phase to path, if any; the returned
// function stops it.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// Bounds on the Node viewers' answers (the harness never waits without end).
const (
	nodeCallWait  = 30 * time.Second // sample, traffic, result: an event loop busy with receipts still answers well within it
	nodeDrainSlop = 30 * time.Second // beyond -drain
	nodeExitWait  = 15 * time.Second // viewers.js gives each destroy 5 s
	nodeDeadSlop  = 5 * time.Minute  // viewers.js exits by itself this long after the run should have ended
)

// nodeSample is viewers.js's answer to "sample": its process's CPU and memory.
type nodeSample struct {
	CPU      int64 `json:"cpu_us"`    // user + system since the process started
	Heap     int64 `json:"heap_used"` // V8 heap in use (after global.gc() when asked)
	External int64 `json:"external"`  // memory outside the V8 heap: Buffers, ArrayBuffers
	RSS      int64 `json:"rss"`
	MaxRSS   int64 `json:"max_rss"`
	Others   int64 `json:"others"` // received besides the load-test texts
}

// proc is s as a procSample read at at, so that the report's arithmetic
// serves both rows.
func (s nodeSample) proc(at time.Time) procSample {
	return procSample{At: at, CPU: time.Duration(s.CPU) * time.Microsecond, MaxRSS: s.MaxRSS, Heap: s.Heap}
}

// nodeJoined is viewers.js's first line, once every join has ended.
type nodeJoined struct {
	Joined      int        `json:"joined"`
	Failed      int        `json:"failed"`
	Errors      []string   `json:"errors"`
	JoinSeconds float64    `json:"join_s"`
	Node        string     `json:"node"`
	Baseline    nodeSample `json:"baseline"` // before the first SDK copy was loaded, after a GC
}

// nodeResult is viewers.js's answer to "result": the receipts, and their
// latencies in hist.go's buckets as [bucket, count] pairs.
type nodeResult struct {
	Receipts      int64      `json:"receipts"` // duplicates included
	Duplicates    int64      `json:"duplicates"`
	Silent        int        `json:"silent"`
	Foreign       int64      `json:"foreign"`
	Others        int64      `json:"others"`
	Hist          [][2]int64 `json:"hist"`
	LatN          int64      `json:"lat_n"`
	LatSum        int64      `json:"lat_sum_us"`
	LatMax        int64      `json:"lat_max_us"`
	SDKExceptions int        `json:"sdk_exceptions"`
	Blocked       int        `json:"blocked"` // requests the environment refused (telemetry)
}

// latencies reads the percentiles as the Go viewers' are read.
func (n *nodeResult) latencies() latencies {
	counts := make([]uint64, histBuckets)
	for _, bc := range n.Hist {
		if bc[0] >= 0 && bc[0] < histBuckets && bc[1] > 0 {
			counts[bc[0]] += uint64(bc[1])
		}
	}
	return summarize(counts, n.LatN, n.LatSum, n.LatMax)
}

// jsFigures are the Node viewers' figures that a Go report has no field for.
type jsFigures struct {
	Node              string  `json:"node_version"`
	Pid               int     `json:"pid"`
	HeapBaseline      int64   `json:"heap_baseline"` // before the first SDK copy
	ExternalPerViewer float64 `json:"external_per_viewer"`
	RSSIdle           int64   `json:"rss_idle"`
	SDKExceptions     int     `json:"sdk_exceptions"`
	Blocked           int     `json:"blocked_requests"`
}

// nodePhase is phase A: cfg.Viewers tim-js-sdk guests in one Node process
// (viewers.js in jsDir), in a room of their own on b, with the senders of
// sp; the same phases and windows as the Go viewers' run. The report is
// the Node process's, in the Go report's shape.
func nodePhase(ctx context.Context, cfg config, b *backend, sp *senderProc, jsDir string) (*report, *jsFigures, error) {
	rep := newReport(cfg, b)
	js := &jsFigures{}
	room, err := b.admin.CreateRoom(ctx, "", "Load test (tim-js-sdk)")
	if err != nil {
		return nil, nil, fmt.Errorf("create room: %w", err)
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.Teardown)
		defer cancel()
		start := time.Now()
		_ = b.admin.DestroyRoom(dctx, room)
		sp.leave(dctx)
		rep.TeardownSeconds = time.Since(start).Seconds()
	}()
	if err := sp.join(ctx, room, cfg.Senders); err != nil {
		return rep, js, err
	}

	emu := func(gc bool) *emulatorStats {
		e, _ := b.emulator(ctx, room, gc) // a failed read leaves its figures out
		return e
	}
	emuBefore := emu(true)
	life := cfg.JoinTimeout + cfg.Settle + maxSettle + cfg.Idle + cfg.Duration + cfg.Drain + nodeDeadSlop
	conf, _ := json.Marshal(map[string]any{
		"wsURL": b.wsURL, "sdkAppID": b.sdkAppID, "room": room, "viewers": cfg.Viewers,
		"concurrency": joinConcurrency, "deadlineMs": life.Milliseconds(),
	})
	args := []string{"--expose-gc"}
	if cfg.NodeProf != "" {
		dir, err := filepath.Abs(cfg.NodeProf)
		if err != nil {
			return rep, js, err
		}
		args = append(args, "--cpu-prof", "--cpu-prof-dir="+dir)
	}
	cmd := exec.Command("node", append(args, jsScript, string(conf))...)
	cmd.Dir = jsDir
	cmd.Stderr = os.Stderr
	nc, err := startLineChild("node "+jsScript, cmd)
	if err != nil {
		return rep, js, err
	}
	js.Pid = cmd.Process.Pid
	defer func() {
		start := time.Now()
		nc.stop(nodeExitWait) // viewers.js destroys every instance, then exits
		rep.TeardownSeconds += time.Since(start).Seconds()
	}()
	rep.Server = fmt.Sprintf("tim-js-sdk 2.27.6 in Node (pid %d), %s", js.Pid, b.desc)

	var joined nodeJoined
	if err := nc.read(ctx, cfg.JoinTimeout+nodeCallWait, &joined); err != nil {
		return rep, js, err
	}
	js.Node, js.HeapBaseline = joined.Node, joined.Baseline.Heap
	rep.Joined, rep.JoinedGuests, rep.JoinFailed, rep.JoinErrors, rep.JoinSeconds = joined.Joined, joined.Joined, joined.Failed, joined.Errors, joined.JoinSeconds
	if rep.Joined == 0 {
		return rep, js, fmt.Errorf("no tim-js-sdk viewer joined: %v", joined.Errors)
	}

	sample := func(gc bool) (procSample, nodeSample, error) {
		var s nodeSample
		cmd := "sample 0"
		if gc {
			cmd = "sample 1"
		}
		err := nc.call(ctx, nodeCallWait, cmd, &s)
		return s.proc(time.Now()), s, err
	}
	var serr error
	rep.SettleSeconds, rep.JoinTips, serr = settleOn(ctx, cfg.Settle, func() (int64, error) {
		_, s, err := sample(false)
		return s.Others, err
	})
	if serr != nil || ctx.Err() != nil {
		return rep, js, serr
	}
	idleMem, raw, err := sample(true)
	if err != nil {
		return rep, js, err
	}
	rep.setIdleMemory(joined.Baseline.proc(idleMem.At), idleMem, emuBefore, emu(true))
	js.ExternalPerViewer = float64(raw.External-joined.Baseline.External) / float64(rep.Joined)
	js.RSSIdle = raw.RSS
	idleStart, _, err := sample(false)
	emuIdleStart := emu(false)
	if err != nil {
		return rep, js, err
	}
	if !sleep(ctx, cfg.Idle) {
		return rep, js, nil
	}
	idleEnd, _, err := sample(false)
	if err != nil {
		return rep, js, err
	}
	rep.setIdleCPU(idleStart, idleEnd, emuIdleStart, emu(false))

	n := cfg.messages()
	var ok struct{ OK bool }
	if err := nc.call(ctx, nodeCallWait, "traffic "+strconv.Itoa(n), &ok); err != nil {
		return rep, js, err
	}
	start, _, err := sample(false)
	emuStart := emu(false)
	if err != nil {
		return rep, js, err
	}
	tally, paced, sendEnd := sp.run(ctx, n, cfg.Rate)
	expected := int64(tally.sent) * int64(rep.Joined)
	var drained struct{ Receipts int64 }
	if err := nc.call(ctx, cfg.Drain+nodeDrainSlop, fmt.Sprintf("drain %d %d", expected, cfg.Drain.Milliseconds()), &drained); err != nil {
		return rep, js, err
	}
	end, endRaw, err := sample(false)
	emuEnd := emu(false)
	if err != nil {
		return rep, js, err
	}
	var res nodeResult
	if err := nc.call(ctx, nodeCallWait, "result", &res); err != nil {
		return rep, js, err
	}
	rep.setTraffic(trafficFigures{
		sendSeconds: sendEnd.Sub(paced).Seconds(), sent: tally.sent, failed: tally.failed,
		skipped: tally.skipped, sendErrors: tally.firstErr, expected: expected,
		lat: res.latencies(), foreign: res.Foreign,
	}, res.Receipts, res.Duplicates, res.Silent)
	rep.setTrafficCPU(start, end, emuStart, emuEnd)
	rep.PeakRSS = endRaw.MaxRSS
	if emuEnd != nil && emuEnd.Proc != nil {
		rep.EmuPeakRSS = emuEnd.Proc.MaxRSS
	}
	js.SDKExceptions, js.Blocked = res.SDKExceptions, res.Blocked
	rep.LoadEnd = loadAverage()
	return rep, js, nil
}

// Command loadtest puts thousands of viewers — Go SDK instances, tim.New
// each, logged-in users and guests — in one live room and measures what
// they cost: the join ramp, the heap, goroutines and CPU of idle viewers,
// then, while senders send text messages at a steady rate, every receipt
// (expected, delivered, duplicates, missing), the latency from send to a
// viewer's MESSAGE_RECEIVED handler, and the CPU per delivered message.
//
//	go run ./examples/loadtest                                   # 1,000 viewers, embedded emulator
//	go run ./examples/loadtest -viewers 10000 -delivery push
//	go run ./examples/loadtest -viewers 10000 -emulator child    # the SDK's figures apart from the emulator's
//	go run ./examples/loadtest -server ws://127.0.0.1:8080 -sdkappid 1400000001 -secret KEY
//	go run ./examples/loadtest -sidebyside                       # 50 guests at 40 msg/s: tim-js-sdk 2.27.6 in Node, then tim-go
//	go run ./examples/loadtest -agent 0/3 -plan plan.json -start 2026-12-05T18:00:00Z -server ws://emu:8080 -sdkappid 1400000001 -secret KEY -json -metrics :9100 > a0.json
//	go run ./examples/loadtest -report 'a*.json'                  # the agents' reports as one table
//
// With -agent i/K it is one of K agents on several machines sharing one
// plan (plan.go, agent.go); -report merges their reports (merge.go).
//
// It stops by itself; Ctrl-C stops it early, with the report.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"
)

// memProfileRate samples the heap finely enough to attribute bytes per
// viewer (the default, 512 KiB, sees a few objects in a thousand).
const memProfileRate = 256

func main() {
	if serveChildIfAsked() {
		return
	}
	cfg := defaultConfig()
	flag.IntVar(&cfg.Viewers, "viewers", cfg.Viewers, "viewer instances in the room")
	flag.Float64Var(&cfg.Guests, "guests", cfg.Guests, "fraction of the viewers that are guests (not logged in)")
	flag.IntVar(&cfg.Senders, "senders", cfg.Senders, "logged-in instances that send, besides the viewers")
	flag.Float64Var(&cfg.Rate, "rate", cfg.Rate, "messages per second, all senders together (a room delivers at most 40/s)")
	flag.DurationVar(&cfg.Duration, "duration", cfg.Duration, "how long the senders send")
	flag.Float64Var(&cfg.JoinRate, "join-rate", cfg.JoinRate, "viewers starting to join per second")
	flag.DurationVar(&cfg.JoinTimeout, "join-timeout", 0, "bound on the whole ramp (default: 2 × viewers/join-rate + 30s)")
	flag.DurationVar(&cfg.Idle, "idle", cfg.Idle, "idle phase, for the idle CPU")
	flag.DurationVar(&cfg.Settle, "settle", cfg.Settle, "least pause after the ramp before the idle figures; it lasts until the join tips stop (at most 2m more)")
	flag.DurationVar(&cfg.Drain, "drain", cfg.Drain, "longest wait for receipts after the last send")
	flag.StringVar(&cfg.Delivery, "delivery", cfg.Delivery, "embedded emulator: how logged-in viewers receive, poll or push")
	flag.DurationVar(&cfg.PushBatch, "push-batch", 0, "embedded emulator: gather a room's items this long per push frame (0: push each at once)")
	flag.StringVar(&cfg.Emulator, "emulator", cfg.Emulator, "embedded emulator: inproc (this process) or child (its own process, so the SDK's figures stand apart)")
	flag.BoolVar(&cfg.Compress, "compress", cfg.Compress, "embedded emulator: compressed frames, as the SDK asks (false: plain frames, to see what inflating costs)")
	flag.BoolVar(&cfg.TLS, "tls", cfg.TLS, "embedded emulator: serve wss:// (self-signed), so the viewers pay for TLS as against Tencent IM")
	flag.StringVar(&cfg.Server, "server", "", `another server's ws:// URL instead of the embedded emulator`)
	flag.StringVar(&cfg.REST, "rest", "", "its REST base URL (default: the -server host over http)")
	flag.Uint64Var(&cfg.SDKAppID, "sdkappid", 0, "with -server: the SDKAppID")
	flag.StringVar(&cfg.Secret, "secret", "", "with -server: the secret key (every UserSig, and the admin's to create the room)")
	flag.StringVar(&cfg.Admin, "admin", cfg.Admin, "the App admin identifier of the REST API")
	flag.BoolVar(&cfg.JSON, "json", false, "print the report as JSON")
	flag.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write a CPU profile of the traffic phase to this file")
	flag.StringVar(&cfg.MemProfile, "memprofile", "", "write a heap profile with the viewers idle to this file")
	flag.StringVar(&cfg.MidProfile, "trafficmemprofile", "", "write a heap profile halfway through the traffic phase to this file (allocations since -memprofile: pprof -diff_base)")
	flag.BoolVar(&cfg.SideBySide, "sidebyside", false, fmt.Sprintf("compare with tim-js-sdk 2.27.6: the same guest viewers, senders and traffic on one emulator, first as tim-js-sdk instances in one Node process, then as tim-go instances, and a table of both (defaults -viewers %d -rate %d -senders %d; emulator and senders in child processes; needs node and npm)", sideViewers, sideRate, sideSenders))
	flag.StringVar(&cfg.NodeDir, "nodedir", "", "with -sidebyside: the directory of viewers.js and its package-lock.json (default: examples/loadtest/js)")
	flag.StringVar(&cfg.NodeProf, "nodecpuprofile", "", "with -sidebyside: write a V8 CPU profile of the Node viewers' process, its whole life, into this directory (node --cpu-prof)")
	var agentFlag, planFile, startFlag, reportFiles string
	flag.StringVar(&agentFlag, "agent", "", "run as agent i of K (0-based i, \"i/K\") on one plan shared by all agents; needs -server when K > 1")
	flag.StringVar(&planFile, "plan", "", "with -agent: a JSON plan file keyed by flag name (room, viewers, guests, senders, rate, duration, join-rate, warmup, drain, seed, start); a flag given too must agree with it")
	flag.StringVar(&cfg.Room, "room", "", "with -agent: the plan's room ID (default loadtest-<seed>); created by whichever agent comes first")
	flag.Int64Var(&cfg.Seed, "seed", 0, "with -agent: names the run (the default room, a tag in every text; default: the start's Unix time)")
	flag.StringVar(&startFlag, "start", "", `with -agent: when the ramp starts on every agent, RFC 3339 or "now+30s" (this machine's now)`)
	flag.DurationVar(&cfg.Warmup, "warmup", 0, "with -agent: from -start to the first send (default: 1.5 × viewers/join-rate + 10s)")
	flag.StringVar(&cfg.Metrics, "metrics", "", "serve Prometheus metrics at http://ADDR/metrics (e.g. 127.0.0.1:9100; off by default)")
	flag.DurationVar(&cfg.MetricsLinger, "metrics-linger", 0, "with -metrics: keep serving this long after the report, for a last scrape")
	flag.StringVar(&reportFiles, "report", "", "merge agents' JSON reports (a file or glob; more as arguments) into one table, and exit")
	flag.Parse()
	if reportFiles != "" {
		if err := mergeCommand(append([]string{reportFiles}, flag.Args()...), cfg.JSON, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
		return
	}
	if err := agentFlags(&cfg, agentFlag, planFile, startFlag); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	}
	if cfg.SideBySide {
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if err := cfg.sideBySide(set); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(2)
		}
	}
	if cfg.MemProfile != "" || cfg.MidProfile != "" {
		runtime.MemProfileRate = memProfileRate
	}
	if err := cfg.check(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		flag.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once
	}()
	play := run
	if cfg.SideBySide {
		play = runSideBySide
	}
	stopMetrics, err := serveMetrics(&cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
	err = play(ctx, cfg, os.Stdout)
	stopMetrics(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

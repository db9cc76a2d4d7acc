// Command liveroom plays a whole live-streaming room and prints what happens
// in it: a host and N viewers (logged-in users and guests) join an
// AVChatRoom; viewers send danmaku (text, Normal priority), gifts (custom,
// High) and likes (custom, Low); the host answers questions; an admin mutes
// a spammer and sends a system notice over the REST API and keeps the like
// total in the room's custom field. At the end it prints, per priority, what
// was sent, delivered and dropped, and the latency viewers saw.
//
//	go run ./examples/liveroom                       # embedded emulator, 20 viewers, 10 s
//	go run ./examples/liveroom -viewers 200 -rate 120  # over the 40 msg/s room budget
//
// The same scene runs against another server, a real Tencent IM app
// included:
//
//	go run ./examples/liveroom -server tencent -sdkappid 1400000000 -secret KEY
//	go run ./examples/liveroom -server ws://127.0.0.1:8080 -sdkappid 1400000001 -secret KEY
//
// It stops by itself; Ctrl-C stops it early, with the summary.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	cfg := defaultConfig()
	flag.IntVar(&cfg.Viewers, "viewers", cfg.Viewers, "viewers in the room (every fourth is a guest, who only watches)")
	flag.DurationVar(&cfg.Duration, "duration", cfg.Duration, "how long viewers send")
	flag.Float64Var(&cfg.Rate, "rate", cfg.Rate, "viewer messages per second, all kinds together (the room delivers at most 40/s on Tencent)")
	flag.StringVar(&cfg.Server, "server", "", `"" runs the embedded emulator; "tencent" uses Tencent IM's hosts for -sdkappid; a ws:// URL uses that server`)
	flag.StringVar(&cfg.REST, "rest", "", "REST API base URL (default: "+DefaultTencentREST+" for -server tencent, the -server host for a ws:// URL)")
	flag.Uint64Var(&cfg.SDKAppID, "sdkappid", 0, "SDKAppID of the app (with -server)")
	flag.StringVar(&cfg.Secret, "secret", "", "the app's secret key: UserSigs for every user and the admin (with -server)")
	flag.StringVar(&cfg.UserSig, "usersig", "", "one pre-made UserSig for -userid instead of -secret: only the host logs in, viewers are guests, no REST admin")
	flag.StringVar(&cfg.UserID, "userid", cfg.UserID, "the host's user ID")
	flag.StringVar(&cfg.Admin, "admin", cfg.Admin, "the app admin's identifier for the REST API")
	flag.StringVar(&cfg.Group, "group", "", "an existing AVChatRoom to use (default: create one, and destroy it at the end)")
	flag.BoolVar(&cfg.Oversea, "oversea", false, "with -server tencent: the oversea hosts (regional SDKAppIDs pick their site by themselves)")
	flag.StringVar(&cfg.LikeField, "likefield", cfg.LikeField, `room custom field holding the like total ("" turns it off; a real app must declare it in the console)`)
	flag.StringVar(&cfg.Delivery, "delivery", cfg.Delivery, "embedded emulator: how logged-in viewers receive, poll or push")
	flag.Parse()
	if err := cfg.check(); err != nil {
		fmt.Fprintln(os.Stderr, "liveroom:", err)
		flag.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once
	}()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "liveroom:", err)
		os.Exit(1)
	}
}

// defaultTeardown bounds the clean-up after the scene (logouts, room
// destruction), which runs even after Ctrl-C.
const defaultTeardown = 10 * time.Second

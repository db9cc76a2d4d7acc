// Command emulator runs the AVChatRoom emulator: a local stand-in for
// Tencent Cloud IM that tim-js-sdk 2.27.6 and the Go SDK work against.
//
//	go run ./examples/emulator -addr 127.0.0.1:8080 -sdkappid 1400000001 -secret KEY [-admin administrator] [-delivery poll|push]
//	    [-callback-url http://127.0.0.1:9000/im-callback [-callback-token TOKEN]]
//	    [-debug [-debug-token T]] [-limit-loopback] [-max-conns-per-addr N] [-max-guests-per-addr N]
//	    [-nats nats://host:4222 | -nats embedded [-nats-store DIR] [-nats-port N]]
//
// With -nats the process is one node of a cluster serving the application
// together with every other node on the same NATS server (README, "The
// emulator as a cluster"); -nats embedded starts that NATS server in-process.
//
// The test hooks under /debug/ (close_connections drops every socket) are
// off unless -debug is given; then they answer loopback clients only, or,
// with -debug-token T, any client sending "Authorization: Bearer T" and no
// other. Sockets must log in or join within 10 s and are closed after 30 s
// of silence (plus the hello interval once logged in); one client address
// may hold 2,000 sockets and 2,000 guests (loopback exempt unless
// -limit-loopback: set it behind a reverse proxy on the same host).
//
// It prints the WebSocket URL (tim-js-sdk: TIM.create({SDKAppID, proxyServer: URL})),
// the REST base URL (POST {REST}/v4/<service>/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json)
// and a UserSig for the admin, then serves until Ctrl-C.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/tim/usersig"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address (WebSocket and REST)")
	appID := flag.Uint64("sdkappid", 1400000001, "SDKAppID")
	secret := flag.String("secret", "", "secret key UserSigs are signed with (required)")
	admin := flag.String("admin", server.DefaultAdmin, "App admin identifier for the REST API")
	var dl deliveryFlags
	flag.StringVar(&dl.mode, "delivery", string(server.DeliveryPoll), "how logged-in members receive room items: poll or push")
	flag.DurationVar(&dl.hold, "poll-hold", server.DefaultPollHold, "longest long-poll hold (keep it under 15s)")
	flag.BoolVar(&dl.noAck, "disable-push-ack", false, "push without NeedAck: a push counts as delivered once written, so what a stalled network swallows is not replayed")
	flag.DurationVar(&dl.pushBatch, "push-batch", 0,
		"gather a room's items this long into one push frame per member (0: push each at once; 100ms-300ms for thousands of push members)")
	flag.IntVar(&dl.memberTips, "member-tip-threshold", server.DefaultMemberTipThreshold,
		"viewers online from which a room sends at most one join tip and one quit tip a second, naming up to 10 members (the emulator's rule; -1: a tip per join and quit)")
	verbose := flag.Bool("v", false, "log every frame")
	var hooks hookFlags
	flag.StringVar(&hooks.url, "callback-url", "", "webhook URL the app's backend serves (none: no webhooks)")
	flag.StringVar(&hooks.token, "callback-token", "", "callback authentication token: webhook URLs carry Sign and RequestTime")
	var lim limitFlags
	lim.register(flag.CommandLine)
	var nf natsFlags
	nf.register(flag.CommandLine)
	flag.Parse()
	if *secret == "" {
		fmt.Fprintln(os.Stderr, "emulator: -secret is required")
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*addr, *appID, *secret, *admin, dl, hooks, lim, nf, *verbose); err != nil {
		log.Fatalf("emulator: %v", err)
	}
}

// deliveryFlags say how room items reach logged-in members.
type deliveryFlags struct {
	mode  string
	hold  time.Duration
	noAck bool
	// memberTips is Config.MemberTipThreshold.
	memberTips int
	// pushBatch is Config.PushBatch.
	pushBatch time.Duration
}

// hookFlags are the webhook settings of the console's callback page.
type hookFlags struct{ url, token string }

// limitFlags are the exposure settings: the debug hooks and the
// per-address limits.
type limitFlags struct {
	debug               bool
	debugToken          string
	limitLoopback       bool
	maxConns, maxGuests int
}

func (l *limitFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&l.debug, "debug", false, "serve the test hooks /debug/close_connections and /debug/stats (loopback clients only, unless -debug-token)")
	fs.StringVar(&l.debugToken, "debug-token", "", "with -debug: serve /debug/ to any client sending \"Authorization: Bearer TOKEN\", and to no other")
	fs.BoolVar(&l.limitLoopback, "limit-loopback", false, "apply the per-address limits to loopback clients too (behind a reverse proxy on this host)")
	fs.IntVar(&l.maxConns, "max-conns-per-addr", server.DefaultMaxConnsPerAddr, "sockets one client address may hold (negative: no limit)")
	fs.IntVar(&l.maxGuests, "max-guests-per-addr", server.DefaultMaxGuestsPerAddr, "guests one client address may hold (negative: no limit)")
}

// apply sets the flags' fields of cfg.
func (l limitFlags) apply(cfg *server.Config) {
	cfg.DisableDebug = !l.debug
	cfg.DebugToken = l.debugToken
	cfg.LimitLoopback = l.limitLoopback
	cfg.MaxConnsPerAddr, cfg.MaxGuestsPerAddr = l.maxConns, l.maxGuests
}

// debugNote says where the debug hooks are, if anywhere.
func (l limitFlags) debugNote(host string) string {
	switch {
	case !l.debug:
		return "Debug hooks off (-debug turns them on)."
	case l.debugToken != "":
		return fmt.Sprintf("Debug (with Authorization: Bearer <token>): POST http://%s/debug/close_connections, GET http://%s/debug/stats.", host, host)
	default:
		return fmt.Sprintf("Debug (loopback clients only): POST http://%s/debug/close_connections, GET http://%s/debug/stats.", host, host)
	}
}

func run(addr string, appID uint64, secret, admin string, dl deliveryFlags, hooks hookFlags, lim limitFlags, nf natsFlags, verbose bool) error {
	zcfg := zap.NewProductionConfig()
	if verbose {
		zcfg.Level = zap.NewAtomicLevelAt(zap.DebugLevel)
	}
	logger, err := zcfg.Build()
	if err != nil {
		return err
	}
	defer logger.Sync()
	cfg := server.Config{
		SDKAppID: appID, SecretKey: secret, Admin: admin, Delivery: server.Delivery(dl.mode),
		PollHold: dl.hold, DisablePushAck: dl.noAck, MemberTipThreshold: dl.memberTips, PushBatch: dl.pushBatch, CallbackURL: hooks.url, CallbackToken: hooks.token, Logger: logger,
	}
	lim.apply(&cfg)
	srv, closeSrv, err := nf.newServer(cfg)
	if err != nil {
		return err
	}
	defer closeSrv()
	adminSig, err := usersig.Generate(appID, secret, admin, 180*24*time.Hour)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	host := ln.Addr().String()
	fmt.Printf("WebSocket: ws://%s   (tim-js-sdk: TIM.create({SDKAppID: %d, proxyServer: \"ws://%s\"}))\n", host, appID, host)
	fmt.Printf("REST:      http://%s/v4/<service>/<command>?sdkappid=%d&identifier=%s&usersig=<UserSig>&random=<n>&contenttype=json\n", host, appID, admin)
	fmt.Printf("Admin UserSig (%s, 180 days):\n%s\n", admin, adminSig)
	fmt.Printf("Delivery: %s. %s Ctrl-C stops.\n", srv.Config().Delivery, lim.debugNote(host))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Println("stopping")
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdown) // REST calls finish; WebSockets are the server's to close
	closeSrv()
	if errors.Is(<-errc, http.ErrServerClosed) && err == nil {
		return nil
	}
	return err
}

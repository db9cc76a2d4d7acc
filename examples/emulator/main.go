// Command emulator runs the AVChatRoom emulator: a local stand-in for
// Tencent Cloud IM that tim-js-sdk 2.27.6 and the Go SDK work against.
//
//	go run ./examples/emulator -addr 127.0.0.1:8080 -sdkappid 1400000001 -secret KEY [-admin administrator] [-delivery poll|push]
//	    [-callback-url http://127.0.0.1:9000/im-callback [-callback-token TOKEN]]
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
	delivery := flag.String("delivery", string(server.DeliveryPoll), "how logged-in members receive room items: poll or push")
	hold := flag.Duration("poll-hold", server.DefaultPollHold, "longest long-poll hold (keep it under 15s)")
	verbose := flag.Bool("v", false, "log every frame")
	var hooks hookFlags
	flag.StringVar(&hooks.url, "callback-url", "", "webhook URL the app's backend serves (none: no webhooks)")
	flag.StringVar(&hooks.token, "callback-token", "", "callback authentication token: webhook URLs carry Sign and RequestTime")
	flag.Parse()
	if *secret == "" {
		fmt.Fprintln(os.Stderr, "emulator: -secret is required")
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*addr, *appID, *secret, *admin, *delivery, *hold, hooks, *verbose); err != nil {
		log.Fatalf("emulator: %v", err)
	}
}

// hookFlags are the webhook settings of the console's callback page.
type hookFlags struct{ url, token string }

func run(addr string, appID uint64, secret, admin, delivery string, hold time.Duration, hooks hookFlags, verbose bool) error {
	zcfg := zap.NewProductionConfig()
	if verbose {
		zcfg.Level = zap.NewAtomicLevelAt(zap.DebugLevel)
	}
	logger, err := zcfg.Build()
	if err != nil {
		return err
	}
	defer logger.Sync()
	srv, err := server.New(server.Config{
		SDKAppID: appID, SecretKey: secret, Admin: admin, Delivery: server.Delivery(delivery),
		PollHold: hold, CallbackURL: hooks.url, CallbackToken: hooks.token, Logger: logger,
	})
	if err != nil {
		return err
	}
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
	fmt.Printf("Delivery: %s. Debug: POST http://%s/debug/close_connections, GET http://%s/debug/stats. Ctrl-C stops.\n", srv.Config().Delivery, host, host)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		srv.Close()
		return err
	case <-ctx.Done():
	}
	fmt.Println("stopping")
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdown) // REST calls finish; WebSockets are the server's to close
	srv.Close()
	if errors.Is(<-errc, http.ErrServerClosed) && err == nil {
		return nil
	}
	return err
}

package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"time"

	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
)

// env is where the backend runs: the embedded emulator, or Tencent IM.
type env struct {
	desc     string
	sdkAppID uint64
	token    string          // the callback token the backend checks
	rest     *restapi.Client // the REST API as the App admin
	ln       net.Listener    // the webhook listener
	sdkOpts  []tim.Option    // for the scripted viewers
	userSig  func(userID string) (string, error)
	emu      *timtest.Server // nil on Tencent IM
}

// userSigLifetime is how long the scripted viewers' UserSigs live.
const userSigLifetime = 24 * time.Hour

// connect opens the webhook listener and starts the embedded emulator
// pointed at it, or sets up the REST client for Tencent IM.
func connect(cfg config) (*env, error) {
	ln := cfg.listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", cfg.listenAddr()); err != nil {
			return nil, fmt.Errorf("webhook listener: %w", err)
		}
	}
	if cfg.embedded() {
		token := randomToken()
		emu := timtest.NewServer(timtest.Options{
			CallbackURL:   "http://" + ln.Addr().String() + callbackPath,
			CallbackToken: token,
		})
		return &env{
			desc:     fmt.Sprintf("embedded emulator at %s (SDKAppID %d), webhooks to http://%s%s", emu.URL, emu.SDKAppID, ln.Addr(), callbackPath),
			sdkAppID: emu.SDKAppID, token: token, rest: emu.Client, ln: ln,
			sdkOpts: []tim.Option{tim.WithProxyServer(emu.URL)},
			userSig: func(id string) (string, error) { return emu.UserSig(id), nil },
			emu:     emu,
		}, nil
	}
	rest, err := restapi.New(cfg.restConfig())
	if err != nil {
		ln.Close()
		return nil, err
	}
	e := &env{
		desc:     fmt.Sprintf("SDKAppID %d, REST %s, webhooks on %s%s", cfg.SDKAppID, rest.BaseURL(), ln.Addr(), callbackPath),
		sdkAppID: cfg.SDKAppID, token: cfg.Token, rest: rest, ln: ln,
		userSig: func(id string) (string, error) {
			return usersig.Generate(cfg.SDKAppID, cfg.Secret, id, userSigLifetime)
		},
	}
	if cfg.WS != "" {
		e.sdkOpts = []tim.Option{tim.WithProxyServer(cfg.WS)}
		e.desc += ", viewers on " + cfg.WS
	}
	return e, nil
}

// close stops the emulator (after the backend's HTTP server is down).
func (e *env) close() {
	if e.emu != nil {
		e.emu.Close()
		return
	}
	e.rest.CloseIdleConnections()
}

// randomToken is a callback token for the embedded emulator.
func randomToken() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

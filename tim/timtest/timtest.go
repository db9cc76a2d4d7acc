// Package timtest runs the AVChatRoom emulator for tests, the way
// net/http/httptest runs an HTTP server:
//
//	srv := timtest.NewServerT(t, timtest.Options{})
//	groupID, _ := srv.CreateRoom(ctx, "", "Live Room")
//	// point tim-js-sdk (proxyServer) or the Go SDK at srv.URL,
//	// log users in with srv.UserSig("alice"),
//	// drive the room over REST: srv.SendText, srv.Mute, srv.Kick …
//	// and read or change its state: srv.SetCounters, srv.Counters,
//	// srv.SetAttributes, srv.Attributes, srv.OnlineMembers
//
// The server listens on a free 127.0.0.1 port; WebSocket (srv.URL) and REST
// (srv.RESTURL) share it. Its REST calls are tim/restapi's: the Server
// embeds a *restapi.Client, which works the same against Tencent IM.
package timtest

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/usersig"
)

// DefaultSDKAppID is the SDKAppID of a server whose Options leave it 0.
const DefaultSDKAppID = 1400000001

// UserSigLifetime is how long the UserSigs from Server.UserSig are valid.
const UserSigLifetime = 24 * time.Hour

// Options configure a test server. Every zero field has a default: see the
// field comments.
type Options struct {
	SDKAppID  uint64 // DefaultSDKAppID
	SecretKey string // a random key
	Admin     string // "administrator"

	Delivery      string        // "poll" (default) or "push": how logged-in members get room items
	PollHold      time.Duration // how long a long poll waits (10 s; keep it under 15 s)
	HelloInterval time.Duration // wshello period told to clients (120 s)
	Retention     int           // items kept per room (1024)

	ReconnectGrace     time.Duration // how long a session outlives its socket (2 min)
	GuestTimeout       time.Duration // how long a silent guest stays online (1 min)
	DisableCompression bool          // send plain frames even to clients asking for COMP
	PushBatch          time.Duration // gather a room's items this long per push frame (0: push each at once)
	MaxFrameSize       int64         // largest client frame (128 KiB)

	// DisablePushAck sends pushes without NeedAck. By default every push
	// asks for an acknowledgement, as Tencent's server does, and counts as
	// delivered only once acknowledged: after a stall (a network that stops
	// forwarding without closing) the re-login replays what was not
	// acknowledged. Off, a push counts as delivered once written to the
	// socket, and what a stalled network swallowed is lost.
	DisablePushAck bool

	// The live-room rules (live.go).
	RoomMessageRate    int           // messages a room delivers per second (40); negative: no budget
	RoomMaxDelay       time.Duration // how long a message over budget may wait before it is dropped (1 s)
	CallbackURL        string        // webhook URL, e.g. an httptest server's (none)
	CallbackTimeout    time.Duration // one webhook call (2 s)
	CallbackFailClosed bool          // a failed before-send webhook rejects the message (10016)
	CallbackToken      string        // callback authentication token: webhook URLs carry Sign and RequestTime (none)
	MaxMsgBody         int           // MsgBody bytes allowed (12 KiB; over it: 80002); negative: no limit
	SensitiveWords     []string      // words refused with 80001 (none)

	// Join and quit tips. From MemberTipThreshold viewers online (500) a
	// room sends at most one join tip and one quit tip per
	// MemberTipInterval (1 s), each naming at most 10 members, instead of
	// one tip per join: the emulator's rule, as Tencent documents none
	// (README, "Join and quit tips"). Below it, one tip per join or quit.
	// 1 makes every room gather (to test a handler of tips naming several
	// members); negative: never gather.
	MemberTipThreshold int
	MemberTipInterval  time.Duration

	// The limits of an emulator others can reach (server.Config).
	DisableDebug     bool          // /debug/ answers 404 (served to loopback clients by default)
	DebugToken       string        // /debug/ only for "Authorization: Bearer <token>" (none)
	LoginTimeout     time.Duration // a socket must log in or join a room as a guest this soon (10 s)
	IdleTimeout      time.Duration // a socket silent this long is closed; logged in: plus HelloInterval (30 s)
	MaxConnsPerAddr  int           // sockets per client address (2,000); negative: no limit
	MaxGuestsPerAddr int           // guests per client address (2,000); negative: no limit
	LimitLoopback    bool          // apply the per-address limits to loopback clients (exempt by default)

	Logger *zap.Logger      // no logging
	Now    func() time.Time // time.Now: the clock of message times and UserSig checks

	// TLS serves wss:// and https:// with a self-signed certificate, as
	// Tencent IM serves wss://; clients trust it through ClientTLSConfig.
	TLS bool
}

// Server is a running emulator.
type Server struct {
	URL       string // WebSocket base, ws://127.0.0.1:PORT: tim-js-sdk's proxyServer
	RESTURL   string // REST base, http://127.0.0.1:PORT (POST {RESTURL}/v4/<service>/<command>)
	SDKAppID  uint64 // the application's SDKAppID
	SecretKey string // the key UserSigs are signed with
	Admin     string // the App admin identifier of the REST API

	// Client calls the server's REST API as Admin: Call, CreateRoom,
	// SendText, Mute, Kick, SetCounters … and every typed command (the
	// same client works against Tencent IM: restapi.New).
	*restapi.Client

	srv    *server.Server
	cert   *x509.Certificate // Options.TLS only
	hs     *http.Server
	served chan struct{}
	once   sync.Once
}

// Stats is a snapshot of the server's gauges and counters.
type Stats = server.Stats

// NewServer starts a server on a free loopback port. It panics if it cannot
// (bad Options, no port), as httptest.NewServer does.
func NewServer(opts Options) *Server {
	s, err := start(opts)
	if err != nil {
		panic("timtest: " + err.Error())
	}
	return s
}

// NewServerT is NewServer for a test: it fails the test instead of
// panicking and closes the server when the test ends.
func NewServerT(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := start(opts)
	if err != nil {
		t.Fatalf("timtest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

func start(opts Options) (*Server, error) {
	if opts.SDKAppID == 0 {
		opts.SDKAppID = DefaultSDKAppID
	}
	if opts.SecretKey == "" {
		b := make([]byte, 32)
		rand.Read(b)
		opts.SecretKey = hex.EncodeToString(b)
	}
	srv, err := server.New(server.Config{
		SDKAppID: opts.SDKAppID, SecretKey: opts.SecretKey, Admin: opts.Admin,
		Delivery: server.Delivery(opts.Delivery), PollHold: opts.PollHold, HelloInterval: opts.HelloInterval,
		Retention: opts.Retention, ReconnectGrace: opts.ReconnectGrace, GuestTimeout: opts.GuestTimeout,
		DisableCompression: opts.DisableCompression, DisablePushAck: opts.DisablePushAck, PushBatch: opts.PushBatch,
		MaxFrameSize:    opts.MaxFrameSize,
		RoomMessageRate: opts.RoomMessageRate, RoomMaxDelay: opts.RoomMaxDelay, CallbackURL: opts.CallbackURL,
		CallbackTimeout: opts.CallbackTimeout, CallbackFailClosed: opts.CallbackFailClosed, CallbackToken: opts.CallbackToken,
		MaxMsgBody: opts.MaxMsgBody, SensitiveWords: opts.SensitiveWords,
		MemberTipThreshold: opts.MemberTipThreshold, MemberTipInterval: opts.MemberTipInterval,
		DisableDebug: opts.DisableDebug, DebugToken: opts.DebugToken, LoginTimeout: opts.LoginTimeout,
		IdleTimeout: opts.IdleTimeout, MaxConnsPerAddr: opts.MaxConnsPerAddr, MaxGuestsPerAddr: opts.MaxGuestsPerAddr,
		LimitLoopback: opts.LimitLoopback,
		Logger:        opts.Logger, Now: opts.Now,
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	addr := ln.Addr().String()
	ws, web := "ws://", "http://"
	var cert *x509.Certificate
	if opts.TLS {
		var tc tls.Certificate
		if tc, cert, err = selfSigned(); err != nil {
			ln.Close()
			srv.Close()
			return nil, fmt.Errorf("certificate: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{tc}, MinVersion: tls.VersionTLS12})
		ws, web = "wss://", "https://"
	}
	cfg := srv.Config()
	s := &Server{
		URL: ws + addr, RESTURL: web + addr, cert: cert,
		SDKAppID: cfg.SDKAppID, SecretKey: cfg.SecretKey, Admin: cfg.Admin,
		srv:    srv,
		hs:     &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second},
		served: make(chan struct{}),
	}
	rc := restapi.Config{SDKAppID: cfg.SDKAppID, SecretKey: cfg.SecretKey, Admin: cfg.Admin, BaseURL: s.RESTURL}
	if cert != nil {
		rc.TLSConfig = s.ClientTLSConfig()
	}
	if s.Client, err = restapi.New(rc); err != nil {
		ln.Close()
		srv.Close()
		return nil, err
	}
	go func() {
		defer close(s.served)
		if err := s.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cfg.Logger.Error("timtest: serve", zap.Error(err))
		}
	}()
	return s, nil
}

// Close stops the server: the listener, every socket and every timer. It
// waits for the server's goroutines and may be called more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		s.hs.Close()
		<-s.served
		s.srv.Close()
		s.CloseIdleConnections()
	})
}

// Handler is the emulator itself, to mount elsewhere if needed.
func (s *Server) Handler() http.Handler { return s.srv }

// UserSig returns a UserSig for userID, valid for UserSigLifetime.
func (s *Server) UserSig(userID string) string {
	sig, err := usersig.Generate(s.SDKAppID, s.SecretKey, userID, UserSigLifetime)
	if err != nil {
		panic("timtest: " + err.Error()) // only for an empty or invalid user ID
	}
	return sig
}

// CloseConnections drops every WebSocket, as a network blip would (the
// same as POST {RESTURL}/debug/close_connections). Sessions survive: clients
// reconnect and re-login by A2. It returns how many sockets were dropped.
func (s *Server) CloseConnections() int { return s.srv.CloseConnections() }

// Stats returns a snapshot of the server (the same as GET {RESTURL}/debug/stats).
func (s *Server) Stats() Stats { return s.srv.Stats() }

// RESTURLOf returns the REST base of an emulator whose WebSocket base is
// wsURL (ws://host:port -> http://host:port, wss -> https): the emulator
// serves both on one address. Tencent IM's REST hosts differ from its
// WebSocket hosts (restapi.Region's).
func RESTURLOf(wsURL string) string {
	u, err := url.Parse(wsURL)
	if err != nil || u.Host == "" {
		return wsURL
	}
	scheme := "http"
	if u.Scheme == "wss" || u.Scheme == "https" {
		scheme = "https"
	}
	return scheme + "://" + u.Host
}

// Ptr returns a pointer to v, for optional fields in tests (Go 1.26's
// new(v) does the same).
func Ptr[T any](v T) *T { return &v }

package main

import (
	"flag"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tim-go/sdk/internal/server"
)

// newTestServer builds the program's server from command-line flags.
func newTestServer(t *testing.T, args ...string) *httptest.Server {
	t.Helper()
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	var lim limitFlags
	lim.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	cfg := server.Config{SDKAppID: 1400000001, SecretKey: "k"}
	lim.apply(&cfg)
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return hs
}

func status(t *testing.T, hs *httptest.Server, method, path, auth string) int {
	t.Helper()
	req, _ := http.NewRequest(method, hs.URL+path, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// The program keeps /debug/ off unless -debug; then loopback clients get
// it, or, with -debug-token, only clients presenting the token.
func TestDebugHooksOffByDefault(t *testing.T) {
	off := newTestServer(t)
	for _, p := range []string{"/debug/stats", "/debug/close_connections"} {
		if code := status(t, off, http.MethodPost, p, ""); code != http.StatusNotFound {
			t.Errorf("default %s: %d, want 404", p, code)
		}
	}
	on := newTestServer(t, "-debug")
	if code := status(t, on, http.MethodGet, "/debug/stats", ""); code != http.StatusOK {
		t.Errorf("-debug from loopback: %d, want 200", code)
	}
	if code := status(t, on, http.MethodPost, "/debug/close_connections", ""); code != http.StatusOK {
		t.Errorf("-debug close_connections from loopback: %d, want 200", code)
	}
	tok := newTestServer(t, "-debug", "-debug-token", "T")
	if code := status(t, tok, http.MethodGet, "/debug/stats", ""); code != http.StatusForbidden {
		t.Errorf("-debug-token without it: %d, want 403", code)
	}
	if code := status(t, tok, http.MethodGet, "/debug/stats", "Bearer T"); code != http.StatusOK {
		t.Errorf("-debug-token with it: %d, want 200", code)
	}
}

// The per-address limits default to the server's and follow the flags.
func TestLimitFlags(t *testing.T) {
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	var lim limitFlags
	lim.register(fs)
	if err := fs.Parse([]string{"-limit-loopback", "-max-conns-per-addr", "5", "-max-guests-per-addr", "-1"}); err != nil {
		t.Fatal(err)
	}
	var cfg server.Config
	lim.apply(&cfg)
	if !cfg.LimitLoopback || cfg.MaxConnsPerAddr != 5 || cfg.MaxGuestsPerAddr != -1 || !cfg.DisableDebug {
		t.Fatalf("%+v", cfg)
	}
}

package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
)

// With -emulator child the harness runs the emulator in a child process
// (this same binary, told so by childEnv), so that the harness process
// holds the SDK instances alone: its heap, goroutines and CPU are the SDK's,
// and the child reports the emulator's. The child speaks lines: it prints
// "READY <ws URL> <REST URL> <SDKAppID>", then answers each
// "stats <room> <gc 0|1>" on stdin with one JSON emulatorStats line, and
// exits when stdin closes.
const (
	childEnv       = "TIM_LOADTEST_EMULATOR" // the delivery mode
	childSecretEnv = "TIM_LOADTEST_SECRET"
	childAdminEnv  = "TIM_LOADTEST_ADMIN"
	childPlainEnv  = "TIM_LOADTEST_PLAIN"      // "1": no compressed frames
	childTLSEnv    = "TIM_LOADTEST_TLS"        // "1": wss:// with a self-signed certificate
	childBatchEnv  = "TIM_LOADTEST_PUSH_BATCH" // -push-batch
	// childProfEnv, set in the harness's environment (children inherit it),
	// names a file for a CPU profile of the child emulator's whole life:
	// the traffic phase dominates it.
	childProfEnv   = "TIM_LOADTEST_EMULATOR_CPUPROFILE"
	childStartWait = 10 * time.Second
	childExitWait  = 10 * time.Second
)

// serveChildIfAsked runs the child emulator and reports true when this
// process was started as one.
func serveChildIfAsked() bool {
	if wsURL := os.Getenv(sendersEnv); wsURL != "" {
		appID, err := strconv.ParseUint(os.Getenv(sendersAppIDEnv), 10, 64)
		if err == nil {
			err = serveSenders(wsURL, appID, os.Getenv(childSecretEnv), os.Stdin, os.Stdout)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadtest senders:", err)
			os.Exit(1)
		}
		return true
	}
	delivery := os.Getenv(childEnv)
	if delivery == "" {
		return false
	}
	if err := serveChild(delivery, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest emulator:", err)
		os.Exit(1)
	}
	return true
}

func serveChild(delivery string, in io.Reader, out io.Writer) error {
	_ = raiseFileLimit(maxViewers + 1024)
	stopProfile, err := startCPUProfile(os.Getenv(childProfEnv))
	if err != nil {
		return err
	}
	defer stopProfile()
	srv := timtest.NewServer(timtest.Options{Delivery: delivery, SecretKey: os.Getenv(childSecretEnv), Admin: os.Getenv(childAdminEnv),
		DisableCompression: os.Getenv(childPlainEnv) == "1", TLS: os.Getenv(childTLSEnv) == "1", PushBatch: envDuration(childBatchEnv)})
	defer srv.Close()
	cert := "-" // the certificate the parent trusts, base64 DER
	if c := srv.Certificate(); c != nil {
		cert = base64.StdEncoding.EncodeToString(c.Raw)
	}
	fmt.Fprintf(out, "READY %s %s %d %s\n", srv.URL, srv.RESTURL, srv.SDKAppID, cert)
	sc := bufio.NewScanner(in)
	enc := json.NewEncoder(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "stats" {
			continue
		}
		p := sampleSelf(f[2] == "1")
		if f[2] != "1" {
			p = cpuSample()
		}
		st := emulatorStats{Proc: &p, Dropped: sumDropped(srv.Dropped(f[1])), Stats: srv.Stats()}
		if err := enc.Encode(st); err != nil {
			return err
		}
	}
	return nil
}

// startChild starts the child emulator and connects to it as -server
// would, with the child's figures on top.
func startChild(ctx context.Context, cfg config) (*backend, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	secret := randomSecret()
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), childEnv+"="+cfg.Delivery, childSecretEnv+"="+secret, childAdminEnv+"="+cfg.Admin)
	if !cfg.Compress {
		cmd.Env = append(cmd.Env, childPlainEnv+"=1")
	}
	if cfg.PushBatch > 0 {
		cmd.Env = append(cmd.Env, childBatchEnv+"="+cfg.PushBatch.String())
	}
	if cfg.TLS {
		cmd.Env = append(cmd.Env, childTLSEnv+"=1")
	}
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("child emulator: %w", err)
	}
	stop := func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(childExitWait):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	lines := bufio.NewReader(stdout)
	ready := make(chan string, 1)
	go func() {
		l, _ := lines.ReadString('\n')
		ready <- l
	}()
	var line string
	select {
	case line = <-ready:
	case <-time.After(childStartWait):
	case <-ctx.Done():
	}
	var wsURL, restURL, cert string
	var appID uint64
	if _, err := fmt.Sscanf(line, "READY %s %s %d %s", &wsURL, &restURL, &appID, &cert); err != nil {
		stop()
		return nil, errors.New("child emulator did not start")
	}
	trust, err := trustCert(cert)
	if err != nil {
		stop()
		return nil, err
	}
	ra, err := restapi.New(restapi.Config{BaseURL: restURL, SDKAppID: appID, SecretKey: secret, Admin: cfg.Admin, TLSConfig: trust})
	if err != nil {
		stop()
		return nil, err
	}
	var mu sync.Mutex // one stats exchange at a time
	exchange := func(room string, gc bool) (*emulatorStats, error) {
		mu.Lock()
		defer mu.Unlock()
		flag := 0
		if gc {
			flag = 1
		}
		if _, err := fmt.Fprintf(stdin, "stats %s %d\n", room, flag); err != nil {
			return nil, err
		}
		l, err := lines.ReadBytes('\n')
		if err != nil {
			return nil, err
		}
		var st emulatorStats
		return &st, json.Unmarshal(l, &st)
	}
	stats := func(ctx context.Context, room string, gc bool) (*emulatorStats, error) {
		type result struct {
			st  *emulatorStats
			err error
		}
		done := make(chan result, 1) // the exchange ends at the latest when the child exits
		go func() {
			st, err := exchange(room, gc)
			done <- result{st, err}
		}()
		select {
		case r := <-done:
			return r.st, r.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return &backend{
		desc:     fmt.Sprintf("embedded emulator in child process %d at %s (SDKAppID %d, %s delivery%s)", cmd.Process.Pid, wsURL, appID, cfg.Delivery, plainNote(cfg)),
		sdkAppID: appID,
		wsURL:    wsURL,
		opts:     []tim.Option{tim.WithProxyServer(wsURL), tim.WithTLSConfig(trust)},
		secret:   secret,
		admin:    ra,
		emulator: stats,
		close:    func() { ra.CloseIdleConnections(); stop() },
	}, nil
}

// trustCert is a TLS configuration trusting the child's certificate (base64
// DER), nil for "-" (no TLS).
func trustCert(b64 string) (*tls.Config, error) {
	if b64 == "-" {
		return nil, nil
	}
	der, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("child emulator certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("child emulator certificate: %w", err)
	}
	return timtest.TLSConfigTrusting(cert), nil
}

// envDuration reads a duration from the environment (0 when unset or bad).
func envDuration(name string) time.Duration {
	d, _ := time.ParseDuration(os.Getenv(name))
	return d
}

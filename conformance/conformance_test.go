// Package conformance_test proves that the emulator (tim/timtest) speaks the protocol of the real
// web SDK: it runs the unmodified tim-js-sdk@2.27.6 (npm) in Node against a timtest.Server, once
// with AVChatRoom traffic delivered by long polling and once by WebSocket push.
//
// The Node side lives in testdata/js (driver.js runs the scenario and prints one JSON line per
// step; shim.js installs the browser globals the SDK needs and keeps every connection on
// loopback; interop.js lets interop_test.go put Go SDK and tim-js-sdk clients in one room). Its
// packages are pinned by testdata/js/package-lock.json and installed with `npm ci` the first time
// the test runs. node and npm must be on PATH: the test fails, never skips, without them.
//
// Environment:
//
//	TIM_CONF_DEBUG=1        verbose SDK and shim logs on the driver's stderr (shown with -v)
//	TIM_CONF_TRACE_DIR=dir  keep every frame of each run in dir/trace-<mode>.jsonl (interop-<mode>.jsonl)
package conformance_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/timtest"
)

const (
	jsDir     = "testdata/js"
	sdkAppID  = 1400000001
	secretKey = "conformance-secret-key-0123456789abcdef"
	groupID   = "@TGS#aLIVEROOM"

	npmTimeout    = 5 * time.Minute
	driverTimeout = 4 * time.Minute
)

// Versions pinned in testdata/js/package.json and package-lock.json.
var pinned = map[string]string{
	"tim-js-sdk": "2.27.6",
	"ws":         "8.18.3",
}

var (
	npmOnce sync.Once
	npmErr  error
)

func installedVersion(pkg string) string {
	b, err := os.ReadFile(filepath.Join(jsDir, "node_modules", pkg, "package.json"))
	if err != nil {
		return ""
	}
	var p struct{ Version string }
	if json.Unmarshal(b, &p) != nil {
		return ""
	}
	return p.Version
}

func allPinnedInstalled() bool {
	for pkg, v := range pinned {
		if installedVersion(pkg) != v {
			return false
		}
	}
	return true
}

// ensureNode checks for node and npm and runs `npm ci` once when the pinned packages are missing.
func ensureNode(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is required by the conformance suite (install Node.js 20 and npm): %v", tool, err)
		}
	}
	npmOnce.Do(func() {
		if allPinnedInstalled() {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), npmTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = jsDir
		out, err := cmd.CombinedOutput()
		if err != nil {
			npmErr = fmt.Errorf("npm ci in %s: %v\n%s", jsDir, err, out)
			return
		}
		for pkg, v := range pinned {
			if got := installedVersion(pkg); got != v {
				npmErr = fmt.Errorf("npm ci installed %s %q, want %q", pkg, got, v)
				return
			}
		}
	})
	if npmErr != nil {
		t.Fatal(npmErr)
	}
}

// deliveryOf is the Delivery option of a scenario mode.
func deliveryOf(mode string) string {
	if mode == "push" {
		return "push"
	}
	return "poll"
}

// newServer is the default target: one timtest.Server.
func newServer(t *testing.T, mode string) *target {
	srv := timtest.NewServer(timtest.Options{SDKAppID: sdkAppID, SecretKey: secretKey, Delivery: deliveryOf(mode)})
	t.Cleanup(srv.Close)
	return &target{URL: srv.URL, RESTURL: srv.RESTURL, SDKAppID: srv.SDKAppID, Admin: srv.Admin,
		Client: srv.Client, UserSig: srv.UserSig}
}

// line is one JSON line of the driver's stdout: a step result or the final summary.
type line struct {
	Step    string          `json:"step"`
	OK      bool            `json:"ok"`
	Ms      int64           `json:"ms"`
	Detail  json.RawMessage `json:"detail"`
	Done    bool            `json:"done"`
	Passed  int             `json:"passed"`
	Failed  int             `json:"failed"`
	Aborted bool            `json:"aborted"`
}

func TestWebSDKConformance(t *testing.T) {
	for _, mode := range []string{"poll", "push"} {
		t.Run(mode, func(t *testing.T) {
			runScenario(t, mode, newServer)
		})
	}
}

func runScenario(t *testing.T, mode string, newTarget func(*testing.T, string) *target) {
	ensureNode(t)

	srv := newTarget(t, mode)
	watch := newWatcher(t, srv) // a Go SDK member that must see what tim-js-sdk sees (watcher_test.go)

	cfg := map[string]any{
		"wsURL":    srv.URL,
		"restURL":  srv.RESTURL,
		"sdkAppID": srv.SDKAppID,
		"admin":    srv.Admin,
		"adminSig": srv.UserSig(srv.Admin),
		"sigs": map[string]string{
			"alice": srv.UserSig("alice"),
			"bob":   srv.UserSig("bob"),
			"carol": srv.UserSig("carol"),
			"dave":  srv.UserSig("dave"),
		},
		"groupID":   groupID,
		"mode":      mode,
		"goWatcher": watcherUser,
	}
	tmp := t.TempDir()
	cfgPath := filepath.Join(tmp, "config.json")
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		t.Fatal(err)
	}

	tracePath := filepath.Join(tmp, "trace.jsonl")
	if dir := os.Getenv("TIM_CONF_TRACE_DIR"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		tracePath, _ = filepath.Abs(filepath.Join(dir, "trace-"+mode+".jsonl"))
		_ = os.Remove(tracePath)
	}

	ctx, cancel := context.WithTimeout(context.Background(), driverTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "driver.js", cfgPath)
	cmd.Dir = jsDir
	cmd.Env = append(os.Environ(), "TIM_CONF_TRACE="+tracePath)
	cmd.WaitDelay = 10 * time.Second
	stderr := &tailBuffer{max: 64 << 10}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start node driver.js: %v", err)
	}

	var summary *line
	steps, failedSteps := 0, 0
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var l line
		if err := json.Unmarshal(raw, &l); err != nil {
			t.Errorf("driver printed a line that is not JSON: %q", truncate(string(raw), 500))
			continue
		}
		switch {
		case l.Done:
			s := l
			summary = &s
		case l.Step != "":
			steps++
			if !l.OK {
				failedSteps++
			}
			t.Run(l.Step, func(t *testing.T) {
				if !l.OK {
					t.Errorf("step %s failed after %d ms:\n%s", l.Step, l.Ms, indent(l.Detail))
				} else if testing.Verbose() {
					t.Logf("ok in %d ms: %s", l.Ms, truncate(string(l.Detail), 2000))
				}
			})
			watch.onStep(t, l)
		default:
			t.Errorf("unexpected driver line: %s", truncate(string(raw), 500))
		}
	}
	if err := sc.Err(); err != nil {
		t.Errorf("reading driver output: %v", err)
	}
	waitErr := cmd.Wait()

	if t.Failed() || waitErr != nil || summary == nil || testing.Verbose() {
		t.Logf("driver stderr (tail):\n%s", stderr.String())
		t.Logf("frame trace: %s", tracePath)
	}
	if ctx.Err() != nil {
		t.Fatalf("driver killed after %v", driverTimeout)
	}
	if summary == nil {
		t.Fatalf("driver ended without its summary line (exit: %v)", waitErr)
	}
	if summary.Failed > 0 || summary.Aborted {
		t.Errorf("%d of %d steps failed (aborted=%v)", summary.Failed, summary.Passed+summary.Failed, summary.Aborted)
	}
	if summary.Passed+summary.Failed != steps || summary.Failed != failedSteps {
		t.Errorf("summary %d passed / %d failed does not match the %d step lines (%d failed)",
			summary.Passed, summary.Failed, steps, failedSteps)
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !(errors.As(waitErr, &exitErr) && summary.Failed > 0) {
		t.Errorf("driver exit: %v", waitErr)
	}
	if steps == 0 {
		t.Errorf("driver ran no step")
	}
}

func indent(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		return string(raw)
	}
	return "  " + string(b)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("…(%d bytes)", len(s))
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > b.max {
		b.buf = append([]byte(nil), b.buf[len(b.buf)-b.max:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := string(b.buf)
	if strings.TrimSpace(s) == "" {
		return "(empty)"
	}
	return s
}

var _ io.Writer = (*tailBuffer)(nil)

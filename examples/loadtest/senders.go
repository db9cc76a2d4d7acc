package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/tim-go/sdk/tim"
)

// With -sidebyside the senders run in a child process of their own (this
// same binary, told so by sendersEnv): the Node viewers' process and the
// Go viewers' process then hold viewers alone, and neither row of the
// table pays for the sends. The child speaks lines, each answered with one
// JSON line:
//
//	join <room> <n>   logs in sender0..n-1 and joins them to room: {"error"?}
//	run <n> <rate>    sends n messages at rate a second, paced as in-process senders are: a sendResult
//	leave             destroys the senders: {"error"?}
//
// It exits, destroying what is left, when stdin closes.
const (
	sendersEnv      = "TIM_LOADTEST_SENDERS" // the emulator's ws:// URL
	sendersAppIDEnv = "TIM_LOADTEST_SDKAPPID"
	senderCallWait  = 60 * time.Second // join and leave
	senderRunSlop   = 60 * time.Second // beyond the pacing itself
)

// sendResult is the sender child's answer to run (and to join and leave,
// with Error alone).
type sendResult struct {
	Sent        int      `json:"sent"`
	Failed      int      `json:"failed"`
	Skipped     int      `json:"skipped"`
	Errors      []string `json:"errors,omitempty"`
	SendSeconds float64  `json:"send_s"`
	Error       string   `json:"error,omitempty"`
}

// serveSenders is the sender child's loop.
func serveSenders(wsURL string, appID uint64, secret string, in io.Reader, out io.Writer) error {
	ctx := context.Background()
	r := &runner{cfg: defaultConfig(), b: &backend{sdkAppID: appID, secret: secret, opts: []tim.Option{tim.WithProxyServer(wsURL)}}}
	leave := func() {
		for _, s := range r.senders {
			if s.t != nil {
				dctx, cancel := context.WithTimeout(ctx, senderCallWait)
				_ = s.t.Destroy(dctx)
				cancel()
			}
		}
		r.senders = nil
	}
	defer leave()
	sc := bufio.NewScanner(in)
	enc := json.NewEncoder(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		var res sendResult
		switch {
		case len(f) == 3 && f[0] == "join":
			leave()
			n, err := strconv.Atoi(f[2])
			if err == nil {
				r.room, r.cfg.Senders = f[1], n
				err = r.joinSenders(ctx)
			}
			if err != nil {
				res.Error = err.Error()
			}
		case len(f) == 3 && f[0] == "run":
			n, err1 := strconv.Atoi(f[1])
			rate, err2 := strconv.ParseFloat(f[2], 64)
			switch {
			case err1 != nil || err2 != nil || n < 0 || rate <= 0:
				res.Error = "run wants a count and a positive rate"
			case len(r.senders) == 0:
				res.Error = "run before join"
			default:
				tally, paced, end := pace(ctx, r.senders, r.room, n, rate, nil)
				res = sendResult{Sent: tally.sent, Failed: tally.failed, Skipped: tally.skipped, Errors: tally.firstErr, SendSeconds: end.Sub(paced).Seconds()}
			}
		case len(f) == 1 && f[0] == "leave":
			leave()
		default:
			res.Error = fmt.Sprintf("unknown command %q", sc.Text())
		}
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	return sc.Err()
}

// senderProc is the harness's end of the sender child.
type senderProc struct {
	c *lineChild
}

// startSenders starts the sender child against b, an emulator child.
func startSenders(b *backend) (*senderProc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), sendersEnv+"="+b.wsURL, sendersAppIDEnv+"="+strconv.FormatUint(b.sdkAppID, 10), childSecretEnv+"="+b.secret)
	cmd.Stderr = os.Stderr
	c, err := startLineChild("sender child", cmd)
	if err != nil {
		return nil, err
	}
	return &senderProc{c: c}, nil
}

// join logs n senders in and joins them to room.
func (s *senderProc) join(ctx context.Context, room string, n int) error {
	var res sendResult
	if err := s.c.call(ctx, senderCallWait, fmt.Sprintf("join %s %d", room, n), &res); err != nil {
		return err
	}
	if res.Error != "" {
		return fmt.Errorf("sender child: %s", res.Error)
	}
	return nil
}

// run sends n messages at rate a second and returns what the senders did,
// when the sends started and when they ended, as pace does. A failed
// exchange counts every message as skipped, with the error.
func (s *senderProc) run(ctx context.Context, n int, rate float64) (*sendTally, time.Time, time.Time) {
	start := time.Now()
	wait := time.Duration(float64(n)/rate*float64(time.Second)) + senderRunSlop
	var res sendResult
	tally := &sendTally{}
	err := s.c.call(ctx, wait, fmt.Sprintf("run %d %g", n, rate), &res)
	end := time.Now()
	if err == nil && res.Error != "" {
		err = fmt.Errorf("sender child: %s", res.Error)
	}
	if err != nil {
		tally.add(0, 0, n, err)
		return tally, start, end
	}
	tally.sent, tally.failed, tally.skipped = res.Sent, res.Failed, res.Skipped
	tally.firstErr = res.Errors
	return tally, end.Add(-time.Duration(res.SendSeconds * float64(time.Second))), end
}

// leave destroys the senders (a failure leaves their sessions to expire).
func (s *senderProc) leave(ctx context.Context) {
	var res sendResult
	_ = s.c.call(ctx, senderCallWait, "leave", &res)
}

// close ends the child.
func (s *senderProc) close() { s.c.stop(childExitWait) }

package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tim-go/sdk/examples/loadtest/agentmetrics"
	"github.com/tim-go/sdk/tim/timtest"
)

// config is what the flags set.
type config struct {
	Viewers   int           // viewer instances in the room
	Guests    float64       // fraction of viewers that do not log in
	Senders   int           // logged-in instances that send, besides the viewers
	Rate      float64       // messages per second, all senders together
	Duration  time.Duration // traffic phase
	JoinRate  float64       // viewers starting to join per second
	Delivery  string        // embedded emulator: poll or push
	PushBatch time.Duration // embedded emulator: items gathered per push frame (0: each pushed at once)
	Emulator  string        // embedded emulator: "inproc" (this process) or "child" (a child process)
	Compress  bool          // embedded emulator: compressed frames (COMP), as the SDK asks
	TLS       bool          // embedded emulator: wss:// with a self-signed certificate, as Tencent IM serves
	Server    string        // another server's ws:// URL; "" embeds the emulator
	REST      string        // its REST base; "" derives it from Server
	SDKAppID  uint64        // with Server
	Secret    string        // with Server: signs every UserSig and the admin's
	Admin     string        // the REST API's admin identifier
	JSON      bool          // print the report as JSON

	SideBySide bool   // phase A with tim-js-sdk viewers in Node, then phase B with Go viewers
	NodeDir    string // with SideBySide: where viewers.js is ("" finds it)
	NodeProf   string // with SideBySide: a directory for the Node process's V8 CPU profile

	Idle        time.Duration // idle phase
	Settle      time.Duration // least pause after the ramp, before the idle figures (longer while join tips flow)
	JoinTimeout time.Duration // the whole ramp
	Drain       time.Duration // longest wait for receipts after the last send
	Teardown    time.Duration // bounds Destroy of every instance

	// With -agent (agent.go): one of several agents on one plan.
	Agent         *agentSpec    // nil: the harness alone, as before
	Room          string        // the plan's room ID ("" generates one alone; an agent's default is "loadtest-<seed>")
	Seed          int64         // names the run: the room by default, and a tag in every text
	StartAt       time.Time     // the plan's wall-clock start of the ramp
	Warmup        time.Duration // from the start to the first send
	Metrics       string        // -metrics: serve Prometheus metrics on this address
	MetricsLinger time.Duration // keep serving them this long after the report
	metrics       *agentmetrics.Agent

	CPUProfile string // traffic phase CPU profile
	MemProfile string // heap profile at the idle measurement
	MidProfile string // heap profile halfway through the traffic phase
}

// Defaults: a realistic ramp, a rate under the room's 40 msg/s budget (so
// nothing is dropped), and bounds on every phase.
const (
	defaultViewers     = 1000
	defaultGuests      = 0.5
	defaultSenders     = 4
	defaultRate        = 20
	defaultDuration    = 20 * time.Second
	defaultJoinRate    = 500
	defaultIdle        = 5 * time.Second
	defaultSettle      = 2 * time.Second
	defaultDrain       = 10 * time.Second
	defaultTeardown    = 60 * time.Second
	maxViewers         = 100000
	maxSenders         = 1000
	maxRate            = 10000
	maxDuration        = time.Hour
	joinConcurrency    = 64 // joins in flight at once during the ramp
	teardownParallel   = 64 // Destroy calls in flight at once
	minJoinTimeoutSlop = 30 * time.Second
)

func defaultConfig() config {
	return config{
		Viewers: defaultViewers, Guests: defaultGuests, Senders: defaultSenders, Rate: defaultRate,
		Duration: defaultDuration, JoinRate: defaultJoinRate, Delivery: "poll", Emulator: "inproc", Compress: true,
		Admin: "administrator", Idle: defaultIdle, Settle: defaultSettle, Drain: defaultDrain,
		Teardown: defaultTeardown,
	}
}

// check refuses flag combinations the harness cannot run and fills the
// ramp's timeout when unset.
func (c *config) check() error {
	switch {
	case c.Viewers < 1 || c.Viewers > maxViewers:
		return fmt.Errorf("-viewers must be 1..%d", maxViewers)
	case c.Guests < 0 || c.Guests > 1:
		return errors.New("-guests is a fraction in [0, 1]")
	case c.Senders < 1 || c.Senders > maxSenders:
		return fmt.Errorf("-senders must be 1..%d", maxSenders)
	case c.Rate < 0 || c.Rate > maxRate:
		return fmt.Errorf("-rate must be in [0, %d]", maxRate)
	case c.Duration < 0 || c.Duration > maxDuration:
		return fmt.Errorf("-duration must be in [0, %v]", maxDuration)
	case c.JoinRate <= 0:
		return errors.New("-join-rate must be positive")
	case c.Idle < 0 || c.Idle > maxDuration || c.Settle < 0 || c.Drain < 0 || c.Teardown <= 0:
		return errors.New("-idle, -settle, -drain must be >= 0 (-idle at most an hour) and -teardown positive")
	case c.Delivery != "poll" && c.Delivery != "push":
		return errors.New("-delivery is poll or push")
	case c.Emulator != "inproc" && c.Emulator != "child":
		return errors.New("-emulator is inproc or child")
	}
	if (c.NodeDir != "" || c.NodeProf != "") && !c.SideBySide {
		return errors.New("-nodedir and -nodecpuprofile go with -sidebyside")
	}
	if c.Agent != nil {
		if err := c.checkAgent(); err != nil {
			return err
		}
	} else if err := c.checkSingle(); err != nil {
		return err
	}
	if c.JoinTimeout <= 0 {
		c.JoinTimeout = 2*time.Duration(float64(c.Viewers)/c.JoinRate*float64(time.Second)) + minJoinTimeoutSlop
	}
	if c.Server == "" {
		if c.Secret != "" || c.SDKAppID != 0 || c.REST != "" {
			return errors.New("-sdkappid, -secret and -rest go with -server")
		}
		return nil
	}
	switch {
	case !strings.HasPrefix(c.Server, "ws://") && !strings.HasPrefix(c.Server, "wss://"):
		return errors.New("-server is a ws:// or wss:// URL")
	case c.SDKAppID == 0 || c.Secret == "":
		return errors.New("-server needs -sdkappid and -secret")
	}
	return nil
}

// Side-by-side defaults: the comparison of issue 12, 50 guests at the
// room's full 40 msg/s from one sender.
const (
	sideViewers = 50
	sideRate    = 40
	sideSenders = 1
)

// sideBySide fits c to -sidebyside: every viewer a guest (tim-js-sdk
// viewers join without logging in), the emulator in a child process
// (plain ws://, which viewers.js reaches), and, where the flag was not
// given (set holds the names of those given), sideViewers, sideRate and
// sideSenders.
func (c *config) sideBySide(set map[string]bool) error {
	switch {
	case set["server"] || set["sdkappid"] || set["secret"] || set["rest"]:
		return errors.New("-sidebyside runs its own emulator: no -server")
	case c.TLS:
		return errors.New("-sidebyside serves plain ws:// (the Node viewers do not take the child's certificate): no -tls")
	case set["emulator"] && c.Emulator != "child":
		return errors.New("-sidebyside runs the emulator in a child process: no -emulator inproc")
	case set["guests"] && c.Guests != 1:
		return errors.New("-sidebyside viewers are guests, as tim-js-sdk's are: no -guests other than 1")
	}
	c.SideBySide, c.Emulator, c.Guests = true, "child", 1
	if !set["viewers"] {
		c.Viewers = sideViewers
	}
	if !set["rate"] {
		c.Rate = sideRate
	}
	if !set["senders"] {
		c.Senders = sideSenders
	}
	return nil
}

// messages is how many messages the traffic phase sends at most.
func (c *config) messages() int {
	return int(c.Rate * c.Duration.Seconds())
}

// guests is how many of the viewers are guests.
func (c *config) guests() int {
	return int(c.Guests*float64(c.Viewers) + 0.5)
}

// restBase is the REST API base of -server: -rest, or the WebSocket's host
// and port over http(s), where an emulator serves it.
func (c *config) restBase() string {
	if c.REST != "" {
		return strings.TrimRight(c.REST, "/")
	}
	return timtest.RESTURLOf(c.Server) // an emulator serves REST on the WebSocket's address
}

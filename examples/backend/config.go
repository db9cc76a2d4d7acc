package main

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/tim-go/sdk/tim/restapi"
)

// config is what the flags set.
type config struct {
	// Tencent IM (SDKAppID set) or the embedded emulator (SDKAppID 0).
	SDKAppID uint64
	Secret   string // the app's key: the admin's UserSig and the scripted viewers'
	Token    string // callback authentication token (the console's)
	Region   string // REST region name (regions), "" China
	REST     string // REST base URL instead of Region
	WS       string // WebSocket URL of the server the scripted viewers use ("" Tencent's)
	Listen   string // the webhook listener's address ("": listenAddr's default)
	Admin    string // the REST API's admin identifier
	Group    string // an existing AVChatRoom; "" creates one and destroys it at the end

	Host     string        // the host's user ID: only their commands are carried out
	Viewers  int           // scripted viewers (every fourth a guest); 0 none
	Duration time.Duration // how long the scripted room plays (0: until Ctrl-C)
	Rate     float64       // viewer messages per second, all kinds together

	Blocked []string // danmaku with one of these is refused (codeBlockedWord)
	Masked  []string // delivered with these starred

	LikeKey     string        // the room counter of likes
	LikeFlush   time.Duration // how often likes are written to the counter
	NoticeEvery time.Duration // system notice period (0: none)
	NoticeText  string

	// Drain bounds the wait after the last send for what is still on its
	// way (receipts, after-send webhooks); Teardown bounds the clean-up.
	Drain    time.Duration
	Teardown time.Duration

	// listener, when set, is the webhook listener (tests: the emulator
	// must know the callback URL before the backend starts).
	listener net.Listener
}

// Defaults: a room of eight viewers (two guests) for ten seconds, well
// under a room's 40 messages/s.
const (
	defaultViewers = 8
	defaultRate    = 10
	maxViewers     = 1000
	maxRate        = 40
	minViewers     = 6 // host commands name viewer03 and viewer05
	callbackPath   = "/im-callback"
)

func defaultConfig() config {
	return config{
		Admin: restapi.DefaultAdmin, Host: "host",
		Viewers: defaultViewers, Duration: 10 * time.Second, Rate: defaultRate,
		Blocked: []string{"buy followers", "scam.example"},
		Masked:  []string{"damn", "stupid"},
		LikeKey: "likes", LikeFlush: time.Second,
		NoticeEvery: 3 * time.Second, NoticeText: "Be kind in the chat: the host mutes spammers",
		Drain: 5 * time.Second, Teardown: 10 * time.Second,
	}
}

// regions are the -region names.
var regions = map[string]restapi.Region{
	"china": restapi.RegionChina, "singapore": restapi.RegionSingapore, "seoul": restapi.RegionSeoul,
	"tokyo": restapi.RegionTokyo, "frankfurt": restapi.RegionFrankfurt, "mumbai": restapi.RegionMumbai,
	"siliconvalley": restapi.RegionSiliconValley, "jakarta": restapi.RegionJakarta,
}

// Default webhook listeners: loopback for the embedded emulator, every
// interface for Tencent IM's callbacks.
const (
	defaultListenEmbedded = "127.0.0.1:0"
	defaultListenTencent  = ":8080"
)

// listenAddr is the webhook listener's address.
func (c *config) listenAddr() string {
	switch {
	case c.Listen != "":
		return c.Listen
	case c.embedded():
		return defaultListenEmbedded
	}
	return defaultListenTencent
}

// embedded reports whether the backend runs on the embedded emulator.
func (c *config) embedded() bool { return c.SDKAppID == 0 }

// check refuses flag combinations the program cannot run.
func (c *config) check() error {
	switch {
	case c.Viewers != 0 && (c.Viewers < minViewers || c.Viewers > maxViewers):
		return fmt.Errorf("-viewers must be 0 or %d..%d", minViewers, maxViewers)
	case c.Duration < 0:
		return errors.New("-duration must not be negative")
	case c.Duration == 0 && c.Viewers > 0:
		return errors.New("-duration 0 (until Ctrl-C) goes with -viewers 0")
	case c.Rate <= 0 || c.Rate > maxRate:
		return fmt.Errorf("-rate must be in (0, %d]", maxRate)
	case c.Host == "":
		return errors.New("-host is empty")
	case c.LikeKey == "" || len(c.LikeKey) > 128:
		return errors.New("-likekey must be 1 to 128 bytes")
	case c.LikeFlush <= 0:
		return errors.New("-likeflush must be positive")
	case c.NoticeEvery < 0:
		return errors.New("-notice must not be negative")
	case c.Region != "" && c.REST != "":
		return errors.New("give -region or -rest, not both")
	}
	if _, ok := regions[strings.ToLower(c.Region)]; c.Region != "" && !ok {
		return fmt.Errorf("unknown -region %q", c.Region)
	}
	if c.embedded() {
		if c.Secret != "" || c.Token != "" || c.REST != "" || c.Region != "" || c.WS != "" || c.Group != "" {
			return errors.New("-secret, -token, -region, -rest, -ws and -group go with -sdkappid")
		}
		if c.Viewers == 0 {
			return errors.New("the embedded emulator needs scripted viewers")
		}
		return nil
	}
	switch {
	case c.Secret == "":
		return errors.New("-sdkappid needs -secret (the REST admin's UserSig)")
	case c.Token == "":
		return errors.New("-sdkappid needs -token: the callback authentication token set in the console")
	}
	return nil
}

// restConfig is the REST client's configuration for Tencent IM.
func (c *config) restConfig() restapi.Config {
	rc := restapi.Config{SDKAppID: c.SDKAppID, SecretKey: c.Secret, Admin: c.Admin, RateLimit: restapi.TencentRateLimit}
	if c.REST != "" {
		rc.BaseURL = c.REST // restapi.New trims a trailing slash
	} else {
		rc.Region = regions[strings.ToLower(c.Region)]
	}
	return rc
}

// splitList reads a comma-separated flag.
func splitList(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

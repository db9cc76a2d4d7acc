package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tim-go/sdk/tim/timtest"
)

// DefaultTencentREST is Tencent IM's REST host for apps in China; apps in
// other regions use theirs (adminapisgp.im.qcloud.com for Singapore, …).
const DefaultTencentREST = "https://console.tim.qq.com"

// serverTencent is the -server value that means Tencent IM's own hosts.
const serverTencent = "tencent"

// config is what the flags set.
type config struct {
	Viewers   int           // viewers in the room
	Duration  time.Duration // how long viewers send
	Rate      float64       // viewer messages per second, all kinds
	Server    string        // "" embedded, "tencent", or a ws(s):// URL
	REST      string        // REST base URL; "" derives it from Server
	SDKAppID  uint64        // with Server
	Secret    string        // the app's key: every UserSig and the admin's
	UserSig   string        // instead of Secret: one UserSig, for UserID
	UserID    string        // the host
	Admin     string        // the REST API's admin identifier
	Group     string        // an existing room; "" creates one
	Oversea   bool          // Tencent's oversea hosts
	LikeField string        // room custom field of the like total; "" off
	Delivery  string        // embedded emulator: poll or push

	// Drain is how long to wait after the last send for what is still on
	// its way; Teardown bounds the clean-up.
	Drain    time.Duration
	Teardown time.Duration
}

// Defaults of the scene: a readable feed, well under the 40 msg/s a room
// delivers (so nothing is dropped unless -rate asks for it).
const (
	defaultViewers = 20
	defaultRate    = 15
	defaultDrain   = 2 * time.Second
	maxViewers     = 5000
	maxRate        = 2000
)

func defaultConfig() config {
	return config{
		Viewers: defaultViewers, Duration: 10 * time.Second, Rate: defaultRate,
		UserID: "host", Admin: "administrator", LikeField: "likes", Delivery: "poll",
		Drain: defaultDrain, Teardown: defaultTeardown,
	}
}

// check refuses flag combinations the scene cannot play.
func (c *config) check() error {
	switch {
	case c.Viewers < 2 || c.Viewers > maxViewers:
		return fmt.Errorf("-viewers must be 2..%d", maxViewers)
	case c.Duration <= 0:
		return errors.New("-duration must be positive")
	case c.Rate <= 0 || c.Rate > maxRate:
		return fmt.Errorf("-rate must be in (0, %d]", maxRate)
	case c.UserID == "":
		return errors.New("-userid is empty")
	case c.Delivery != "poll" && c.Delivery != "push":
		return errors.New("-delivery is poll or push")
	case c.Server == "":
		if c.Secret != "" || c.UserSig != "" || c.SDKAppID != 0 || c.REST != "" {
			return errors.New("-sdkappid, -secret, -usersig and -rest go with -server")
		}
		return nil
	case c.Server != serverTencent && !strings.HasPrefix(c.Server, "ws://") && !strings.HasPrefix(c.Server, "wss://"):
		return errors.New(`-server is "tencent" or a ws:// or wss:// URL`)
	case c.SDKAppID == 0:
		return errors.New("-server needs -sdkappid")
	case c.Secret == "" && c.UserSig == "":
		return errors.New("-server needs -secret (or -usersig for a limited scene)")
	case c.Secret != "" && c.UserSig != "":
		return errors.New("give -secret or -usersig, not both")
	case c.UserSig != "" && c.Group == "":
		return errors.New("-usersig needs -group: without the secret there is no REST admin to create a room")
	}
	return nil
}

// restBase is the REST API base URL for the chosen server.
func (c *config) restBase() string {
	switch {
	case c.REST != "":
		return strings.TrimRight(c.REST, "/")
	case c.Server == serverTencent:
		return DefaultTencentREST
	}
	return timtest.RESTURLOf(c.Server) // an emulator serves REST on the WebSocket's address
}

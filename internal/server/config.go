package server

import (
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"
)

// Delivery says how logged-in members of a room receive its stream. The
// server alone decides, through the LongPollingKey of the join reply
// (wire-protocol.md 6.1); guests always poll.
type Delivery string

// Delivery modes.
const (
	DeliveryPoll Delivery = "poll" // non-empty LongPollingKey: the SDK long-polls get_msg
	DeliveryPush Delivery = "push" // empty LongPollingKey: items arrive as im_open_push.msg_push
)

// Defaults, each with its reason.
const (
	// DefaultAdmin is the App admin identifier Tencent's console creates.
	DefaultAdmin = "administrator"
	// DefaultPollHold keeps a get_msg waiting at most this long: well below
	// the 15 s after which tim-js-sdk gives the request up (2801).
	DefaultPollHold = 10 * time.Second
	// DefaultHelloInterval is the wshello period sent in the login reply;
	// 120 s is tim-js-sdk's own default and what the reference stub sent.
	DefaultHelloInterval = 120 * time.Second
	// DefaultRetention is how many stream items a room keeps for pollers
	// that fall behind (and for push replays after a reconnect).
	DefaultRetention = 1024
	// DefaultMaxFrameSize bounds a client frame; tim-js-sdk's largest
	// (telemetry, a send with a 12 KB body) stay far below it.
	DefaultMaxFrameSize = 128 << 10
	// DefaultReconnectGrace keeps a session whose socket dropped, with its
	// rooms, poll keys and push subscription, for a re-login by A2.
	DefaultReconnectGrace = 2 * time.Minute
	// DefaultGuestTimeout forgets a guest that has not polled for this long
	// (a guest's quitGroup never reaches the server).
	DefaultGuestTimeout = time.Minute
	// DefaultSendQueue bounds the frames waiting to be written to one
	// socket; a consumer that falls further behind is disconnected.
	DefaultSendQueue = 1024
	// DefaultSendQueueBytes bounds the bytes waiting for one socket.
	DefaultSendQueueBytes = 8 << 20
	// DefaultWriteTimeout bounds one batch of socket writes.
	DefaultWriteTimeout = 10 * time.Second
	// DefaultMaxPollBatch bounds the items in one get_msg reply.
	DefaultMaxPollBatch = 100
	// DefaultMaxRooms bounds the rooms of the app (Tencent: 10036 quota).
	DefaultMaxRooms = 100000
	// DefaultMaxRESTBody bounds a REST request body (Tencent: 93000).
	DefaultMaxRESTBody = 1 << 20
	// DefaultRoomMessageRate is Tencent's room budget: 40 messages a second
	// reach members; higher priorities first (server-api.md, budget.go).
	DefaultRoomMessageRate = 40
	// DefaultRoomMaxDelay is how long a message over the budget may wait
	// for a later window before it is dropped: one window.
	DefaultRoomMaxDelay = time.Second
	// DefaultCallbackTimeout is Tencent's webhook timeout.
	DefaultCallbackTimeout = 2 * time.Second
	// DefaultCallbackQueue bounds the after-send/join/exit webhooks waiting
	// to be posted; more are dropped and counted.
	DefaultCallbackQueue = 1024
	// DefaultMaxMsgBody is Tencent's 12 KB message limit (80002).
	DefaultMaxMsgBody = 12 << 10
)

// Defaults of the limits that matter once the emulator is reachable by
// others (limits.go), each with its reason.
const (
	// DefaultLoginTimeout is how long a new socket may stay without a
	// login (wslogin) or a guest join before it is closed. Both SDKs send
	// their login or join as soon as the socket opens (wire-protocol.md
	// 3.1); a socket that does neither only holds memory.
	DefaultLoginTimeout = 10 * time.Second
	// DefaultIdleTimeout closes a socket that sent no frame for this long:
	// three times the 10 s after which tim-js-sdk (and this module's SDK)
	// send heartbeat.alive when they hear nothing (wire-protocol.md 3.4).
	// A logged-in socket may stay quiet longer, as the pushes it receives
	// hold its alives back and only wshello is left: it gets HelloInterval
	// on top. The timeout is never below PollHold+2 s (a held poll, then
	// the client's next one).
	DefaultIdleTimeout = 30 * time.Second
	// DefaultMaxConnsPerAddr bounds the open sockets of one client IP
	// address. A NAT may put many real viewers behind one address; 2,000
	// is far above a household or an office and far below what exhausts
	// the server. Loopback clients are exempt unless Config.LimitLoopback
	// is set: load tests run 10,000 viewers from 127.0.0.1.
	DefaultMaxConnsPerAddr = 2000
	// DefaultMaxGuestsPerAddr bounds the guests (anonymous viewers, each
	// counted online) that one client IP address holds at a time: one per
	// allowed socket. Without it, 64 guest joins per socket let 300 sockets
	// put 19,200 fake viewers in a room's online count.
	DefaultMaxGuestsPerAddr = DefaultMaxConnsPerAddr
)

// Config configures a Server. SDKAppID and SecretKey are required; every
// other zero field takes its Default.
type Config struct {
	SDKAppID  uint64 // the application's SDKAppID
	SecretKey string // the key UserSigs are signed with
	Admin     string // the App admin identifier allowed on the REST API

	Delivery       Delivery      // poll (default) or push, for logged-in members
	PollHold       time.Duration // how long a get_msg waits for an item
	HelloInterval  time.Duration // wshello period told to clients (whole seconds)
	Retention      int           // stream items kept per room
	ReconnectGrace time.Duration // how long a disconnected session survives
	GuestTimeout   time.Duration // how long a silent guest stays online

	// DisableCompression sends every frame plain. By default server frames
	// are "COMP"+zlib on /binfo sockets whose URL has compress=gzip.
	DisableCompression bool
	// DisablePushAck sends pushes without NeedAck/SessionData. By default
	// every push asks for an acknowledgement, as Tencent's server does
	// (wire-protocol.md 4.10), and counts as delivered only once
	// acknowledged: what a stalled socket took but never acknowledged is
	// replayed after the re-login (push_ack.go). With acknowledgements off,
	// a push counts as delivered once written to a socket, so whatever a
	// network that stops forwarding without closing swallows is lost.
	DisablePushAck bool
	// PushBatch gathers a room's items for up to this long and pushes them
	// to each subscriber as one msg_push frame. 0 pushes every item at once
	// (as the reference runs did); a load test with thousands of push
	// members in a busy room wants 100-300 ms (tim-js-sdk's own poll gap is
	// 300 ms), trading that much latency for far fewer frames.
	PushBatch time.Duration
	// DisableDebug turns the /debug/ endpoints off (404).
	DisableDebug bool
	// DebugToken, when set, serves /debug/ to any client presenting it as
	// "Authorization: Bearer <token>" and to no other (403). When empty,
	// /debug/ answers loopback clients only (debug.go).
	DebugToken string

	// LoginTimeout closes a socket that neither logged in nor joined as a
	// guest this long after it opened (DefaultLoginTimeout).
	LoginTimeout time.Duration
	// IdleTimeout closes a socket that sent no frame for this long; a
	// logged-in socket gets HelloInterval on top (DefaultIdleTimeout).
	IdleTimeout time.Duration
	// MaxConnsPerAddr bounds the open sockets of one client IP; more are
	// refused with HTTP 429 (DefaultMaxConnsPerAddr; negative: no limit).
	MaxConnsPerAddr int
	// MaxGuestsPerAddr bounds the guests one client IP holds; more guest
	// joins get 60018 (DefaultMaxGuestsPerAddr; negative: no limit).
	MaxGuestsPerAddr int
	// LimitLoopback applies MaxConnsPerAddr and MaxGuestsPerAddr to
	// loopback clients too. By default they are exempt, so that load tests
	// from 127.0.0.1 work; set it when a reverse proxy on the same host
	// forwards outside clients (the emulator never trusts X-Forwarded-For).
	LimitLoopback bool

	MaxFrameSize   int64         // largest client frame; bigger ones close the socket with 1009
	SendQueue      int           // frames queued per socket
	SendQueueBytes int           // bytes queued per socket
	WriteTimeout   time.Duration // one batch of socket writes
	MaxPollBatch   int           // items per get_msg reply
	MaxRooms       int           // rooms per app
	MaxRESTBody    int64         // REST body bytes

	// RoomMessageRate is the messages a room delivers per aligned 1-s
	// window (tips and notices do not count); a negative value means no
	// budget. Over it, messages wait for the next window, highest priority
	// first, and are dropped silently after RoomMaxDelay (budget.go).
	RoomMessageRate int
	RoomMaxDelay    time.Duration // how long a message may wait for the budget

	// MemberTipThreshold is the online count (members and guests) from
	// which a room gathers its join and quit tips: at most one of each per
	// MemberTipInterval, naming at most MemberTipMaxList members, so that a
	// ramp of N viewers costs O(N) deliveries instead of N²/2. Below it every
	// join and quit gets its own tip at once. Tencent documents no such rule:
	// it is the emulator's (member_tips.go). Negative: never gather.
	MemberTipThreshold int
	MemberTipInterval  time.Duration // least time between two gathered join (or quit) tips of a room
	MemberTipMaxList   int           // members one gathered tip names; the others are only counted

	// CallbackURL receives Tencent's webhooks (webhook.go); empty: none.
	CallbackURL     string
	CallbackTimeout time.Duration // one webhook call
	CallbackQueue   int           // async webhooks waiting; more are dropped
	// CallbackToken is the console's callback authentication token: when
	// set, every webhook URL carries Sign and RequestTime (webhook.go).
	CallbackToken string
	// CallbackFailClosed rejects a message (10016) whose before-send
	// callback fails or times out; by default it goes through, as Tencent's.
	CallbackFailClosed bool

	MaxMsgBody     int      // MsgBody bytes; over it a send gets 80002 (negative: no limit)
	SensitiveWords []string // a text containing one (any case) gets 80001

	// RoomLog, when set, shares every room's stream with the other nodes
	// of a cluster (shared_log.go); nil keeps it in this process only.
	RoomLog RoomLog
	// SessionStore, when set, shares logged-in sessions with the other
	// nodes of a cluster (shared_session.go); nil keeps them here only.
	SessionStore SessionStore
	// RoomStore, when set, shares the creation and destruction of rooms
	// with the other nodes of a cluster (shared_room.go).
	RoomStore RoomStore

	Logger *zap.Logger      // nil: no logging
	Now    func() time.Time // nil: time.Now; the clock of message times and UserSig checks
}

func (c Config) withDefaults() (Config, error) {
	if c.SDKAppID == 0 {
		return c, errors.New("server: Config.SDKAppID is required")
	}
	if c.SecretKey == "" {
		return c, errors.New("server: Config.SecretKey is required")
	}
	switch c.Delivery {
	case "":
		c.Delivery = DeliveryPoll
	case DeliveryPoll, DeliveryPush:
	default:
		return c, fmt.Errorf("server: Config.Delivery %q is neither %q nor %q", c.Delivery, DeliveryPoll, DeliveryPush)
	}
	setDefault(&c.Admin, DefaultAdmin)
	setDefault(&c.PollHold, DefaultPollHold)
	setDefault(&c.HelloInterval, DefaultHelloInterval)
	setDefault(&c.Retention, DefaultRetention)
	setDefault(&c.ReconnectGrace, DefaultReconnectGrace)
	setDefault(&c.GuestTimeout, DefaultGuestTimeout)
	setDefault(&c.MaxFrameSize, DefaultMaxFrameSize)
	setDefault(&c.SendQueue, DefaultSendQueue)
	setDefault(&c.SendQueueBytes, DefaultSendQueueBytes)
	setDefault(&c.WriteTimeout, DefaultWriteTimeout)
	setDefault(&c.MaxPollBatch, DefaultMaxPollBatch)
	setDefault(&c.MaxRooms, DefaultMaxRooms)
	setDefault(&c.MaxRESTBody, DefaultMaxRESTBody)
	setDefault(&c.RoomMessageRate, DefaultRoomMessageRate)
	setDefault(&c.RoomMaxDelay, DefaultRoomMaxDelay)
	setDefault(&c.MemberTipThreshold, DefaultMemberTipThreshold)
	setDefault(&c.MemberTipInterval, DefaultMemberTipInterval)
	setDefault(&c.MemberTipMaxList, DefaultMemberTipMaxList)
	if c.MemberTipMaxList < 1 {
		c.MemberTipMaxList = 1 // a tip names at least the member it is about
	}
	setDefault(&c.CallbackTimeout, DefaultCallbackTimeout)
	setDefault(&c.CallbackQueue, DefaultCallbackQueue)
	setDefault(&c.MaxMsgBody, DefaultMaxMsgBody)
	setDefault(&c.LoginTimeout, DefaultLoginTimeout)
	setDefault(&c.IdleTimeout, DefaultIdleTimeout)
	setDefault(&c.MaxConnsPerAddr, DefaultMaxConnsPerAddr)
	setDefault(&c.MaxGuestsPerAddr, DefaultMaxGuestsPerAddr)
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.HelloInterval < time.Second {
		c.HelloInterval = time.Second
	}
	if min := c.PollHold + 2*time.Second; c.IdleTimeout < min {
		c.IdleTimeout = min // a held poll is silence the client did not choose
	}
	c.SensitiveWords = lowerWords(c.SensitiveWords)
	return c, nil
}

func setDefault[T comparable](p *T, def T) {
	var zero T
	if *p == zero {
		*p = def
	}
}

package tim

import (
	"crypto/tls"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/conn"
)

// Defaults, with the reason for each.
const (
	// DefaultRequestTimeout: tim-js-sdk gives every request 15 s (long polls
	// included), wslogin 90 s and heartbeat.alive 3 s.
	DefaultRequestTimeout = 15 * time.Second
	// LoginTimeout is tim-js-sdk's wslogin timeout.
	LoginTimeout = 90 * time.Second
	// AliveTimeout is tim-js-sdk's heartbeat.alive timeout; a miss forces a
	// reconnect.
	AliveTimeout = 3 * time.Second
	// DefaultEventQueueSize bounds the MESSAGE_RECEIVED batches waiting for
	// a slow handler; past it the oldest batch is dropped (see On).
	DefaultEventQueueSize = 1024
	// DefaultLogLevel is tim-js-sdk's default (0: log everything).
	DefaultLogLevel = 0
	// DefaultReconnectMin, DefaultReconnectMax: full-jitter back-off bounds
	// (factor 2), so viewers dropped together come back spread out.
	DefaultReconnectMin = conn.DefaultBackoffMin
	DefaultReconnectMax = conn.DefaultBackoffMax
)

// Option configures an instance (New, Create).
type Option func(*options)

type options struct {
	proxyServer    string
	oversea        bool
	site           Site
	siteSet        bool
	logger         *zap.Logger
	logLevel       int
	unlimitedAV    bool
	requestTimeout time.Duration
	eventQueueSize int
	reconnectMin   time.Duration
	reconnectMax   time.Duration
	tlsConfig      *tls.Config
	loginTimeout   time.Duration // LoginTimeout; tests shorten it
}

func defaultOptions() options {
	return options{
		logger:         nopLogger,
		logLevel:       DefaultLogLevel,
		requestTimeout: DefaultRequestTimeout,
		eventQueueSize: DefaultEventQueueSize,
		reconnectMin:   DefaultReconnectMin,
		reconnectMax:   DefaultReconnectMax,
		loginTimeout:   LoginTimeout,
	}
}

// WithProxyServer replaces Tencent's hosts with one WebSocket URL (JS
// proxyServer), e.g. a timtest server's URL. "/binfo" is added when the URL
// has no path.
func WithProxyServer(url string) Option { return func(o *options) { o.proxyServer = url } }

// WithOversea picks the OVERSEA host pair for SDKAppIDs outside the regional
// ranges (JS oversea).
func WithOversea(oversea bool) Option { return func(o *options) { o.oversea = oversea } }

// WithSite forces a site instead of deriving it from the SDKAppID.
func WithSite(s Site) Option { return func(o *options) { o.site, o.siteSet = s, true } }

// WithLogger sends the SDK's logs to l (default: none). The level is
// filtered further by SetLogLevel.
func WithLogger(l *zap.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.logger = l
		}
	}
}

// WithLogLevel sets the initial level, as SetLogLevel.
func WithLogLevel(level int) Option { return func(o *options) { o.logLevel = level } }

// WithUnlimitedAVChatRoom allows several live rooms at once and turns off
// the sequence-based dedup, as JS unlimitedAVChatRoom.
func WithUnlimitedAVChatRoom(on bool) Option { return func(o *options) { o.unlimitedAV = on } }

// WithRequestTimeout changes the default request timeout (15 s). Login
// keeps 90 s and heartbeat.alive 3 s.
func WithRequestTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.requestTimeout = d
		}
	}
}

// WithEventQueueSize bounds the MESSAGE_RECEIVED batches queued for slow
// handlers (default 1024).
func WithEventQueueSize(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.eventQueueSize = n
		}
	}
}

// WithReconnectBackoff sets the full-jitter back-off bounds (defaults
// 200 ms and 20 s, factor 2).
func WithReconnectBackoff(minDelay, maxDelay time.Duration) Option {
	return func(o *options) {
		if minDelay > 0 {
			o.reconnectMin = minDelay
		}
		if maxDelay > 0 {
			o.reconnectMax = maxDelay
		}
	}
}

// WithTLSConfig sets the TLS configuration of wss:// connections: root CAs
// for a server with a private certificate (a TLS-terminating proxy in front
// of Tencent IM, timtest with Options.TLS), client certificates. Without it
// the system roots verify the server, as for Tencent IM's own hosts.
func WithTLSConfig(c *tls.Config) Option { return func(o *options) { o.tlsConfig = c } }

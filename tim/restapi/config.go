package restapi

import (
	"context"
	"crypto/tls"
	"net/http"
	"time"
)

// Region is the data centre of an app; it picks the REST host. The hosts
// follow Tencent's REST overview (cloud.tencent.com/document/product/269/1519,
// tencentcloud.com/document/product/1047/34620) and the command pages of
// 2025 (cloud.tencent.com/document/product/269/4230 adds Tokyo).
type Region int

// Regions with a REST host of their own.
const (
	RegionChina         Region = iota // console.tim.qq.com
	RegionSingapore                   // adminapisgp.im.qcloud.com
	RegionSeoul                       // adminapikr.im.qcloud.com
	RegionTokyo                       // adminapijpn.im.qcloud.com
	RegionFrankfurt                   // adminapiger.im.qcloud.com
	RegionMumbai                      // adminapiind.im.qcloud.com (listed by the older pages)
	RegionSiliconValley               // adminapiusa.im.qcloud.com
	RegionJakarta                     // adminapiidn.im.qcloud.com
)

// regionHosts lists each region's host and the backup host Tencent names
// for when DNS of the first is hijacked.
var regionHosts = map[Region][2]string{
	RegionChina:         {"console.tim.qq.com", "adminapi.my-imcloud.com"},
	RegionSingapore:     {"adminapisgp.im.qcloud.com", "adminapisgp.my-imcloud.com"},
	RegionSeoul:         {"adminapikr.im.qcloud.com", "adminapikr.my-imcloud.com"},
	RegionTokyo:         {"adminapijpn.im.qcloud.com", ""}, // no backup documented
	RegionFrankfurt:     {"adminapiger.im.qcloud.com", "adminapiger.my-imcloud.com"},
	RegionMumbai:        {"adminapiind.im.qcloud.com", "adminapiind.my-imcloud.com"},
	RegionSiliconValley: {"adminapiusa.im.qcloud.com", "adminapiusa.my-imcloud.com"},
	RegionJakarta:       {"adminapiidn.im.qcloud.com", "adminapiidn.my-imcloud.com"},
}

// Host is the region's REST host; an unknown region is China's.
func (r Region) Host() string {
	h, ok := regionHosts[r]
	if !ok {
		h = regionHosts[RegionChina]
	}
	return h[0]
}

// BackupHost is the host Tencent documents for when the first one's DNS
// is hijacked (the my-imcloud.com names); "" where none is documented.
func (r Region) BackupHost() string {
	h, ok := regionHosts[r]
	if !ok {
		h = regionHosts[RegionChina]
	}
	return h[1]
}

// BaseURL is https:// and the region's host.
func (r Region) BaseURL() string { return "https://" + r.Host() }

// Defaults of a Config's zero fields.
const (
	// DefaultAdmin is the App admin identifier Tencent's console creates.
	DefaultAdmin = "administrator"
	// DefaultUserSigLifetime is how long the admin UserSigs the client
	// makes are valid; it renews them at half their life.
	DefaultUserSigLifetime = 24 * time.Hour
	// DefaultTimeout bounds a call whose context has no deadline, retries
	// included.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxRetries is how often a repeatable call is sent again.
	DefaultMaxRetries = 2
	// DefaultRetryBaseDelay is the first back-off; each retry doubles it,
	// up to MaxRetryDelay, and the pause is a random point in the upper
	// half of that (equal jitter: never less than half the back-off).
	DefaultRetryBaseDelay = 200 * time.Millisecond
	// MaxRetryDelay caps one back-off.
	MaxRetryDelay = 5 * time.Second
	// TencentRateLimit is the "200 calls per second" most command pages
	// give as their highest call frequency: Config.RateLimit to stay under
	// it on the client side.
	TencentRateLimit = 200
	// maxReply bounds a reply read into memory.
	maxReply = 8 << 20
)

// Config configures a Client. SDKAppID and one of SecretKey or UserSig are
// required; every other zero field has a default.
type Config struct {
	// SDKAppID is the app's ID from the console.
	SDKAppID uint64
	// SecretKey signs the admin's UserSig (tim/usersig); the client renews
	// it at half its lifetime.
	SecretKey string
	// UserSig, instead of SecretKey, returns a valid admin UserSig for
	// each call (e.g. from a signing service); it is called for every
	// request, so it should cache.
	UserSig func(ctx context.Context) (string, error)
	// Admin is the App admin identifier (DefaultAdmin).
	Admin string

	// Region picks Tencent's host (RegionChina).
	Region Region
	// BaseURL overrides Region: scheme and host without /v4, such as an
	// emulator's http://127.0.0.1:PORT.
	BaseURL string

	// HTTPClient sends the requests (one with keep-alive connections and
	// no timeout of its own: DefaultTimeout bounds each call instead).
	HTTPClient *http.Client
	// TLSConfig verifies an https server when HTTPClient is nil (nil: the
	// system roots), such as a TLS emulator's ClientTLSConfig.
	TLSConfig *tls.Config
	// Timeout bounds a call whose context has no deadline (DefaultTimeout).
	Timeout time.Duration
	// UserSigLifetime is how long made UserSigs live (DefaultUserSigLifetime).
	UserSigLifetime time.Duration

	// RateLimit is the calls per second allowed for each command, on the
	// client side; a call waits for its turn (within its context). 0
	// leaves calls unlimited: Tencent refuses calls over its limits with
	// 60007 / 60011, which are not retried. TencentRateLimit is the
	// documented rate of most commands.
	RateLimit float64
	// Burst is how many calls of one command may go at once under
	// RateLimit (the rate rounded up, at least 1).
	Burst int

	// MaxRetries is how often a call that is safe to repeat is sent again
	// after a "retry later" code, HTTP 5xx or a network error
	// (DefaultMaxRetries); negative: never.
	MaxRetries int
	// RetryBaseDelay is the first back-off (DefaultRetryBaseDelay).
	RetryBaseDelay time.Duration
}

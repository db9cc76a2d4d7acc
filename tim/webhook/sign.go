package webhook

import (
	"crypto/subtle"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// DefaultMaxSkew is how far a callback's RequestTime may be from now:
// Tencent's one minute, which refuses a replayed callback
// (tencentcloud.com/document/product/647/64412, "Security Considerations").
const DefaultMaxSkew = time.Minute

// Errors of Verify.
var (
	// ErrUnsigned: a token is configured but the URL has no Sign or no
	// numeric RequestTime.
	ErrUnsigned = errors.New("webhook: the callback URL has no Sign and RequestTime")
	// ErrBadSign: Sign is not the token's signature of RequestTime.
	ErrBadSign = errors.New("webhook: Sign does not match the token")
	// ErrStale: RequestTime is further from now than the allowed skew, in
	// either direction (a replayed or a forged callback).
	ErrStale = errors.New("webhook: RequestTime is too far from now")
)

// Sign is Tencent's callback signature: the lower-case hex SHA-256 of the
// token followed by the decimal RequestTime (Unix seconds),
// "Sign=sha256(TokenRequestTime)" (trtc.io/document/34354, "Security
// Considerations"). Tencent appends &Sign=&RequestTime= to the callback URL
// when callback authentication is on; the emulator signs the same way.
func Sign(token string, requestTime int64) string { return wire.CallbackSign(token, requestTime) }

// Query is the query string Tencent adds to the callback URL
// (trtc.io/document/34354, "Webhook Protocol").
type Query struct {
	SDKAppID        uint64 // SdkAppid: the app the callback is for
	CallbackCommand string // e.g. Group.CallbackBeforeSendMsg
	ContentType     string // contenttype: "json"
	ClientIP        string // the client's IP address
	OptPlatform     string // PlatformREST, PlatformWeb, or Android, iOS, Windows, macOS, iPad, Unknown
	Sign            string // with callback authentication: hex(sha256(token + RequestTime))
	RequestTime     int64  // with callback authentication: the signing time, Unix seconds
}

// OptPlatform values of the requests a live-room backend tells apart: its
// own REST calls and tim-js-sdk's clients.
const (
	PlatformREST = wire.CallbackPlatformREST // RESTAPI: a REST call (the backend's own sends)
	PlatformWeb  = wire.CallbackPlatformWeb  // Web: a Web SDK client
)

// ParseQuery reads Tencent's parameters from a callback URL's query; a
// missing or malformed number reads as 0.
func ParseQuery(v url.Values) Query {
	appID, _ := strconv.ParseUint(v.Get(wire.CallbackQuerySDKAppID), 10, 64)
	rt, _ := strconv.ParseInt(v.Get(wire.CallbackQueryRequestTime), 10, 64)
	return Query{
		SDKAppID: appID, CallbackCommand: v.Get(wire.CallbackQueryCommand),
		ContentType: v.Get(wire.CallbackQueryContentType), ClientIP: v.Get(wire.CallbackQueryClientIP),
		OptPlatform: v.Get(wire.CallbackQueryPlatform),
		Sign:        v.Get(wire.CallbackQuerySign), RequestTime: rt,
	}
}

// Verify checks a callback's authentication: q's Sign must be token's
// signature of q's RequestTime, and RequestTime at most maxSkew from now
// (DefaultMaxSkew when maxSkew is 0). It returns ErrUnsigned, ErrBadSign,
// ErrStale or nil.
func Verify(token string, q Query, now time.Time, maxSkew time.Duration) error {
	if q.Sign == "" || q.RequestTime == 0 {
		return ErrUnsigned
	}
	want := Sign(token, q.RequestTime)
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(q.Sign))) != 1 {
		return ErrBadSign
	}
	if maxSkew <= 0 {
		maxSkew = DefaultMaxSkew
	}
	if d := now.Sub(time.Unix(q.RequestTime, 0)); d > maxSkew || d < -maxSkew {
		return ErrStale
	}
	return nil
}

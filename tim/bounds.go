package tim

import (
	"time"
)

// Bounds of the numbers and sizes the SDK takes from the server's login and
// session replies, in one place. A value outside its range is clamped (or,
// where no clamped value makes sense, ignored) before it is used, so that a
// broken or hostile server cannot overflow a duration, spin a timer or make
// every later request carry megabytes. Sizes not listed here are bounded by
// the frame limit (wire.MaxFrameSize, 4 MiB) and by the per-reply caps next
// to their readers (maxC2CSyncItems, maxC2CSyncPages; a portrait reply
// gives at most one profile per ID asked, profile.go; a member-list cursor
// below 0 reads as the last page, member_admin.go). Unknown KickTypes are
// logged and ignored (kick.go); InstId is only echoed back. Sequences and
// poll cursors are bounded where they are read (poll.go, receive.go).
const (
	// minHelloInterval: tim-js-sdk counts HelloInterval on a 1-s tick, so
	// wshello never goes out more often than once a second, whatever the
	// reply says.
	minHelloInterval = time.Second
	// maxHelloInterval: an hour. The server asks for 120 s; a longer period
	// only delays learning of a kick, and a huge one (2^63 s) would overflow
	// time.Duration and fire the timer in a hot loop.
	maxHelloInterval = time.Hour

	// minServerTime, maxServerTime: the login reply's TimeStamp (Unix
	// seconds) is believed only within 2000-01-01 … 2100-01-01; outside it
	// the local clock is used (offset 0), as before any login.
	minServerTime = 946684800
	maxServerTime = 4102444800

	// maxA2KeyLen: the A2 goes in the head of every request. Tencent's are a
	// few hundred bytes (the emulator's 64); a longer one is refused as
	// missing (2023 NO_A2KEY), as tim-js-sdk refuses an empty one.
	maxA2KeyLen = 4096
	// maxTinyIDLen: the TinyId is a decimal uint64 (at most 20 digits),
	// sent in every head and in message IDs; longer is refused as missing
	// (2022 NO_TINYID).
	maxTinyIDLen = 64

	// maxC2CCookieLen: the C2C sync Cookie is sent back with the next
	// openim.getmsg; a longer one ends the sync and is not kept.
	maxC2CCookieLen = 16 << 10
)

// helloInterval is the wshello period for a login reply's HelloInterval
// (seconds): DefaultHelloInterval when not positive, else clamped to
// [minHelloInterval, maxHelloInterval] without overflowing.
func helloInterval(secs int) time.Duration {
	switch {
	case secs <= 0:
		return DefaultHelloInterval
	case int64(secs) >= int64(maxHelloInterval/time.Second):
		return maxHelloInterval
	}
	return max(time.Duration(secs)*time.Second, minHelloInterval)
}

// serverOffset is tim-js-sdk's server clock offset (TimeStamp·1000 +
// RTT/2 − now) for a login reply's TimeStamp, or 0 when TimeStamp is
// outside [minServerTime, maxServerTime].
func serverOffset(ts int64, rtt time.Duration, now time.Time) time.Duration {
	if ts < minServerTime || ts > maxServerTime {
		return 0
	}
	return time.Unix(ts, 0).Add(rtt / 2).Sub(now)
}

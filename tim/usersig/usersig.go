// Package usersig generates, parses and verifies Tencent Cloud IM UserSigs
// (TLS sig version 2, the scheme of Tencent's tls-sig-api-v2 libraries).
//
// A UserSig is a small JSON document
//
//	{"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":1400000000,
//	 "TLS.time":1700000000,"TLS.expire":86400,"TLS.sig":"..."}
//
// whose TLS.sig is the standard base64 of HMAC-SHA256 under the app's secret
// key over the text
//
//	"TLS.identifier:" + identifier + "\n" +
//	"TLS.sdkappid:" + sdkappid + "\n" +
//	"TLS.time:" + time + "\n" +
//	"TLS.expire:" + expire + "\n"
//
// followed by "TLS.userbuf:" + base64(userbuf) + "\n" when the optional
// TLS.userbuf field is present. The document is zlib-compressed and encoded
// in base64 with '+', '/' and '=' replaced by '*', '-' and '_'. A UserSig is
// valid until TLS.time + TLS.expire (inclusive, in whole seconds).
//
// [Generate] and [GenerateAt] make UserSigs for bots and tests; [Verify]
// checks one the way the IM server does; [Parse] decodes one without checking
// its signature. Errors are the sentinels [ErrExpired], [ErrMalformed],
// [ErrBadSignature], [ErrIdentifierMismatch] and [ErrSDKAppIDMismatch], and
// [Code] maps them to Tencent's numeric error codes.
//
// The secret key belongs on a server: an app that ships it to clients lets
// anyone sign in as anyone.
package usersig

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Version is the value of the TLS.ver field of the UserSigs this package
// makes and accepts.
const Version = "2.0"

// MaxInflatedSize is the largest decompressed UserSig document, in bytes,
// that [Parse] and [Verify] accept. Real UserSigs are a few hundred bytes.
const MaxInflatedSize = 64 << 10

// maxSigLen bounds the encoded UserSig before any decoding is attempted. Any
// zlib stream that inflates to at most MaxInflatedSize bytes, even one made
// of stored blocks, encodes to far fewer characters.
const maxSigLen = 2 * MaxInflatedSize

// maxExpireSeconds is the longest lifetime representable as a time.Duration.
const maxExpireSeconds = math.MaxInt64 / int64(time.Second)

// Info is the content of a decoded UserSig.
type Info struct {
	// Identifier is the user ID the UserSig was issued for (TLS.identifier).
	Identifier string
	// SDKAppID is the application the UserSig was issued for (TLS.sdkappid).
	SDKAppID uint64
	// Time is when the UserSig was issued (TLS.time), in UTC, to the second.
	Time time.Time
	// Expire is the lifetime of the UserSig (TLS.expire), in whole seconds.
	Expire time.Duration
	// UserBuf is the decoded TLS.userbuf, or nil when the UserSig has none.
	// A present but empty TLS.userbuf gives a non-nil empty slice.
	UserBuf []byte
	// Signature is TLS.sig as found in the document: normally the standard
	// base64 of the HMAC-SHA256. Parse does not check it.
	Signature string

	// The exact values the signature covers.
	unixTime   int64
	expireSecs int64
	userBufB64 string
	hasUserBuf bool
}

// ExpiresAt returns the last instant at which the UserSig is still valid:
// Time + Expire. Verification works in whole seconds, so the UserSig stays
// valid until the end of that second.
func (i *Info) ExpiresAt() time.Time { return i.Time.Add(i.Expire) }

// Expired reports whether the UserSig is expired at now: whether now, in
// whole Unix seconds, is after TLS.time + TLS.expire. This is the check
// [Verify] makes.
func (i *Info) Expired(now time.Time) bool {
	n, t, e := now.Unix(), i.Time.Unix(), int64(i.Expire/time.Second)
	// n - t > e, written so that it cannot overflow.
	return n > t && (e < 0 || uint64(n-t) > uint64(e))
}

// Generate returns a UserSig for identifier in the application sdkAppID,
// signed with the application's secret key, issued now and valid for expire
// (rounded down to whole seconds). Tencent's own tools typically use 180 days
// (86400*180 seconds).
//
// It returns an error when sdkAppID is 0, key or identifier is empty,
// identifier is not valid UTF-8, or expire is negative.
func Generate(sdkAppID uint64, key, identifier string, expire time.Duration) (string, error) {
	return generate(sdkAppID, key, identifier, expire, time.Now(), nil)
}

// GenerateAt is [Generate] with the issue time given: the UserSig carries
// now, rounded down to the second, as TLS.time. It is deterministic, so tests
// can make the same UserSig, or an already expired one, on every run.
// now must not be before 1970.
func GenerateAt(sdkAppID uint64, key, identifier string, expire time.Duration, now time.Time) (string, error) {
	return generate(sdkAppID, key, identifier, expire, now, nil)
}

// GenerateWithUserBuf is [GenerateAt] with a TLS.userbuf field carrying
// userBuf, as TRTC's PrivateMapKey does. The buffer is covered by the
// signature. A nil userBuf gives a UserSig without TLS.userbuf, exactly like
// GenerateAt; a non-nil empty one gives an empty TLS.userbuf. Pass time.Now()
// as now outside tests.
func GenerateWithUserBuf(sdkAppID uint64, key, identifier string, expire time.Duration, now time.Time, userBuf []byte) (string, error) {
	return generate(sdkAppID, key, identifier, expire, now, userBuf)
}

func generate(sdkAppID uint64, key, identifier string, expire time.Duration, now time.Time, userBuf []byte) (string, error) {
	switch {
	case sdkAppID == 0:
		return "", errors.New("usersig: SDKAppID is 0")
	case key == "":
		return "", errors.New("usersig: empty key")
	case identifier == "":
		return "", errors.New("usersig: empty identifier")
	case !utf8.ValidString(identifier):
		return "", errors.New("usersig: identifier is not valid UTF-8")
	case expire < 0:
		return "", fmt.Errorf("usersig: negative expire %v", expire)
	case now.Unix() < 0:
		return "", fmt.Errorf("usersig: issue time %v is before 1970", now)
	}
	info := &Info{
		Identifier: identifier,
		SDKAppID:   sdkAppID,
		unixTime:   now.Unix(),
		expireSecs: int64(expire / time.Second),
	}
	if userBuf != nil {
		info.hasUserBuf = true
		info.userBufB64 = base64.StdEncoding.EncodeToString(userBuf)
	}
	info.Signature = info.sign(key)

	// The fields in the order Tencent's libraries write them, without HTML
	// escaping, so that the document matches theirs byte for byte.
	var doc bytes.Buffer
	doc.WriteString(`{"TLS.ver":"` + Version + `","TLS.identifier":`)
	writeJSONString(&doc, identifier)
	doc.WriteString(`,"TLS.sdkappid":` + strconv.FormatUint(sdkAppID, 10))
	doc.WriteString(`,"TLS.time":` + strconv.FormatInt(info.unixTime, 10))
	doc.WriteString(`,"TLS.expire":` + strconv.FormatInt(info.expireSecs, 10))
	if info.hasUserBuf {
		doc.WriteString(`,"TLS.userbuf":`)
		writeJSONString(&doc, info.userBufB64)
	}
	doc.WriteString(`,"TLS.sig":`)
	writeJSONString(&doc, info.Signature)
	doc.WriteString(`}`)

	var z bytes.Buffer
	zw := zlibWriters.Get().(*zlib.Writer) // a new one is 800 KB: a harness makes thousands of sigs
	defer zlibWriters.Put(zw)
	zw.Reset(&z)
	if _, err := zw.Write(doc.Bytes()); err != nil {
		return "", fmt.Errorf("usersig: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("usersig: %w", err)
	}
	return escaper.Replace(base64.StdEncoding.EncodeToString(z.Bytes())), nil
}

// zlibWriters are reused zlib writers at the default level (Reset gives
// the same output as a new writer).
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.DefaultCompression)
	return w
}}

// sign returns the standard base64 HMAC-SHA256 of the signed content.
func (i *Info) sign(key string) string {
	var b strings.Builder
	b.WriteString("TLS.identifier:" + i.Identifier + "\n")
	b.WriteString("TLS.sdkappid:" + strconv.FormatUint(i.SDKAppID, 10) + "\n")
	b.WriteString("TLS.time:" + strconv.FormatInt(i.unixTime, 10) + "\n")
	b.WriteString("TLS.expire:" + strconv.FormatInt(i.expireSecs, 10) + "\n")
	if i.hasUserBuf {
		b.WriteString("TLS.userbuf:" + i.userBufB64 + "\n")
	}
	m := hmac.New(sha256.New, []byte(key))
	io.WriteString(m, b.String())
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Truncate(b.Len() - 1)
}

var (
	escaper   = strings.NewReplacer("+", "*", "/", "-", "=", "_")
	unescaper = strings.NewReplacer("*", "+", "-", "/", "_", "=")
)

// Verify checks sig the way the IM server does and returns its content. It
// fails with an error matching
//
//   - [ErrMalformed] when sig cannot be decoded (see [Parse]);
//   - [ErrSDKAppIDMismatch] when it was issued for another sdkAppID;
//   - [ErrIdentifierMismatch] when it was issued for another identifier;
//   - [ErrBadSignature] when TLS.sig is not the HMAC of the document under key;
//   - [ErrExpired] when now, in whole seconds, is after TLS.time + TLS.expire,
//
// checked in that order, so an expired UserSig reports ErrExpired only when it
// is otherwise genuine. An issue time after now is not an error.
//
// On ErrMalformed the returned Info is nil. On the other errors Verify also
// returns the decoded Info, which callers can use to report details, but
// which must not be trusted.
func Verify(sig string, sdkAppID uint64, key, identifier string, now time.Time) (*Info, error) {
	info, err := Parse(sig)
	if err != nil {
		return nil, err
	}
	if info.SDKAppID != sdkAppID {
		return info, fmt.Errorf("%w: UserSig is for SDKAppID %d, not %d", ErrSDKAppIDMismatch, info.SDKAppID, sdkAppID)
	}
	if info.Identifier != identifier {
		return info, fmt.Errorf("%w: UserSig is for %q, not %q", ErrIdentifierMismatch, info.Identifier, identifier)
	}
	want := info.sign(key)
	if subtle.ConstantTimeCompare([]byte(want), []byte(info.Signature)) != 1 {
		return info, ErrBadSignature
	}
	if info.Expired(now) {
		return info, fmt.Errorf("%w: UserSig expired at %s", ErrExpired, info.ExpiresAt().Format(time.RFC3339))
	}
	return info, nil
}

// Parse decodes sig without checking its signature, identifier, SDKAppID or
// expiry; use it to learn which user and application a UserSig claims before
// calling [Verify]. Nothing it returns may be trusted until Verify succeeds.
//
// It accepts any zlib compression level, the escaped ('*', '-', '_') and the
// plain ('+', '/', '=') base64 alphabets, missing padding, and TLS.sdkappid,
// TLS.time and TLS.expire as JSON numbers or numeric strings. It refuses,
// with an error matching [ErrMalformed], UserSigs that inflate to more than
// [MaxInflatedSize] bytes, that have data after the zlib stream, whose TLS.ver
// is not "2.0", or that lack a field or carry one of the wrong type. It never
// panics.
func Parse(sig string) (*Info, error) {
	doc, err := inflate(sig)
	if err != nil {
		return nil, err
	}
	return parseDoc(doc)
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}

func inflate(sig string) ([]byte, error) {
	if sig == "" {
		return nil, malformed("empty UserSig")
	}
	if len(sig) > maxSigLen {
		return nil, malformed("UserSig is %d bytes long, over %d", len(sig), maxSigLen)
	}
	s := strings.TrimRight(unescaper.Replace(sig), "=")
	raw, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return nil, malformed("base64: %v", err)
	}
	br := bytes.NewReader(raw)
	zr, err := zlib.NewReader(br)
	if err != nil {
		return nil, malformed("zlib: %v", err)
	}
	defer zr.Close()
	doc, err := io.ReadAll(io.LimitReader(zr, MaxInflatedSize+1))
	if err != nil {
		return nil, malformed("zlib: %v", err)
	}
	if len(doc) > MaxInflatedSize {
		return nil, malformed("inflates to more than %d bytes", MaxInflatedSize)
	}
	if br.Len() != 0 {
		return nil, malformed("%d bytes after the zlib stream", br.Len())
	}
	return doc, nil
}

func parseDoc(doc []byte) (*Info, error) {
	// A map, not a struct: encoding/json would match keys case-insensitively.
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(doc, &fields); err != nil {
		return nil, malformed("JSON: %v", err)
	}
	if fields == nil {
		return nil, malformed("JSON document is null")
	}
	ver, err := stringField(fields, "TLS.ver")
	if err != nil {
		return nil, err
	}
	if ver != Version {
		return nil, malformed("TLS.ver is %q, want %q", ver, Version)
	}
	info := &Info{}
	if info.Identifier, err = stringField(fields, "TLS.identifier"); err != nil {
		return nil, err
	}
	if info.Identifier == "" {
		return nil, malformed("empty TLS.identifier")
	}
	if info.SDKAppID, err = uintField(fields, "TLS.sdkappid", math.MaxUint64); err != nil {
		return nil, err
	}
	t, err := uintField(fields, "TLS.time", math.MaxInt64)
	if err != nil {
		return nil, err
	}
	e, err := uintField(fields, "TLS.expire", uint64(maxExpireSeconds))
	if err != nil {
		return nil, err
	}
	info.unixTime, info.expireSecs = int64(t), int64(e)
	info.Time = time.Unix(info.unixTime, 0).UTC()
	info.Expire = time.Duration(info.expireSecs) * time.Second

	if raw, ok := fields["TLS.userbuf"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &info.userBufB64); err != nil {
			return nil, malformed("TLS.userbuf is not a string")
		}
		info.hasUserBuf = true
		if info.UserBuf, err = base64.StdEncoding.DecodeString(info.userBufB64); err != nil {
			return nil, malformed("TLS.userbuf: %v", err)
		}
		if info.UserBuf == nil {
			info.UserBuf = []byte{}
		}
	}
	if info.Signature, err = stringField(fields, "TLS.sig"); err != nil {
		return nil, err
	}
	if info.Signature == "" {
		return nil, malformed("empty TLS.sig")
	}
	return info, nil
}

func stringField(fields map[string]json.RawMessage, name string) (string, error) {
	raw, ok := fields[name]
	if !ok {
		return "", malformed("no %s", name)
	}
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", malformed("%s is not a string", name)
	}
	return s, nil
}

// uintField reads a non-negative integer no larger than max, given as a JSON
// number or a string holding one. Integral values written with a fraction
// or exponent (1.4e9, 86400.0) are accepted while they are exact.
func uintField(fields map[string]json.RawMessage, name string, max uint64) (uint64, error) {
	raw, ok := fields[name]
	if !ok {
		return 0, malformed("no %s", name)
	}
	var num json.Number
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, malformed("%s: %v", name, err)
		}
		num = json.Number(s)
	} else if err := json.Unmarshal(raw, &num); err != nil || num == "" {
		return 0, malformed("%s is not a number", name)
	}
	s := string(num)
	if v, err := strconv.ParseUint(s, 10, 64); err == nil {
		if v > max {
			return 0, malformed("%s %s is out of range", name, s)
		}
		return v, nil
	}
	if strings.Trim(s, "0123456789.eE+-") != "" {
		return 0, malformed("%s %q is not a decimal number", name, s)
	}
	f, err := strconv.ParseFloat(s, 64)
	const exact = 1 << 53
	if err != nil || f != math.Trunc(f) || f < 0 || f > exact || uint64(f) > max {
		return 0, malformed("%s %q is not a non-negative integer in range", name, s)
	}
	return uint64(f), nil
}

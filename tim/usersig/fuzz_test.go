package usersig

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func addSeeds(f *testing.F) []string {
	good := mustGenerateAt(f, "bot1", time.Hour, testNow)
	withBuf, err := GenerateWithUserBuf(testAppID, testKey, "用户甲", time.Hour, testNow, []byte{0, 1, 2})
	if err != nil {
		f.Fatal(err)
	}
	return []string{
		good, withBuf, nodeGolden, unescaper.Replace(good), strings.TrimRight(good, "_"),
		"", "eJw", "eJwDAAAAAAE_", "!!!", "AAAA", strings.Repeat("*", 100),
		encodeDoc(f, `{"TLS.ver":"2.0","TLS.identifier":"x","TLS.sdkappid":"1","TLS.time":"1.5e3","TLS.expire":1e2,"TLS.sig":"a"}`, 0),
		encodeDoc(f, `{"TLS.ver":"2.0","TLS.userbuf":null}`, 9),
		encodeDoc(f, `[]`, 1),
		b64(zlibBytes(f, make([]byte, MaxInflatedSize+10))),
	}
}

// checkInfo asserts what every successfully parsed Info satisfies.
func checkInfo(t *testing.T, info *Info, err error) {
	t.Helper()
	if err != nil {
		if info != nil && errors.Is(err, ErrMalformed) {
			t.Fatalf("Info %+v returned with %v", info, err)
		}
		if c := Code(err); c != 70001 && c != 70003 && c != 70009 && c != 70013 && c != 70014 {
			t.Fatalf("Code(%v) = %d", err, c)
		}
		return
	}
	if info == nil || info.Identifier == "" || info.Signature == "" || info.Expire < 0 || info.Time.Unix() < 0 {
		t.Fatalf("bad Info %+v", info)
	}
	if info.Expire%time.Second != 0 || info.Time.Nanosecond() != 0 {
		t.Fatalf("fractional Info %+v", info)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range addSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sig string) {
		info, err := Parse(sig)
		checkInfo(t, info, err)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Parse error %v is not ErrMalformed", err)
			}
			return
		}
		// Verify against the claimed identity gets as far as the HMAC.
		vinfo, err := Verify(sig, info.SDKAppID, testKey, info.Identifier, info.Time)
		if err != nil && !errors.Is(err, ErrBadSignature) {
			t.Fatalf("Verify of a parsed UserSig: %v", err)
		}
		if vinfo.Identifier != info.Identifier || vinfo.SDKAppID != info.SDKAppID || !vinfo.Time.Equal(info.Time) ||
			vinfo.Expire != info.Expire || !bytes.Equal(vinfo.UserBuf, info.UserBuf) || vinfo.Signature != info.Signature {
			t.Fatalf("Parse and Verify disagree: %+v vs %+v", info, vinfo)
		}
	})
}

func FuzzVerify(f *testing.F) {
	for _, s := range addSeeds(f) {
		f.Add(s, uint64(testAppID), testKey, "bot1", testNow.Unix())
		f.Add(s, uint64(0), "", "", int64(-1))
	}
	f.Fuzz(func(t *testing.T, sig string, appID uint64, key, id string, now int64) {
		info, err := Verify(sig, appID, key, id, time.Unix(now, 0))
		checkInfo(t, info, err)
		if err == nil && (info.Identifier != id || info.SDKAppID != appID || info.Expired(time.Unix(now, 0))) {
			t.Fatalf("Verify accepted %+v for %d/%q at %d", info, appID, id, now)
		}
	})
}

// FuzzRoundTrip checks that whatever Generate accepts, Verify accepts back
// with the same content.
func FuzzRoundTrip(f *testing.F) {
	f.Add(uint64(testAppID), testKey, "bot1", int64(3600), testNow.Unix(), []byte(nil), false)
	f.Add(uint64(1), "k", "用户\"<&>", int64(0), int64(0), []byte{0, 0xff}, true)
	f.Fuzz(func(t *testing.T, appID uint64, key, id string, expire, now int64, buf []byte, withBuf bool) {
		if !withBuf {
			buf = nil
		} else if buf == nil {
			buf = []byte{}
		}
		exp := time.Duration(expire) * time.Second
		if expire != 0 && exp/time.Second != time.Duration(expire) {
			return // overflows Duration
		}
		sig, err := GenerateWithUserBuf(appID, key, id, exp, time.Unix(now, 0), buf)
		if err != nil {
			return
		}
		info, err := Verify(sig, appID, key, id, time.Unix(now, 0))
		if err != nil {
			t.Fatalf("Verify(Generate(%d, %q, %q, %d, %d)): %v", appID, key, id, expire, now, err)
		}
		if info.Time.Unix() != now || info.Expire != exp || !bytes.Equal(info.UserBuf, buf) || (info.UserBuf == nil) != (buf == nil) {
			t.Fatalf("round trip changed content: %+v", info)
		}
	})
}

package usersig

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

const (
	testAppID = 1400000001
	testKey   = "9f8c2b1d6e5a4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b"
)

var testNow = time.Unix(1700000000, 0)

// encodeDoc turns a raw JSON document into a UserSig the way the generators
// do, at the given zlib level.
func encodeDoc(t testing.TB, doc string, level int) string {
	t.Helper()
	var z bytes.Buffer
	zw, err := zlib.NewWriterLevel(&z, level)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write([]byte(doc))
	zw.Close()
	return escaper.Replace(base64.StdEncoding.EncodeToString(z.Bytes()))
}

// decodeDoc returns the inflated JSON document of sig.
func decodeDoc(t testing.TB, sig string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(unescaper.Replace(sig))
	if err != nil {
		t.Fatalf("base64: %v", err)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("zlib: %v", err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(zr); err != nil {
		t.Fatalf("zlib: %v", err)
	}
	return out.String()
}

// hmacB64 computes TLS.sig independently of the package code.
func hmacB64(key, content string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(content))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func mustGenerateAt(t testing.TB, id string, expire time.Duration, now time.Time) string {
	t.Helper()
	sig, err := GenerateAt(testAppID, testKey, id, expire, now)
	if err != nil {
		t.Fatalf("GenerateAt(%q): %v", id, err)
	}
	return sig
}

func wantErr(t testing.TB, err, target error, code int) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want %v", err, target)
	}
	if got := Code(err); got != code {
		t.Fatalf("Code(%v) = %d, want %d", err, got, code)
	}
}

func TestRoundTrip(t *testing.T) {
	ids := []string{"bot1", "administrator", "a", "user_01-X", "用户甲", `q"uo\te`, "<a&b>", strings.Repeat("x", 32)}
	bufs := [][]byte{nil, {}, {0, 1, 2, 0xff}, []byte("room=1234")}
	for _, id := range ids {
		for _, buf := range bufs {
			name := fmt.Sprintf("%s/userbuf=%v", id, buf)
			t.Run(name, func(t *testing.T) {
				expire := 180 * 24 * time.Hour
				sig, err := GenerateWithUserBuf(testAppID, testKey, id, expire, testNow.Add(750*time.Millisecond), buf)
				if err != nil {
					t.Fatal(err)
				}
				if strings.ContainsAny(sig, "+/=") {
					t.Errorf("sig %q is not in the escaped alphabet", sig)
				}
				info, err := Verify(sig, testAppID, testKey, id, testNow.Add(time.Hour))
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if info.Identifier != id || info.SDKAppID != testAppID || !info.Time.Equal(testNow) || info.Expire != expire {
					t.Errorf("info = %+v", info)
				}
				if info.Time.Location() != time.UTC {
					t.Errorf("Time %v is not UTC", info.Time)
				}
				if (buf == nil) != (info.UserBuf == nil) || !bytes.Equal(buf, info.UserBuf) {
					t.Errorf("UserBuf = %#v, want %#v", info.UserBuf, buf)
				}
				if !info.ExpiresAt().Equal(testNow.Add(expire)) {
					t.Errorf("ExpiresAt = %v", info.ExpiresAt())
				}

				// The document is what Tencent's libraries write, and
				// TLS.sig is the HMAC computed independently here.
				content := fmt.Sprintf("TLS.identifier:%s\nTLS.sdkappid:%d\nTLS.time:%d\nTLS.expire:%d\n",
					id, testAppID, testNow.Unix(), int64(expire/time.Second))
				var doc map[string]any
				if err := json.Unmarshal([]byte(decodeDoc(t, sig)), &doc); err != nil {
					t.Fatal(err)
				}
				if buf != nil {
					b64 := base64.StdEncoding.EncodeToString(buf)
					content += "TLS.userbuf:" + b64 + "\n"
					if doc["TLS.userbuf"] != b64 {
						t.Errorf("TLS.userbuf = %v", doc["TLS.userbuf"])
					}
				} else if _, ok := doc["TLS.userbuf"]; ok {
					t.Error("TLS.userbuf present for a nil userBuf")
				}
				if want := hmacB64(testKey, content); doc["TLS.sig"] != want || info.Signature != want {
					t.Errorf("TLS.sig = %v (Info %v), want %v", doc["TLS.sig"], info.Signature, want)
				}
				if doc["TLS.ver"] != "2.0" || doc["TLS.identifier"] != id {
					t.Errorf("doc = %v", doc)
				}
			})
		}
	}
}

func TestGenerateUsesClock(t *testing.T) {
	before := time.Now().Truncate(time.Second)
	sig, err := Generate(testAppID, testKey, "bot1", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	after := time.Now()
	info, err := Verify(sig, testAppID, testKey, "bot1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if info.Time.Before(before) || info.Time.After(after) || info.Expire != time.Hour {
		t.Errorf("Time %v not in [%v, %v] or Expire %v", info.Time, before, after, info.Expire)
	}
}

func TestGenerateRoundsToSeconds(t *testing.T) {
	sig := mustGenerateAt(t, "bot1", 90*time.Second+999*time.Millisecond, testNow.Add(999*time.Millisecond))
	info, err := Parse(sig)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Time.Equal(testNow) || info.Expire != 90*time.Second {
		t.Errorf("Time %v Expire %v", info.Time, info.Expire)
	}
	// GenerateAt is deterministic.
	if again := mustGenerateAt(t, "bot1", 90*time.Second, testNow); again != sig {
		t.Errorf("GenerateAt not deterministic: %q vs %q", again, sig)
	}
}

func TestGenerateInvalidArguments(t *testing.T) {
	cases := []struct {
		name   string
		appID  uint64
		key    string
		id     string
		expire time.Duration
		now    time.Time
	}{
		{"zero appid", 0, testKey, "bot1", time.Hour, testNow},
		{"empty key", testAppID, "", "bot1", time.Hour, testNow},
		{"empty identifier", testAppID, testKey, "", time.Hour, testNow},
		{"invalid utf8", testAppID, testKey, "bot\xff", time.Hour, testNow},
		{"negative expire", testAppID, testKey, "bot1", -time.Second, testNow},
		{"before 1970", testAppID, testKey, "bot1", time.Hour, time.Unix(-10, 0)},
	}
	for _, c := range cases {
		if sig, err := GenerateAt(c.appID, c.key, c.id, c.expire, c.now); err == nil {
			t.Errorf("%s: GenerateAt = %q, want an error", c.name, sig)
		}
	}
}

func TestExpired(t *testing.T) {
	expire := 10 * time.Minute
	sig := mustGenerateAt(t, "bot1", expire, testNow)
	// Valid through the whole last second.
	for _, now := range []time.Time{testNow, testNow.Add(-time.Hour), testNow.Add(expire), testNow.Add(expire + 999*time.Millisecond)} {
		if _, err := Verify(sig, testAppID, testKey, "bot1", now); err != nil {
			t.Errorf("Verify at %v: %v", now, err)
		}
	}
	for _, now := range []time.Time{testNow.Add(expire + time.Second), testNow.Add(1000 * time.Hour)} {
		info, err := Verify(sig, testAppID, testKey, "bot1", now)
		wantErr(t, err, ErrExpired, 70001)
		if info == nil || info.Identifier != "bot1" || !info.Expired(now) {
			t.Errorf("Verify at %v: info = %+v", now, info)
		}
	}
	// expire 0: valid only during the issue second.
	sig0 := mustGenerateAt(t, "bot1", 0, testNow)
	if _, err := Verify(sig0, testAppID, testKey, "bot1", testNow.Add(500*time.Millisecond)); err != nil {
		t.Error(err)
	}
	_, err := Verify(sig0, testAppID, testKey, "bot1", testNow.Add(time.Second))
	wantErr(t, err, ErrExpired, 70001)
}

func TestExpiredNoOverflow(t *testing.T) {
	// time + expire beyond int64 must not wrap into the past.
	content := fmt.Sprintf("TLS.identifier:bot1\nTLS.sdkappid:%d\nTLS.time:%d\nTLS.expire:%d\n", testAppID, int64(1)<<62, maxExpireSeconds)
	doc := fmt.Sprintf(`{"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":%d,"TLS.expire":%d,"TLS.sig":%q}`,
		testAppID, int64(1)<<62, maxExpireSeconds, hmacB64(testKey, content))
	if _, err := Verify(encodeDoc(t, doc, 6), testAppID, testKey, "bot1", time.Unix(1<<62+5, 0)); err != nil {
		t.Fatal(err)
	}
}

// reencode rewrites sig's document through edit, keeping everything else.
func reencode(t testing.TB, sig string, edit func(doc map[string]any)) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(decodeDoc(t, sig)), &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return encodeDoc(t, string(b), zlib.DefaultCompression)
}

func TestTampered(t *testing.T) {
	sig := mustGenerateAt(t, "bot1", time.Hour, testNow)
	bufSig, err := GenerateWithUserBuf(testAppID, testKey, "bot1", time.Hour, testNow, []byte("room-1"))
	if err != nil {
		t.Fatal(err)
	}
	flipMAC := func(i int) func(map[string]any) {
		return func(doc map[string]any) {
			mac, err := base64.StdEncoding.DecodeString(doc["TLS.sig"].(string))
			if err != nil {
				t.Fatal(err)
			}
			mac[i] ^= 0x01
			doc["TLS.sig"] = base64.StdEncoding.EncodeToString(mac)
		}
	}
	cases := []struct {
		name string
		sig  string
	}{
		{"flip first MAC byte", reencode(t, sig, flipMAC(0))},
		{"flip last MAC byte", reencode(t, sig, flipMAC(31))},
		{"flip a TLS.sig character", reencode(t, sig, func(doc map[string]any) {
			s := []byte(doc["TLS.sig"].(string))
			if s[3] == 'A' {
				s[3] = 'B'
			} else {
				s[3] = 'A'
			}
			doc["TLS.sig"] = string(s)
		})},
		{"TLS.sig not base64", reencode(t, sig, func(doc map[string]any) { doc["TLS.sig"] = "not base64!" })},
		{"TLS.sig truncated", reencode(t, sig, func(doc map[string]any) { doc["TLS.sig"] = doc["TLS.sig"].(string)[:20] })},
		{"TLS.sig without padding", reencode(t, sig, func(doc map[string]any) { doc["TLS.sig"] = strings.TrimRight(doc["TLS.sig"].(string), "=") })},
		{"extended expire", reencode(t, sig, func(doc map[string]any) { doc["TLS.expire"] = 86400 * 365 })},
		{"moved time", reencode(t, sig, func(doc map[string]any) { doc["TLS.time"] = testNow.Unix() + 1 })},
		{"added userbuf", reencode(t, sig, func(doc map[string]any) { doc["TLS.userbuf"] = "AAAA" })},
		{"removed userbuf", reencode(t, bufSig, func(doc map[string]any) { delete(doc, "TLS.userbuf") })},
		{"changed userbuf", reencode(t, bufSig, func(doc map[string]any) { doc["TLS.userbuf"] = base64.StdEncoding.EncodeToString([]byte("room-2")) })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			info, err := Verify(c.sig, testAppID, testKey, "bot1", testNow)
			wantErr(t, err, ErrBadSignature, 70009)
			if info == nil {
				t.Error("no Info returned with ErrBadSignature")
			}
		})
	}
	t.Run("wrong key", func(t *testing.T) {
		_, err := Verify(sig, testAppID, testKey+"x", "bot1", testNow)
		wantErr(t, err, ErrBadSignature, 70009)
	})
	t.Run("identifier rewritten", func(t *testing.T) {
		forged := reencode(t, sig, func(doc map[string]any) { doc["TLS.identifier"] = "admin" })
		_, err := Verify(forged, testAppID, testKey, "admin", testNow)
		wantErr(t, err, ErrBadSignature, 70009)
	})
	t.Run("sdkappid rewritten", func(t *testing.T) {
		forged := reencode(t, sig, func(doc map[string]any) { doc["TLS.sdkappid"] = 1400000002 })
		_, err := Verify(forged, 1400000002, testKey, "bot1", testNow)
		wantErr(t, err, ErrBadSignature, 70009)
	})
	t.Run("expired and forged", func(t *testing.T) {
		// A bad signature wins over expiry.
		_, err := Verify(sig, testAppID, "other key", "bot1", testNow.Add(48*time.Hour))
		wantErr(t, err, ErrBadSignature, 70009)
	})
	t.Run("flip a byte of the encoded sig", func(t *testing.T) {
		// Any single-character change of the outer encoding is caught:
		// as malformed (base64/zlib/JSON) or as a bad signature.
		for i := range sig {
			b := []byte(sig)
			if b[i] == 'A' {
				b[i] = 'B'
			} else {
				b[i] = 'A'
			}
			_, err := Verify(string(b), testAppID, testKey, "bot1", testNow)
			if err == nil {
				// Only a change in bits that base64 or deflate ignore
				// (the last character's low bits, a stored block's
				// alignment padding) may pass: the document is the same.
				if decodeDoc(t, string(b)) != decodeDoc(t, sig) {
					t.Fatalf("byte %d changed: Verify accepted %q", i, b)
				}
				continue
			}
			if c := Code(err); c != 70003 && c != 70009 && c != 70013 && c != 70014 {
				t.Fatalf("byte %d changed: unexpected %v", i, err)
			}
		}
	})
}

func TestWrongUser(t *testing.T) {
	sig := mustGenerateAt(t, "bot1", time.Hour, testNow)
	for _, id := range []string{"bot2", "Bot1", "bot1 ", ""} {
		info, err := Verify(sig, testAppID, testKey, id, testNow)
		wantErr(t, err, ErrIdentifierMismatch, 70013)
		if info == nil || info.Identifier != "bot1" {
			t.Errorf("info = %+v", info)
		}
	}
	// Mismatch is reported before the (also failing) key check and expiry.
	_, err := Verify(sig, testAppID, "other key", "bot2", testNow.Add(48*time.Hour))
	wantErr(t, err, ErrIdentifierMismatch, 70013)
}

func TestWrongApp(t *testing.T) {
	sig := mustGenerateAt(t, "bot1", time.Hour, testNow)
	for _, app := range []uint64{0, testAppID + 1, 1400000000} {
		info, err := Verify(sig, app, testKey, "bot1", testNow)
		wantErr(t, err, ErrSDKAppIDMismatch, 70014)
		if info == nil || info.SDKAppID != testAppID {
			t.Errorf("info = %+v", info)
		}
	}
	_, err := Verify(sig, testAppID+1, "other key", "bot2", testNow.Add(48*time.Hour))
	wantErr(t, err, ErrSDKAppIDMismatch, 70014)
}

func TestAnyCompressionLevel(t *testing.T) {
	sig := mustGenerateAt(t, "bot1", time.Hour, testNow)
	doc := decodeDoc(t, sig)
	for level := zlib.HuffmanOnly; level <= zlib.BestCompression; level++ {
		s := encodeDoc(t, doc, level)
		if _, err := Verify(s, testAppID, testKey, "bot1", testNow); err != nil {
			t.Errorf("level %d: %v", level, err)
		}
	}
}

func TestEncodingVariants(t *testing.T) {
	sig := mustGenerateAt(t, "bot1", time.Hour, testNow)
	std := unescaper.Replace(sig)
	for name, s := range map[string]string{
		"escaped":            sig,
		"plain base64":       std,
		"escaped, unpadded":  strings.TrimRight(sig, "_"),
		"plain, unpadded":    strings.TrimRight(std, "="),
		"with line wrapping": sig[:10] + "\r\n" + sig[10:],
	} {
		if _, err := Verify(s, testAppID, testKey, "bot1", testNow); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestNumericForms(t *testing.T) {
	content := fmt.Sprintf("TLS.identifier:bot1\nTLS.sdkappid:%d\nTLS.time:%d\nTLS.expire:3600\n", testAppID, testNow.Unix())
	mac := hmacB64(testKey, content)
	forms := []struct{ app, tm, exp string }{
		{fmt.Sprint(testAppID), fmt.Sprint(testNow.Unix()), "3600"},
		{fmt.Sprintf("%q", fmt.Sprint(testAppID)), fmt.Sprintf("%q", fmt.Sprint(testNow.Unix())), `"3600"`},
		{fmt.Sprint(testAppID), fmt.Sprintf("%q", fmt.Sprint(testNow.Unix())), "3600"},
		{"1.400000001e9", "1.7e9", "3600.0"},
		{`"1400000001.0"`, `"1.7e+09"`, `"3.6E3"`},
	}
	for _, f := range forms {
		doc := fmt.Sprintf(`{"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%s,"TLS.time":%s,"TLS.expire":%s,"TLS.sig":%q}`,
			f.app, f.tm, f.exp, mac)
		info, err := Verify(encodeDoc(t, doc, 9), testAppID, testKey, "bot1", testNow)
		if err != nil {
			t.Errorf("%s: %v", doc, err)
			continue
		}
		if info.SDKAppID != testAppID || info.Time.Unix() != testNow.Unix() || info.Expire != time.Hour {
			t.Errorf("%s: info %+v", doc, info)
		}
	}
	// Other key orders, extra fields and whitespace are fine too.
	doc := fmt.Sprintf(" {\n \"TLS.sig\": %q, \"extra\": [1, {}],\n \"TLS.expire\": 3600, \"TLS.time\": %d, \"TLS.sdkappid\": %d, \"TLS.identifier\": \"bot1\", \"TLS.ver\": \"2.0\"\n}\n",
		mac, testNow.Unix(), testAppID)
	if _, err := Verify(encodeDoc(t, doc, 1), testAppID, testKey, "bot1", testNow); err != nil {
		t.Errorf("reordered document: %v", err)
	}
}

func zlibBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(data)
	zw.Close()
	return z.Bytes()
}

func b64(data []byte) string { return escaper.Replace(base64.StdEncoding.EncodeToString(data)) }

func TestMalformed(t *testing.T) {
	good := mustGenerateAt(t, "bot1", time.Hour, testNow)
	goodZ, _ := base64.StdEncoding.DecodeString(unescaper.Replace(good))
	mac := hmacB64(testKey, "x")
	docWith := func(fields string) string {
		return encodeDoc(t, "{"+fields+"}", 6)
	}
	base := fmt.Sprintf(`"TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":%d,"TLS.expire":3600,"TLS.sig":%q`, testAppID, testNow.Unix(), mac)
	// A document just over the inflate limit, padded with an extra field.
	pad := func(n int) string {
		prefix := `{"TLS.ver":"2.0",` + base + `,"pad":"`
		return prefix + strings.Repeat("p", n-len(prefix)-2) + `"}`
	}

	cases := map[string]string{
		"empty":                 "",
		"non-base64":            "!!!not base64???",
		"base64 of short junk":  "AAAA",
		"non-zlib":              b64([]byte("hello, this is not a zlib stream")),
		"gzip not zlib":         "H4sIAAAAAAAA_0pNzslXyM0vSgUAAAD__w__",
		"truncated zlib":        b64(goodZ[:len(goodZ)/2]),
		"bad checksum":          b64(append(append([]byte{}, goodZ[:len(goodZ)-1]...), goodZ[len(goodZ)-1]^1)),
		"trailing garbage":      b64(append(append([]byte{}, goodZ...), 'x')),
		"two zlib streams":      b64(append(append([]byte{}, goodZ...), goodZ...)),
		"non-JSON":              encodeDoc(t, "TLS.identifier=bot1", 6),
		"JSON array":            encodeDoc(t, `["TLS.ver","2.0"]`, 6),
		"JSON null":             encodeDoc(t, `null`, 6),
		"JSON string":           encodeDoc(t, `"2.0"`, 6),
		"truncated JSON":        encodeDoc(t, `{"TLS.ver":"2.0","TLS.identifier":"bo`, 6),
		"empty zlib":            encodeDoc(t, "", 6),
		"huge inflate (bomb)":   b64(zlibBytes(t, make([]byte, 10<<20))),
		"just over limit":       encodeDoc(t, pad(MaxInflatedSize+1), 9),
		"huge sig string":       strings.Repeat("eJyr", 1<<20),
		"no ver":                docWith(base),
		"ver 1":                 docWith(`"TLS.ver":"1.0",` + base),
		"ver number":            docWith(`"TLS.ver":2.0,` + base),
		"no identifier":         docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.sdkappid":%d,"TLS.time":1,"TLS.expire":1,"TLS.sig":%q`, testAppID, mac)),
		"numeric identifier":    docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":42,"TLS.sdkappid":%d,"TLS.time":1,"TLS.expire":1,"TLS.sig":%q`, testAppID, mac)),
		"empty identifier":      docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"","TLS.sdkappid":%d,"TLS.time":1,"TLS.expire":1,"TLS.sig":%q`, testAppID, mac)),
		"no sdkappid":           docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.time":1,"TLS.expire":1,"TLS.sig":%q`, mac)),
		"sdkappid bool":         docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":true,"TLS.time":1,"TLS.expire":1,"TLS.sig":%q`, mac)),
		"sdkappid null":         docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":null,"TLS.time":1,"TLS.expire":1,"TLS.sig":%q`, mac)),
		"sdkappid word":         docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":"app","TLS.time":1,"TLS.expire":1,"TLS.sig":%q`, mac)),
		"sdkappid hex string":   docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":"0x1p4","TLS.time":1,"TLS.expire":1,"TLS.sig":%q`, mac)),
		"sdkappid negative":     docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":-5,"TLS.time":1,"TLS.expire":1,"TLS.sig":%q`, mac)),
		"sdkappid too big":      docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":18446744073709551616,"TLS.time":1,"TLS.expire":1,"TLS.sig":%q`, mac)),
		"no time":               docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.expire":1,"TLS.sig":%q`, testAppID, mac)),
		"negative time":         docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":-1,"TLS.expire":1,"TLS.sig":%q`, testAppID, mac)),
		"fractional time":       docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":1.5,"TLS.expire":1,"TLS.sig":%q`, testAppID, mac)),
		"time NaN string":       docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":"NaN","TLS.expire":1,"TLS.sig":%q`, testAppID, mac)),
		"time too big":          docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":9223372036854775808,"TLS.expire":1,"TLS.sig":%q`, testAppID, mac)),
		"no expire":             docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":1,"TLS.sig":%q`, testAppID, mac)),
		"expire too big":        docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":1,"TLS.expire":%d,"TLS.sig":%q`, testAppID, maxExpireSeconds+1, mac)),
		"expire object":         docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":1,"TLS.expire":{},"TLS.sig":%q`, testAppID, mac)),
		"no sig":                docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":1,"TLS.expire":1`, testAppID)),
		"empty sig":             docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":1,"TLS.expire":1,"TLS.sig":""`, testAppID)),
		"sig array":             docWith(fmt.Sprintf(`"TLS.ver":"2.0","TLS.identifier":"bot1","TLS.sdkappid":%d,"TLS.time":1,"TLS.expire":1,"TLS.sig":[]`, testAppID)),
		"userbuf number":        docWith(`"TLS.ver":"2.0",` + base + `,"TLS.userbuf":5`),
		"userbuf not base64":    docWith(`"TLS.ver":"2.0",` + base + `,"TLS.userbuf":"%%%"`),
		"lower-case field name": docWith(strings.ReplaceAll(`"TLS.ver":"2.0",`+base, "TLS.identifier", "tls.identifier")),
	}
	for name, sig := range cases {
		t.Run(name, func(t *testing.T) {
			info, err := Parse(sig)
			wantErr(t, err, ErrMalformed, 70003)
			if info != nil {
				t.Errorf("Parse returned %+v with an error", info)
			}
			info, err = Verify(sig, testAppID, testKey, "bot1", testNow)
			wantErr(t, err, ErrMalformed, 70003)
			if info != nil {
				t.Errorf("Verify returned %+v with ErrMalformed", info)
			}
		})
	}

	// Exactly at the limit is accepted (the HMAC is of course wrong).
	atLimit := pad(MaxInflatedSize)
	if len(atLimit) != MaxInflatedSize {
		t.Fatalf("pad: %d", len(atLimit))
	}
	if _, err := Parse(encodeDoc(t, atLimit, 0)); err != nil {
		t.Errorf("document of exactly MaxInflatedSize: %v", err)
	}
}

func TestParseDoesNotCheck(t *testing.T) {
	sig := mustGenerateAt(t, "bot1", time.Minute, testNow.Add(-24*time.Hour))
	info, err := Parse(sig)
	if err != nil {
		t.Fatal(err)
	}
	if info.Identifier != "bot1" || info.SDKAppID != testAppID || info.UserBuf != nil || !info.Expired(testNow) {
		t.Errorf("info = %+v", info)
	}
	forged := reencode(t, sig, func(doc map[string]any) { doc["TLS.sig"] = "forged" })
	if info, err := Parse(forged); err != nil || info.Signature != "forged" {
		t.Errorf("Parse(forged) = %+v, %v", info, err)
	}
}

func TestCode(t *testing.T) {
	cases := []struct {
		err  error
		code int
	}{
		{nil, 0},
		{ErrExpired, 70001},
		{ErrMalformed, 70003},
		{ErrBadSignature, 70009},
		{ErrIdentifierMismatch, 70013},
		{ErrSDKAppIDMismatch, 70014},
		{fmt.Errorf("login: %w", ErrExpired), 70001},
		{fmt.Errorf("login: %w", fmt.Errorf("inner: %w", ErrSDKAppIDMismatch)), 70014},
		{errors.New("something else"), 70003},
	}
	for _, c := range cases {
		if got := Code(c.err); got != c.code {
			t.Errorf("Code(%v) = %d, want %d", c.err, got, c.code)
		}
	}
	sentinels := []error{ErrExpired, ErrMalformed, ErrBadSignature, ErrIdentifierMismatch, ErrSDKAppIDMismatch}
	for i, a := range sentinels {
		for j, b := range sentinels {
			if (i == j) != errors.Is(a, b) {
				t.Errorf("errors.Is(%v, %v) = %v", a, b, errors.Is(a, b))
			}
		}
	}
}

// A UserSig made by tls-sig-api-v2@1.0.2 (npm) for testAppID/testKey at
// Unix time 1700000000 (see testdata/node), so the known answer is checked
// even where node is not installed.
const nodeGolden = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwun5OSmpefGlxalFUOnilOzEgoLMFCUrQxMDCDCEyJRk5qYqWRmaQ0UNIKKpFQWZRSBxU1NTI7hocWa6kpVSiql2VoqjkY9-QXZQZkGaUaFLukVeSXlipHeJV2WWW5p-mLuzV1a*s6OXp61SLQCsOTQE"

func TestNodeGolden(t *testing.T) {
	info, err := Verify(nodeGolden, testAppID, testKey, "golden_user", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if info.Expire != 86400*180*time.Second || !info.Time.Equal(testNow) {
		t.Errorf("info = %+v", info)
	}
	ours := mustGenerateAt(t, "golden_user", 86400*180*time.Second, testNow)
	if got, want := decodeDoc(t, ours), decodeDoc(t, nodeGolden); got != want {
		t.Errorf("document differs from npm's:\n got %s\nwant %s", got, want)
	}
}

// The pooled zlib writer gives the same sig as a fresh one would: the same
// inputs make the same sig, call after call.
func TestGenerateRepeatable(t *testing.T) {
	now := time.Unix(1795629331, 0)
	first, err := GenerateAt(1400000001, "key", "alice", time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		id := fmt.Sprintf("user%d", i)
		other, _ := GenerateAt(1400000001, "key", id, time.Hour, now)
		if _, err := Verify(other, 1400000001, "key", id, now); err != nil {
			t.Fatal(err)
		}
		again, _ := GenerateAt(1400000001, "key", "alice", time.Hour, now)
		if again != first {
			t.Fatalf("call %d: %q, first %q", i, again, first)
		}
	}
}

// BenchmarkGenerate: what a harness pays per logged-in viewer's sig.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	now := time.Unix(1795629331, 0)
	for b.Loop() {
		if _, err := GenerateAt(1400000001, "key", "alice", time.Hour, now); err != nil {
			b.Fatal(err)
		}
	}
}

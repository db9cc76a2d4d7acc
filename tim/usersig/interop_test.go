package usersig

// Interop tests against Tencent's own Node implementation, the npm package
// tls-sig-api-v2@1.0.2, pinned by testdata/node/package-lock.json. The
// package is installed with `npm ci` the first time the tests run (or when
// node_modules holds another version); node and npm must be on PATH, and the
// tests fail, not skip, when they are not.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

const (
	nodeDir        = "testdata/node"
	npmPackage     = "tls-sig-api-v2"
	npmVersion     = "1.0.2"
	nodeCmdTimeout = 5 * time.Minute
)

var (
	npmOnce sync.Once
	npmErr  error
)

// installedVersion returns the version of the npm package in node_modules,
// or "" when it is not installed.
func installedVersion() string {
	b, err := os.ReadFile(filepath.Join(nodeDir, "node_modules", npmPackage, "package.json"))
	if err != nil {
		return ""
	}
	var pkg struct{ Version string }
	if json.Unmarshal(b, &pkg) != nil {
		return ""
	}
	return pkg.Version
}

// ensureNode makes sure node can run the helper, running `npm ci` once per
// test binary when the pinned package is not installed.
func ensureNode(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is required for the interop tests (install Node.js and npm): %v", tool, err)
		}
	}
	npmOnce.Do(func() {
		if installedVersion() == npmVersion {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), nodeCmdTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = nodeDir
		out, err := cmd.CombinedOutput()
		if err != nil {
			npmErr = errors.New("npm ci in " + nodeDir + ": " + err.Error() + "\n" + string(out))
			return
		}
		if v := installedVersion(); v != npmVersion {
			npmErr = errors.New("npm ci installed " + npmPackage + " version " + v + ", want " + npmVersion)
		}
	})
	if npmErr != nil {
		t.Fatal(npmErr)
	}
}

type nodeOp struct {
	Op         string  `json:"op"`
	SDKAppID   uint64  `json:"sdkappid"`
	Key        string  `json:"key"`
	Identifier string  `json:"identifier,omitempty"`
	Expire     int64   `json:"expire"`
	Time       *int64  `json:"time,omitempty"`
	Ms         int64   `json:"ms,omitempty"`
	UserBuf    *string `json:"userbuf,omitempty"`
	RoomID     uint32  `json:"roomid,omitempty"`
	Privilege  uint32  `json:"privilege,omitempty"`
	Sig        string  `json:"sig,omitempty"`
}

type nodeResult struct {
	Sig      string         `json:"sig"`
	JSON     string         `json:"json"`
	Doc      map[string]any `json:"doc"`
	TLSSig   string         `json:"tlsSig"`
	Expected string         `json:"expected"`
	OK       bool           `json:"ok"`
}

// runNode runs the helper, passing the request on stdin when viaStdin is
// set and as argv[2] otherwise.
func runNode(t *testing.T, ops []nodeOp, viaStdin bool) []nodeResult {
	t.Helper()
	ensureNode(t)
	req, err := json.Marshal(map[string]any{"ops": ops})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), nodeCmdTimeout)
	defer cancel()
	var cmd *exec.Cmd
	if viaStdin {
		cmd = exec.CommandContext(ctx, "node", "usersig.js")
		cmd.Stdin = bytes.NewReader(req)
	} else {
		cmd = exec.CommandContext(ctx, "node", "usersig.js", string(req))
	}
	cmd.Dir = nodeDir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node usersig.js: %v\nstdout: %s\nstderr: %s", err, out, stderr.String())
	}
	var resp struct {
		Results []nodeResult `json:"results"`
		Error   string       `json:"error"`
	}
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatalf("node output %q: %v", out, err)
	}
	if resp.Error != "" || len(resp.Results) != len(ops) {
		t.Fatalf("node: error %q, %d results for %d ops", resp.Error, len(resp.Results), len(ops))
	}
	return resp.Results
}

func ptr[T any](v T) *T { return &v }

var interopIDs = []string{"bot1", "administrator", "a", "user_01-X", "用户甲", "<a&b>", `q"uo\te`, "emoji🙂"}

// TestNodeSigsVerify checks that UserSigs made by the npm package verify in
// Go, and fail the way they should.
func TestNodeSigsVerify(t *testing.T) {
	const t0 = 1700000000
	var ops []nodeOp
	for _, id := range interopIDs {
		for _, exp := range []int64{1, 300, 86400 * 180} {
			ops = append(ops, nodeOp{Op: "gen", SDKAppID: testAppID, Key: testKey, Identifier: id, Expire: exp, Time: ptr[int64](t0), Ms: 999})
		}
	}
	// The real clock, a big SDKAppID, userbufs (empty and binary) and a
	// TRTC PrivateMapKey.
	ops = append(ops,
		nodeOp{Op: "gen", SDKAppID: testAppID, Key: testKey, Identifier: "now_user", Expire: 600},
		nodeOp{Op: "gen", SDKAppID: 20000000001, Key: testKey, Identifier: "big_app", Expire: 600, Time: ptr[int64](t0)},
		nodeOp{Op: "gen", SDKAppID: testAppID, Key: testKey, Identifier: "buf_user", Expire: 600, Time: ptr[int64](t0), UserBuf: ptr("")},
		nodeOp{Op: "gen", SDKAppID: testAppID, Key: testKey, Identifier: "buf_user", Expire: 600, Time: ptr[int64](t0), UserBuf: ptr(base64.StdEncoding.EncodeToString([]byte{0, 1, 2, 0xfe, 0xff}))},
		nodeOp{Op: "privmap", SDKAppID: testAppID, Key: testKey, Identifier: "trtc_user", Expire: 300, Time: ptr[int64](t0), RoomID: 1234, Privilege: 255},
	)
	results := runNode(t, ops, false)
	for i, op := range ops {
		r := results[i]
		name := op.Op + "/" + op.Identifier
		issued := time.Unix(t0, 0)
		if op.Time == nil {
			issued = time.Now()
		}
		info, err := Verify(r.Sig, op.SDKAppID, op.Key, op.Identifier, issued)
		if err != nil {
			t.Errorf("%s: Verify(%q): %v", name, r.Sig, err)
			continue
		}
		if info.Identifier != op.Identifier || info.SDKAppID != op.SDKAppID || info.Expire != time.Duration(op.Expire)*time.Second || info.Signature != r.TLSSig {
			t.Errorf("%s: info %+v, node doc %s", name, info, r.JSON)
		}
		if op.Time != nil && info.Time.Unix() != *op.Time {
			t.Errorf("%s: Time %v, want %d", name, info.Time, *op.Time)
		}
		wantBuf, hasBuf := r.Doc["TLS.userbuf"].(string)
		if hasBuf != (info.UserBuf != nil) {
			t.Errorf("%s: UserBuf %v, node doc %s", name, info.UserBuf, r.JSON)
		} else if hasBuf && base64.StdEncoding.EncodeToString(info.UserBuf) != wantBuf {
			t.Errorf("%s: UserBuf %x, node has %s", name, info.UserBuf, wantBuf)
		}

		_, err = Verify(r.Sig, op.SDKAppID, op.Key, op.Identifier, info.ExpiresAt().Add(time.Second))
		wantErr(t, err, ErrExpired, 70001)
		_, err = Verify(r.Sig, op.SDKAppID, op.Key, op.Identifier+"x", issued)
		wantErr(t, err, ErrIdentifierMismatch, 70013)
		_, err = Verify(r.Sig, op.SDKAppID+1, op.Key, op.Identifier, issued)
		wantErr(t, err, ErrSDKAppIDMismatch, 70014)
		_, err = Verify(r.Sig, op.SDKAppID, op.Key[1:], op.Identifier, issued)
		wantErr(t, err, ErrBadSignature, 70009)
	}
}

// TestNodeSameSignature checks that GenerateAt computes the very TLS.sig the
// npm package computes for the same identifier, time and expire, in the same
// JSON document byte for byte.
func TestNodeSameSignature(t *testing.T) {
	type input struct {
		app    uint64
		id     string
		time   int64
		expire int64
		buf    []byte
	}
	var ins []input
	for _, id := range interopIDs {
		ins = append(ins,
			input{testAppID, id, 1700000000, 86400 * 180, nil},
			input{1400000000, id, 1600000123, 0, nil},
			input{testAppID, id, 1700000000, 300, []byte("room:1234")},
		)
	}
	ins = append(ins,
		input{20000000001, "big_app", 1234567890, 3600, nil},
		input{testAppID, "empty_buf", 1700000000, 60, []byte{}},
		input{testAppID, "bin_buf", 1700000000, 60, []byte{0, 0x80, 0xff, '\n'}},
	)
	ops := make([]nodeOp, len(ins))
	for i, in := range ins {
		ops[i] = nodeOp{Op: "gen", SDKAppID: in.app, Key: testKey, Identifier: in.id, Expire: in.expire, Time: ptr(in.time), Ms: 500}
		if in.buf != nil {
			ops[i].UserBuf = ptr(base64.StdEncoding.EncodeToString(in.buf))
		}
	}
	// This batch goes through stdin.
	results := runNode(t, ops, true)
	for i, in := range ins {
		r := results[i]
		sig, err := GenerateWithUserBuf(in.app, testKey, in.id, time.Duration(in.expire)*time.Second, time.Unix(in.time, 0), in.buf)
		if err != nil {
			t.Fatal(err)
		}
		info, err := Parse(sig)
		if err != nil {
			t.Fatal(err)
		}
		if info.Signature != r.TLSSig {
			t.Errorf("%q at %d for %d: Go TLS.sig %s, npm %s", in.id, in.time, in.expire, info.Signature, r.TLSSig)
		}
		if got := decodeDoc(t, sig); got != r.JSON {
			t.Errorf("%q: Go document differs from npm's:\n got %s\nwant %s", in.id, got, r.JSON)
		}
	}
}

// TestNodeChecksGoSigs has Node inflate Go's UserSigs with its own zlib and
// recompute TLS.sig with the npm package's HMAC routine.
func TestNodeChecksGoSigs(t *testing.T) {
	var ops []nodeOp
	var docs []string
	for i, id := range interopIDs {
		var buf []byte
		if i%2 == 1 {
			buf = []byte(id + "-buf")
		}
		sig, err := GenerateWithUserBuf(testAppID, testKey, id, 24*time.Hour, testNow, buf)
		if err != nil {
			t.Fatal(err)
		}
		ops = append(ops, nodeOp{Op: "check", SDKAppID: testAppID, Key: testKey, Sig: sig})
		docs = append(docs, decodeDoc(t, sig))
	}
	// A UserSig compressed at another level, as the Go reference library's
	// NoCompression default does.
	ops = append(ops, nodeOp{Op: "check", SDKAppID: testAppID, Key: testKey, Sig: encodeDoc(t, docs[0], 0)})
	docs = append(docs, docs[0])

	results := runNode(t, ops, false)
	for i, r := range results {
		if !r.OK || r.Expected != r.TLSSig {
			t.Errorf("node rejects Go's sig %d: TLS.sig %s, npm computes %s", i, r.TLSSig, r.Expected)
		}
		if r.JSON != docs[i] {
			t.Errorf("node inflated %s, Go wrote %s", r.JSON, docs[i])
		}
	}
}

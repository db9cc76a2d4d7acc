package restapi

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/usersig"
	"github.com/tim-go/sdk/types"
)

func TestRequestURLAndBody(t *testing.T) {
	f := newFake(t, nil)
	c := newTestClient(t, f, func(cfg *Config) { cfg.Admin = "boss" })
	ctx := context.Background()
	for range 3 {
		if err := c.Call(ctx, CmdGetGroupInfo, map[string]any{"GroupIdList": []string{"@TGS#a1"}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	reqs := f.requests()
	randoms := map[string]bool{}
	for _, r := range reqs {
		if r.Method != http.MethodPost || r.Path != "/v4/group_open_http_svc/get_group_info" {
			t.Fatalf("%s %s", r.Method, r.Path)
		}
		if len(r.Query) != 5 || r.Query.Get("sdkappid") != "1400000001" || r.Query.Get("identifier") != "boss" ||
			r.Query.Get("contenttype") != "json" || r.Query.Get("random") == "" {
			t.Fatalf("query %v", r.Query)
		}
		if _, err := usersig.Verify(r.Query.Get("usersig"), testAppID, testSecret, "boss", time.Now()); err != nil {
			t.Fatalf("admin UserSig: %v", err)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Fatalf("Content-Type %q", ct)
		}
		if string(r.Body) != `{"GroupIdList":["@TGS#a1"]}` {
			t.Fatalf("body %s", r.Body)
		}
		randoms[r.Query.Get("random")] = true
	}
	if len(randoms) != 3 {
		t.Fatalf("random repeated across calls: %v", randoms)
	}
}

func TestRawBodyIsSentAsIs(t *testing.T) {
	f := newFake(t, nil)
	c := newTestClient(t, f, nil)
	if err := c.Call(context.Background(), CmdKick, []byte(`{"UserID":"bob"}`), nil); err != nil {
		t.Fatal(err)
	}
	if b := f.requests()[0].Body; string(b) != `{"UserID":"bob"}` {
		t.Fatalf("body %s", b)
	}
}

func TestUserSigRenewedAtHalfLife(t *testing.T) {
	f := newFake(t, nil)
	c := newTestClient(t, f, nil)
	now := time.Unix(1_800_000_000, 0)
	c.now = func() time.Time { return now }
	ctx := context.Background()
	call := func() string {
		t.Helper()
		if err := c.Call(ctx, CmdGetNoSpeaking, map[string]string{"Get_Account": "a"}, nil); err != nil {
			t.Fatal(err)
		}
		reqs := f.requests()
		return reqs[len(reqs)-1].Query.Get("usersig")
	}
	first := call()
	now = now.Add(DefaultUserSigLifetime/2 - time.Second)
	if got := call(); got != first {
		t.Fatal("UserSig renewed before half its life")
	}
	now = now.Add(time.Second)
	renewed := call()
	if renewed == first {
		t.Fatal("UserSig not renewed at half its life")
	}
	info, err := usersig.Verify(renewed, testAppID, testSecret, DefaultAdmin, now)
	if err != nil || !info.Time.Equal(now) || info.Expire != DefaultUserSigLifetime {
		t.Fatalf("renewed UserSig %+v, %v", info, err)
	}
}

func TestUserSigFunc(t *testing.T) {
	f := newFake(t, nil)
	calls := 0
	c := newTestClient(t, f, func(cfg *Config) {
		cfg.SecretKey = ""
		cfg.UserSig = func(context.Context) (string, error) {
			calls++
			if calls == 2 {
				return "", errors.New("signer down")
			}
			return "supplied-sig", nil
		}
	})
	ctx := context.Background()
	if err := c.Call(ctx, CmdGetNoSpeaking, struct{}{}, nil); err != nil {
		t.Fatal(err)
	}
	if got := f.requests()[0].Query.Get("usersig"); got != "supplied-sig" {
		t.Fatalf("usersig %q", got)
	}
	if err := c.Call(ctx, CmdGetNoSpeaking, struct{}{}, nil); err == nil || !strings.Contains(err.Error(), "signer down") {
		t.Fatalf("signer error: %v", err)
	}
	if len(f.requests()) != 1 {
		t.Fatal("a request went out without a UserSig")
	}
}

func TestErrorCodeIsTyped(t *testing.T) {
	f := newFake(t, func(int, fakeRequest) (int, string) { return 200, fail(10010, "group not found") })
	c := newTestClient(t, f, nil)
	err := c.Mute(context.Background(), "@TGS#aNONE", "bob", 60)
	var e *Error
	if !errors.As(err, &e) || e.Code != types.ErrGroupNotFound || e.Command != CmdForbidSendMsg ||
		e.Info != "group not found" || e.RequestID != "Id-test" {
		t.Fatalf("error %#v", err)
	}
	if !errors.Is(err, types.ErrGroupNotFound) || errors.Is(err, types.ErrGroupShutUpDeny) || !errors.Is(err, &Error{Code: 10010}) {
		t.Fatal("errors.Is does not match the code")
	}
	if want := "restapi: group_open_http_svc/forbid_send_msg: 10010 (group does not exist or was dismissed): group not found"; err.Error() != want {
		t.Fatalf("Error() = %q, want %q", err.Error(), want)
	}
}

// errorsHideURL checks that an error names neither the UserSig nor the URL.
func errorsHideURL(t *testing.T, err error, f *fake) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var e *Error
	if errors.As(err, &e) {
		t.Fatalf("transport failure as *Error: %v", err)
	}
	for _, leak := range []string{"usersig", "sdkappid", "identifier=", "/v4/", "TLS."} {
		if strings.Contains(err.Error(), leak) {
			t.Fatalf("error leaks %q: %v", leak, err)
		}
	}
	if f != nil {
		for _, r := range f.requests() {
			if sig := r.Query.Get("usersig"); strings.Contains(err.Error(), sig) {
				t.Fatalf("error leaks the UserSig: %v", err)
			}
		}
	}
}

func TestTransportErrorsHideTheURL(t *testing.T) {
	f := newFake(t, func(int, fakeRequest) (int, string) { return 200, "<html>not json</html>" })
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = -1 })
	ctx := context.Background()
	err := c.Call(ctx, CmdGetGroupInfo, struct{}{}, nil)
	errorsHideURL(t, err, f)
	if !strings.Contains(err.Error(), "not JSON") {
		t.Fatalf("error %v", err)
	}

	closed := newFake(t, nil)
	dead := newTestClient(t, closed, func(cfg *Config) { cfg.MaxRetries = -1 })
	closed.Close()
	errorsHideURL(t, dead.Call(ctx, CmdGetGroupInfo, struct{}{}, nil), nil)

	var resp struct {
		GroupInfo int `json:"GroupInfo"`
	}
	wrong := newFake(t, func(int, fakeRequest) (int, string) { return 200, ok(`"GroupInfo":[]`) })
	err = newTestClient(t, wrong, nil).Call(ctx, CmdGetGroupInfo, struct{}{}, &resp)
	errorsHideURL(t, err, wrong)
}

func TestRetryOnRetryLaterCode(t *testing.T) {
	f := newFake(t, func(n int, _ fakeRequest) (int, string) {
		if n < 2 {
			return 200, fail(int(types.ErrAccountInternal), "busy")
		}
		return 200, ok(`"GroupInfo":[{"GroupId":"@TGS#a1","Name":"Room"}]`)
	})
	c := newTestClient(t, f, nil)
	resp, err := c.GetGroupInfo(context.Background(), GetGroupInfoRequest{GroupIDList: []string{"@TGS#a1"}})
	if err != nil || len(resp.GroupInfo) != 1 || resp.GroupInfo[0].Name != "Room" {
		t.Fatal(resp, err)
	}
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	if !bytes.Equal(reqs[0].Body, reqs[2].Body) || reqs[0].Query.Get("random") == reqs[2].Query.Get("random") {
		t.Fatal("a retry must send the same body with a fresh random")
	}
}

func TestRetryIsBounded(t *testing.T) {
	f := newFake(t, func(int, fakeRequest) (int, string) { return 200, fail(int(types.ErrGroupInternal), "") })
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = 4 })
	err := c.Call(context.Background(), CmdGetOnlineMemberNum, groupIDRequest{GroupID: "@TGS#a1"}, nil)
	if !errors.Is(err, types.ErrGroupInternal) || len(f.requests()) != 5 {
		t.Fatalf("%v after %d requests, want 10002 after 5", err, len(f.requests()))
	}
}

func TestNoRetry(t *testing.T) {
	for _, tc := range []struct {
		name    string
		command string
		reply   string
		edit    func(*Config)
	}{
		{"plain error", CmdGetGroupInfo, fail(10010, ""), nil},
		{"rate limit answer", CmdGetGroupInfo, fail(int(types.ErrRESTFrequencyLimit), ""), nil},
		{"not repeatable", CmdCreateGroup, fail(int(types.ErrGroupInternal), ""), nil},
		{"not repeatable notice", CmdSendGroupSystemNotification, fail(int(types.ErrGroupInternal), ""), nil},
		{"retries off", CmdGetGroupInfo, fail(int(types.ErrGroupInternal), ""), func(c *Config) { c.MaxRetries = -1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(int, fakeRequest) (int, string) { return 200, tc.reply })
			err := newTestClient(t, f, tc.edit).Call(context.Background(), tc.command, struct{}{}, nil)
			var e *Error
			if !errors.As(err, &e) || len(f.requests()) != 1 {
				t.Fatalf("%v after %d requests, want one", err, len(f.requests()))
			}
		})
	}
}

func TestRetryOnHTTP5xx(t *testing.T) {
	f := newFake(t, func(n int, _ fakeRequest) (int, string) {
		if n == 0 {
			return http.StatusBadGateway, "<html>502 Bad Gateway</html>"
		}
		return 200, ok(`"OnlineMemberNum":7`)
	})
	n, err := newTestClient(t, f, nil).GetOnlineMemberNum(context.Background(), "@TGS#a1")
	if err != nil || n != 7 || len(f.requests()) != 2 {
		t.Fatalf("%d, %v after %d requests", n, err, len(f.requests()))
	}
}

func TestSendRetriesKeepTheRandom(t *testing.T) {
	f := newFake(t, func(n int, _ fakeRequest) (int, string) {
		if n == 0 {
			return 200, fail(int(types.ErrGroupInternal), "")
		}
		return 200, ok(`"MsgTime":1700000000,"MsgSeq":42`)
	})
	c := newTestClient(t, f, nil)
	seq, err := c.SendText(context.Background(), "@TGS#a1", "host", "hi", "High")
	if err != nil || seq != 42 {
		t.Fatal(seq, err)
	}
	reqs := f.requests()
	if len(reqs) != 2 || !bytes.Equal(reqs[0].Body, reqs[1].Body) || !bytes.Contains(reqs[0].Body, []byte(`"Random":`)) ||
		bytes.Contains(reqs[0].Body, []byte(`"Random":0`)) {
		t.Fatalf("bodies %s / %s", reqs[0].Body, reqs[1].Body)
	}
	if _, err := c.SendText(context.Background(), "@TGS#a1", "host", "hi", "Urgent"); err == nil {
		t.Fatal("an unknown priority was sent")
	}
}

func TestContextCancelStopsRetries(t *testing.T) {
	arrived := make(chan struct{}, 1)
	f := newFake(t, func(int, fakeRequest) (int, string) {
		arrived <- struct{}{}
		return 200, fail(int(types.ErrGroupInternal), "")
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.RetryBaseDelay = time.Hour })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Call(ctx, CmdGetGroupInfo, struct{}{}, nil) }()
	<-arrived
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) || len(f.requests()) != 1 {
		t.Fatalf("%v after %d requests", err, len(f.requests()))
	}
}

func TestRateLimitPerCommand(t *testing.T) {
	f := newFake(t, nil)
	c := newTestClient(t, f, func(cfg *Config) { cfg.RateLimit = 0.001; cfg.Burst = 1 })
	ctx := context.Background()
	if err := c.Call(ctx, CmdGetGroupInfo, struct{}{}, nil); err != nil {
		t.Fatal(err)
	}
	// The next get_group_info waits ~1000 s for its token: a context
	// ending sooner fails at once, without a request.
	short, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := c.Call(short, CmdGetGroupInfo, struct{}{}, nil); err == nil {
		t.Fatal("over the rate limit, the call went out")
	}
	// Another command has its own bucket.
	if err := c.Call(ctx, CmdGetOnlineMemberNum, struct{}{}, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(f.requests()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}

func TestRegions(t *testing.T) {
	for r, want := range map[Region]string{
		RegionChina: "console.tim.qq.com", RegionSingapore: "adminapisgp.im.qcloud.com",
		RegionSeoul: "adminapikr.im.qcloud.com", RegionTokyo: "adminapijpn.im.qcloud.com",
		RegionFrankfurt: "adminapiger.im.qcloud.com", RegionMumbai: "adminapiind.im.qcloud.com",
		RegionSiliconValley: "adminapiusa.im.qcloud.com", RegionJakarta: "adminapiidn.im.qcloud.com",
		Region(99): "console.tim.qq.com",
	} {
		if r.Host() != want {
			t.Errorf("%d: host %q, want %q", r, r.Host(), want)
		}
		c, err := New(Config{SDKAppID: testAppID, SecretKey: testSecret, Region: r})
		if err != nil || c.BaseURL() != "https://"+want {
			t.Errorf("%d: base %q, %v", r, c.BaseURL(), err)
		}
	}
	if RegionSingapore.BackupHost() != "adminapisgp.my-imcloud.com" || RegionChina.BackupHost() != "adminapi.my-imcloud.com" {
		t.Error("backup hosts")
	}
	c, err := New(Config{SDKAppID: testAppID, SecretKey: testSecret, Region: RegionSeoul, BaseURL: "http://127.0.0.1:9/"})
	if err != nil || c.BaseURL() != "http://127.0.0.1:9" || c.Admin() != DefaultAdmin || c.SDKAppID() != testAppID {
		t.Fatalf("BaseURL override: %v %v", c, err)
	}
}

func TestNewValidates(t *testing.T) {
	for name, cfg := range map[string]Config{
		"no SDKAppID":   {SecretKey: testSecret},
		"no key":        {SDKAppID: testAppID},
		"bad base":      {SDKAppID: testAppID, SecretKey: testSecret, BaseURL: "ftp://x"},
		"unsignable id": {SDKAppID: testAppID, SecretKey: testSecret, Admin: "\xff"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestBackoff(t *testing.T) {
	base := 100 * time.Millisecond
	for attempt, want := range []time.Duration{base, 2 * base, 4 * base, 8 * base, 16 * base, 32 * base, MaxRetryDelay, MaxRetryDelay} {
		want = min(want, MaxRetryDelay)
		for range 50 {
			if d := backoff(base, attempt); d < want/2 || d > want {
				t.Fatalf("attempt %d: %v outside [%v, %v]", attempt, d, want/2, want)
			}
		}
	}
	if d := backoff(base, 1000); d > MaxRetryDelay {
		t.Fatalf("uncapped: %v", d)
	}
}

func TestRepeatable(t *testing.T) {
	for cmd, want := range map[string]bool{
		CmdGetGroupInfo: true, CmdSendGroupMsg: true, CmdSendMsg: true, CmdForbidSendMsg: true,
		CmdCreateGroup: false, CmdDestroyGroup: false, CmdUpdateGroupCounter: false,
		CmdSendGroupSystemNotification: false, CmdDeleteGroupMember: false, "x/unknown": false,
	} {
		if Repeatable(cmd) != want {
			t.Errorf("Repeatable(%s) = %v", cmd, !want)
		}
	}
}

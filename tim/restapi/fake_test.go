package restapi

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// fakeRequest is one request the fake server got.
type fakeRequest struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// fake is an httptest REST server: it records every request and answers
// with reply(n, request), n counting from 0.
type fake struct {
	*httptest.Server
	reply func(n int, r fakeRequest) (status int, body string)

	mu   sync.Mutex
	reqs []fakeRequest
}

func newFake(t *testing.T, reply func(n int, r fakeRequest) (int, string)) *fake {
	t.Helper()
	f := &fake{reply: reply}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fr := fakeRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
		f.mu.Lock()
		n := len(f.reqs)
		f.reqs = append(f.reqs, fr)
		f.mu.Unlock()
		status, out := 200, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`
		if f.reply != nil {
			status, out = f.reply(n, fr)
		}
		w.WriteHeader(status)
		io.WriteString(w, out)
	}))
	t.Cleanup(f.Close)
	return f
}

// requests returns a copy of the requests so far.
func (f *fake) requests() []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeRequest(nil), f.reqs...)
}

// ok is a successful reply with extra fields merged in.
func ok(extra string) string {
	if extra == "" {
		return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`
	}
	return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"",` + extra + `}`
}

// fail is a failed reply with Tencent's code.
func fail(code int, info string) string {
	b, _ := json.Marshal(map[string]any{"ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": info, "RequestId": "Id-test"})
	return string(b)
}

const (
	testAppID  = 1400000001
	testSecret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

// newTestClient is a client of the fake with quick retries.
func newTestClient(t *testing.T, f *fake, edit func(*Config)) *Client {
	t.Helper()
	cfg := Config{SDKAppID: testAppID, SecretKey: testSecret, BaseURL: f.URL, RetryBaseDelay: 1}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

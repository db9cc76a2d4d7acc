package timtest

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/usersig"
)

// RESTClient calls an IM server's REST API as the App admin, the way a
// business backend calls Tencent IM:
// POST {base}/v4/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json.
// A Server embeds one for its own REST API; NewRESTClient makes one for any
// other server, Tencent IM included (base "https://console.tim.qq.com" or
// a regional host). Its methods are safe for concurrent use.
type RESTClient struct {
	base     string
	sdkAppID uint64
	secret   string
	admin    string
	client   *http.Client

	mu    sync.Mutex
	sig   string
	sigAt time.Time
}

// restReplyLimit bounds a REST reply read into memory.
const restReplyLimit = 8 << 20

// NewRESTClient returns a client for the REST API at base (no trailing
// /v4) of the app sdkAppID, signing the admin's UserSig with secretKey.
// It fails when the key or the admin identifier cannot sign a UserSig.
func NewRESTClient(base string, sdkAppID uint64, secretKey, admin string) (*RESTClient, error) {
	c := &RESTClient{base: base, sdkAppID: sdkAppID, secret: secretKey, admin: admin,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}, Timeout: 30 * time.Second}}
	if _, err := c.adminUserSig(); err != nil {
		return nil, fmt.Errorf("timtest: %w", err)
	}
	return c, nil
}

// SetTLSConfig sets the TLS configuration an https server is verified
// with (nil: the system roots), such as a TLS emulator's ClientTLSConfig.
// Set it before the first call.
func (c *RESTClient) SetTLSConfig(tc *tls.Config) {
	c.client.Transport.(*http.Transport).TLSClientConfig = tc
}

// CloseIdleConnections closes the client's idle keep-alive connections.
func (c *RESTClient) CloseIdleConnections() { c.client.CloseIdleConnections() }

// adminUserSig is the admin's UserSig, renewed when half its life is gone.
func (c *RESTClient) adminUserSig() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sig == "" || time.Since(c.sigAt) > UserSigLifetime/2 {
		sig, err := usersig.Generate(c.sdkAppID, c.secret, c.admin, UserSigLifetime)
		if err != nil {
			return "", err
		}
		c.sig, c.sigAt = sig, time.Now()
	}
	return c.sig, nil
}

// Error is a REST call that the server answered with a Tencent error code.
type Error struct {
	Command string // e.g. "group_open_http_svc/forbid_send_msg"
	Code    int    // Tencent's ErrorCode, e.g. 10010
	Info    string // ErrorInfo
}

// Error formats the command, the code and the info.
func (e *Error) Error() string { return fmt.Sprintf("timtest: %s: %d %s", e.Command, e.Code, e.Info) }

// Call sends one REST command as the App admin. req is marshalled to JSON
// (a []byte or json.RawMessage is sent as is); the reply is unmarshalled
// into resp when resp is not nil. A reply with a non-zero ErrorCode returns
// an *Error. Errors never carry the request URL: it holds the admin's
// UserSig.
func (c *RESTClient) Call(ctx context.Context, command string, req, resp any) error {
	var body []byte
	switch v := req.(type) {
	case []byte:
		body = v
	case json.RawMessage:
		body = v
	default:
		var err error
		if body, err = json.Marshal(req); err != nil {
			return fmt.Errorf("timtest: %s: %w", command, err)
		}
	}
	sig, err := c.adminUserSig()
	if err != nil {
		return fmt.Errorf("timtest: %s: %w", command, err)
	}
	q := url.Values{
		"sdkappid":    {strconv.FormatUint(c.sdkAppID, 10)},
		"identifier":  {c.admin},
		"usersig":     {sig},
		"random":      {strconv.FormatUint(uint64(rand.Uint32()), 10)},
		"contenttype": {"json"},
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/v4/"+command+"?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("timtest: %s: bad REST URL %q", command, c.base)
	}
	hr.Header.Set("Content-Type", "application/json")
	res, err := c.client.Do(hr)
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		err = ue.Err // keep the URL, and the UserSig in it, out of errors
	}
	if err != nil {
		return fmt.Errorf("timtest: %s: %w", command, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, restReplyLimit))
	if err != nil {
		return fmt.Errorf("timtest: %s: %w", command, err)
	}
	var st wire.Status
	if err := json.Unmarshal(raw, &st); err != nil {
		return fmt.Errorf("timtest: %s: HTTP %d, reply is not JSON: %.200q", command, res.StatusCode, raw)
	}
	if st.ErrorCode != 0 {
		return &Error{Command: command, Code: st.ErrorCode, Info: st.ErrorInfo}
	}
	if resp != nil {
		if err := json.Unmarshal(raw, resp); err != nil {
			return fmt.Errorf("timtest: %s: %w", command, err)
		}
	}
	return nil
}

// RESTURLOf returns the REST base of an emulator whose WebSocket base is
// wsURL (ws://host:port -> http://host:port, wss -> https): the emulator
// serves both on one address. Tencent IM's REST hosts differ from its
// WebSocket hosts (console.tim.qq.com and the regional adminapi* hosts).
func RESTURLOf(wsURL string) string {
	u, err := url.Parse(wsURL)
	if err != nil || u.Host == "" {
		return wsURL
	}
	scheme := "http"
	if u.Scheme == "wss" || u.Scheme == "https" {
		scheme = "https"
	}
	return scheme + "://" + u.Host
}

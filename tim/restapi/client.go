package restapi

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
	"strings"
	"sync"
	"time"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/usersig"
	"github.com/tim-go/sdk/types"
)

// Client calls one app's REST API as its admin, the way Tencent's REST
// overview describes (cloud.tencent.com/document/product/269/1519). Its
// methods are safe for concurrent use.
type Client struct {
	base     string
	sdkAppID uint64
	admin    string
	secret   string
	sigFunc  func(context.Context) (string, error)
	sigLife  time.Duration
	http     *http.Client
	ownHTTP  bool // http was made here: CloseIdleConnections is ours to call
	timeout  time.Duration
	retries  int
	backoff  time.Duration
	limits   *limiters        // nil without Config.RateLimit
	now      func() time.Time // the clock of UserSig renewal (tests set it)

	mu    sync.Mutex
	sig   string
	sigAt time.Time
}

// New returns a client for cfg. It fails without an SDKAppID, without a
// way to get the admin's UserSig, or when SecretKey cannot sign one.
func New(cfg Config) (*Client, error) {
	if cfg.SDKAppID == 0 {
		return nil, errors.New("restapi: Config.SDKAppID is required")
	}
	if cfg.SecretKey == "" && cfg.UserSig == nil {
		return nil, errors.New("restapi: Config.SecretKey or Config.UserSig is required")
	}
	c := &Client{
		base: strings.TrimRight(cfg.BaseURL, "/"), sdkAppID: cfg.SDKAppID, admin: cfg.Admin,
		secret: cfg.SecretKey, sigFunc: cfg.UserSig, sigLife: cfg.UserSigLifetime,
		http: cfg.HTTPClient, timeout: cfg.Timeout, retries: cfg.MaxRetries, backoff: cfg.RetryBaseDelay,
		now: time.Now,
	}
	if c.base == "" {
		c.base = cfg.Region.BaseURL()
	}
	if u, err := url.Parse(c.base); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("restapi: BaseURL %q is not an http(s) URL", cfg.BaseURL)
	}
	if c.admin == "" {
		c.admin = DefaultAdmin
	}
	if c.sigLife <= 0 {
		c.sigLife = DefaultUserSigLifetime
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.retries == 0 {
		c.retries = DefaultMaxRetries
	} else if c.retries < 0 {
		c.retries = 0
	}
	if c.backoff <= 0 {
		c.backoff = DefaultRetryBaseDelay
	}
	if c.http == nil {
		c.http = &http.Client{Transport: &http.Transport{
			Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: 16,
			IdleConnTimeout: 90 * time.Second, TLSClientConfig: cfg.TLSConfig,
		}}
		c.ownHTTP = true
	}
	if cfg.RateLimit > 0 {
		c.limits = newLimiters(cfg.RateLimit, cfg.Burst)
	}
	if c.sigFunc == nil {
		if _, err := c.adminUserSig(context.Background()); err != nil {
			return nil, fmt.Errorf("restapi: admin UserSig: %w", err)
		}
	}
	return c, nil
}

// SDKAppID is the app the client calls for.
func (c *Client) SDKAppID() uint64 { return c.sdkAppID }

// Admin is the App admin identifier the client calls as.
func (c *Client) Admin() string { return c.admin }

// BaseURL is the scheme and host the client posts to.
func (c *Client) BaseURL() string { return c.base }

// CloseIdleConnections closes the idle keep-alive connections of the
// client's own HTTP client (not of a Config.HTTPClient).
func (c *Client) CloseIdleConnections() {
	if c.ownHTTP {
		c.http.CloseIdleConnections()
	}
}

// adminUserSig returns the admin's UserSig: Config.UserSig's, or one made
// from the secret key and renewed when half its life is gone.
func (c *Client) adminUserSig(ctx context.Context) (string, error) {
	if c.sigFunc != nil {
		return c.sigFunc(ctx)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if c.sig == "" || now.Sub(c.sigAt) >= c.sigLife/2 || now.Before(c.sigAt) {
		sig, err := usersig.GenerateAt(c.sdkAppID, c.secret, c.admin, c.sigLife, now)
		if err != nil {
			return "", err
		}
		c.sig, c.sigAt = sig, now
	}
	return c.sig, nil
}

// status is the part of every reply that says how the call went.
type status struct {
	ActionStatus string     `json:"ActionStatus"`
	ErrorCode    types.Code `json:"ErrorCode"`
	ErrorInfo    string     `json:"ErrorInfo"`
	RequestID    string     `json:"RequestId"`
}

// Call sends one command ("service/command", e.g.
// "group_open_http_svc/get_group_info") as the App admin. req is
// marshalled to JSON (a []byte or json.RawMessage is sent as is); the
// reply is unmarshalled into resp unless resp is nil. A reply with a
// non-zero ErrorCode returns an *Error. A command in the repeatable table
// (see Repeatable) is retried as the package doc says; the body is the
// same bytes on every try.
func (c *Client) Call(ctx context.Context, command string, req, resp any) error {
	var body []byte
	switch v := req.(type) {
	case []byte:
		body = v
	case json.RawMessage:
		body = v
	default:
		var err error
		if body, err = json.Marshal(req); err != nil {
			return fmt.Errorf("restapi: %s: %w", command, err)
		}
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	retries := 0
	if Repeatable(command) {
		retries = c.retries
	}
	for attempt := 0; ; attempt++ {
		if c.limits != nil {
			if err := c.limits.wait(ctx, command); err != nil {
				return fmt.Errorf("restapi: %s: %w", command, err)
			}
		}
		err, again := c.post(ctx, command, body, resp)
		if err == nil || !again || attempt >= retries || ctx.Err() != nil {
			return err
		}
		if err := sleep(ctx, backoff(c.backoff, attempt)); err != nil {
			return fmt.Errorf("restapi: %s: %w", command, err)
		}
	}
}

// call is Call for the typed methods that return their reply: it
// decodes the reply into a new T.
func call[T any](ctx context.Context, c *Client, command string, req any) (*T, error) {
	var resp T
	if err := c.Call(ctx, command, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// post sends one request; again reports whether the failure is worth a
// retry (a "retry later" code, HTTP 5xx or 429, a network error).
func (c *Client) post(ctx context.Context, command string, body []byte, resp any) (err error, again bool) {
	sig, err := c.adminUserSig(ctx)
	if err != nil {
		return fmt.Errorf("restapi: %s: admin UserSig: %w", command, err), false
	}
	q := url.Values{
		wire.RESTQuerySDKAppID:    {strconv.FormatUint(c.sdkAppID, 10)},
		wire.RESTQueryIdentifier:  {c.admin},
		wire.RESTQueryUserSig:     {sig},
		wire.RESTQueryRandom:      {strconv.FormatUint(uint64(rand.Uint32()), 10)},
		wire.RESTQueryContentType: {wire.ContentTypeJSON},
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+wire.RESTPathPrefix+command+"?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("restapi: %s: bad command or base URL", command), false
	}
	hr.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(hr)
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		err = ue.Err // keep the URL, and the UserSig in it, out of errors
	}
	if err != nil {
		// A certificate that fails verification fails again: not retried.
		var cv *tls.CertificateVerificationError
		return fmt.Errorf("restapi: %s: %w", command, err), ctx.Err() == nil && !errors.As(err, &cv)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, maxReply+1))
	if err != nil {
		return fmt.Errorf("restapi: %s: reading the reply: %w", command, err), ctx.Err() == nil
	}
	if len(raw) > maxReply {
		return fmt.Errorf("restapi: %s: reply over %d bytes", command, maxReply), false
	}
	var st status
	if err := json.Unmarshal(raw, &st); err != nil || (res.StatusCode >= 500 && st.ErrorCode == 0) {
		he := &httpStatusError{status: res.StatusCode, body: raw}
		return fmt.Errorf("restapi: %s: %w", command, he), he.retryable()
	}
	if st.ErrorCode != 0 {
		return &Error{Command: command, Code: st.ErrorCode, Info: st.ErrorInfo, RequestID: st.RequestID}, st.ErrorCode.RetryLater()
	}
	if resp != nil {
		if err := json.Unmarshal(raw, resp); err != nil {
			return fmt.Errorf("restapi: %s: decoding the reply: %w", command, err), false
		}
	}
	return nil, false
}

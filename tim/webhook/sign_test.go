package webhook_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/webhook"
)

// Tencent's signature sample (trtc.io/document/34354, "Security
// Considerations"): Token=xxxxyyyy, RequestTime=1669872112.
const (
	sampleToken = "xxxxyyyy"
	sampleTime  = 1669872112
	sampleSign  = "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"
)

func TestSignMatchesTencentsSample(t *testing.T) {
	if got := webhook.Sign(sampleToken, sampleTime); got != sampleSign {
		t.Errorf("Sign(%q, %d) = %s, want %s", sampleToken, sampleTime, got, sampleSign)
	}
}

func TestVerify(t *testing.T) {
	at := time.Unix(sampleTime, 0)
	signed := webhook.Query{Sign: sampleSign, RequestTime: sampleTime}
	for _, c := range []struct {
		name  string
		token string
		q     webhook.Query
		now   time.Time
		skew  time.Duration
		want  error
	}{
		{"signed now", sampleToken, signed, at, 0, nil},
		{"upper-case hex", sampleToken, webhook.Query{Sign: strings.ToUpper(sampleSign), RequestTime: sampleTime}, at, 0, nil},
		{"59 s late", sampleToken, signed, at.Add(59 * time.Second), 0, nil},
		{"59 s early", sampleToken, signed, at.Add(-59 * time.Second), 0, nil},
		{"replayed 61 s later", sampleToken, signed, at.Add(61 * time.Second), 0, webhook.ErrStale},
		{"61 s in the future", sampleToken, signed, at.Add(-61 * time.Second), 0, webhook.ErrStale},
		{"wider skew", sampleToken, signed, at.Add(5 * time.Minute), 10 * time.Minute, nil},
		{"other token", "xxxxyyyz", signed, at, 0, webhook.ErrBadSign},
		{"other time", sampleToken, webhook.Query{Sign: sampleSign, RequestTime: sampleTime + 1}, at, 0, webhook.ErrBadSign},
		{"no Sign", sampleToken, webhook.Query{RequestTime: sampleTime}, at, 0, webhook.ErrUnsigned},
		{"no RequestTime", sampleToken, webhook.Query{Sign: sampleSign}, at, 0, webhook.ErrUnsigned},
	} {
		if err := webhook.Verify(c.token, c.q, c.now, c.skew); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%s: Verify = %v, want %v", c.name, err, c.want)
		}
	}
}

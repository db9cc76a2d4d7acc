package cluster

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tim-go/sdk/internal/server"
)

// sessionTTL bounds how long a session record outlives its last change:
// longer than any UserSig the emulator accepts is not needed for a test
// cluster, and the bucket must not grow for ever.
const sessionTTL = 24 * time.Hour

// maxSessionRecord clamps a record read from the bucket.
const maxSessionRecord = 1 << 20

// SessionKV keeps an application's sessions in the JetStream key-value
// bucket TIM_<sdkappid>_SESSIONS, one key per A2 (hex: any A2 is a valid
// key), the value a JSON server.SessionRecord.
type SessionKV struct{ kv jetstream.KeyValue }

// NewSessionKV creates (or opens) the bucket of application sdkAppID.
func NewSessionKV(ctx context.Context, js jetstream.JetStream, sdkAppID uint64, storage Storage) (*SessionKV, error) {
	name := "TIM_" + strconv.FormatUint(sdkAppID, 10) + "_SESSIONS"
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: name, TTL: sessionTTL, Storage: storage})
	if err != nil {
		return nil, fmt.Errorf("cluster: bucket %s: %w", name, err)
	}
	return &SessionKV{kv: kv}, nil
}

func sessionKey(a2 string) string { return hex.EncodeToString([]byte(a2)) }

// PutSession implements server.SessionStore.
func (s *SessionKV) PutSession(ctx context.Context, a2 string, rec server.SessionRecord) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	_, err = s.kv.Put(ctx, sessionKey(a2), b)
	return err
}

// GetSession implements server.SessionStore.
func (s *SessionKV) GetSession(ctx context.Context, a2 string) (server.SessionRecord, bool, error) {
	e, err := s.kv.Get(ctx, sessionKey(a2))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return server.SessionRecord{}, false, nil
	}
	if err != nil {
		return server.SessionRecord{}, false, err
	}
	if len(e.Value()) > maxSessionRecord {
		return server.SessionRecord{}, false, fmt.Errorf("cluster: session record of %d bytes", len(e.Value()))
	}
	var rec server.SessionRecord
	if err := json.Unmarshal(e.Value(), &rec); err != nil || rec.UserID == "" {
		return server.SessionRecord{}, false, fmt.Errorf("cluster: bad session record: %v", err)
	}
	return rec, true, nil
}

// DeleteSession implements server.SessionStore.
func (s *SessionKV) DeleteSession(ctx context.Context, a2 string) error {
	err := s.kv.Delete(ctx, sessionKey(a2))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil
	}
	return err
}

package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
	"github.com/tim-go/sdk/types"
)

// admin is the REST side: it creates the room and destroys it at the end.
type admin interface {
	CreateRoom(ctx context.Context, groupID, name string) (string, error)
	DestroyRoom(ctx context.Context, groupID string) error
}

// backend is the server the run loads.
type backend struct {
	desc     string
	sdkAppID uint64
	wsURL    string // of an emulator child, for the sender child and Node
	opts     []tim.Option
	secret   string
	admin    admin
	// emulator reads the emulator's figures when the harness started it
	// (nil for -server); gc asks for a collection first.
	emulator func(ctx context.Context, room string, gc bool) (*emulatorStats, error)
	close    func()
}

// emulatorStats is what the embedded emulator tells about itself.
type emulatorStats struct {
	Proc    *procSample   `json:"proc,omitempty"` // its own process; nil when it shares the harness's
	Dropped int64         `json:"dropped"`        // messages the room budget shed
	Stats   timtest.Stats `json:"stats"`
}

// userSigLifetime: the run is short.
const userSigLifetime = timtest.UserSigLifetime

// connect starts the embedded emulator (in this process or a child) or
// describes -server.
func connect(ctx context.Context, cfg config) (*backend, error) {
	switch {
	case cfg.Server != "":
		return remote(cfg)
	case cfg.Emulator == "child":
		return startChild(ctx, cfg)
	}
	srv := timtest.NewServer(timtest.Options{Delivery: cfg.Delivery, Admin: cfg.Admin, DisableCompression: !cfg.Compress, TLS: cfg.TLS,
		PushBatch: cfg.PushBatch})
	return &backend{
		desc:     fmt.Sprintf("embedded emulator in this process at %s (SDKAppID %d, %s delivery%s)", srv.URL, srv.SDKAppID, cfg.Delivery, plainNote(cfg)),
		sdkAppID: srv.SDKAppID,
		opts:     []tim.Option{tim.WithProxyServer(srv.URL), tim.WithTLSConfig(srv.ClientTLSConfig())},
		secret:   srv.SecretKey,
		admin:    srv,
		emulator: func(_ context.Context, room string, _ bool) (*emulatorStats, error) {
			return &emulatorStats{Dropped: sumDropped(srv.Dropped(room)), Stats: srv.Stats()}, nil
		},
		close: srv.Close,
	}, nil
}

// plainNote marks an emulator that sends plain frames.
func plainNote(cfg config) string {
	note := ""
	if cfg.PushBatch > 0 {
		note = fmt.Sprintf(", push batch %v", cfg.PushBatch)
	}
	if !cfg.Compress {
		note += ", plain frames"
	}
	return note
}

// remote is another server, reached with its SDKAppID and secret key.
func remote(cfg config) (*backend, error) {
	ra, err := restapi.New(restapi.Config{BaseURL: cfg.restBase(), SDKAppID: cfg.SDKAppID, SecretKey: cfg.Secret, Admin: cfg.Admin})
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	return &backend{
		desc:     fmt.Sprintf("%s (SDKAppID %d; REST %s)", cfg.Server, cfg.SDKAppID, cfg.restBase()),
		sdkAppID: cfg.SDKAppID,
		opts:     []tim.Option{tim.WithProxyServer(cfg.Server)},
		secret:   cfg.Secret,
		admin:    ra,
		close:    ra.CloseIdleConnections,
	}, nil
}

// userSig signs id's UserSig.
func (b *backend) userSig(id string) (string, error) {
	return usersig.Generate(b.sdkAppID, b.secret, id, userSigLifetime)
}

func sumDropped(m map[types.Priority]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// randomSecret is a fresh key for an emulator the harness starts.
func randomSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

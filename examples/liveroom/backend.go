package main

import (
	"context"
	"fmt"
	"time"

	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
)

// admin is the REST side of the scene, as the App admin: the embedded
// *timtest.Server, or a *restapi.Client for any other server.
type admin interface {
	CreateRoom(ctx context.Context, groupID, name string) (string, error)
	DestroyRoom(ctx context.Context, groupID string) error
	Mute(ctx context.Context, groupID, userID string, seconds int64) error
	SystemNotice(ctx context.Context, groupID, content string) error
	ModifyRoom(ctx context.Context, groupID string, change restapi.RoomChange) error
}

// backend is the server the scene plays on.
type backend struct {
	desc     string // for the header
	sdkAppID uint64
	opts     []tim.Option
	// sig returns a user's UserSig; ok is false for users it cannot sign
	// (with -usersig, everyone but the host).
	sig   func(userID string) (string, bool)
	admin admin // nil without the secret
	close func()
}

// userSigLifetime is how long the scene's UserSigs live: the scene is short.
const userSigLifetime = 24 * time.Hour

// connect starts the embedded emulator or describes the remote server.
func connect(cfg config) (*backend, error) {
	if cfg.Server == "" {
		srv := timtest.NewServer(timtest.Options{Delivery: cfg.Delivery})
		return &backend{
			desc:     fmt.Sprintf("embedded emulator at %s (SDKAppID %d, %s delivery)", srv.URL, srv.SDKAppID, cfg.Delivery),
			sdkAppID: srv.SDKAppID,
			opts:     []tim.Option{tim.WithProxyServer(srv.URL)},
			sig:      func(id string) (string, bool) { return srv.UserSig(id), true },
			admin:    srv,
			close:    srv.Close,
		}, nil
	}
	b := &backend{sdkAppID: cfg.SDKAppID, close: func() {}}
	if cfg.Server == serverTencent {
		b.desc = fmt.Sprintf("Tencent IM, SDKAppID %d (site %v)", cfg.SDKAppID, tim.SiteOf(cfg.SDKAppID, cfg.Oversea).Hosts()[0])
		b.opts = []tim.Option{tim.WithOversea(cfg.Oversea)}
	} else {
		b.desc = fmt.Sprintf("%s, SDKAppID %d", cfg.Server, cfg.SDKAppID)
		b.opts = []tim.Option{tim.WithProxyServer(cfg.Server)}
	}
	if cfg.Secret == "" {
		b.sig = func(id string) (string, bool) { return cfg.UserSig, id == cfg.UserID }
		b.desc += "; one UserSig: viewers are guests, no REST admin"
		return b, nil
	}
	if _, err := usersig.Generate(cfg.SDKAppID, cfg.Secret, cfg.Admin, userSigLifetime); err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	b.sig = func(id string) (string, bool) {
		sig, err := usersig.Generate(cfg.SDKAppID, cfg.Secret, id, userSigLifetime)
		return sig, err == nil
	}
	ra, err := restapi.New(restapi.Config{BaseURL: cfg.restBase(), SDKAppID: cfg.SDKAppID, SecretKey: cfg.Secret, Admin: cfg.Admin})
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	b.admin, b.close = ra, ra.CloseIdleConnections
	b.desc += "; REST " + cfg.restBase()
	return b, nil
}

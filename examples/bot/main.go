// Command bot joins a live room on any server, Tencent IM or an emulator,
// and answers commands:
//
//	!ping    pong, with the round trip of one request to the server
//	!online  the room's online count
//	!help    the list
//
// It reports mutes and system notices to its log. Ctrl-C quits the room,
// logs out and exits.
//
//	go run ./examples/bot -sdkappid 1400000000 -userid bot -secret KEY -group @TGS#aROOM
//	go run ./examples/bot -server ws://127.0.0.1:8080 -sdkappid 1400000001 -userid bot -usersig SIG -group @TGS#aROOM
//
// A bot must log in (a guest cannot send): give -usersig, or -secret to
// make the UserSig here, which only belongs on a machine you trust.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/usersig"
)

// userSigLifetime is the life of a UserSig made from -secret.
const userSigLifetime = 7 * 24 * time.Hour

func main() {
	server := flag.String("server", "tencent", `"tencent" for Tencent IM's hosts (picked from -sdkappid), or a ws:// URL`)
	oversea := flag.Bool("oversea", false, "with -server tencent: the oversea hosts")
	appID := flag.Uint64("sdkappid", 0, "SDKAppID of the app (required)")
	userID := flag.String("userid", "bot", "the bot's user ID")
	sig := flag.String("usersig", "", "the bot's UserSig")
	secret := flag.String("secret", "", "the app's secret key, to make the UserSig here instead")
	group := flag.String("group", "", "the live room to join (required)")
	flag.Parse()

	cfg, err := configure(*server, *oversea, *appID, *userID, *sig, *secret, *group)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bot:", err)
		flag.Usage()
		os.Exit(2)
	}
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	b, err := New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := b.Run(ctx); err != nil {
		cfg.Logger.Error("exit", "err", err)
		os.Exit(1)
	}
}

// configure turns the flags into a Config.
func configure(server string, oversea bool, appID uint64, userID, sig, secret, group string) (Config, error) {
	cfg := Config{SDKAppID: appID, UserID: userID, UserSig: sig, GroupID: group}
	switch {
	case appID == 0:
		return cfg, errors.New("-sdkappid is required")
	case group == "":
		return cfg, errors.New("-group is required")
	case sig != "" && secret != "":
		return cfg, errors.New("give -usersig or -secret, not both")
	case sig == "" && secret == "":
		return cfg, errors.New("-usersig or -secret is required: a guest cannot answer")
	}
	switch {
	case server == "tencent":
		cfg.Options = []tim.Option{tim.WithOversea(oversea)}
	case strings.HasPrefix(server, "ws://"), strings.HasPrefix(server, "wss://"):
		cfg.Options = []tim.Option{tim.WithProxyServer(server)}
	default:
		return cfg, errors.New(`-server is "tencent" or a ws:// or wss:// URL`)
	}
	if secret != "" {
		s, err := usersig.Generate(appID, secret, userID, userSigLifetime)
		if err != nil {
			return cfg, err
		}
		cfg.UserSig = s
	}
	return cfg, nil
}

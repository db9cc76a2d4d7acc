// Command backend is the business server of a live room: what a streamer's
// backend does with Tencent IM's webhooks and REST API, as one program.
//
//   - Danmaku review before delivery (Group.CallbackBeforeSendMsg): a text
//     with a blocked word is refused with the backend's code 10101, which
//     the sender sees; a masked word is delivered starred.
//   - Likes are Low-priority custom messages (Desc "like", Data the count);
//     the after-send webhook adds them up and a batcher writes them to the
//     room's counter "likes" (update_group_counter) once a second.
//   - The host moderates by typing commands as custom messages (Desc "cmd"):
//     "mute viewer03 10m", "unmute viewer03", "ban viewer05 1h",
//     "unban viewer05". The before-send webhook drops them from the stream
//     and a worker carries them out over REST (forbid_send_msg,
//     ban_group_member, unban_group_member); anyone else's command is
//     refused with 10102.
//   - System notices on a schedule (send_group_system_notification).
//   - Join and exit bookkeeping from the member webhooks: online users, peak.
//
// By default it runs on the embedded emulator, with scripted viewers (a
// host, viewers, guests on their own Go SDK instances), for ten seconds,
// then prints a summary:
//
//	go run ./examples/backend
//
// Against Tencent IM, with the console's callback URL pointing at -listen
// and its callback token given as -token (see README.md):
//
//	go run ./examples/backend -sdkappid 1400000000 -secret KEY -token TOKEN -region singapore -listen :8080 -viewers 0 -duration 0
//
// With -viewers 0 it runs no scripted viewers (a real room's viewers are
// real people) and serves until Ctrl-C (-duration 0); otherwise scripted
// viewers log in with UserSigs made from the secret. Ctrl-C stops early,
// with the summary.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	cfg := defaultConfig()
	flag.Uint64Var(&cfg.SDKAppID, "sdkappid", 0, "Tencent IM app (0: the embedded emulator)")
	flag.StringVar(&cfg.Secret, "secret", "", "the app's secret key (the REST admin's UserSig, the scripted viewers')")
	flag.StringVar(&cfg.Token, "token", "", "the callback authentication token set in the console")
	flag.StringVar(&cfg.Region, "region", "", "the app's REST region: china (default), singapore, seoul, tokyo, frankfurt, mumbai, siliconvalley, jakarta")
	flag.StringVar(&cfg.REST, "rest", "", "REST base URL instead of -region (e.g. an emulator's http://127.0.0.1:PORT)")
	flag.StringVar(&cfg.WS, "ws", "", "WebSocket URL for the scripted viewers (default: Tencent's hosts for -sdkappid)")
	flag.StringVar(&cfg.Listen, "listen", "", "address the webhook listener serves "+callbackPath+" on (default "+defaultListenEmbedded+" embedded, "+defaultListenTencent+" with -sdkappid)")
	flag.StringVar(&cfg.Admin, "admin", cfg.Admin, "the App admin identifier of the REST API")
	flag.StringVar(&cfg.Group, "group", "", "an existing AVChatRoom (default: create one, and destroy it at the end)")
	flag.StringVar(&cfg.Host, "host", cfg.Host, "the host's user ID: only their commands are carried out")
	flag.IntVar(&cfg.Viewers, "viewers", cfg.Viewers, "scripted viewers, every fourth a guest (0: none, with -sdkappid)")
	flag.DurationVar(&cfg.Duration, "duration", cfg.Duration, "how long the room plays (0 with -viewers 0: until Ctrl-C)")
	flag.Float64Var(&cfg.Rate, "rate", cfg.Rate, "scripted viewer messages per second, all kinds")
	blocked := flag.String("blocked", strings.Join(cfg.Blocked, ","), "comma-separated words that get a danmaku refused")
	masked := flag.String("masked", strings.Join(cfg.Masked, ","), "comma-separated words delivered starred")
	flag.StringVar(&cfg.LikeKey, "likekey", cfg.LikeKey, "the room counter of likes")
	flag.DurationVar(&cfg.LikeFlush, "likeflush", cfg.LikeFlush, "how often likes are written to the counter")
	flag.DurationVar(&cfg.NoticeEvery, "notice", cfg.NoticeEvery, "system notice period (0: none)")
	flag.StringVar(&cfg.NoticeText, "noticetext", cfg.NoticeText, "the system notice")
	flag.Parse()
	cfg.Blocked, cfg.Masked = splitList(*blocked), splitList(*masked)
	if err := cfg.check(); err != nil {
		fmt.Fprintln(os.Stderr, "backend:", err)
		flag.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once
	}()
	sum, err := run(ctx, cfg, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "backend:", err)
		os.Exit(1)
	}
	if len(sum.Errors) > 0 {
		os.Exit(1)
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/types"
)

// Config is what a bot needs: who it is and which room it serves.
type Config struct {
	SDKAppID uint64
	UserID   string
	UserSig  string
	GroupID  string
	Options  []tim.Option // the server: tim.WithProxyServer, tim.WithOversea…
	Logger   *slog.Logger // default slog.Default()
}

// Bot is a logged-in member of one live room that answers commands and
// reports what moderators do.
type Bot struct {
	cfg    Config
	log    *slog.Logger
	t      *tim.TIM
	ctx    context.Context // Run's, for the answers sent from handlers
	joined chan struct{}
	stop   chan error // a reason to stop on its own: kicked, room gone
	limit  *limiter
	ran    atomic.Bool
}

// leaveTimeout bounds the clean exit (quit, logout, destroy) after Ctrl-C.
const leaveTimeout = 10 * time.Second

// replyTimeout bounds one answer.
const replyTimeout = 10 * time.Second

// ErrGuest is returned for a bot without a UserSig: a guest cannot send,
// so it could not answer.
var ErrGuest = errors.New("bot: a bot answers, so it must log in: give a user ID and a UserSig")

// New checks cfg and returns a bot; Run starts it.
func New(cfg Config) (*Bot, error) {
	switch {
	case cfg.UserID == "" || cfg.UserSig == "":
		return nil, ErrGuest
	case cfg.GroupID == "":
		return nil, errors.New("bot: no room (group ID)")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Bot{cfg: cfg, log: cfg.Logger, joined: make(chan struct{}), stop: make(chan error, 1),
		limit: newLimiter(answerBurst, answerEvery)}, nil
}

// Joined is closed once the bot is in the room.
func (b *Bot) Joined() <-chan struct{} { return b.joined }

// Run logs in, joins the room and serves until ctx ends, then quits the
// room, logs out and destroys the instance, and returns nil. It returns an
// error when it cannot log in or join, or when it is kicked out or the room
// goes away. A bot runs once.
func (b *Bot) Run(ctx context.Context) error {
	if b.ran.Swap(true) {
		return errors.New("bot: Run called twice")
	}
	b.ctx = ctx
	b.t = tim.New(b.cfg.SDKAppID, b.cfg.Options...)
	tim.On(b.t, tim.MessageReceived, b.onMessages)
	tim.On(b.t, tim.KickedOut, func(e tim.KickedOutEvent) {
		b.quit(fmt.Errorf("bot: kicked out (%s)", e.Type))
	})
	tim.On(b.t, tim.NetStateChange, func(e tim.NetStateEvent) {
		b.log.Info("network", "state", e.State)
	})
	if err := b.start(ctx); err != nil {
		b.leave(ctx, false)
		return err
	}
	close(b.joined)
	var err error
	select {
	case <-ctx.Done():
		b.log.Info("stopping")
	case err = <-b.stop:
		b.log.Error("stopping", "reason", err)
	}
	b.leave(ctx, err == nil)
	return err
}

// start logs in and joins the room.
func (b *Bot) start(ctx context.Context) error {
	if err := b.t.Login(ctx, b.cfg.UserID, b.cfg.UserSig); err != nil {
		return fmt.Errorf("bot: login as %s: %w", b.cfg.UserID, err)
	}
	res, err := b.t.JoinGroup(ctx, b.cfg.GroupID)
	if err != nil {
		return fmt.Errorf("bot: join %s: %w", b.cfg.GroupID, err)
	}
	name := ""
	if res.Group != nil {
		name = res.Group.Name
	}
	b.log.Info("joined", "user", b.cfg.UserID, "room", b.cfg.GroupID, "name", name, "status", res.Status)
	return nil
}

// leave quits the room (when still in it), logs out and destroys the
// instance, even after ctx ended.
func (b *Bot) leave(ctx context.Context, inRoom bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), leaveTimeout)
	defer cancel()
	if inRoom {
		if err := b.t.QuitGroup(ctx, b.cfg.GroupID); err != nil {
			b.log.Warn("quit room", "room", b.cfg.GroupID, "err", err)
		} else {
			b.log.Info("left room", "room", b.cfg.GroupID)
		}
	}
	if b.t.IsReady() {
		if err := b.t.Logout(ctx); err != nil {
			b.log.Warn("logout", "err", err)
		} else {
			b.log.Info("logged out")
		}
	}
	_ = b.t.Destroy(ctx) // always succeeds
}

// quit asks Run to stop with err (the first reason wins).
func (b *Bot) quit(err error) {
	select {
	case b.stop <- err:
	default:
	}
}

// onMessages handles what arrives: commands, mutes, notices.
func (b *Bot) onMessages(msgs []*message.Message) {
	for _, m := range msgs {
		switch p := m.Payload.(type) {
		case *message.TextPayload:
			if m.To == b.cfg.GroupID {
				b.command(m, p.Text)
			}
		case *message.GroupTipPayload:
			if p.GroupProfile.GroupID == b.cfg.GroupID {
				b.reportTip(p)
			}
		case *message.GroupSystemNoticePayload:
			if p.GroupProfile.GroupID == b.cfg.GroupID {
				b.reportNotice(p)
			}
		}
	}
}

// reportTip logs mutes and unmutes.
func (b *Bot) reportTip(p *message.GroupTipPayload) {
	if p.OperationType != types.GrpTipMbrProfileUpdated {
		return
	}
	for _, mm := range p.MemberList {
		if mm.MuteTime > 0 {
			b.log.Info("mute", "user", mm.UserID, "for", time.Duration(mm.MuteTime)*time.Second, "by", p.OperatorID)
		} else {
			b.log.Info("unmute", "user", mm.UserID, "by", p.OperatorID)
		}
	}
}

// reportNotice logs system notices; one that takes the room away (dismissed,
// kicked, banned) stops the bot.
func (b *Bot) reportNotice(p *message.GroupSystemNoticePayload) {
	b.log.Info("notice", "type", p.OperationType, "by", p.OperatorID, "text", p.UserDefinedField)
	if p.OperationType.RemovesGroup() {
		b.quit(fmt.Errorf("bot: out of room %s (%s)", b.cfg.GroupID, p.OperationType))
	}
}

package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tim-go/sdk/types"
)

// The host's script, as shares of the duration: mute a viewer, let a
// viewer try a command, ban another viewer, then lift both. Each step waits
// for the backend to carry the previous one out, so a slow machine plays
// the whole script, later.
const (
	muteAt     = 0.2
	banAt      = 0.4
	unmuteAt   = 0.65
	unbanAt    = 0.8
	mutedTries = 2 // sends of the muted viewer while muted
)

// script plays the host's part until it is done or ctx ends.
func (sc *scene) script(ctx context.Context) {
	start := time.Now()
	at := func(share float64) bool {
		t := time.NewTimer(time.Until(start.Add(time.Duration(share * float64(sc.cfg.Duration)))))
		defer t.Stop()
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		}
	}
	steps := []struct {
		share float64
		do    func(context.Context) error
	}{
		{muteAt, sc.mute}, {banAt, sc.ban}, {unmuteAt, sc.unmute}, {unbanAt, sc.unban},
	}
	for _, step := range steps {
		if !at(step.share) {
			return
		}
		if err := step.do(ctx); err != nil {
			sc.feed.printf("script", "%v", err)
			sc.mu.Lock()
			sc.st.ScriptErrors = append(sc.st.ScriptErrors, err.Error())
			sc.mu.Unlock()
			if ctx.Err() != nil {
				return
			}
		}
	}
}

// command has the host type text (a custom message, Desc "cmd", High
// priority) and waits until the backend has carried it out.
func (sc *scene) command(ctx context.Context, text string) error {
	c, err := parseCommand(text)
	if err != nil {
		return err
	}
	sc.feed.printf(sc.host.id, "types %q", text)
	if _, err := sc.sendCustom(sc.host, commandDesc, text, types.MsgPriorityHigh); err != nil {
		return fmt.Errorf("host: %q not sent: %w", text, err)
	}
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	r, err := sc.srv.mod.wait(ctx, c.String())
	if err == nil {
		err = r.err
	}
	return err
}

// mute: the host mutes a viewer, who then tries to talk (10017 each time),
// and another viewer tries a command (refused: only the host moderates).
func (sc *scene) mute(ctx context.Context) error {
	if err := sc.command(ctx, "mute "+sc.muted.id+" 10m"); err != nil {
		return err
	}
	for range mutedTries {
		code := sc.danmaku(sc.muted, "why can't I talk?")
		sc.feed.printf(sc.muted.id, "sends while muted: %s", codeText(code))
		sc.mu.Lock()
		sc.st.MutedCodes = append(sc.st.MutedCodes, code)
		sc.mu.Unlock()
	}
	text := "unmute " + sc.muted.id
	sc.feed.printf(sc.critic.id, "types %q", text)
	_, err := sc.sendCustom(sc.critic, commandDesc, text, types.MsgPriorityHigh)
	code := codeOf(err)
	sc.mu.Lock()
	sc.st.CriticCode = code
	if err != nil {
		sc.refusedLocked(err)
	}
	sc.mu.Unlock()
	sc.feed.printf(sc.critic.id, "command refused: %s", codeText(code))
	return nil
}

// ban: the host bans a viewer; once its SDK got the ban notice, it tries to
// rejoin (10007).
func (sc *scene) ban(ctx context.Context) error {
	sc.setSender(sc.banned, false)
	if err := sc.command(ctx, "ban "+sc.banned.id+" 1h"); err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	for !sc.banned.bannedSeen.Load() {
		select {
		case <-wctx.Done():
			return fmt.Errorf("%s never got the ban notice (21)", sc.banned.id)
		case <-time.After(pollEvery):
		}
	}
	_, err := sc.banned.t.JoinGroup(wctx, sc.room)
	code := codeOf(err)
	sc.mu.Lock()
	sc.st.BanRejoinCode = code
	sc.mu.Unlock()
	sc.feed.printf(sc.banned.id, "got the ban notice; rejoining: %s", codeText(code))
	return nil
}

// unmute: the host lifts the mute.
func (sc *scene) unmute(ctx context.Context) error {
	return sc.command(ctx, "unmute "+sc.muted.id)
}

// unban: the host lifts the ban; the viewer rejoins and takes part again.
func (sc *scene) unban(ctx context.Context) error {
	if err := sc.command(ctx, "unban "+sc.banned.id); err != nil {
		return err
	}
	jctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if _, err := sc.banned.t.JoinGroup(jctx, sc.room); err != nil {
		return fmt.Errorf("%s: rejoin after the unban: %w", sc.banned.id, err)
	}
	sc.mu.Lock()
	sc.st.Rejoined = true
	sc.mu.Unlock()
	sc.setSender(sc.banned, true)
	sc.feed.printf(sc.banned.id, "rejoined after the unban")
	return nil
}

// setSender adds v to or takes it from the traffic's senders.
func (sc *scene) setSender(v *viewer, on bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.senders = slices.DeleteFunc(sc.senders, func(x *viewer) bool { return x == v })
	if on {
		sc.senders = append(sc.senders, v)
	}
}

// codeText names a send's outcome.
func codeText(code int) string {
	switch code {
	case 0:
		return "accepted"
	case -1:
		return "failed (no code)"
	case codeBlockedWord, codeCommandRefused:
		return fmt.Sprintf("%d (the backend's reject code)", code)
	}
	c := types.Code(code)
	return fmt.Sprintf("%d %s", code, c.Meaning())
}

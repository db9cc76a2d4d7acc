package main

import (
	"fmt"
	"strings"
	"time"
)

// Moderation commands a host types into the room as custom messages
// (Desc "cmd", Data the command): the backend's before-send webhook takes
// them out of the stream and carries them out over the REST API.
//
//	mute viewer03 10m    forbid_send_msg, MuteTime 600
//	unmute viewer03      forbid_send_msg, MuteTime 0
//	ban viewer05 1h      ban_group_member, Duration 3600 (default 1h)
//	unban viewer05       unban_group_member

// commandDesc marks a custom message as a moderation command.
const commandDesc = "cmd"

// command is one parsed moderation command.
type command struct {
	verb string        // mute, unmute, ban, unban
	user string        // the member it applies to
	dur  time.Duration // mute and ban: how long
}

// Bounds Tencent puts on the durations (MuteTime and Duration are
// seconds, 4294967295 at most: forever).
const (
	defaultBan = time.Hour
	maxCommand = 4294967295 * time.Second
)

// parseCommand reads "verb user [duration]".
func parseCommand(s string) (command, error) {
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 3 {
		return command{}, fmt.Errorf("want \"verb user [duration]\", got %q", s)
	}
	c := command{verb: strings.ToLower(f[0]), user: f[1]}
	switch c.verb {
	case "mute", "ban":
		c.dur = defaultBan
		if c.verb == "mute" {
			c.dur = 10 * time.Minute
		}
		if len(f) == 3 {
			d, err := time.ParseDuration(f[2])
			if err != nil || d < time.Second || d > maxCommand {
				return command{}, fmt.Errorf("bad duration %q (1s to 136y)", f[2])
			}
			c.dur = d
		}
	case "unmute", "unban":
		if len(f) == 3 {
			return command{}, fmt.Errorf("%s takes no duration", c.verb)
		}
	default:
		return command{}, fmt.Errorf("unknown command %q", f[0])
	}
	return c, nil
}

// String is the command as typed, its duration shortest ("10m", "1h30m").
func (c command) String() string {
	if c.dur > 0 {
		return c.verb + " " + c.user + " " + shortDuration(c.dur)
	}
	return c.verb + " " + c.user
}

// shortDuration is d without zero units: 10m, not 10m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

package main

import (
	"testing"
	"time"
)

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want command
		text string // String()
	}{
		{"mute viewer03 10m", command{"mute", "viewer03", 10 * time.Minute}, "mute viewer03 10m"},
		{"mute viewer03", command{"mute", "viewer03", 10 * time.Minute}, "mute viewer03 10m"},
		{"  MUTE   bob 90s ", command{"mute", "bob", 90 * time.Second}, "mute bob 1m30s"},
		{"ban viewer05", command{"ban", "viewer05", time.Hour}, "ban viewer05 1h"},
		{"ban viewer05 1h30m", command{"ban", "viewer05", 90 * time.Minute}, "ban viewer05 1h30m"},
		{"unmute viewer03", command{"unmute", "viewer03", 0}, "unmute viewer03"},
		{"unban viewer05", command{"unban", "viewer05", 0}, "unban viewer05"},
	} {
		got, err := parseCommand(tc.in)
		if err != nil || got != tc.want || got.String() != tc.text {
			t.Errorf("parseCommand(%q) = %+v %q, %v; want %+v %q", tc.in, got, got.String(), err, tc.want, tc.text)
			continue
		}
		again, err := parseCommand(got.String())
		if err != nil || again != got {
			t.Errorf("%q does not parse back: %+v, %v", got.String(), again, err)
		}
	}
	for _, in := range []string{
		"", "mute", "kick viewer03", "mute viewer03 soon", "mute viewer03 0s", "mute viewer03 500ms",
		"mute viewer03 -1m", "ban viewer05 2000000h", "unmute viewer03 10m", "unban viewer05 1h", "mute a b c",
	} {
		if c, err := parseCommand(in); err == nil {
			t.Errorf("parseCommand(%q) = %+v, want an error", in, c)
		}
	}
}

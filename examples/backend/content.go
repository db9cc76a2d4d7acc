package main

import (
	"math/rand/v2"
	"strings"
)

// What the scripted viewers type. The default word lists (config.go) block
// "buy followers" and "scam.example" and mask "damn" and "stupid".
var (
	cleanDanmaku = []string{
		"hello from the back row", "what song is this?", "love this stream", "gg",
		"first time here, hi all", "the audio is great today", "can you play the intro again?",
	}
	maskedDanmaku = []string{
		"damn, that was close", "this level is stupid hard", "DAMN nice move", "stupid lag again",
	}
	blockedDanmaku = []string{
		"buy followers cheap, dm me", "free coins at scam.example", "Buy Followers now!!",
	}
)

// The mix of viewer traffic, as shares of the ticks.
const (
	likeShare    = 0.40 // likes (Low custom messages)
	maskedShare  = 0.15 // danmaku with a masked word
	blockedShare = 0.15 // danmaku with a blocked word; the rest is clean
	maxTaps      = 5    // likes in one like message (a burst of taps)
)

func pick(list []string) string { return list[rand.IntN(len(list))] }

// containsAny reports whether text holds one of the lowercase words,
// ignoring case.
func containsAny(text string, words []string) bool {
	low := strings.ToLower(text)
	for _, w := range words {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" && strings.Contains(low, w) {
			return true
		}
	}
	return false
}

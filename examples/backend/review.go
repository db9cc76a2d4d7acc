package main

import (
	"strings"
	"unicode/utf8"
)

// Danmaku review, the business rule behind Group.CallbackBeforeSendMsg: a
// text with a blocked word is refused (its sender gets an error, nobody
// sees it); a text with a masked word is delivered with the word starred.

// reviewAction is what review decides for one text.
type reviewAction int

const (
	reviewAllow  reviewAction = iota // deliver as sent
	reviewMask                       // deliver with masked words starred
	reviewReject                     // refuse
)

// reviewer holds the word lists, lowercased once.
type reviewer struct {
	blocked []string
	masked  []string
}

func newReviewer(blocked, masked []string) *reviewer {
	lower := func(ws []string) []string {
		out := make([]string, 0, len(ws))
		for _, w := range ws {
			if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
				out = append(out, w)
			}
		}
		return out
	}
	return &reviewer{blocked: lower(blocked), masked: lower(masked)}
}

// review decides about text and, for reviewMask, returns the masked text.
func (rv *reviewer) review(text string) (reviewAction, string) {
	low := strings.ToLower(text)
	for _, w := range rv.blocked {
		if strings.Contains(low, w) {
			return reviewReject, ""
		}
	}
	out, masked := text, false
	for _, w := range rv.masked {
		if m, ok := maskWord(out, w); ok {
			out, masked = m, true
		}
	}
	if masked {
		return reviewMask, out
	}
	return reviewAllow, text
}

// maskWord stars every case-insensitive occurrence of the lowercase word w
// in text (one star per character of w).
func maskWord(text, w string) (string, bool) {
	low := strings.ToLower(text)
	switch {
	case !strings.Contains(low, w):
		return text, false
	case len(low) != len(text): // lowercasing changed byte offsets: star it all
		return strings.Repeat("*", utf8.RuneCountInString(text)), true
	}
	var b strings.Builder
	for i := 0; i < len(text); {
		if strings.HasPrefix(low[i:], w) {
			b.WriteString(strings.Repeat("*", utf8.RuneCountInString(w)))
			i += len(w)
			continue
		}
		b.WriteByte(text[i])
		i++
	}
	return b.String(), true
}

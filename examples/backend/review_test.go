package main

import "testing"

func TestReview(t *testing.T) {
	rv := newReviewer([]string{"Buy Followers", " scam.example ", ""}, []string{"damn", "stupid"})
	for _, tc := range []struct {
		text   string
		action reviewAction
		out    string
	}{
		{"hello there", reviewAllow, "hello there"},
		{"cheap BUY FOLLOWERS here", reviewReject, ""},
		{"go to scam.example now", reviewReject, ""},
		{"damn, stupid damn lag", reviewMask, "****, ****** **** lag"},
		{"DAMN nice", reviewMask, "**** nice"},
		{"a damn scam.example", reviewReject, ""}, // blocked wins over masked
		{"damnation", reviewMask, "****ation"},    // substrings, as the lists are words to hide wherever they are
		{"İ damn", reviewMask, "******"},          // lowercasing changes the byte length: all starred
		{"", reviewAllow, ""},
	} {
		a, out := rv.review(tc.text)
		if a != tc.action || (a != reviewReject && out != tc.out) {
			t.Errorf("review(%q) = %v %q, want %v %q", tc.text, a, out, tc.action, tc.out)
		}
	}
}

func TestReviewNoWords(t *testing.T) {
	rv := newReviewer(nil, nil)
	if a, out := rv.review("anything at all"); a != reviewAllow || out != "anything at all" {
		t.Errorf("got %v %q", a, out)
	}
}

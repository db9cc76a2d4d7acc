package timtest

import "testing"

func TestRESTURLOf(t *testing.T) {
	for in, want := range map[string]string{
		"ws://127.0.0.1:8080":       "http://127.0.0.1:8080",
		"wss://im.example.com/path": "https://im.example.com",
		"ws://[::1]:9000":           "http://[::1]:9000",
		"not a url":                 "not a url",
	} {
		if got := RESTURLOf(in); got != want {
			t.Errorf("RESTURLOf(%q) = %q, want %q", in, got, want)
		}
	}
}

package wire

import "testing"

func TestMessageID(t *testing.T) {
	if got, want := MessageID("144115212345678901", 1700000000, 4294967295), "144115212345678901-1700000000-4294967295"; got != want {
		t.Errorf("MessageID = %q, want %q", got, want)
	}
	if got, want := string(AppendMessageID([]byte("x:"), "7", 0, 0)), "x:7-0-0"; got != want {
		t.Errorf("AppendMessageID = %q, want %q", got, want)
	}
	if n := testing.AllocsPerRun(100, func() { _ = MessageID("144115212345678901", 1700000000, 12345) }); n != 1 {
		t.Errorf("MessageID allocates %v times, want 1 (the string)", n)
	}
}

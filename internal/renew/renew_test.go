package renew

import (
	"testing"
	"time"
)

func TestReader(t *testing.T) {
	t0 := time.Unix(1795629331, 0)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	var r Reader
	r.Start(t0)
	for _, c := range []struct {
		at   time.Duration
		want bool
		why  string
	}{
		{10 * time.Millisecond, false, "busy after the start"},
		{20 * time.Millisecond, false, "busy"},
		{1020 * time.Millisecond, true, "a second of quiet"},
		{1100 * time.Millisecond, true, "within the window"},
		{2000 * time.Millisecond, true, "still within the window"},
		{2030 * time.Millisecond, false, "window over, not quiet"},
		{3030 * time.Millisecond, true, "quiet again"},
	} {
		if got := r.Frame(at(c.at)); got != c.want {
			t.Fatalf("frame at %v (%s): renew %v, want %v", c.at, c.why, got, c.want)
		}
	}
	// A renewed reader starts right after the frame: no quiet spell.
	r.Start(at(3031 * time.Millisecond))
	if r.Frame(at(4040*time.Millisecond)) != true || r.Frame(at(5100*time.Millisecond)) != true {
		t.Fatal("quiet spells after a restart not seen")
	}
}

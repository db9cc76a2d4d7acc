package tim

import (
	"context"
	"math"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/hostile"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// loginReplying is a script that answers wslogin with LoginOK changed by
// mod and everything else plausibly.
func loginReplying(mod func(*wire.LoginResp)) hostile.Handler {
	return func(c *hostile.Conn, f *wire.Frame) {
		if f.Head.Servcmd != wire.CmdLogin {
			hostile.Plausible(c, f)
			return
		}
		r := hostile.LoginOK(c)
		mod(r)
		_ = c.Reply(f, r)
	}
}

// Issue 11 point 2: a login reply's HelloInterval, however large, negative
// or zero, gives a bounded wshello rate (a huge one overflowed the duration
// and sent tens of thousands of hellos) and no goroutine pile-up.
func TestHostileHelloInterval(t *testing.T) {
	for _, secs := range []int{math.MaxInt64, -1, 0} {
		t.Run(strconv.Itoa(secs), func(t *testing.T) {
			base := runtime.NumGoroutine()
			srv, tm := newHostile(t, loginReplying(func(r *wire.LoginResp) { r.HelloInterval = secs }))
			if err := tm.Login(ctxT(t), "alice", "sig"); err != nil {
				t.Fatalf("Login: %v", err)
			}
			time.Sleep(2 * time.Second) // the window the hellos are counted in
			if n := srv.Count(wire.CmdHello); n > 2 {
				t.Fatalf("%d wshello frames in a 2 s window, want at most 2", n)
			}
			if g := runtime.NumGoroutine(); g > base+50 {
				t.Fatalf("%d goroutines, %d before", g, base)
			}
			if d := tm.sess.Load().hello; d < minHelloInterval || d > maxHelloInterval {
				t.Fatalf("hello period %v outside [%v, %v]", d, minHelloInterval, maxHelloInterval)
			}
		})
	}
}

// helloInterval maps every HelloInterval into its range without overflow.
func TestHelloIntervalBounds(t *testing.T) {
	for secs, want := range map[int]time.Duration{
		math.MinInt64: DefaultHelloInterval, -1: DefaultHelloInterval, 0: DefaultHelloInterval,
		1: time.Second, 7: 7 * time.Second, 120: 120 * time.Second, 3600: time.Hour, 3601: time.Hour,
		math.MaxInt64 / 1000: time.Hour, math.MaxInt64 / int(time.Second): time.Hour, math.MaxInt64: time.Hour,
	} {
		if got := helloInterval(secs); got != want {
			t.Errorf("helloInterval(%d) = %v, want %v", secs, got, want)
		}
	}
}

// A TimeStamp that is no plausible clock (overflowing, negative, year
// 5000) leaves the server clock at the local one.
func TestHostileTimeStamp(t *testing.T) {
	for _, ts := range []int64{math.MaxInt64, math.MinInt64, -1, 95617584000} {
		t.Run(strconv.FormatInt(ts, 10), func(t *testing.T) {
			_, tm := newHostile(t, loginReplying(func(r *wire.LoginResp) { r.TimeStamp = ts }))
			if err := tm.Login(ctxT(t), "alice", "sig"); err != nil {
				t.Fatalf("Login: %v", err)
			}
			if d := tm.now().Sub(time.Now()); d < -time.Minute || d > time.Minute {
				t.Fatalf("server clock off by %v", d)
			}
		})
	}
	// A plausible one is believed.
	_, tm := newHostile(t, loginReplying(func(r *wire.LoginResp) { r.TimeStamp = time.Now().Add(-time.Hour).Unix() }))
	if err := tm.Login(ctxT(t), "alice", "sig"); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if d := time.Now().Sub(tm.now()); d < 59*time.Minute || d > 61*time.Minute {
		t.Fatalf("server clock an hour behind read as %v behind", d)
	}
}

// An A2 or TinyId too long to put in every head is refused as missing
// (2023, 2022), as an empty one is.
func TestHostileSessionKeys(t *testing.T) {
	long := strings.Repeat("7", 1<<20)
	for _, tc := range []struct {
		name string
		mod  func(*wire.LoginResp)
		code types.Code
	}{
		{"a2 long", func(r *wire.LoginResp) { r.A2Key = long }, types.ErrNoA2Key},
		{"a2 empty", func(r *wire.LoginResp) { r.A2Key = "" }, types.ErrNoA2Key},
		{"tinyid long", func(r *wire.LoginResp) { r.TinyID = long }, types.ErrNoTinyID},
		{"tinyid empty", func(r *wire.LoginResp) { r.TinyID = "" }, types.ErrNoTinyID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, tm := newHostile(t, loginReplying(tc.mod))
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			wantCode(t, tm.Login(ctx, "alice", "sig"), tc.code)
			if tm.IsReady() {
				t.Fatal("ready after a refused login")
			}
		})
	}
}

// A portrait reply holding more profiles than were asked gives at most one
// per ID; a member-list cursor below 0 reads as the last page.
func TestHostileListSizes(t *testing.T) {
	_, tm := newHostile(t, func(c *hostile.Conn, f *wire.Frame) {
		switch f.Head.Servcmd {
		case wire.CmdPortraitGet:
			items := make([]wire.UserProfile, 5000)
			for i := range items {
				items[i].ToAccount = "u" + strconv.Itoa(i)
			}
			_ = c.Reply(f, &wire.PortraitGetResp{Status: wire.OK(), UserProfileItem: items})
		case wire.CmdGetAVMembers:
			_ = c.Reply(f, &wire.AVMembersResp{Status: wire.OK(), NextTimestamp: -5})
		default:
			hostile.Plausible(c, f)
		}
	})
	ctx := ctxT(t)
	if err := tm.Login(ctx, "alice", "sig"); err != nil {
		t.Fatalf("Login: %v", err)
	}
	ps, err := tm.GetUserProfile(ctx, []string{"bob", "carol"})
	if err != nil || len(ps) > 2 {
		t.Fatalf("%d profiles for 2 IDs, err %v", len(ps), err)
	}
	if _, err := tm.JoinGroup(ctx, "@TGS#aRoom"); err != nil {
		t.Fatalf("JoinGroup: %v", err)
	}
	ml, err := tm.GetGroupMemberList(ctx, "@TGS#aRoom", 0)
	if err != nil || ml.Offset != 0 {
		t.Fatalf("member list offset %v, err %v; want 0", ml, err)
	}
}

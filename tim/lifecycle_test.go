package tim

import (
	"context"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tim-go/sdk/profile"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
	"github.com/tim-go/sdk/types"
)

func TestCreateIsASingletonUntilDestroy(t *testing.T) {
	a, b := Create(1400000777), Create(1400000777)
	if a != b {
		t.Fatal("Create returned two instances for one SDKAppID")
	}
	if New(1400000777) == a {
		t.Fatal("New returned the singleton")
	}
	if Create(0) == Create(0) {
		t.Fatal("SDKAppID 0 must not be cached")
	}
	_ = a.Destroy(context.Background())
	c := Create(1400000777)
	defer c.Destroy(context.Background())
	if c == a {
		t.Fatal("Create returned a destroyed instance")
	}
}

func TestSiteHosts(t *testing.T) {
	cases := []struct {
		id      uint64
		oversea bool
		want    Site
	}{
		{1400000000, false, SiteChina}, {1400000000, true, SiteOversea}, {20000001, false, SiteSingapore},
		{1730000000, false, SiteKorea}, {45000000, true, SiteGermany}, {1759999999, false, SiteIndia},
		{60000000, false, SiteJapan}, {1770000000, false, SiteUSA},
	}
	for _, c := range cases {
		if got := SiteOf(c.id, c.oversea); got != c.want {
			t.Errorf("SiteOf(%d, %v) = %v, want %v", c.id, c.oversea, got, c.want)
		}
	}
	if h := SiteChina.Hosts(); h[0] != "wss://wss.im.qcloud.com" || h[1] != "wss://wss.tim.qq.com" {
		t.Errorf("China hosts %v", h)
	}
	o := defaultOptions()
	o.proxyServer = "ws://127.0.0.1:1"
	if u := o.urls(1); len(u) != 1 || u[0] != "ws://127.0.0.1:1" {
		t.Errorf("proxy urls %v", u)
	}
}

// Login emits SDK_READY and makes the SDK ready; the profile is read and
// updated; logout emits SDK_NOT_READY; bad UserSigs are refused with the
// server's code.
func TestLoginProfileLogout(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	if err := r.srv.SetProfile(ctxT(t), "alice", "Alice", "https://example.invalid/a.png"); err != nil {
		t.Fatal(err)
	}
	c := r.client()
	in := record(c)
	if c.IsReady() {
		t.Fatal("ready before login")
	}
	_, err := c.GetMyProfile(ctxT(t))
	wantCode(t, err, types.ErrNotLoggedIn)
	wantCode(t, c.Logout(ctxT(t)), types.ErrNotLoggedIn)
	wantCode(t, c.Login(ctxT(t), "", "x"), types.ErrNoUserID)
	wantCode(t, c.Login(ctxT(t), "alice", ""), types.ErrNoUserSig)
	wantCode(t, c.Login(ctxT(t), "alice", r.srv.UserSig("bob")), types.ErrUserSigIdentifierMismatch)
	wantCode(t, c.Login(ctxT(t), "alice", "not-a-usersig"), types.ErrUserSigInvalid)
	bad, _ := usersig.Generate(r.srv.SDKAppID, "another-key", "alice", time.Hour)
	wantCode(t, c.Login(ctxT(t), "alice", bad), types.ErrUserSigVerifyFailed)
	old, _ := usersig.GenerateAt(r.srv.SDKAppID, r.srv.SecretKey, "alice", time.Second, time.Now().Add(-time.Hour))
	wantCode(t, c.Login(ctxT(t), "alice", old), types.ErrUserSigExpired)
	_, err = c.GetMyProfile(ctxT(t))
	wantCode(t, err, types.ErrLoginFailed)

	if err := c.Login(ctxT(t), "alice", r.srv.UserSig("alice")); err != nil {
		t.Fatal(err)
	}
	if !c.IsReady() || c.UserID() != "alice" {
		t.Fatal("not ready after login")
	}
	if err := c.Login(ctxT(t), "alice", r.srv.UserSig("alice")); err != nil {
		t.Fatalf("repeated login: %v", err)
	}
	in.wait(t, "SDK_READY", func(in *inbox) bool { return slices.Contains(in.events, types.EventSDKReady) })
	me, err := c.GetMyProfile(ctxT(t))
	if err != nil || me.UserID != "alice" || me.Nick != "Alice" || me.Avatar != "https://example.invalid/a.png" {
		t.Fatalf("profile %+v, %v", me, err)
	}

	var updated []*profile.Profile
	done := make(chan struct{})
	Once(c, ProfileUpdated, func(ps []*profile.Profile) { updated = ps; close(done) })
	nick, gender, level := "Alice B", types.GenderFemale, 3
	p, err := c.UpdateMyProfile(ctxT(t), profile.Update{Nick: &nick, Gender: &gender, Level: &level,
		ProfileCustomField: []profile.CustomField{{Key: "Tag_Profile_Custom_Hobby", Value: "chess"}}})
	if err != nil || p.Nick != nick || p.Gender != gender || p.Level != 3 {
		t.Fatalf("update: %+v, %v", p, err)
	}
	<-done
	if len(updated) != 1 || updated[0].Nick != nick {
		t.Fatalf("PROFILE_UPDATED %+v", updated)
	}
	_, err = c.UpdateMyProfile(ctxT(t), profile.Update{})
	wantCode(t, err, types.ErrUpdateProfileNoKey)
	badGender := types.Gender("x")
	_, err = c.UpdateMyProfile(ctxT(t), profile.Update{Gender: &badGender})
	wantCode(t, err, types.ErrUpdateProfileInvalidParam)

	bob := r.user("bob")
	ps, err := bob.GetUserProfile(ctxT(t), []string{"alice"})
	if err != nil || len(ps) != 1 || ps[0].Nick != nick || ps[0].Gender != gender {
		t.Fatalf("alice seen by bob: %+v, %v", ps, err)
	}
	if v, _ := ps[0].CustomField("Tag_Profile_Custom_Hobby"); v != "chess" {
		t.Errorf("custom field %q", v)
	}

	if err := c.Logout(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if c.IsReady() {
		t.Fatal("ready after logout")
	}
	in.wait(t, "SDK_NOT_READY", func(in *inbox) bool { return slices.Contains(in.events, types.EventSDKNotReady) })
	_, err = c.GetMyProfile(ctxT(t))
	wantCode(t, err, types.ErrLoggedOut)
}

// Destroy stops every goroutine the instances started.
func TestDestroyLeaksNoGoroutine(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		base := runtime.NumGoroutine()
		var cs []*TIM
		var ins []*inbox
		for i, id := range []string{"u1", "u2", "u3", ""} {
			var c *TIM
			if id == "" {
				c = r.client()
			} else {
				c = r.user(id)
			}
			ins = append(ins, record(c))
			r.join(c)
			cs = append(cs, c)
			_ = i
		}
		r.warmUp(ins...)
		for _, c := range cs {
			if err := c.Destroy(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			if err := c.Destroy(ctxT(t)); err != nil {
				t.Fatal("second Destroy:", err)
			}
		}
		deadline := time.Now().Add(10 * time.Second)
		for runtime.NumGoroutine() > base {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Fatalf("%d goroutines, %d before the instances:\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
			}
			time.Sleep(20 * time.Millisecond)
		}
		_, err := cs[0].JoinGroup(ctxT(t), r.id)
		wantCode(t, err, types.ErrSDKNotReady)
	})
}

// Destroy's logout queues SDK_NOT_READY behind a handler that is still
// running; the event reaches its handler before Destroy returns. A handler
// that never returns holds Destroy only until its context ends.
func TestDestroyDeliversTheLogoutEvents(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	c := r.client()
	release := make(chan struct{})
	var busy, notReady atomic.Int32
	On(c, SDKReady, func(struct{}) {
		busy.Add(1)
		<-release
	})
	On(c, SDKNotReady, func(struct{}) { notReady.Add(1) })
	if err := c.Login(ctxT(t), "alice", r.srv.UserSig("alice")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return busy.Load() == 1 }) // the worker is held
	time.AfterFunc(200*time.Millisecond, func() { close(release) })
	if err := c.Destroy(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if n := notReady.Load(); n != 1 {
		t.Fatalf("SDK_NOT_READY reached its handler %d times before Destroy returned, want 1", n)
	}

	// A handler stuck for good: Destroy returns when its context ends, and
	// the event queued behind the handler is dropped.
	c2 := r.client()
	stuck := make(chan struct{})
	defer close(stuck)
	var notReady2 atomic.Int32
	On(c2, SDKReady, func(struct{}) {
		busy.Add(1)
		<-stuck
	})
	On(c2, SDKNotReady, func(struct{}) { notReady2.Add(1) })
	if err := c2.Login(ctxT(t), "bob", r.srv.UserSig("bob")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return busy.Load() == 2 })
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	began := time.Now()
	if err := c2.Destroy(ctx); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(began); d > closeDrainWait {
		t.Fatalf("Destroy took %v with a stuck handler and a 300 ms context", d)
	}
	if n := notReady2.Load(); n != 0 {
		t.Fatalf("SDK_NOT_READY ran %d times behind a stuck handler", n)
	}
}

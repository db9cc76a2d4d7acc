package server

import "testing"

// Tests listen on loopback only: the address checks are tested here with
// the remote addresses an exposed emulator sees.
func TestDebugAllowedByAddressAndToken(t *testing.T) {
	cases := []struct {
		remote, auth, token string
		want                bool
	}{
		{"127.0.0.1:5000", "", "", true},
		{"[::1]:5000", "", "", true},
		{"[::ffff:127.0.0.1]:5000", "", "", true},
		{"203.0.113.7:5000", "", "", false},
		{"[2001:db8::1]:443", "", "", false},
		{"10.0.0.2:80", "Bearer x", "", false}, // no token configured: a header opens nothing
		{"not an address", "", "", false},
		{"203.0.113.7:5000", "Bearer T", "T", true},
		{"203.0.113.7:5000", "Bearer t", "T", false},
		{"203.0.113.7:5000", "T", "T", false},
		{"127.0.0.1:5000", "", "T", false}, // with a token, loopback needs it too
	}
	for _, c := range cases {
		if got := debugAllowed(c.remote, c.auth, c.token); got != c.want {
			t.Errorf("debugAllowed(%q, %q, %q) = %v", c.remote, c.auth, c.token, got)
		}
	}
}

func TestSocketsAndGuestsPerRemoteAddress(t *testing.T) {
	s, err := New(Config{SDKAppID: 1, SecretKey: "k", MaxConnsPerAddr: 2, MaxGuestsPerAddr: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const remote = "203.0.113.7:5000"
	a, ok1 := s.admitConn(remote)
	b, ok2 := s.admitConn("203.0.113.7:5001")
	_, ok3 := s.admitConn("203.0.113.7:5002")
	other, ok4 := s.admitConn("198.51.100.1:5000")
	if !ok1 || !ok2 || ok3 || !ok4 || a == nil || a != b || other == a {
		t.Fatalf("admit: %v %v %v %v", ok1, ok2, ok3, ok4)
	}
	if lo, ok := s.admitConn("127.0.0.1:1"); !ok || lo != nil {
		t.Fatal("loopback should be exempt")
	}
	c := &conn{srv: s, addr: a}
	if e := c.reserveGuest(); e != nil {
		t.Fatal(e)
	}
	if e := (&conn{srv: s, addr: b}).reserveGuest(); e == nil || e.code != CodeTooManyGuests {
		t.Fatalf("2nd guest of the address: %v", e)
	}
	s.releaseConn(a)
	s.releaseConn(b)
	if _, ok := s.addrs.m[a.ip]; !ok {
		t.Fatal("the address was forgotten while it holds a guest")
	}
	c.guests.Add(1) // as newPollerLocked does
	c.guestGone()
	if _, ok := s.addrs.m[a.ip]; ok {
		t.Fatal("an address holding nothing is still counted")
	}
	s.releaseConn(other)
	if len(s.addrs.m) != 0 {
		t.Fatalf("addrs %v", s.addrs.m)
	}
}

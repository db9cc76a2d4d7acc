package faultproxy

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// echoServer echoes every connection until it closes.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _, _ = io.Copy(c, c) }()
		}
	}()
	return ln.Addr().String()
}

func newProxy(t *testing.T) (*Proxy, net.Conn) {
	t.Helper()
	p, err := New(echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return p, c
}

func roundTrip(t *testing.T, c net.Conn, msg string, within time.Duration) (string, error) {
	t.Helper()
	if _, err := c.Write([]byte(msg)); err != nil {
		return "", err
	}
	_ = c.SetReadDeadline(time.Now().Add(within))
	buf := make([]byte, len(msg))
	_, err := io.ReadFull(c, buf)
	return string(buf), err
}

func TestForwards(t *testing.T) {
	p, c := newProxy(t)
	if got, err := roundTrip(t, c, "hello", 5*time.Second); err != nil || got != "hello" {
		t.Fatalf("got %q, %v", got, err)
	}
	if p.Accepted() != 1 || p.Open() != 1 {
		t.Fatalf("accepted %d open %d, want 1 1", p.Accepted(), p.Open())
	}
}

func TestStallKeepsSocketOpenThenResumes(t *testing.T) {
	p, c := newProxy(t)
	p.Stall()
	_, err := roundTrip(t, c, "held", 300*time.Millisecond)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("stalled read: %v, want a timeout (nothing forwarded, socket open)", err)
	}
	if p.Open() != 1 {
		t.Fatalf("open %d during a stall, want 1", p.Open())
	}
	p.Resume()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 4)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "held" {
		t.Fatalf("after resume: %q, %v", buf, err)
	}
}

func TestCutResetsBothEnds(t *testing.T) {
	p, c := newProxy(t)
	if _, err := roundTrip(t, c, "x", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if n := p.Cut(); n != 1 {
		t.Fatalf("cut %d, want 1", n)
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Fatal("read after cut succeeded")
	}
}

func TestCorruptFlipsLastByte(t *testing.T) {
	p, c := newProxy(t)
	p.Corrupt(ToClient, 1)
	got, err := roundTrip(t, c, "abc", 5*time.Second)
	if err != nil || got != "ab"+string([]byte{'c' ^ 0xff}) {
		t.Fatalf("got %q, %v", got, err)
	}
	if got, err := roundTrip(t, c, "abc", 5*time.Second); err != nil || got != "abc" {
		t.Fatalf("second chunk %q, %v: only one was to be corrupted", got, err)
	}
}

func TestResetOnAccept(t *testing.T) {
	p, _ := newProxy(t)
	p.ResetOnAccept(true)
	// On a loaded machine the reset can beat the dial's return: a dial that
	// fails is a reset seen early.
	if c, err := net.Dial("tcp", p.Addr()); err == nil {
		defer c.Close()
		if _, err := roundTrip(t, c, "x", 5*time.Second); err == nil {
			t.Fatal("a connection accepted while resetting forwarded data")
		}
	}
	p.ResetOnAccept(false)
	c2, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if got, err := roundTrip(t, c2, "ok", 5*time.Second); err != nil || got != "ok" {
		t.Fatalf("after reset off: %q, %v", got, err)
	}
}

func TestDelayKeepsOrder(t *testing.T) {
	p, c := newProxy(t)
	p.SetDelay(20 * time.Millisecond)
	var want bytes.Buffer
	for i := 0; i < 20; i++ {
		b := []byte{byte('a' + i)}
		want.Write(b)
		if _, err := c.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	got := make([]byte, want.Len())
	if _, err := io.ReadFull(c, got); err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("got %q, %v; want %q", got, err, want.Bytes())
	}
}

func TestURL(t *testing.T) {
	p, _ := newProxy(t)
	if got, want := p.URL("ws://127.0.0.1:1/binfo?x=1"), "ws://"+p.Addr()+"/binfo?x=1"; got != want {
		t.Fatalf("URL = %q, want %q", got, want)
	}
}

func TestCloseStopsEverything(t *testing.T) {
	p, c := newProxy(t)
	p.Stall()
	_, _ = c.Write([]byte("x"))
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if p.Open() != 0 {
		t.Fatalf("open %d after Close", p.Open())
	}
}

// namedServer answers every connection with name, then echoes.
func namedServer(t *testing.T, name string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _, _ = c.Write([]byte(name)); _, _ = io.Copy(c, c) }()
		}
	}()
	return ln.Addr().String()
}

// SetTarget moves the connections to come; an open one stays where it was,
// as a client of a restarted server keeps its old socket until it breaks.
func TestSetTargetMovesNewConnections(t *testing.T) {
	p, err := New(namedServer(t, "A"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	greet := func(c net.Conn) string {
		t.Helper()
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		b := make([]byte, 1)
		if _, err := io.ReadFull(c, b); err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", p.Addr())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	old := dial()
	if g := greet(old); g != "A" {
		t.Fatalf("first connection reached %q, want A", g)
	}
	p.SetTarget(namedServer(t, "B"))
	if g := greet(dial()); g != "B" {
		t.Fatalf("connection after SetTarget reached %q, want B", g)
	}
	if got, err := roundTrip(t, old, "still", 5*time.Second); err != nil || got != "still" {
		t.Fatalf("the open connection: %q, %v; want it still on A", got, err)
	}
}

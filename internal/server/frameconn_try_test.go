package server

import (
	"bytes"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// TestWriteNowAfterDeadline: a push written at once on an idle socket
// (frameconn_try.go) after the write deadline its writer goroutine last set
// has passed still arrives, and the socket stays open: the expired
// deadline hands the frame to the writer goroutine, which sets a new one.
// (The first version killed the socket, which lost the push.)
func TestWriteNowAfterDeadline(t *testing.T) {
	const timeout = 20 * time.Millisecond
	s, err := New(Config{SDKAppID: 1400000001, SecretKey: "k", Delivery: DeliveryPush, WriteTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Close()
	id, e := s.createRoom(&wire.CreateGroupReq{Type: wire.AVChatRoomType, Name: "deadline"})
	if e != nil {
		t.Fatal(e)
	}
	c, err := newBenchClient(hs.Listener.Addr().String(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.conn.Close()
	if err := c.join(s, id, DeliveryPush, 0); err != nil { // replies through the writer goroutine
		t.Fatal(err)
	}
	time.Sleep(3 * timeout) // not an assertion: lets the deadline pass
	r := s.room(id)
	for k := range 2 { // the second push finds the socket idle again
		now := s.nowUnix()
		if _, e := r.publish(func() (*wire.Item, *apiError) {
			return r.messageItem(now, "host", uint32(k+1), now, wire.Priority{Level: wire.PriorityNormal}, []wire.Elem{wire.TextElem("danmaku after the deadline")}, ""), nil
		}); e != nil {
			t.Fatal(e)
		}
		for {
			data, err := c.read()
			if err != nil {
				t.Fatalf("push %d: %v", k, err)
			}
			if bytes.Contains(data, []byte("danmaku after the deadline")) {
				break
			}
		}
		time.Sleep(3 * timeout)
	}
	s.connsMu.Lock()
	open := len(s.conns)
	s.connsMu.Unlock()
	if open != 1 {
		t.Fatalf("%d sockets open, want 1", open)
	}
}

package server

import (
	"testing"

	"github.com/tim-go/sdk/internal/wire"
)

// BenchmarkSendBudget is the send path after the checks (admission,
// publication, reply, after-send hook) for a room with no members, with
// the budget off and with a budget never reached: the difference is what
// the budget costs a room under budget.
//
//	go test -run '^$' -bench SendBudget -benchmem ./internal/server/
func BenchmarkSendBudget(b *testing.B) {
	for _, tc := range []struct {
		name string
		rate int
	}{{"off", -1}, {"under", 1 << 30}} {
		b.Run(tc.name, func(b *testing.B) {
			s, err := New(Config{SDKAppID: 1400000001, SecretKey: "k", RoomMessageRate: tc.rate})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			id, e := s.createRoom(&wire.CreateGroupReq{Type: wire.AVChatRoomType, Name: "bench"})
			if e != nil {
				b.Fatal(e)
			}
			r := s.room(id)
			body := []wire.Elem{wire.TextElem("a typical danmaku line, forty-odd bytes long")}
			now := s.nowUnix()
			done := func(seq uint64, e *apiError) {
				if e != nil || seq == 0 {
					b.Fatalf("seq %d, %v", seq, e)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				s.deliverJob(&sendJob{room: r, from: "host", random: uint32(i), prio: wire.Priority{Level: wire.PriorityLow},
					body: body, time: now, done: done})
			}
		})
	}
}

package tim

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
)

// pollReply encodes a get_msg reply of n text items from seq on, the way the
// emulator sends it.
func pollReply(seq uint64, n int) []byte {
	items := make([]json.RawMessage, n)
	for i := range items {
		it := &wire.Item{
			Event: wire.EventGroupMsg, ToGroupID: "@TGS#aLIVEROOM", MsgSeq: seq + uint64(i), MsgRandom: uint32(seq) + uint32(i),
			MsgTimeStamp: 1795629331, MsgClientTime: 1795629330, MsgPriority: wire.Priority{Level: wire.PriorityNormal},
			FromAccount: "alice", TinyID: "144115200000000001", MsgBody: wire.ItemBody{Elems: []wire.Elem{wire.TextElem(fmt.Sprintf("hello %d", i))}},
			GroupInfo: &wire.ItemGroupInfo{GroupID: "@TGS#aLIVEROOM", GroupName: "Live Room", GroupType: "AVChatRoom",
				FromAccountNick: "Alice", FromAccountHeadurl: "https://example.invalid/alice.png"},
			FromAccountNick: "Alice", FromAccountHeadurl: "https://example.invalid/alice.png",
		}
		items[i], _ = json.Marshal(it)
	}
	return wire.AppendGetMsgResp(nil, "key", seq+uint64(n), items)
}

// BenchmarkDecodeBatch measures one received message through the whole
// receive path: decode of a 100-item get_msg reply (decodeReply, as a poll
// reply is decoded), sort, dedup, echo filter and mapping to
// message.Message. ns/msg and allocs/msg are the
// figures per message. "shared" is the same with the process-wide item
// sharing on, as with several instances in one process: after the first
// round every item is a hit.
func BenchmarkDecodeBatch(b *testing.B) {
	b.Run("own", func(b *testing.B) { benchDecodeBatch(b) })
	b.Run("shared", func(b *testing.B) {
		wire.ShareItems(true)
		defer wire.ShareItems(false)
		benchDecodeBatch(b)
	})
}

func benchDecodeBatch(b *testing.B) {
	const n = 100
	bodies := make([][]byte, 8)
	for i := range bodies {
		bodies[i] = pollReply(uint64(1+i*n), n)
	}
	recv := newReceiver(true) // no sequence dedup: the bodies repeat
	joined := func(string) bool { return true }
	r := &room{id: "@TGS#aLIVEROOM"}
	b.ReportAllocs()
	b.ResetTimer()
	total := 0
	for i := 0; b.Loop(); i++ {
		var resp wire.GetMsgResp
		if err := decodeReply(bodies[i%len(bodies)], &resp); err != nil {
			b.Fatal(err)
		}
		recv.ids.reset()
		msgs, _ := recv.accept(batch{items: resp.RspMsgList, from: r}, itemContext{self: "bob", now: 1}, nil, joined)
		if len(msgs) != n {
			b.Fatalf("%d messages", len(msgs))
		}
		total += len(msgs)
	}
	b.StopTimer()
	if total > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(total), "ns/msg")
		b.ReportMetric(float64(testing.AllocsPerRun(1, func() {
			var resp wire.GetMsgResp
			_ = decodeReply(bodies[0], &resp)
			recv.ids.reset()
			recv.accept(batch{items: resp.RspMsgList, from: r}, itemContext{self: "bob", now: 1}, nil, joined)
		}))/n, "allocs/msg")
	}
}

// BenchmarkReceivePush measures one pushed message through everything the
// SDK does with a msg_push frame of one item, as the emulator sends them:
// frame decode, push decode, room lookup, dedup, mapping and the
// MESSAGE_RECEIVED event to a handler. Per message, this is the SDK's whole
// cost in push mode apart from the socket read.
func BenchmarkReceivePush(b *testing.B) {
	const gid = "@TGS#aLIVEROOM"
	frames := make([][]byte, 1024) // more distinct IDs than the ID window holds
	for i := range frames {
		body := pollReply(uint64(1+i), 1)
		var resp wire.GetMsgResp
		if err := decodeReply(body, &resp); err != nil {
			b.Fatal(err)
		}
		raw, _ := json.Marshal(resp.RspMsgList[0])
		push := wire.AppendMsgPushBody(nil, wire.EventGroupMsg, raw, "")
		frames[i] = wire.AppendFrameClose(append(wire.AppendPushHead(nil, wire.CmdMsgPush, uint64(i), 1795629331), push...))
	}
	t := New(1400000001, WithUnlimitedAVChatRoom(true)) // no sequence dedup: the frames repeat
	defer t.Destroy(context.Background())
	t.addRoom(&room{t: t, id: gid, av: true})
	var got atomic.Int64
	On(t, MessageReceived, func(ms []*message.Message) { got.Add(int64(len(ms))) })
	deliver := func(i int) {
		f, borrowed, err := wire.DecodeFrameBorrowed(frames[i%len(frames)]) // as the reader does
		if err != nil {
			b.Fatal(err)
		}
		t.onPush(f)
		borrowed.Release()
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		deliver(i)
		i++
	}
	b.StopTimer()
	if got.Load() == 0 {
		b.Fatal("no message reached the handler")
	}
	b.ReportMetric(testing.AllocsPerRun(100, func() { deliver(i); i++ }), "allocs/msg")
}

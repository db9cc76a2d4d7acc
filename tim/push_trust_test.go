package tim

import (
	"bytes"
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
)

// A push body is read in place and taken on trust to the frame's closing
// brace (wire.DecodeFrameBorrowed): a frame that goes on after its body
// still delivers, and a damaged body delivers nothing.
func TestPushBodyOnTrust(t *testing.T) {
	const gid = "@TGS#aLIVEROOM"
	frame := func(seq uint64) []byte {
		var resp wire.GetMsgResp
		if err := decodeReply(pollReply(seq, 1), &resp); err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(resp.RspMsgList[0])
		push := wire.AppendMsgPushBody(nil, wire.EventGroupMsg, raw, "")
		return wire.AppendFrameClose(append(wire.AppendPushHead(nil, wire.CmdMsgPush, seq, 1795629331), push...))
	}
	c := New(1400000001)
	defer c.Destroy(context.Background())
	c.addRoom(&room{t: c, id: gid, av: true})
	var got atomic.Int64
	On(c, MessageReceived, func(ms []*message.Message) { got.Add(int64(len(ms))) })
	push := func(b []byte) {
		f, borrowed, err := wire.DecodeFrameBorrowed(b)
		if err != nil {
			t.Fatal(err)
		}
		if !f.BodyOnTrust() {
			t.Fatal("the body was scanned, not taken on trust")
		}
		c.onPush(f)
		borrowed.Release()
	}
	wait := func(n int64, what string) {
		t.Helper()
		for i := 0; got.Load() < n && i < 500; i++ {
			time.Sleep(2 * time.Millisecond)
		}
		if got.Load() != n {
			t.Fatalf("%s: %d messages received, want %d", what, got.Load(), n)
		}
	}

	push(frame(1))
	wait(1, "a plain push")

	b := frame(2)
	b = append(bytes.TrimSuffix(b, []byte("}")), `,"extra":{"x":1}}`...)
	push(b)
	wait(2, "a push whose frame goes on after the body")

	b = frame(3)
	b = append(b[:len(b)-3], `,]}`...) // the body's end damaged
	push(b)
	push(frame(4))
	wait(3, "a damaged push, then a plain one")
}

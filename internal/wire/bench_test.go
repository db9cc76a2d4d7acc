package wire

import (
	"bytes"
	"encoding/json"
	"testing"
)

const benchItems = 20

// benchRawItems returns benchItems real stream items from the poll-mode
// trace (messages, tips and notices in trace order, repeated as needed),
// each as the server encodes it once for all members.
func benchRawItems(b testing.TB) []json.RawMessage {
	b.Helper()
	var pool []json.RawMessage
	for _, rec := range loadTrace(b, "avchatroom-scenario.jsonl") {
		if rec.Dir != "s2c" || rec.Servcmd != CmdGetMsg {
			continue
		}
		fr, err := DecodeFrame(rec.Frame)
		if err != nil {
			b.Fatal(err)
		}
		var body struct {
			RspMsgList []json.RawMessage `json:"RspMsgList"`
		}
		if err := json.Unmarshal(fr.Body, &body); err != nil {
			b.Fatal(err)
		}
		pool = append(pool, body.RspMsgList...)
	}
	if len(pool) == 0 {
		b.Fatal("no items in the trace")
	}
	out := make([]json.RawMessage, benchItems)
	for i := range out {
		out[i] = pool[i%len(pool)]
	}
	return out
}

// benchGetMsgFrame is a whole get_msg reply frame with benchItems items.
func benchGetMsgFrame(b testing.TB) []byte {
	b.Helper()
	h := SessionHead(1400000001, "db6cf54e9797be8acd936358930363fe81d0e306d63baf60092e4d5b0a5f5e20",
		"144115200000000001", 3513254075, CmdGetMsg, 48579400, 1795629331)
	body := AppendGetMsgResp(nil, "lpk-@TGS#aLIVEROOM-1", 21, benchRawItems(b))
	frame, err := AppendFrame(nil, &h, body)
	if err != nil {
		b.Fatal(err)
	}
	return frame
}

// benchTextItem is the first text message among benchRawItems.
func benchTextItem(b testing.TB) json.RawMessage {
	b.Helper()
	for _, it := range benchRawItems(b) {
		if bytes.Contains(it, []byte(ElemText)) {
			return it
		}
	}
	b.Fatal("no text message in the trace")
	return nil
}

func perItem(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchItems), "ns/item")
}

func BenchmarkAppendGetMsgResp(b *testing.B) {
	items := benchRawItems(b)
	buf := AppendGetMsgResp(nil, "lpk-@TGS#aLIVEROOM-1", 21, items)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendGetMsgResp(buf[:0], "lpk-@TGS#aLIVEROOM-1", 21, items)
	}
	perItem(b)
}

func BenchmarkAppendMsgPushBody(b *testing.B) {
	item := benchTextItem(b)
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendPushHead(buf[:0], CmdMsgPush, 22, 1795629331)
		buf = AppendMsgPushBody(buf, EventGroupMsg, item, "sd-22")
		buf = append(buf, '}')
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkCompress(b *testing.B) {
	frame := benchGetMsgFrame(b)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(Compress(frame))
	}
	b.ReportMetric(float64(n)/float64(len(frame)), "ratio")
}

// benchPushFrame is a msg_push frame carrying one text message, as the
// server sends each room message to a logged-in member.
func benchPushFrame(b testing.TB) []byte {
	b.Helper()
	buf := AppendPushHead(nil, CmdMsgPush, 22, 1795629331)
	buf = AppendMsgPushBody(buf, EventGroupMsg, benchTextItem(b), "sd-22")
	return AppendFrameClose(buf)
}

// BenchmarkFastDecode measures the receive path per 20-item get_msg reply
// (ns/item: per item; "messages": text and custom messages only, without
// the trace's join tips), per one-item msg_push frame and per DecodeItem,
// with the fast decoders ("fast") and with encoding/json alone ("std": the
// decoding as before fastdecode.go; COMP frames still use the pooled
// inflater).
func BenchmarkFastDecode(b *testing.B) {
	frame := benchGetMsgFrame(b)
	comp := Compress(frame)
	fr, err := DecodeFrame(frame)
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(fr.Body)
	push := benchPushFrame(b)
	items := benchRawItems(b)
	var msgs []json.RawMessage // the room messages only (the trace starts with join tips)
	for len(msgs) < benchItems {
		for _, it := range items {
			if bytes.Contains(it, []byte(`"Event":3`)) && len(msgs) < benchItems {
				msgs = append(msgs, it)
			}
		}
	}
	msgBody := AppendGetMsgResp(nil, "lpk-@TGS#aLIVEROOM-1", 21, msgs)

	getMsg := func(b *testing.B, in []byte, isFrame bool) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			bd := in
			if isFrame {
				f, err := DecodeFrame(in)
				if err != nil {
					b.Fatal(err)
				}
				bd = f.Body
			}
			var r GetMsgResp
			if err := DecodeGetMsgResp(bd, &r); err != nil || len(r.RspMsgList) != benchItems {
				b.Fatalf("%d items, %v", len(r.RspMsgList), err)
			}
		}
		perItem(b)
	}
	pushFrame := func(b *testing.B) {
		b.SetBytes(int64(len(push)))
		b.ReportAllocs()
		for b.Loop() {
			f, err := DecodeFrame(push)
			if err != nil {
				b.Fatal(err)
			}
			var p MsgPush
			if err := DecodeMsgPush(f.Body, &p); err != nil || len(p.EventArray) != 1 {
				b.Fatal(err)
			}
		}
	}
	item := func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, raw := range items {
				var it Item
				if err := DecodeItem(raw, &it); err != nil {
					b.Fatal(err)
				}
			}
		}
		perItem(b)
	}
	for _, mode := range []string{"fast", "std"} {
		run := func(name string, f func(b *testing.B)) {
			b.Run(mode+"/"+name, func(b *testing.B) {
				if mode == "std" {
					fastOff.Store(true)
					defer fastOff.Store(false)
				}
				f(b)
			})
		}
		run("getmsg_body", func(b *testing.B) { getMsg(b, body, false) })
		run("getmsg_body_messages", func(b *testing.B) { getMsg(b, msgBody, false) })
		run("getmsg_frame", func(b *testing.B) { getMsg(b, frame, true) })
		run("getmsg_comp_frame", func(b *testing.B) { getMsg(b, comp, true) })
		run("push_frame", pushFrame)
		run("item", item)
	}
}

// BenchmarkDecodeFrameHead is DecodeFrame on frames whose body is small, so
// that the head dominates: a reply (echoed session head) and a push head.
func BenchmarkDecodeFrameHead(b *testing.B) {
	h := SessionHead(1400000001, "db6cf54e9797be8acd936358930363fe81d0e306d63baf60092e4d5b0a5f5e20",
		"144115200000000001", 3513254075, CmdAlive, 48579400, 1795629331)
	reply, err := EncodeFrame(&h, OK())
	if err != nil {
		b.Fatal(err)
	}
	frames := map[string][]byte{"reply": reply, "push": []byte(smallFrame)}
	for _, mode := range []string{"fast", "std"} {
		for _, name := range []string{"reply", "push"} {
			in := frames[name]
			b.Run(mode+"/"+name, func(b *testing.B) {
				if mode == "std" {
					fastOff.Store(true)
					defer fastOff.Store(false)
				}
				b.SetBytes(int64(len(in)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := DecodeFrame(in); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkDecodeRawFrame is the emulator's decode of a guest's get_msg
// request, the frame it reads most.
func BenchmarkDecodeRawFrame(b *testing.B) {
	h := GuestHead(1400000001, CmdGetMsgNoAuth, 35301924, 1795629331)
	in, err := EncodeFrame(&h, GetMsgReq{USP: 1, StartSeq: 1234, HoldTime: DefaultHoldTime, Key: "lpk-guest-@TGS#aLIVEROOM-4"})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeRawFrame(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendFrameSessionHead is the frame of a logged-in client's
// request with a small body, as a push acknowledgement: the head spells the
// A2 and the tinyid in every frame.
func BenchmarkAppendFrameSessionHead(b *testing.B) {
	inst := uint64(3513254075)
	h := SessionHeadRef(1400000001, "db6cf54e9797be8acd936358930363fe81d0e306d63baf60092e4d5b0a5f5e20", "144115200000000001", &inst, CmdPushAck, 48579362, 1795629330)
	body := []byte(`{"SessionData":"sd-123456"}`)
	dst := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		dst, _ = AppendFrame(dst[:0], &h, body)
	}
}

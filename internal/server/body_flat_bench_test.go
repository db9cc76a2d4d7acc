package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/tim-go/sdk/internal/wire"
)

// BenchmarkDeliveryRequests: reading the two requests every delivery
// brings back (a get_msg body, a push-ack body) without reflection against
// encoding/json, and a client frame read by readFast.
//
//	go test -run '^$' -bench DeliveryRequests ./internal/server/
func BenchmarkDeliveryRequests(b *testing.B) {
	poll := []byte(`{"USP":1,"StartSeq":123456,"HoldTime":30,"Key":"0123456789abcdef01234567","DownsizeFlag":0}`)
	ack := []byte(`{"SessionData":"sd-1234567"}`)
	b.Run("get_msg/flat", func(b *testing.B) {
		var req wire.GetMsgReq
		for range b.N {
			decodeGetMsgReq(poll, &req)
		}
	})
	b.Run("get_msg/encoding_json", func(b *testing.B) {
		for range b.N {
			var req wire.GetMsgReq
			json.Unmarshal(poll, &req)
		}
	})
	b.Run("push_ack/flat", func(b *testing.B) {
		var req wire.PushAckReq
		for range b.N {
			decodePushAckReq(ack, &req)
		}
	})
	b.Run("push_ack/encoding_json", func(b *testing.B) {
		for range b.N {
			var req wire.PushAckReq
			json.Unmarshal(ack, &req)
		}
	})
	b.Run("frame/readFast", func(b *testing.B) {
		f := clientFrame(0x80|opBinary, true, [4]byte{1, 2, 3, 4}, append(bytes.Repeat([]byte("h"), 200), poll...))
		src := bytes.NewReader(f)
		br := bufio.NewReaderSize(src, clientFrameBuffer)
		var buf []byte
		b.SetBytes(int64(len(f)))
		for range b.N {
			src.Reset(f)
			br.Reset(src)
			var ok bool
			if buf, ok = readFast(br, 1<<20, buf[:0]); !ok {
				b.Fatal("not read")
			}
		}
	})
}

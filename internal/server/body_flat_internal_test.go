package server

import (
	"encoding/json"
	"testing"

	"github.com/tim-go/sdk/internal/wire"
)

var flatBodies = []string{
	``,
	`{}`,
	` { } `,
	`{"USP":1,"StartSeq":42,"HoldTime":30,"Key":"abc123","DownsizeFlag":0}`,
	`{"USP":1,"StartSeq":18446744073709551615,"HoldTime":30,"Key":"k"}`,
	`{ "Key" : "a b" , "StartSeq" : 7 }`,
	`{"Key":"x","Key":"y"}`,
	`{"key":"lower case key"}`,
	`{"Key":"esc\"aped"}`,
	`{"Key":"caf\u00e9"}`,
	"{\"Key\":\"caf\xc3\xa9\"}",
	"{\"Key\":\"bad\xff\"}",
	`{"Key":null}`,
	`{"StartSeq":-1}`,
	`{"StartSeq":1.5}`,
	`{"StartSeq":1e3}`,
	`{"StartSeq":01}`,
	`{"StartSeq":"7"}`,
	`{"HoldTime":99999999999}`,
	`{"Unknown":{"a":1},"Key":"k"}`,
	`{"Key":"k"} trailing`,
	`{"Key":"k",}`,
	`{"Key":"k"`,
	`[1]`,
	`{"SessionData":"sd-12"}`,
	`{"SessionData":12}`,
	`{"SessionData":"sd-1","Other":1}`,
}

// TestFlatDecodersMatchJSON: the reflection-free readers of get_msg and
// push-ack bodies give exactly what encoding/json gives (value and whether
// it failed), on well-formed, unusual and malformed bodies alike.
func TestFlatDecodersMatchJSON(t *testing.T) {
	for _, b := range flatBodies {
		checkFlat(t, []byte(b))
	}
}

func FuzzFlatDecoders(f *testing.F) {
	for _, b := range flatBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkFlat(t, b) })
}

func checkFlat(t *testing.T, b []byte) {
	t.Helper()
	var got, want wire.GetMsgReq
	e := decodeGetMsgReq(b, &got)
	werr := len(b) > 0 && json.Unmarshal(b, &want) != nil
	if (e != nil) != werr || (e == nil && got != want) {
		t.Errorf("get_msg %q: got %+v (err %v), json.Unmarshal %+v (failed %v)", b, got, e, want, werr)
	}
	var gotAck, wantAck wire.PushAckReq
	e = decodePushAckReq(b, &gotAck)
	werr = len(b) > 0 && json.Unmarshal(b, &wantAck) != nil
	if (e != nil) != werr || (e == nil && gotAck != wantAck) {
		t.Errorf("push ack %q: got %+v (err %v), json.Unmarshal %+v (failed %v)", b, gotAck, e, wantAck, werr)
	}
}

// TestFlatDecodersDoNotAllocate: the common bodies are read with one
// allocation (the Key or SessionData string).
func TestFlatDecodersDoNotAllocate(t *testing.T) {
	poll := []byte(`{"USP":1,"StartSeq":42,"HoldTime":30,"Key":"abc123","DownsizeFlag":0}`)
	ack := []byte(`{"SessionData":"sd-12"}`)
	var req wire.GetMsgReq
	var ackReq wire.PushAckReq
	if n := testing.AllocsPerRun(100, func() { decodeGetMsgReq(poll, &req) }); n > 1 {
		t.Errorf("get_msg: %v allocations", n)
	}
	if n := testing.AllocsPerRun(100, func() { decodePushAckReq(ack, &ackReq) }); n > 1 {
		t.Errorf("push ack: %v allocations", n)
	}
	if req.Key != "abc123" || req.StartSeq != 42 || ackReq.SessionData != "sd-12" {
		t.Fatalf("read %+v, %+v", req, ackReq)
	}
}

package jsonlibs

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/tim-go/sdk/internal/wire"
)

// nItems is the number of items in the get_msg reply decoded per op.
const nItems = 100

// traceItems returns the stream items of the poll-mode trace that
// internal/wire/bench_test.go uses (messages, tips and notices in trace
// order); messagesOnly keeps Event 3 (room messages) alone.
func traceItems(t testing.TB, messagesOnly bool) []json.RawMessage {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "internal", "wire", "testdata", "traces", "avchatroom-scenario.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var pool []json.RawMessage
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var rec struct {
			Dir     string          `json:"dir"`
			Servcmd string          `json:"servcmd"`
			Frame   json.RawMessage `json:"frame"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Dir != "s2c" || rec.Servcmd != wire.CmdGetMsg || len(rec.Frame) == 0 {
			continue
		}
		fr, err := wire.DecodeFrame(rec.Frame)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			RspMsgList []json.RawMessage `json:"RspMsgList"`
		}
		if err := json.Unmarshal(fr.Body, &body); err != nil {
			t.Fatal(err)
		}
		for _, it := range body.RspMsgList {
			if !messagesOnly || bytes.Contains(it, []byte(`"Event":3`)) {
				pool = append(pool, it)
			}
		}
	}
	if err := sc.Err(); err != nil || len(pool) == 0 {
		t.Fatalf("%d items in the trace, %v", len(pool), err)
	}
	return pool
}

// getMsgBody is a get_msg reply body with nItems trace items (repeated in
// trace order as needed), as the emulator writes it.
func getMsgBody(t testing.TB, messagesOnly bool) []byte {
	pool := traceItems(t, messagesOnly)
	items := make([]json.RawMessage, nItems)
	for i := range items {
		items[i] = pool[i%len(pool)]
	}
	return wire.AppendGetMsgResp(nil, "lpk-@TGS#aLIVEROOM-1", 21, items)
}

// pushBody is a msg_push body carrying the trace's first text message, as
// the emulator sends each room message to a logged-in member.
func pushBody(t testing.TB) []byte {
	for _, it := range traceItems(t, true) {
		if bytes.Contains(it, []byte(wire.ElemText)) {
			return wire.AppendMsgPushBody(nil, wire.EventGroupMsg, it, "sd-22")
		}
	}
	t.Fatal("no text message in the trace")
	return nil
}

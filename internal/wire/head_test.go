package wire

import (
	"encoding/json"
	"reflect"
	"testing"
)

// traceHeads returns one real head of each kind from the poll-mode trace:
// login (shape 1), session (2), guest (3), push, and telemetry.
func traceHeads(t *testing.T) map[string]json.RawMessage {
	t.Helper()
	out := map[string]json.RawMessage{}
	for _, rec := range loadTrace(t, "avchatroom-scenario.jsonl") {
		f, err := DecodeFrame(rec.Frame)
		if err != nil {
			t.Fatal(err)
		}
		h := &f.Head
		var kind string
		switch {
		case rec.Dir == "s2c" && rec.Servcmd == CmdKickPush:
			kind = "push"
		case rec.Dir != "c2s":
			continue
		case rec.Servcmd == CmdTelemetry:
			kind = "telemetry"
		case rec.Servcmd == CmdSendGroupMsg:
			continue // tjgID is set there; the others have ""
		case h.A2 != "":
			kind = "session"
		case h.Identifier != nil && *h.Identifier != "":
			kind = "login"
		case h.Identifier != nil:
			kind = "guest"
		}
		if _, ok := out[kind]; !ok && kind != "" {
			out[kind] = rawHead(t, rec.Frame)
		}
	}
	for _, k := range []string{"login", "session", "guest", "push", "telemetry"} {
		if out[k] == nil {
			t.Fatalf("no %s head in the trace", k)
		}
	}
	return out
}

func decodeHead(t *testing.T, b []byte) Head {
	t.Helper()
	var h Head
	if err := decodeStrict(b, &h); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHeadShape(t *testing.T) {
	heads := traceHeads(t)
	for kind, want := range map[string]Shape{
		"login":   ShapeLogin,
		"session": ShapeSession,
		"guest":   ShapeGuest,
		"push":    ShapeInvalid,
		// Telemetry carries identifier "" and usersig "" even when logged
		// in, and no a2: it reads as a guest head.
		"telemetry": ShapeGuest,
	} {
		h := decodeHead(t, heads[kind])
		if got := h.Shape(); got != want {
			t.Errorf("%s head %s: Shape %d, want %d", kind, heads[kind], got, want)
		}
	}

	id := func(s string) *string { return &s }
	for _, c := range []struct {
		name string
		h    Head
		want Shape
	}{
		{"empty", Head{}, ShapeInvalid},
		{"a2 only", Head{A2: "k"}, ShapeSession},
		{"a2 wins over identifier", Head{A2: "k", Identifier: id("alice"), UserSig: id("sig")}, ShapeSession},
		{"identifier+usersig", Head{Identifier: id("alice"), UserSig: id("sig")}, ShapeLogin},
		{"identifier without usersig", Head{Identifier: id("alice")}, ShapeLogin},
		{"empty identifier+usersig", Head{Identifier: id(""), UserSig: id("")}, ShapeGuest},
		{"usersig only", Head{UserSig: id("")}, ShapeGuest},
		{"tinyid without a2", Head{TinyID: "1"}, ShapeInvalid},
		{"push", PushHead(CmdMsgPush, 1, 2), ShapeInvalid},
		{"LoginHead", LoginHead(1, "alice", "sig", CmdLogin, 1, 2), ShapeLogin},
		{"SessionHead", SessionHead(1, "a2", "144", 7, CmdLogin, 1, 2), ShapeSession},
		{"GuestHead", GuestHead(1, CmdApplyJoinNoAuth, 1, 2), ShapeGuest},
	} {
		if got := c.h.Shape(); got != c.want {
			t.Errorf("%s: Shape %d, want %d", c.name, got, c.want)
		}
	}
}

// TestHeadBuilders rebuilds real trace heads with the builders: the JSON must
// have exactly the trace's keys, and the same values.
func TestHeadBuilders(t *testing.T) {
	heads := traceHeads(t)
	for _, c := range []struct {
		kind  string
		build func(h Head) Head
	}{
		{"login", func(h Head) Head {
			return LoginHead(h.SDKAppID, *h.Identifier, *h.UserSig, h.Servcmd, h.Seq, h.ReqTime)
		}},
		{"session", func(h Head) Head {
			return SessionHead(h.SDKAppID, h.A2, h.TinyID, h.InstID(), h.Servcmd, h.Seq, h.ReqTime)
		}},
		{"guest", func(h Head) Head { return GuestHead(h.SDKAppID, h.Servcmd, h.Seq, h.ReqTime) }},
		{"push", func(h Head) Head { return PushHead(h.Servcmd, h.Seq, h.ReqTime) }},
	} {
		raw := heads[c.kind]
		built := c.build(decodeHead(t, raw))
		b := mustMarshal(t, &built)
		if got, want := keySet(t, b), keySet(t, raw); !reflect.DeepEqual(got, want) {
			t.Errorf("%s head keys\n got  %v\n want %v", c.kind, got, want)
		}
		if d := exactDiff(t, raw, b); d != "" {
			t.Errorf("%s head values: %s\n got  %s\n want %s", c.kind, d, b, raw)
		}
	}

	// The push head AppendPushHead writes without reflection is PushHead.
	ph := PushHead(CmdMsgPush, 18446744073709551615, 1795629330)
	frame := append(AppendPushHead(nil, CmdMsgPush, ph.Seq, ph.ReqTime), "{}}"...)
	f, err := DecodeFrame(frame)
	if err != nil {
		t.Fatalf("AppendPushHead frame %s: %v", frame, err)
	}
	if !reflect.DeepEqual(f.Head, ph) {
		t.Errorf("AppendPushHead head %+v, want %+v", f.Head, ph)
	}
	if d := exactDiff(t, rawHead(t, frame), mustMarshal(t, &ph)); d != "" {
		t.Errorf("AppendPushHead vs PushHead: %s", d)
	}
}

// TestHeadInstID covers status_instid: absent, 0, and above 2^32.
func TestHeadInstID(t *testing.T) {
	if got := (&Head{}).InstID(); got != 0 {
		t.Errorf("InstID of a head without status_instid: %d", got)
	}
	h := SessionHead(1400000001, "a2", "144115200000000001", 1<<40+5, CmdHello, 1, 1)
	var back Head
	if err := json.Unmarshal(mustMarshal(t, &h), &back); err != nil {
		t.Fatal(err)
	}
	if back.InstID() != 1<<40+5 {
		t.Errorf("status_instid round trip: %d", back.InstID())
	}
	if g := GuestHead(1, CmdGetMsgNoAuth, 1, 1); g.StatusInstID == nil || g.InstID() != 0 {
		t.Errorf("guest head must carry status_instid 0: %+v", g)
	}
	if id := h.ID(); id != (ID{CmdHello, 1}) {
		t.Errorf("ID %+v", id)
	}
}

package tim

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// sendC2C calls REST openim/sendmsg with a raw body (the typed client is
// tim/restapi's) and returns the reply.
func sendC2C(t *testing.T, srv *timtest.Server, body string) wire.RESTSendMsgResp {
	t.Helper()
	var resp wire.RESTSendMsgResp
	if err := srv.Call(ctxT(t), wire.RESTSendMsg, []byte(body), &resp); err != nil {
		t.Fatalf("openim/sendmsg: %v", err)
	}
	return resp
}

func c2cText(to string, random uint32, text string) string {
	return fmt.Sprintf(`{"To_Account":%q,"MsgRandom":%d,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":%q}}]}`, to, random, text)
}

func isC2CText(text string) func(*message.Message) bool {
	return func(m *message.Message) bool { return m.ConversationType == types.ConvC2C && isText(text)(m) }
}

// adminTinyID is the admin's TinyId as the server stamps it on messages.
func adminTinyID(t *testing.T, r *testRoom) string {
	t.Helper()
	admin := r.client()
	if err := admin.Login(ctxT(t), r.srv.Admin, r.srv.UserSig(r.srv.Admin)); err != nil {
		t.Fatal(err)
	}
	id := admin.sess.Load().tinyID
	_ = admin.Destroy(context.Background())
	return id
}

func TestC2CPushedMessagesReceived(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		tiny := adminTinyID(t, r)
		bot := r.user("bot")
		in := record(bot)

		resp := sendC2C(t, r.srv, `{"To_Account":"bot","MsgSeq":7,"MsgRandom":1234,"CloudCustomData":"ccd","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hello bot"}}]}`)
		m := in.waitMessage(t, "the C2C text", isC2CText("hello bot"))
		want := message.Message{
			ID: message.MakeID(tiny, resp.MsgTime, 1234), Type: types.MsgText,
			ConversationID: "C2C" + r.srv.Admin, ConversationType: types.ConvC2C,
			To: "bot", From: r.srv.Admin, Flow: types.FlowIn, Time: resp.MsgTime, Status: types.MsgStatusSuccess,
			Priority: types.MsgPriorityNormal, Sequence: 7, Random: 1234, ClientTime: resp.MsgTime, ClientSeq: 7,
			CloudCustomData: "ccd", SenderTinyID: tiny,
		}
		got := *m
		got.Payload = nil
		if got != want {
			t.Errorf("message\n got  %+v\n want %+v", got, want)
		}

		sendC2C(t, r.srv, `{"From_Account":"bot","To_Account":"bot","MsgRandom":99,"MsgBody":[{"MsgType":"TIMCustomElem","MsgContent":{"Data":"gift:rocket","Desc":"a rocket","Ext":"{\"n\":1}"}}]}`)
		m = in.waitMessage(t, "the C2C custom message", func(m *message.Message) bool {
			return m.ConversationType == types.ConvC2C && m.Type == types.MsgCustom
		})
		p, _ := m.Payload.(*message.CustomPayload)
		if p == nil || p.Data != "gift:rocket" || p.Description != "a rocket" || p.Extension != `{"n":1}` {
			t.Errorf("custom payload %+v", m.Payload)
		}
		if m.From != "bot" || m.ConversationID != "C2Cbot" || m.Flow != types.FlowOut {
			t.Errorf("a message from the bot to itself: from %q, conversation %q, flow %q", m.From, m.ConversationID, m.Flow)
		}
	})
}

func TestC2CSyncedAfterLogin(t *testing.T) {
	r := newTestRoom(t, timtest.Options{Delivery: "push"})
	first := r.user("bot") // the account exists from its first login
	if err := first.Logout(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	sendC2C(t, r.srv, c2cText("bot", 1, "while offline 1"))
	sendC2C(t, r.srv, c2cText("bot", 2, "while offline 2"))

	bot := r.client()
	in := record(bot)
	if err := bot.Login(ctxT(t), "bot", r.srv.UserSig("bot")); err != nil {
		t.Fatal(err)
	}
	in.wait(t, "both offline messages", func(in *inbox) bool { return len(in.msgs) >= 2 })
	sendC2C(t, r.srv, c2cText("bot", 3, "online"))
	in.waitMessage(t, "the pushed message", isC2CText("online"))
	in.mu.Lock()
	defer in.mu.Unlock()
	var texts []string
	for _, m := range in.msgs {
		texts = append(texts, m.Payload.(*message.TextPayload).Text)
		if m.ConversationType != types.ConvC2C || m.To != "bot" || m.From != r.srv.Admin {
			t.Errorf("synced message %s", m)
		}
	}
	if fmt.Sprint(texts) != "[while offline 1 while offline 2 online]" {
		t.Errorf("received %q, want each once in order", texts)
	}
}

func TestC2CPushAndSyncDeliveredOnce(t *testing.T) {
	r := newTestRoom(t, timtest.Options{Delivery: "push"})
	bot := r.user("bot")
	in := record(bot)
	resp := sendC2C(t, r.srv, c2cText("bot", 5, "twice on the wire"))
	in.waitMessage(t, "the pushed message", isC2CText("twice on the wire"))

	// The same message again, as a sync reply and as a push would carry it.
	item := &wire.C2CMsg{FromAccount: r.srv.Admin, ToAccount: "bot", MsgRandom: 5, MsgTimeStamp: resp.MsgTime,
		MsgClientTime: resp.MsgTime, MsgKey: resp.MsgKey, MsgLifeTime: wire.MaxC2CMsgLifeTime,
		MsgBody: []wire.Elem{wire.TextElem("twice on the wire")}}
	in.mu.Lock()
	item.MsgSeq, item.TinyID = in.msgs[0].Sequence, in.msgs[0].SenderTinyID
	in.mu.Unlock()
	raw, _ := json.Marshal(item)
	bot.onC2C(decodeC2CList([]json.RawMessage{raw}, bot.log))
	body := wire.AppendC2CPushBody(nil, []json.RawMessage{raw}, "")
	bot.onPush(&wire.Frame{Head: wire.Head{Servcmd: wire.CmdMsgPush}, Body: body})

	// And across a dropped socket: a message sent meanwhile comes by push
	// or by the sync after the re-login, once.
	r.srv.CloseConnections()
	sendC2C(t, r.srv, c2cText("bot", 6, "around a reconnect"))
	in.waitMessage(t, "the message sent around the reconnect", isC2CText("around a reconnect"))
	sendC2C(t, r.srv, c2cText("bot", 7, "marker"))
	in.waitMessage(t, "the marker", isC2CText("marker"))
	for _, text := range []string{"twice on the wire", "around a reconnect"} {
		if n := in.count(isC2CText(text)); n != 1 {
			t.Errorf("%q received %d times", text, n)
		}
	}
}

func TestC2CNotForOthers(t *testing.T) {
	r := newTestRoom(t, timtest.Options{Delivery: "push"})
	other := r.user("other")
	in := record(other)
	r.user("bot")
	sendC2C(t, r.srv, c2cText("bot", 1, "for the bot"))
	sendC2C(t, r.srv, c2cText("other", 2, "for other"))
	in.waitMessage(t, "its own message", isC2CText("for other"))
	if n := in.count(isC2CText("for the bot")); n != 0 {
		t.Errorf("another user received the bot's message")
	}
}

func TestC2CMapSyncCopy(t *testing.T) {
	// A copy of the bot's own message to alice (SyncOtherMachine 1) names
	// alice as From_Account; tim-js-sdk swaps the accounts back.
	it := &wire.C2CMsg{FromAccount: "alice", ToAccount: "bot", IsSyncMsg: 1, MsgRandom: 3, MsgTimeStamp: 10,
		TinyID: "144115200000000009", MsgBody: []wire.Elem{wire.TextElem("hi")}}
	m := mapC2C(it, "bot", 99)
	if m.From != "bot" || m.To != "alice" || m.ConversationID != "C2Calice" || m.Flow != types.FlowOut ||
		m.ClientTime != 99 || m.ID != "144115200000000009-99-3" {
		t.Errorf("sync copy mapped to %+v", m)
	}
	if mapC2C(&wire.C2CMsg{FromAccount: "x"}, "bot", 1) != nil {
		t.Error("an item without elements mapped to a message")
	}
}

func TestC2CSyncAgain(t *testing.T) {
	msgs := []json.RawMessage{json.RawMessage(`{}`)}
	cases := []struct {
		name      string
		sent      string
		resp      wire.C2CSyncResp
		empty     int
		wantEmpty int
		wantAgain bool
	}{
		{"more with messages", "a", wire.C2CSyncResp{Cookie: "b", SyncFlag: wire.SyncFlagMore, MsgList: msgs}, 2, 0, true},
		{"flag 0 with messages", "a", wire.C2CSyncResp{Cookie: "b", MsgList: msgs}, 0, 0, true},
		{"done", "a", wire.C2CSyncResp{Cookie: "b", SyncFlag: wire.SyncFlagDone, MsgList: msgs}, 0, 0, false},
		{"no cookie", "a", wire.C2CSyncResp{SyncFlag: wire.SyncFlagMore, MsgList: msgs}, 0, 0, false},
		{"empty with a new cookie", "a", wire.C2CSyncResp{Cookie: "b", SyncFlag: wire.SyncFlagMore}, 0, 1, true},
		{"empty with the same cookie", "a", wire.C2CSyncResp{Cookie: "a", SyncFlag: wire.SyncFlagMore}, 0, 1, false},
		{"empty too often", "a", wire.C2CSyncResp{Cookie: "b", SyncFlag: wire.SyncFlagMore}, maxC2CSyncEmpty - 1, maxC2CSyncEmpty, false},
	}
	for _, c := range cases {
		empty, again := c2cSyncAgain(c.sent, &c.resp, c.empty)
		if empty != c.wantEmpty || again != c.wantAgain {
			t.Errorf("%s: got (%d, %v), want (%d, %v)", c.name, empty, again, c.wantEmpty, c.wantAgain)
		}
	}
	// A server that always says more follows, with a fresh Cookie and no
	// message, is asked at most maxC2CSyncEmpty times.
	asked, empty, again := 0, 0, true
	for again && asked < maxC2CSyncPages {
		asked++
		empty, again = c2cSyncAgain("x", &wire.C2CSyncResp{Cookie: strconv.Itoa(asked), SyncFlag: wire.SyncFlagMore}, empty)
	}
	if asked != maxC2CSyncEmpty {
		t.Errorf("asked %d times, want %d", asked, maxC2CSyncEmpty)
	}
}

func TestC2CSyncOneAtATime(t *testing.T) {
	r := newReceiver(false)
	if !r.c2cSyncStart() {
		t.Fatal("the first start must start a goroutine")
	}
	if r.c2cSyncStart() || r.c2cSyncStart() {
		t.Fatal("a start while the sync runs must not start another")
	}
	r.reset() // a logout while it runs: it is still running
	if r.c2cSyncStart() {
		t.Fatal("a start after a reset while the sync runs must not start another")
	}
	if !r.c2cSyncEnd() {
		t.Fatal("starts asked for while running: the sync must run again (once)")
	}
	if r.c2cSyncEnd() {
		t.Fatal("nothing asked for meanwhile: the sync must end")
	}
	if !r.c2cSyncStart() {
		t.Fatal("a start after the end must start a goroutine")
	}
}

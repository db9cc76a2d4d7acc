package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// sendMsg calls openim/sendmsg with a raw body and returns the reply and
// Tencent's code (0 on success).
func sendMsg(t *testing.T, srv *timtest.Server, body string) (wire.RESTSendMsgResp, int) {
	t.Helper()
	var resp wire.RESTSendMsgResp
	err := srv.Call(ctx(t), wire.RESTSendMsg, []byte(body), &resp)
	return resp, restCode(t, err)
}

func textBody(to string, random uint32, text string) string {
	return fmt.Sprintf(`{"To_Account":%q,"MsgRandom":%d,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":%q}}]}`, to, random, text)
}

// c2cPushed waits for the client's next msg_push carrying C2C items.
func (c *client) c2cPushed() []*wire.C2CMsg {
	c.t.Helper()
	for {
		f := c.nextPush(wire.CmdMsgPush)
		var body wire.MsgPush
		if err := json.Unmarshal(f.Body, &body); err != nil {
			c.t.Fatal(err)
		}
		var out []*wire.C2CMsg
		for _, e := range body.EventArray {
			if len(e.C2cMsgArray) > 0 && e.Event != wire.EventC2CMsg {
				c.t.Errorf("C2cMsgArray under Event %d, want %d", e.Event, wire.EventC2CMsg)
			}
			out = append(out, e.C2cMsgArray...)
		}
		if len(out) > 0 {
			return out
		}
	}
}

// c2cSync is one openim.getmsg round trip as tim-js-sdk sends it.
func (c *client) c2cSync(cookie string) wire.C2CSyncResp {
	c.t.Helper()
	var resp wire.C2CSyncResp
	c.mustCall(wire.CmdC2CGetMsg, wire.C2CGetMsgReq{Cookie: cookie, NeedAbstract: 1, NeedSignaling: 1}, &resp)
	if resp.Cookie == "" {
		c.t.Fatal("openim.getmsg answered an empty Cookie: tim-js-sdk would stop its sync")
	}
	return resp
}

func syncedTexts(t *testing.T, resp wire.C2CSyncResp) []string {
	t.Helper()
	var out []string
	for _, raw := range resp.MsgList {
		var m wire.C2CMsg
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, c2cText(&m))
	}
	return out
}

func c2cText(m *wire.C2CMsg) string {
	var b strings.Builder
	for _, e := range m.MsgBody {
		if c, err := e.Content(); err == nil {
			if tc, ok := c.(*wire.TextContent); ok {
				b.WriteString(tc.Text)
			}
		}
	}
	return b.String()
}

// roundTrip after a push: the reply is written in a later batch than the
// push, after the socket writer recorded the push as delivered.
func (c *client) settle() { c.t.Helper(); c.mustCall(wire.CmdAlive, struct{}{}, nil) }

func TestC2CSendMsgValidation(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	bob := dial(t, srv)
	bob.login("bob") // an account
	text := `[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`
	cases := []struct {
		name string
		body string
		code int
	}{
		{"not JSON", `hello`, 90001},
		{"JSON array", `[]`, 90001},
		{"no To_Account", `{"MsgRandom":1,"MsgBody":` + text + `}`, 90003},
		{"empty To_Account", `{"To_Account":"","MsgRandom":1,"MsgBody":` + text + `}`, 90003},
		{"To_Account not a string", `{"To_Account":5,"MsgRandom":1,"MsgBody":` + text + `}`, 60015},
		{"unknown To_Account", `{"To_Account":"nobody","MsgRandom":1,"MsgBody":` + text + `}`, 90003},
		{"unknown From_Account", `{"From_Account":"ghost","To_Account":"bob","MsgRandom":1,"MsgBody":` + text + `}`, 90008},
		{"From_Account not a string", `{"From_Account":1,"To_Account":"bob","MsgRandom":1,"MsgBody":` + text + `}`, 60015},
		{"no MsgRandom", `{"To_Account":"bob","MsgBody":` + text + `}`, 90005},
		{"MsgRandom a string", `{"To_Account":"bob","MsgRandom":"1","MsgBody":` + text + `}`, 90005},
		{"MsgRandom negative", `{"To_Account":"bob","MsgRandom":-1,"MsgBody":` + text + `}`, 90005},
		{"MsgRandom over 32 bits", `{"To_Account":"bob","MsgRandom":4294967296,"MsgBody":` + text + `}`, 90005},
		{"MsgSeq a string", `{"To_Account":"bob","MsgSeq":"7","MsgRandom":1,"MsgBody":` + text + `}`, 90001},
		{"no MsgBody", `{"To_Account":"bob","MsgRandom":1}`, 90002},
		{"MsgBody empty", `{"To_Account":"bob","MsgRandom":1,"MsgBody":[]}`, 90002},
		{"MsgBody an object", `{"To_Account":"bob","MsgRandom":1,"MsgBody":{"MsgType":"TIMTextElem"}}`, 90002},
		{"unknown MsgType", `{"To_Account":"bob","MsgRandom":1,"MsgBody":[{"MsgType":"TIMNopeElem","MsgContent":{}}]}`, 90002},
		{"MsgContent a string", `{"To_Account":"bob","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":"hi"}]}`, 90002},
		{"Text a number", `{"To_Account":"bob","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":5}}]}`, 90002},
		{"MsgLifeTime a string", `{"To_Account":"bob","MsgLifeTime":"60","MsgRandom":1,"MsgBody":` + text + `}`, 90044},
		{"MsgLifeTime over 7 days", `{"To_Account":"bob","MsgLifeTime":604801,"MsgRandom":1,"MsgBody":` + text + `}`, 90026},
		{"MsgLifeTime negative", `{"To_Account":"bob","MsgLifeTime":-1,"MsgRandom":1,"MsgBody":` + text + `}`, 90026},
		{"SyncOtherMachine a string", `{"SyncOtherMachine":"1","To_Account":"bob","MsgRandom":1,"MsgBody":` + text + `}`, 90031},
		{"SyncOtherMachine 3", `{"SyncOtherMachine":3,"To_Account":"bob","MsgRandom":1,"MsgBody":` + text + `}`, 90031},
		{"CloudCustomData a number", `{"To_Account":"bob","MsgRandom":1,"MsgBody":` + text + `,"CloudCustomData":1}`, 90001},
		{"SendMsgControl a string", `{"To_Account":"bob","MsgRandom":1,"MsgBody":` + text + `,"SendMsgControl":"NoUnread"}`, 90001},
		{"OfflinePushInfo a string", `{"To_Account":"bob","MsgRandom":1,"MsgBody":` + text + `,"OfflinePushInfo":"x"}`, 90043},
		{"body too long", `{"To_Account":"bob","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"` + strings.Repeat("x", 13<<10) + `"}}]}`, 80002},

		// Tencent's own examples (trtc.io/document/34919).
		{"doc: admin to an account", `{"SyncOtherMachine":2,"To_Account":"bob","MsgLifeTime":60,"MsgSeq":93847636,"MsgRandom":1287657,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],"CloudCustomData":"your cloud custom data","SupportMessageExtension":0}`, 0},
		{"doc: no callbacks", `{"SyncOtherMachine":2,"To_Account":"bob","MsgLifeTime":60,"MsgSeq":93847637,"MsgRandom":1287657,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],"ForbidCallbackControl":["ForbidBeforeSendMsgCallback","ForbidAfterSendMsgCallback"]}`, 0},
		{"doc: not counted unread", `{"SyncOtherMachine":1,"From_Account":"bob","To_Account":"bob","MsgSeq":93847638,"MsgRandom":1287657,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],"SendMsgControl":["NoUnread","NoLastMsg"],"OfflinePushInfo":{"PushFlag":0,"Title":"t","Desc":"d","Ext":"e"}}`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, code := sendMsg(t, srv, tc.body)
			if code != tc.code {
				t.Fatalf("code %d, want %d", code, tc.code)
			}
			if code == 0 && (resp.MsgTime == 0 || resp.MsgKey == "") {
				t.Errorf("reply %+v lacks MsgTime or MsgKey", resp)
			}
		})
	}
}

func TestC2CPushToReceiverOnly(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	bob, alice := dial(t, srv), dial(t, srv)
	bob.login("bob")
	alice.login("alice")

	body := `{"To_Account":"bob","MsgSeq":77,"MsgRandom":4242,"MsgBody":[{"MsgType":"TIMCustomElem","MsgContent":{"Data":"gift","Desc":"rocket","Ext":"x"}}],"CloudCustomData":"ccd","SendMsgControl":["NoUnread"]}`
	resp, code := sendMsg(t, srv, body)
	if code != 0 {
		t.Fatalf("sendmsg: %d", code)
	}
	items := bob.c2cPushed()
	if len(items) != 1 {
		t.Fatalf("%d items pushed, want 1", len(items))
	}
	m := items[0]
	switch {
	case m.FromAccount != srv.Admin || m.ToAccount != "bob":
		t.Errorf("From/To %q/%q, want %q/bob", m.FromAccount, m.ToAccount, srv.Admin)
	case m.MsgSeq != 77 || m.MsgRandom != 4242 || m.MsgTimeStamp != resp.MsgTime || m.MsgClientTime != resp.MsgTime:
		t.Errorf("seq/random/time %d/%d/%d/%d, reply %+v", m.MsgSeq, m.MsgRandom, m.MsgTimeStamp, m.MsgClientTime, resp)
	case m.MsgKey != resp.MsgKey || m.MsgKey != fmt.Sprintf("77_4242_%d", resp.MsgTime):
		t.Errorf("MsgKey %q, reply %q", m.MsgKey, resp.MsgKey)
	case m.TinyID == "" || m.TinyID == bob.tinyID:
		t.Errorf("TinyId %q: want the sender's", m.TinyID)
	case m.CloudCustomData != "ccd" || m.SendMsgControl == nil || m.SendMsgControl.NoUnread != 1:
		t.Errorf("CloudCustomData %q, SendMsgControl %+v", m.CloudCustomData, m.SendMsgControl)
	case m.MsgLifeTime != wire.MaxC2CMsgLifeTime || len(m.MsgBody) != 1 || m.MsgBody[0].MsgType != wire.ElemCustom:
		t.Errorf("MsgLifeTime %d, body %+v", m.MsgLifeTime, m.MsgBody)
	}

	// Alice got nothing: her first push is the message sent to her after.
	if _, code := sendMsg(t, srv, textBody("alice", 1, "for alice")); code != 0 {
		t.Fatal(code)
	}
	if got := alice.c2cPushed(); len(got) != 1 || got[0].ToAccount != "alice" || c2cText(got[0]) != "for alice" {
		t.Fatalf("alice's first C2C push: %+v", got)
	}
	// Delivered by push, so not synced again.
	bob.settle()
	if got := syncedTexts(t, bob.c2cSync("")); len(got) != 0 {
		t.Errorf("sync after the push returned %q", got)
	}
}

func TestC2CSyncAfterLoginOnce(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	bob := dial(t, srv)
	bob.login("bob")
	bob.mustCall(wire.CmdLogout, wire.LogoutReq{}, nil)

	for i := range 3 {
		if _, code := sendMsg(t, srv, textBody("bob", uint32(100+i), fmt.Sprint("m", i))); code != 0 {
			t.Fatal(code)
		}
	}
	// MsgLifeTime 0: online only, never kept.
	if _, code := sendMsg(t, srv, `{"To_Account":"bob","MsgLifeTime":0,"MsgRandom":9,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"online only"}}]}`); code != 0 {
		t.Fatal(code)
	}

	again := dial(t, srv)
	again.login("bob")
	resp := again.c2cSync("")
	if got := syncedTexts(t, resp); strings.Join(got, ",") != "m0,m1,m2" || resp.SyncFlag != wire.SyncFlagDone {
		t.Fatalf("sync: %q, SyncFlag %d; want m0,m1,m2 and 2", got, resp.SyncFlag)
	}
	var m wire.C2CMsg
	if err := json.Unmarshal(resp.MsgList[0], &m); err != nil {
		t.Fatal(err)
	}
	if m.FromAccount != srv.Admin || m.ToAccount != "bob" || m.MsgRandom != 100 || m.MsgKey == "" {
		t.Errorf("synced item %+v", m)
	}
	if got := syncedTexts(t, again.c2cSync(resp.Cookie)); len(got) != 0 {
		t.Errorf("second sync returned %q", got)
	}
}

func TestC2CSyncPages(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	bob := dial(t, srv)
	bob.login("bob")
	bob.mustCall(wire.CmdLogout, wire.LogoutReq{}, nil)
	const n = 45 // three pages of 20
	for i := range n {
		if _, code := sendMsg(t, srv, textBody("bob", uint32(i+1), fmt.Sprint(i))); code != 0 {
			t.Fatal(code)
		}
	}
	again := dial(t, srv)
	again.login("bob")
	var all []string
	cookie := ""
	for range 10 {
		resp := again.c2cSync(cookie)
		all = append(all, syncedTexts(t, resp)...)
		cookie = resp.Cookie
		if resp.SyncFlag == wire.SyncFlagDone {
			break
		}
		if resp.SyncFlag != wire.SyncFlagMore {
			t.Fatalf("SyncFlag %d", resp.SyncFlag)
		}
	}
	if len(all) != n || all[0] != "0" || all[n-1] != fmt.Sprint(n-1) {
		t.Fatalf("synced %d messages (%v…), want %d in order", len(all), all[:min(3, len(all))], n)
	}
}

func TestC2CDeduplicatesRepeats(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	bob := dial(t, srv)
	bob.login("bob")
	bob.mustCall(wire.CmdLogout, wire.LogoutReq{}, nil)
	body := `{"To_Account":"bob","MsgSeq":5,"MsgRandom":6,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"once"}}]}`
	first, code := sendMsg(t, srv, body)
	if code != 0 {
		t.Fatal(code)
	}
	second, code := sendMsg(t, srv, body)
	if code != 0 || second != first {
		t.Fatalf("repeat answered %+v (%d), first %+v", second, code, first)
	}
	// Another body with the same MsgSeq and MsgRandom is another message.
	if _, code := sendMsg(t, srv, strings.Replace(body, "once", "twice", 1)); code != 0 {
		t.Fatal(code)
	}
	again := dial(t, srv)
	again.login("bob")
	if got := syncedTexts(t, again.c2cSync("")); strings.Join(got, ",") != "once,twice" {
		t.Fatalf("synced %q, want once,twice", got)
	}
}

func TestC2CSyncOtherMachine(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	alice, bob := dial(t, srv), dial(t, srv)
	alice.login("alice")
	bob.login("bob")
	body := `{"SyncOtherMachine":1,"From_Account":"alice","To_Account":"bob","MsgRandom":3,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hey"}}]}`
	if _, code := sendMsg(t, srv, body); code != 0 {
		t.Fatal(code)
	}
	if got := bob.c2cPushed(); len(got) != 1 || got[0].FromAccount != "alice" || got[0].IsSyncMsg != 0 {
		t.Fatalf("bob got %+v", got)
	}
	got := alice.c2cPushed()
	if len(got) != 1 || got[0].IsSyncMsg != 1 || got[0].FromAccount != "bob" || got[0].ToAccount != "alice" {
		t.Fatalf("alice's copy %+v: want IsSyncMsg 1 with the accounts swapped", got)
	}
	// SyncOtherMachine 2: no copy. Alice's next C2C push is a message to her.
	if _, code := sendMsg(t, srv, strings.NewReplacer(`"SyncOtherMachine":1`, `"SyncOtherMachine":2`, `"MsgRandom":3`, `"MsgRandom":4`).Replace(body)); code != 0 {
		t.Fatal(code)
	}
	bob.c2cPushed()
	if _, code := sendMsg(t, srv, textBody("alice", 8, "to alice")); code != 0 {
		t.Fatal(code)
	}
	if got := alice.c2cPushed(); c2cText(got[0]) != "to alice" {
		t.Fatalf("alice's next push %+v", got)
	}
}

func TestC2CReconnectGetsWhatThePushMissed(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	bob := dial(t, srv)
	bob.login("bob")
	bob.close() // the session waits for a re-login by A2
	awaitSocketsGone(t, srv)

	if _, code := sendMsg(t, srv, textBody("bob", 11, "while away")); code != 0 {
		t.Fatal(code)
	}
	again := dial(t, srv)
	again.a2, again.tinyID, again.instID = bob.a2, bob.tinyID, bob.instID
	if code := again.relogin(); code != 0 {
		t.Fatalf("re-login: %d", code)
	}
	if got := syncedTexts(t, again.c2cSync("c1")); strings.Join(got, ",") != "while away" {
		t.Fatalf("sync after the reconnect: %q", got)
	}
}

func TestC2CMsgLifeTimeExpires(t *testing.T) {
	var offset atomic.Int64 // seconds the server clock runs ahead
	srv := newServer(t, timtest.Options{Now: func() time.Time { return time.Now().Add(time.Duration(offset.Load()) * time.Second) }})
	bob := dial(t, srv)
	bob.login("bob")
	bob.close() // away: the session waits for a re-login by A2
	awaitSocketsGone(t, srv)

	if _, code := sendMsg(t, srv, `{"To_Account":"bob","MsgLifeTime":60,"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"a minute"}}]}`); code != 0 {
		t.Fatal(code)
	}
	if _, code := sendMsg(t, srv, textBody("bob", 2, "a week")); code != 0 {
		t.Fatal(code)
	}
	offset.Store(120)
	again := dial(t, srv)
	again.a2, again.tinyID, again.instID = bob.a2, bob.tinyID, bob.instID
	if code := again.relogin(); code != 0 {
		t.Fatalf("re-login: %d", code)
	}
	if got := syncedTexts(t, again.c2cSync("")); strings.Join(got, ",") != "a week" {
		t.Fatalf("synced %q two minutes later, want only the message kept for a week", got)
	}
}

func TestC2CPushAsksAck(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	bob := dial(t, srv)
	bob.login("bob")
	if _, code := sendMsg(t, srv, textBody("bob", 1, "ack me")); code != 0 {
		t.Fatal(code)
	}
	f := bob.nextPush(wire.CmdMsgPush)
	var p wire.MsgPush
	if err := json.Unmarshal(f.Body, &p); err != nil {
		t.Fatal(err)
	}
	if p.NeedAck != 1 || p.SessionData == "" || len(p.EventArray) != 1 || len(p.EventArray[0].C2cMsgArray) != 1 {
		t.Fatalf("push %s: want NeedAck 1 with SessionData and one C2C item", f.Body)
	}
}

// awaitSocketsGone waits until the server has seen every socket close, so
// that a test of what a reconnect syncs sends to no socket at all.
func awaitSocketsGone(t *testing.T, srv *timtest.Server) {
	t.Helper()
	for deadline := time.Now().Add(testTimeout); srv.Stats().Connections != 0; {
		if time.Now().After(deadline) {
			t.Fatalf("the server still counts %d sockets", srv.Stats().Connections)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

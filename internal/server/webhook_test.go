package server_test

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/webhook"
)

// reviewByText is an app's review: the text says the verdict.
func reviewByText(h timtest.Webhook) timtest.Verdict {
	switch text := strings.Join(h.Texts, ""); {
	case text == "reject":
		return timtest.Verdict{Code: wire.CallbackReject}
	case text == "drop":
		return timtest.Verdict{Code: wire.CallbackDrop}
	case strings.HasPrefix(text, "rude"):
		return timtest.Verdict{Text: "***"}
	case text == "slow":
		return timtest.Verdict{Delay: 3 * time.Second}
	case text == "link":
		return timtest.Verdict{Code: 10150, Info: "no links"} // the app's own code: in [10100, 10200]
	case text == "odd":
		return timtest.Verdict{Code: 3, Info: "odd"} // outside it: a plain rejection
	}
	return timtest.Verdict{}
}

// pushedTexts collects the texts bob is pushed until want of them came.
func pushedTexts(c *client, want int) []string {
	var got []string
	for len(got) < want {
		items, _ := c.pushedItems()
		for _, it := range items {
			if it.Event == wire.EventGroupMsg {
				got = append(got, textOf(it))
			}
		}
	}
	return got
}

// Before-send verdicts: reject gives the sender 10016, drop gives success
// and no delivery, a returned MsgBody is what members see. After-send
// fires for delivered messages only, with their MsgSeq.
func TestWebhookBeforeSendVerdicts(t *testing.T) {
	app := timtest.NewWebhookServer(t, reviewByText)
	srv := newServer(t, timtest.Options{Delivery: "push", CallbackURL: app.URL})
	room := newRoom(t, srv)
	alice := member(t, srv, "alice", room)
	bob := member(t, srv, "bob", room)

	if code, _ := alice.send(room, "reject", "Normal"); code != 10016 {
		t.Errorf("reject: ErrorCode %d, want 10016", code)
	}
	if code, seq := alice.send(room, "drop", "Normal"); code != 0 || seq != 0 {
		t.Errorf("drop: ErrorCode %d MsgSeq %d, want success without a sequence", code, seq)
	}
	code, rudeSeq := alice.send(room, "rude word", "Normal")
	if code != 0 || rudeSeq == 0 {
		t.Errorf("rewrite: ErrorCode %d MsgSeq %d", code, rudeSeq)
	}
	code, helloSeq := alice.send(room, "hello", "High")
	if code != 0 || helloSeq == 0 {
		t.Errorf("allow: ErrorCode %d MsgSeq %d", code, helloSeq)
	}
	if got := pushedTexts(bob, 2); fmt.Sprint(got) != "[*** hello]" {
		t.Errorf("bob saw %v, want the rewritten text and hello only", got)
	}

	before := app.Webhooks(wire.CallbackBeforeSendMsg)
	if len(before) != 4 {
		t.Fatalf("%d before-send webhooks, want 4", len(before))
	}
	h := before[0]
	q := h.Query
	if q.Get("SdkAppid") != strconv.FormatUint(srv.SDKAppID, 10) || q.Get("CallbackCommand") != wire.CallbackBeforeSendMsg ||
		q.Get("contenttype") != "json" || q.Get("ClientIP") != "127.0.0.1" || q.Get("OptPlatform") != "Web" {
		t.Errorf("query %v", q)
	}
	if h.GroupID != room || h.From != "alice" || h.Operator != "alice" || !strings.HasPrefix(h.MsgID, alice.tinyID+"-") {
		t.Errorf("before-send body %s", h.Body)
	}
	after, err := app.Wait(ctx(t), wire.CallbackAfterSendMsg, 2)
	if err != nil {
		t.Fatalf("after-send webhooks: %v (%d)", err, len(after))
	}
	time.Sleep(100 * time.Millisecond) // a stray third one would come now
	after = app.Webhooks(wire.CallbackAfterSendMsg)
	seqs := map[uint64]string{}
	for _, h := range after {
		seqs[h.MsgSeq] = strings.Join(h.Texts, "")
	}
	if len(after) != 2 || seqs[rudeSeq] != "***" || seqs[helloSeq] != "hello" {
		t.Errorf("after-send webhooks for %v, want MsgSeq %d (***) and %d (hello)", seqs, rudeSeq, helloSeq)
	}
}

// REST sends are reviewed too (OptPlatform RESTAPI), unless
// ForbidCallbackControl skips the review.
func TestWebhookReviewsRESTSends(t *testing.T) {
	app := timtest.NewWebhookServer(t, reviewByText)
	srv := newServer(t, timtest.Options{CallbackURL: app.URL})
	room := newRoom(t, srv)
	if _, err := srv.SendText(ctx(t), room, "host", "reject", ""); restCode(t, err) != 10016 {
		t.Errorf("reject over REST: %v", err)
	}
	if seq, err := srv.SendTextAs(ctx(t), room, "host", "reject", "", true, false); err != nil || seq == 0 {
		t.Errorf("with ForbidBeforeSendMsgCallback: seq %d, %v", seq, err)
	}
	before := app.Webhooks(wire.CallbackBeforeSendMsg)
	if len(before) != 1 || before[0].Query.Get("OptPlatform") != "RESTAPI" || before[0].Operator != srv.Admin {
		t.Errorf("before-send webhooks %+v", before)
	}
}

// Over budget, the before-send webhook sees every message, the after-send
// webhook only those delivered.
func TestWebhookAfterSendOnlyForDeliveredMessages(t *testing.T) {
	app := timtest.NewWebhookServer(t, nil)
	srv := newServer(t, timtest.Options{CallbackURL: app.URL, RoomMessageRate: 2})
	room := newRoom(t, srv)
	atWindowStart()
	var delivered []uint64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seq, err := srv.SendText(ctx(t), room, "host", fmt.Sprint("m", i), "Normal")
			if err != nil {
				t.Error(err)
			}
			if seq != 0 {
				mu.Lock()
				delivered = append(delivered, seq)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(delivered) == 6 || len(delivered) == 0 {
		t.Fatalf("%d of 6 delivered over a budget of 2", len(delivered))
	}
	after, err := app.Wait(ctx(t), wire.CallbackAfterSendMsg, len(delivered))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	after = app.Webhooks(wire.CallbackAfterSendMsg)
	var got []uint64
	for _, h := range after {
		got = append(got, h.MsgSeq)
	}
	slices.Sort(got)
	slices.Sort(delivered)
	if !slices.Equal(got, delivered) {
		t.Errorf("after-send for %v, delivered %v", got, delivered)
	}
	if n := len(app.Webhooks(wire.CallbackBeforeSendMsg)); n != 6 {
		t.Errorf("%d before-send webhooks, want 6", n)
	}
	// Each dropped message is reported as a send exception, 10023 with
	// Tencent's ErrorInfo; with the after-send ones they are all six.
	exc, err := app.Wait(ctx(t), wire.CallbackSendMsgException, 6-len(delivered))
	if err != nil {
		t.Fatalf("send exceptions: %v (%d)", err, len(exc))
	}
	texts := map[string]int{}
	for _, h := range after {
		texts[strings.Join(h.Texts, "")]++
	}
	for _, h := range exc {
		texts[strings.Join(h.Texts, "")]++
		if h.ErrorCode != 10023 || h.ErrorInfo != "msg count exceeds limit,please retry later" || h.From != "host" ||
			h.Query.Get("OptPlatform") != "RESTAPI" || h.MsgID != "" {
			t.Errorf("send exception %d %q from %s, query %v, body %s", h.ErrorCode, h.ErrorInfo, h.From, h.Query, h.Body)
		}
	}
	for i := range 6 {
		if n := texts[fmt.Sprint("m", i)]; n != 1 {
			t.Errorf("m%d: reported %d times by after-send and exception webhooks, want once", i, n)
		}
	}
}

// A message refused before review (muted 10017, moderated 80001, not a
// member 10007) is reported to Group.CallbackSendMsgException with its
// code, and never reviewed.
func TestWebhookSendMsgExceptionForRefusedMessages(t *testing.T) {
	app := timtest.NewWebhookServer(t, nil)
	srv := newServer(t, timtest.Options{CallbackURL: app.URL, SensitiveWords: []string{"badword"}})
	room := newRoom(t, srv)
	alice := member(t, srv, "alice", room)
	if err := srv.Mute(ctx(t), room, "alice", 60); err != nil {
		t.Fatal(err)
	}
	if code, _ := alice.send(room, "hello", "Normal"); code != 10017 {
		t.Fatalf("muted send: ErrorCode %d, want 10017", code)
	}
	h := waitException(t, app, 1)
	if h.ErrorCode != 10017 || h.From != "alice" || h.Operator != "alice" || h.GroupID != room || fmt.Sprint(h.Texts) != "[hello]" ||
		h.Random != alice.lastRandom || h.Query.Get("OptPlatform") != "Web" || h.Query.Get("ClientIP") != "127.0.0.1" {
		t.Errorf("muted send's exception %+v", h)
	}

	if _, err := srv.SendText(ctx(t), room, "host", "a badword", ""); restCode(t, err) != 80001 {
		t.Fatalf("moderated REST send: %v, want 80001", err)
	}
	h = waitException(t, app, 2)
	if h.ErrorCode != 80001 || h.From != "host" || h.Operator != srv.Admin || h.Query.Get("OptPlatform") != "RESTAPI" {
		t.Errorf("moderated send's exception %+v", h)
	}

	outsider := dial(t, srv)
	outsider.login("zoe")
	if code, _ := outsider.send(room, "let me in", "Normal"); code != 10007 {
		t.Fatalf("a non-member's send: ErrorCode %d, want 10007", code)
	}
	if h = waitException(t, app, 3); h.ErrorCode != 10007 || h.From != "zoe" {
		t.Errorf("non-member's exception %+v", h)
	}
	if n := len(app.Webhooks(wire.CallbackBeforeSendMsg)); n != 0 {
		t.Errorf("%d refused messages were reviewed", n)
	}
}

// waitException waits for the nth send exception and returns it.
func waitException(t *testing.T, app *timtest.WebhookServer, n int) timtest.Webhook {
	t.Helper()
	got, err := app.Wait(ctx(t), wire.CallbackSendMsgException, n)
	if err != nil {
		t.Fatalf("send exception %d: %v (%d came)", n, err, len(got))
	}
	return got[n-1]
}

// A before-send reply with a code in [10100, 10200] refuses the message
// with that code; any other code but 0 and 2 is a plain 10016.
func TestWebhookCustomRejectCode(t *testing.T) {
	app := timtest.NewWebhookServer(t, reviewByText)
	srv := newServer(t, timtest.Options{CallbackURL: app.URL})
	room := newRoom(t, srv)
	alice := member(t, srv, "alice", room)
	if code, _ := alice.send(room, "link", "Normal"); code != 10150 {
		t.Errorf("custom code: ErrorCode %d, want 10150", code)
	}
	if code, _ := alice.send(room, "odd", "Normal"); code != 10016 {
		t.Errorf("code 3: ErrorCode %d, want 10016", code)
	}
	_, err := srv.SendText(ctx(t), room, "host", "link", "")
	if restCode(t, err) != 10150 || !strings.Contains(err.Error(), "no links") {
		t.Errorf("custom code over REST: %v, want 10150 with the app's ErrorInfo", err)
	}
}

// With Options.CallbackToken every webhook URL carries Sign and
// RequestTime, which a webhook.Handler with the same token accepts.
func TestWebhookSignedWithToken(t *testing.T) {
	const token = "console-token"
	app := timtest.NewSignedWebhookServer(t, token, reviewByText)
	srv := newServer(t, timtest.Options{CallbackURL: app.URL, CallbackToken: token})
	room := newRoom(t, srv)
	alice := member(t, srv, "alice", room)
	if code, _ := alice.send(room, "reject", "Normal"); code != 10016 {
		t.Fatalf("reject through a signed webhook: ErrorCode %d, want 10016", code)
	}
	if code, seq := alice.send(room, "hello", "Normal"); code != 0 || seq == 0 {
		t.Fatalf("allow through a signed webhook: ErrorCode %d MsgSeq %d", code, seq)
	}
	if _, err := app.Wait(ctx(t), wire.CallbackAfterSendMsg, 1); err != nil {
		t.Fatal(err)
	}
	for _, h := range append(app.Webhooks(wire.CallbackBeforeSendMsg), app.Webhooks(wire.CallbackAfterNewMemberJoin)...) {
		rt, err := strconv.ParseInt(h.Query.Get("RequestTime"), 10, 64)
		if err != nil || h.Query.Get("Sign") != webhook.Sign(token, rt) {
			t.Errorf("%s: query %v is not signed with the token", h.Command, h.Query)
		}
		if d := time.Since(time.Unix(rt, 0)); d > time.Minute || d < -time.Minute {
			t.Errorf("%s: RequestTime %d is %v from now", h.Command, rt, d)
		}
	}
	if n := app.Refused(); n != 0 {
		t.Errorf("%d signed webhooks refused", n)
	}
}

// An app that refuses the emulator's signature (another token, or none)
// is a failed call: the message goes through, or with CallbackFailClosed
// is refused with 10016.
func TestWebhookWrongTokenFailsTheCall(t *testing.T) {
	for _, emulatorToken := range []string{"another-token", ""} {
		for _, closed := range []bool{false, true} {
			t.Run(fmt.Sprintf("token=%q/failClosed=%v", emulatorToken, closed), func(t *testing.T) {
				app := timtest.NewSignedWebhookServer(t, "console-token", reviewByText)
				srv := newServer(t, timtest.Options{CallbackURL: app.URL, CallbackToken: emulatorToken, CallbackFailClosed: closed})
				room := newRoom(t, srv)
				alice := member(t, srv, "alice", room)
				code, seq := alice.send(room, "reject", "Normal") // the app would reject it, had it accepted the call
				switch {
				case closed && code != 10016:
					t.Errorf("fail closed: ErrorCode %d, want 10016", code)
				case !closed && (code != 0 || seq == 0):
					t.Errorf("fail open: ErrorCode %d MsgSeq %d, want delivered", code, seq)
				}
				if app.Refused() == 0 || len(app.Webhooks("")) != 0 {
					t.Errorf("app refused %d calls and recorded %d", app.Refused(), len(app.Webhooks("")))
				}
				if st := srv.Stats(); st.CallbackFailures == 0 {
					t.Errorf("no callback failure counted")
				}
			})
		}
	}
}

// Joins and exits: Quit when a member leaves, Kicked when removed or banned.
func TestWebhookMemberJoinAndExit(t *testing.T) {
	app := timtest.NewWebhookServer(t, nil)
	srv := newServer(t, timtest.Options{CallbackURL: app.URL})
	room := newRoom(t, srv)
	for _, u := range []string{"bob", "carol", "dave"} {
		c := member(t, srv, u, room)
		if u == "bob" {
			c.mustCall(wire.CmdQuitGroup, wire.GroupIDReq{GroupID: room}, nil)
		}
	}
	if err := srv.Ban(ctx(t), room, 60, "", "carol"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Ban(ctx(t), room, 60, "spam", "dave"); err != nil {
		t.Fatal(err)
	}
	joins, err := app.Wait(ctx(t), wire.CallbackAfterNewMemberJoin, 3)
	if err != nil {
		t.Fatal(err)
	}
	exits, err := app.Wait(ctx(t), wire.CallbackAfterMemberExit, 3)
	if err != nil {
		t.Fatal(err)
	}
	var js, xs []string
	for _, h := range joins {
		js = append(js, fmt.Sprintf("%s/%s/%v", h.JoinType, h.Operator, h.Members))
	}
	for _, h := range exits {
		xs = append(xs, fmt.Sprintf("%s/%s/%v", h.ExitType, h.Operator, h.Members))
	}
	slices.Sort(js)
	slices.Sort(xs)
	if want := "[Apply/bob/[bob] Apply/carol/[carol] Apply/dave/[dave]]"; fmt.Sprint(js) != want {
		t.Errorf("joins %v, want %s", js, want)
	}
	admin := srv.Admin
	if want := fmt.Sprintf("[Kicked/%s/[carol] Kicked/%s/[dave] Quit/bob/[bob]]", admin, admin); fmt.Sprint(xs) != want {
		t.Errorf("exits %v, want %s", xs, want)
	}
}

// A callback server that is down: messages go through by default, and
// are refused with 10016 when the app asked to fail closed.
func TestWebhookDeadServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/im-callback"
	ln.Close()
	for _, closed := range []bool{false, true} {
		t.Run(fmt.Sprint("failClosed=", closed), func(t *testing.T) {
			srv := newServer(t, timtest.Options{Delivery: "push", CallbackURL: dead, CallbackFailClosed: closed})
			room := newRoom(t, srv)
			alice := member(t, srv, "alice", room)
			bob := member(t, srv, "bob", room)
			code, seq := alice.send(room, "hello", "Normal")
			switch {
			case closed && code != 10016:
				t.Fatalf("fail closed: ErrorCode %d, want 10016", code)
			case !closed && (code != 0 || seq == 0):
				t.Fatalf("fail open: ErrorCode %d MsgSeq %d", code, seq)
			case !closed:
				if got := pushedTexts(bob, 1); got[0] != "hello" {
					t.Fatalf("bob got %v", got)
				}
			}
			if st := srv.Stats(); st.CallbackFailures == 0 {
				t.Errorf("no callback failure counted: %+v", st)
			}
		})
	}
}

// A slow callback delays only its sender's messages, in order: the
// sender's other requests, other senders and the room go on.
func TestWebhookSlowServerStallsOnlyItsSender(t *testing.T) {
	app := timtest.NewWebhookServer(t, reviewByText)
	srv := newServer(t, timtest.Options{Delivery: "push", CallbackURL: app.URL, CallbackTimeout: 700 * time.Millisecond})
	room := newRoom(t, srv)
	alice := member(t, srv, "alice", room)
	carol := member(t, srv, "carol", room)
	bob := member(t, srv, "bob", room)

	events := make(chan string, 8)
	results := make(chan sendResult, 2)
	go func() { r := sendWS(alice, room, "slow", "Normal"); events <- "alice"; results <- r }()
	if _, err := app.Wait(ctx(t), wire.CallbackBeforeSendMsg, 1); err != nil {
		t.Fatal(err)
	}
	afterSlow := make(chan sendResult, 1)
	go func() { r := sendWS(alice, room, "after slow", "Normal"); events <- "alice"; afterSlow <- r }()
	// Alice's socket still answers at once, and carol's message goes out,
	// before either of alice's messages is answered.
	var online wire.OnlineNumResp
	alice.mustCall(wire.CmdOnlineNum, wire.GroupIDReq{GroupID: room}, &online)
	events <- "online"
	if r := sendWS(carol, room, "carol", "Normal"); r.code != 0 || r.seq == 0 {
		t.Fatalf("carol: %+v", r)
	}
	events <- "carol"
	if first, second := <-events, <-events; first != "online" || second != "carol" {
		t.Errorf("alice's slow review held up her socket or carol: %s, %s", first, second)
	}
	// The slow review times out (fail open): both of alice's messages go
	// out after it, in order.
	slow, after := <-results, <-afterSlow
	if slow.code != 0 || after.code != 0 || slow.seq == 0 || after.seq <= slow.seq {
		t.Errorf("slow %+v, after slow %+v: want both sent, in order", slow, after)
	}
	if got := pushedTexts(bob, 3); fmt.Sprint(got) != "[carol slow after slow]" {
		t.Errorf("bob saw %v", got)
	}
}

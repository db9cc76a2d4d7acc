package webhook_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/tim/webhook"
)

const (
	appID = 1400000001
	token = "console-token"
)

// callbackURL is srv's URL with Tencent's query for command, signed with
// tok at requestTime (unsigned when tok is empty).
func callbackURL(srv *httptest.Server, app uint64, command, tok string, requestTime int64) string {
	q := url.Values{
		"SdkAppid": {strconv.FormatUint(app, 10)}, "CallbackCommand": {command}, "contenttype": {"json"},
		"ClientIP": {"203.0.113.7"}, "OptPlatform": {"Web"},
	}
	if tok != "" {
		q.Set("Sign", webhook.Sign(tok, requestTime))
		q.Set("RequestTime", strconv.FormatInt(requestTime, 10))
	}
	return srv.URL + "/im-callback?" + q.Encode()
}

// post sends body to u and returns the HTTP status and the reply.
func post(t *testing.T, u, body string) (int, string) {
	t.Helper()
	res, err := http.Post(u, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, strings.TrimSpace(string(b))
}

// signed posts body for command with a valid signature.
func signed(t *testing.T, srv *httptest.Server, command, body string) (int, string) {
	t.Helper()
	return post(t, callbackURL(srv, appID, command, token, time.Now().Unix()), body)
}

const ack = `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`

// Each callback body from Tencent's pages decodes into its type, reaches
// its function with the URL's query, and gets Tencent's reply.
func TestHandlerDecodesTencentsSamples(t *testing.T) {
	var got []string
	var queries []webhook.Query
	note := func(ctx context.Context, s string) {
		q, _ := webhook.QueryFrom(ctx)
		queries = append(queries, q)
		got = append(got, s)
	}
	h := &webhook.Handler{
		SDKAppID: appID, Token: token,
		OnBeforeSendMsg: func(ctx context.Context, m *webhook.BeforeSendMsg) webhook.Verdict {
			note(ctx, fmt.Sprintf("before %s %s %s %s %d %s %q %s %d", m.GroupID, m.Type, m.FromAccount, m.OperatorAccount,
				m.Random, m.MsgID, webhook.Text(m.MsgBody), m.CloudCustomData, m.EventTime))
			return webhook.Allow()
		},
		OnAfterSendMsg: func(ctx context.Context, m *webhook.AfterSendMsg) {
			note(ctx, fmt.Sprintf("after %s %s %d seq=%d time=%d online=%d %q %d", m.GroupID, m.FromAccount, m.Random,
				m.MsgSeq, m.MsgTime, m.OnlineOnlyFlag, webhook.Texts(m.MsgBody), m.EventTime))
		},
		OnMemberJoin: func(ctx context.Context, m *webhook.MemberJoin) {
			note(ctx, fmt.Sprintf("join %s %s %s %v %d", m.GroupID, m.JoinType, m.OperatorAccount, webhook.Members(m.NewMemberList), m.EventTime))
		},
		OnMemberExit: func(ctx context.Context, m *webhook.MemberExit) {
			note(ctx, fmt.Sprintf("exit %s %s %s %v %d", m.GroupID, m.ExitType, m.OperatorAccount, webhook.Members(m.ExitMemberList), m.EventTime))
		},
		OnSendMsgException: func(ctx context.Context, m *webhook.SendMsgException) {
			note(ctx, fmt.Sprintf("exception %s %s %s %d %q %s %d %q %d", m.GroupID, m.FromAccount, m.OperatorAccount, m.Random,
				webhook.Text(m.MsgBody), m.CloudCustomData, m.ErrorCode, m.ErrorInfo, m.EventTime))
		},
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, c := range []struct{ command, body, reply string }{
		{webhook.CommandBeforeSendMsg, sampleBeforeSendMsg, ack},
		{webhook.CommandAfterSendMsg, sampleAfterSendMsg, ack},
		{webhook.CommandMemberJoin, sampleMemberJoin, ack},
		{webhook.CommandMemberExit, sampleMemberExit, ack},
		{webhook.CommandSendMsgException, sampleSendMsgException, ack},
	} {
		if status, reply := signed(t, srv, c.command, c.body); status != 200 || reply != c.reply {
			t.Errorf("%s: HTTP %d %s, want 200 %s", c.command, status, reply, c.reply)
		}
	}
	want := []string{
		`before @TGS#2J4SZEAEL Live jared admin 123456 144115233406643804-1727580296-4026038328 "red packet" your cloud custom data 1670574414123`,
		`after @TGS#2J4SZEAEL jared 123456 seq=123 time=1490686222 online=1 ["red packet"] 1670574414123`,
		`join @TGS#2J4SZEAEL Apply leckie [jared tommy] 1670574414123`,
		`exit @TGS#2J4SZEAEL Kicked leckie [jared tommy] 1670574414123`,
		`exception @TGS#2J4SZEAEL jared admin 123456 "red packet" your cloud custom data 10023 "msg count exceeds limit,please retry later" 1670574414123`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, q := range queries {
		if q.SDKAppID != appID || q.ClientIP != "203.0.113.7" || q.OptPlatform != "Web" || q.ContentType != "json" || q.CallbackCommand == "" {
			t.Errorf("call %d: query %+v", i, q)
		}
	}
}

// Each verdict is answered as Tencent's before-send page shows it.
func TestHandlerVerdictReplies(t *testing.T) {
	var verdict webhook.Verdict
	srv := httptest.NewServer(&webhook.Handler{
		SDKAppID: appID, Token: token,
		OnBeforeSendMsg: func(context.Context, *webhook.BeforeSendMsg) webhook.Verdict { return verdict },
	})
	defer srv.Close()
	masked := `"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"***"}}]`
	for _, c := range []struct {
		name string
		v    webhook.Verdict
		want string
	}{
		{"zero", webhook.Verdict{}, ack},
		{"Allow", webhook.Allow(), ack},
		{"Reject", webhook.Reject("spam"), `{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"spam"}`},
		{"RejectCode", webhook.RejectCode(10150, "no links"), `{"ActionStatus":"OK","ErrorCode":10150,"ErrorInfo":"no links"}`},
		{"RejectCode out of range", webhook.RejectCode(20000, "no links"), `{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"no links"}`},
		{"Drop", webhook.Drop(), `{"ActionStatus":"OK","ErrorCode":2,"ErrorInfo":""}`},
		{"Rewrite", webhook.Rewrite(webhook.TextElem("***")), `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"",` + masked + `}`},
		{"Rewrite with cloud data", webhook.Rewrite(webhook.TextElem("***")).WithCloudCustomData("vip"),
			`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"",` + masked + `,"CloudCustomData":"vip"}`},
		{"cloud data only", webhook.Allow().WithCloudCustomData(""), `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","CloudCustomData":""}`},
		{"custom element added", webhook.Rewrite(webhook.TextElem("hi"), webhook.CustomElem("LV1", "CustomElement.MemberLevel", "")),
			`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}},` +
				`{"MsgType":"TIMCustomElem","MsgContent":{"Data":"LV1","Desc":"CustomElement.MemberLevel","Ext":""}}]}`},
		{"no body with a rejection", webhook.Verdict{Code: webhook.CodeReject, MsgBody: []webhook.Elem{webhook.TextElem("x")}},
			`{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}`},
	} {
		verdict = c.v
		if status, reply := signed(t, srv, webhook.CommandBeforeSendMsg, sampleBeforeSendMsg); status != 200 || reply != c.want {
			t.Errorf("%s: HTTP %d\n got %s\nwant %s", c.name, status, reply, c.want)
		}
	}
}

// A request that fails a check gets an HTTP error, and no function runs.
func TestHandlerRefuses(t *testing.T) {
	called := 0
	var refusals []int
	h := &webhook.Handler{
		SDKAppID: appID, Token: token, MaxBody: 1024,
		OnBeforeSendMsg: func(context.Context, *webhook.BeforeSendMsg) webhook.Verdict { called++; return webhook.Allow() },
		OnOther:         func(context.Context, string, []byte) { called++ },
		OnError:         func(_ *http.Request, status int, _ error) { refusals = append(refusals, status) },
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	now := time.Now().Unix()
	before := webhook.CommandBeforeSendMsg
	big := `{"CallbackCommand":"Group.CallbackBeforeSendMsg","CloudCustomData":"` + strings.Repeat("x", 1024) + `"}`
	for _, c := range []struct {
		name, url, body string
		status          int
	}{
		{"no signature", callbackURL(srv, appID, before, "", 0), sampleBeforeSendMsg, 401},
		{"another token", callbackURL(srv, appID, before, "not-the-token", now), sampleBeforeSendMsg, 403},
		{"replayed after 2 min", callbackURL(srv, appID, before, token, now-120), sampleBeforeSendMsg, 403},
		{"2 min in the future", callbackURL(srv, appID, before, token, now+120), sampleBeforeSendMsg, 403},
		{"another app", callbackURL(srv, appID+1, before, token, now), sampleBeforeSendMsg, 403},
		{"body over MaxBody", callbackURL(srv, appID, before, token, now), big, 413},
		{"not JSON", callbackURL(srv, appID, before, token, now), `{"CallbackCommand":`, 400},
		{"wrong field type", callbackURL(srv, appID, before, token, now), `{"Random":"123456"}`, 400},
		{"body's command is not the URL's", callbackURL(srv, appID, before, token, now), sampleMemberJoin, 400},
	} {
		refusals = nil
		if status, reply := post(t, c.url, c.body); status != c.status {
			t.Errorf("%s: HTTP %d %s, want %d", c.name, status, reply, c.status)
		}
		if len(refusals) != 1 || refusals[0] != c.status {
			t.Errorf("%s: OnError saw %v, want [%d]", c.name, refusals, c.status)
		}
	}
	res, err := http.Get(callbackURL(srv, appID, before, token, now))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: HTTP %d, want 405", res.StatusCode)
	}
	if called != 0 {
		t.Errorf("%d functions ran for refused requests", called)
	}
	// Within a minute either way passes.
	for _, at := range []int64{now - 50, now + 50} {
		if status, reply := post(t, callbackURL(srv, appID, before, token, at), sampleBeforeSendMsg); status != 200 || reply != ack {
			t.Errorf("signed %+d s from now: HTTP %d %s", at-now, status, reply)
		}
	}
}

// Without a token or an app ID nothing is checked; unknown commands go to
// OnOther and are answered OK; a body's command serves when the URL has none.
func TestHandlerOpenAndOtherCommands(t *testing.T) {
	var other []string
	var exits int
	srv := httptest.NewServer(&webhook.Handler{
		OnOther:      func(_ context.Context, command string, body []byte) { other = append(other, command+" "+string(body)) },
		OnMemberExit: func(context.Context, *webhook.MemberExit) { exits++ },
	})
	defer srv.Close()
	state := `{"CallbackCommand":"State.StateChange","Info":{"To_Account":"bob","Action":"Login"}}`
	if status, reply := post(t, callbackURL(srv, 42, "State.StateChange", "", 0), state); status != 200 || reply != ack {
		t.Errorf("other command: HTTP %d %s", status, reply)
	}
	if len(other) != 1 || other[0] != "State.StateChange "+state {
		t.Errorf("OnOther got %q", other)
	}
	// No functions for message callbacks: before-send allows, others ack.
	if status, reply := post(t, callbackURL(srv, 42, webhook.CommandBeforeSendMsg, "", 0), sampleBeforeSendMsg); status != 200 || reply != ack {
		t.Errorf("before-send without a function: HTTP %d %s", status, reply)
	}
	if status, reply := post(t, srv.URL+"/?SdkAppid=42", sampleMemberExit); status != 200 || reply != ack || exits != 1 {
		t.Errorf("command from the body: HTTP %d %s, %d exits", status, reply, exits)
	}
}

// EventTime decodes from a number (the emulator's) or a quoted number
// (Tencent's samples); anything else is a bad body.
func TestHandlerEventTime(t *testing.T) {
	var got []webhook.Millis
	srv := httptest.NewServer(&webhook.Handler{
		OnMemberJoin: func(_ context.Context, m *webhook.MemberJoin) { got = append(got, m.EventTime) },
	})
	defer srv.Close()
	u := callbackURL(srv, appID, webhook.CommandMemberJoin, "", 0)
	for _, c := range []struct {
		eventTime string
		status    int
	}{{`1670574414123`, 200}, {`"1670574414123"`, 200}, {`"soon"`, 400}, {`1.5`, 400}} {
		if status, reply := post(t, u, `{"EventTime":`+c.eventTime+`}`); status != c.status {
			t.Errorf("EventTime %s: HTTP %d %s, want %d", c.eventTime, status, reply, c.status)
		}
	}
	want := time.UnixMilli(1670574414123)
	if len(got) != 2 || !got[0].Time().Equal(want) || got[1] != got[0] {
		t.Errorf("EventTimes %v, want two of %v", got, want)
	}
}

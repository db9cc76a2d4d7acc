package webhook_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tim-go/sdk/tim/webhook"
)

// A backend's callback URL: danmaku with a banned word is refused with the
// app's own code, a rude one is masked, likes are counted after delivery.
func ExampleHandler() {
	likes := 0
	h := &webhook.Handler{
		SDKAppID: 1400000001,
		Token:    "console-token", // the console's callback authentication token
		OnBeforeSendMsg: func(ctx context.Context, m *webhook.BeforeSendMsg) webhook.Verdict {
			switch text := webhook.Text(m.MsgBody); {
			case strings.Contains(text, "http://"):
				return webhook.RejectCode(10101, "links are not allowed")
			case strings.Contains(text, "rude"):
				return webhook.Rewrite(webhook.TextElem(strings.ReplaceAll(text, "rude", "****")))
			}
			return webhook.Allow()
		},
		OnAfterSendMsg: func(ctx context.Context, m *webhook.AfterSendMsg) {
			for _, e := range m.MsgBody {
				var c webhook.CustomContent
				if e.MsgType == webhook.ElemCustom && e.DecodeCustom(&c) == nil && c.Data == "like" {
					likes++
				}
			}
		},
	}
	// http.Handle("/im-callback", h) in a real server; here Tencent's side
	// is played by a signed POST.
	srv := httptest.NewServer(h)
	defer srv.Close()
	send := func(command, body string) {
		now := time.Now().Unix()
		q := url.Values{"SdkAppid": {"1400000001"}, "CallbackCommand": {command}, "contenttype": {"json"},
			"OptPlatform": {"Web"}, "Sign": {webhook.Sign("console-token", now)}, "RequestTime": {strconv.FormatInt(now, 10)}}
		res, err := http.Post(srv.URL+"/im-callback?"+q.Encode(), "application/json", strings.NewReader(body))
		if err != nil {
			log.Fatal(err)
		}
		defer res.Body.Close()
		reply, _ := io.ReadAll(res.Body)
		fmt.Print(string(reply))
	}
	send(webhook.CommandBeforeSendMsg, `{"CallbackCommand":"Group.CallbackBeforeSendMsg","GroupId":"@TGS#aROOM","Type":"AVChatRoom",
		"From_Account":"viewer1","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"see http://spam"}}]}`)
	send(webhook.CommandBeforeSendMsg, `{"CallbackCommand":"Group.CallbackBeforeSendMsg","GroupId":"@TGS#aROOM","Type":"AVChatRoom",
		"From_Account":"viewer2","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"rude host"}}]}`)
	send(webhook.CommandAfterSendMsg, `{"CallbackCommand":"Group.CallbackAfterSendMsg","GroupId":"@TGS#aROOM","Type":"AVChatRoom",
		"From_Account":"viewer3","MsgSeq":7,"MsgBody":[{"MsgType":"TIMCustomElem","MsgContent":{"Data":"like"}}]}`)
	fmt.Println("likes:", likes)
	// Output:
	// {"ActionStatus":"OK","ErrorCode":10101,"ErrorInfo":"links are not allowed"}
	// {"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"**** host"}}]}
	// {"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}
	// likes: 1
}

// Tencent's own sample (trtc.io/document/34354).
func ExampleSign() {
	fmt.Println(webhook.Sign("xxxxyyyy", 1669872112))
	// Output: 17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061
}

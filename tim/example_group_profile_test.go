package tim_test

import (
	"context"
	"fmt"

	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest"
)

// A viewer who joins late reads the room's custom fields, which the
// business backend keeps with modify_group_base_info (AppDefinedData):
// GetGroupProfile returns the fields WithGroupCustomFieldFilter names.
func ExampleTIM_GetGroupProfile() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()
	roomID, _ := srv.CreateRoom(ctx, "", "Live Room")
	// The backend's REST call, as Tencent documents it.
	_ = srv.Call(ctx, "group_open_http_svc/modify_group_base_info",
		[]byte(`{"GroupId":"`+roomID+`","AppDefinedData":[{"Key":"likes","Value":"42"}]}`), nil)

	t := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer t.Destroy(ctx)
	_ = t.Login(ctx, "alice", srv.UserSig("alice"))
	_, _ = t.JoinGroup(ctx, roomID)

	g, err := t.GetGroupProfile(ctx, roomID, tim.WithGroupCustomFieldFilter("likes"))
	if err != nil {
		fmt.Println("getGroupProfile:", err)
		return
	}
	likes, _ := g.CustomField("likes")
	fmt.Println(g.Name, likes)
	// Output: Live Room 42
}

// ERROR reports a call made while the SDK is not ready, as tim-js-sdk
// does; the call returns the same error.
func ExampleOn_error() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()

	t := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer t.Destroy(ctx)
	reported := make(chan *tim.Error, 1)
	tim.On(t, tim.ErrorEvent, func(e *tim.Error) { reported <- e })

	_, err := t.GetMyProfile(ctx) // before Login
	fmt.Println(err)
	e := <-reported
	fmt.Printf("ERROR %d: %s\n", e.Code, e.Message)
	// Output:
	// tim: 2024: user is not logged in | getMyProfile | SDK is not ready
	// ERROR 2024: user is not logged in | getMyProfile | SDK is not ready
}

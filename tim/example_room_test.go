package tim_test

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest"
)

// Without Login, JoinGroup joins as an anonymous guest, who receives the
// room but cannot send.
func ExampleTIM_JoinGroup_guest() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()
	roomID, _ := srv.CreateRoom(ctx, "", "Live Room")

	guest := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer guest.Destroy(ctx)
	res, err := guest.JoinGroup(ctx, roomID)
	if err != nil {
		fmt.Println("join:", err)
		return
	}
	n, _ := srv.OnlineCount(ctx, roomID)
	fmt.Println(res.Status, guest.IsReady(), n)
	// Output: JoinedSuccess false 1
}

// Room counters (likes, followers) reach every member through
// GROUP_COUNTER_UPDATED, one event per key.
func ExampleTIM_IncreaseGroupCounter() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()
	roomID, _ := srv.CreateRoom(ctx, "", "Live Room")

	t := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer t.Destroy(ctx)
	updates := make(chan group.CounterUpdate, 4)
	tim.On(t, tim.GroupCounterUpdated, func(u group.CounterUpdate) { updates <- u })
	_ = t.Login(ctx, "alice", srv.UserSig("alice"))
	_, _ = t.JoinGroup(ctx, roomID)

	counters, err := t.IncreaseGroupCounter(ctx, roomID, "likes", 3)
	fmt.Println(counters["likes"], err)
	u := <-updates
	fmt.Println(u.Key, u.Value)
	// Output:
	// 3 <nil>
	// likes 3
}

// Group attributes (seats, a pinned message) are key/value strings of the
// room; GROUP_ATTRIBUTES_UPDATED carries the whole set after each change.
func ExampleTIM_SetGroupAttributes() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()
	roomID, _ := srv.CreateRoom(ctx, "", "Live Room")

	t := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer t.Destroy(ctx)
	updates := make(chan group.AttributesUpdate, 4)
	tim.On(t, tim.GroupAttributesUpdated, func(u group.AttributesUpdate) { updates <- u })
	_ = t.Login(ctx, "alice", srv.UserSig("alice"))
	_, _ = t.JoinGroup(ctx, roomID)

	if _, err := t.SetGroupAttributes(ctx, roomID, map[string]string{"seat1": "alice", "pinned": "welcome"}); err != nil {
		fmt.Println(err)
		return
	}
	u := <-updates
	fmt.Println(slices.Sorted(maps.Keys(u.GroupAttributes)), u.GroupAttributes["seat1"])
	// Output: [pinned seat1] alice
}

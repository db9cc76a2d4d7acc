package restapi_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// A live room's backend: create the room, greet as the host, count likes,
// mute a troll, and branch on Tencent's codes. Against Tencent IM the
// Config names the Region (restapi.RegionSingapore …) instead of BaseURL;
// here it is the emulator's.
func Example_liveRoom() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()

	c, err := restapi.New(restapi.Config{
		SDKAppID:  srv.SDKAppID,
		SecretKey: srv.SecretKey, // the console's key: the client signs and renews the admin UserSig
		BaseURL:   srv.RESTURL,   // Tencent: Region: restapi.RegionChina (console.tim.qq.com) …
		RateLimit: restapi.TencentRateLimit,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	room, _ := c.CreateRoom(ctx, "@TGS#aDEMO", "Friday Night Live")
	seq, _ := c.SendText(ctx, room, "host", "welcome!", "High")
	fmt.Println("greeting sequence:", seq)

	_ = c.SetCounters(ctx, room, map[string]int64{"likes": 0})
	likes, _ := c.IncreaseCounter(ctx, room, "likes", 3)
	fmt.Println("likes:", likes)

	_ = c.Mute(ctx, room, "troll", 600)
	muted, _ := c.MutedAccounts(ctx, room)
	_, isMuted := muted["troll"]
	fmt.Println("troll muted:", isMuted)

	err = c.SystemNotice(ctx, "@TGS#aGONE", "closing soon")
	fmt.Println(errors.Is(err, types.ErrGroupNotFound))
	// Output:
	// greeting sequence: 1
	// likes: 3
	// troll muted: true
	// true
}

// Any command the typed methods lack goes through Call with Tencent's
// field names.
func ExampleClient_Call() {
	srv := timtest.NewServer(timtest.Options{})
	defer srv.Close()
	ctx := context.Background()
	room, _ := srv.CreateRoom(ctx, "", "Live")

	var resp struct {
		OnlineMemberNum int `json:"OnlineMemberNum"`
	}
	err := srv.Call(ctx, restapi.CmdGetOnlineMemberNum, map[string]string{"GroupId": room}, &resp)
	fmt.Println(resp.OnlineMemberNum, err)
	// Output: 0 <nil>
}

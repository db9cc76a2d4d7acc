package server_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
)

func TestJoinAsUserAndAsGuest(t *testing.T) {
	for _, delivery := range []string{"poll", "push"} {
		t.Run(delivery, func(t *testing.T) {
			srv := newServer(t, timtest.Options{Delivery: delivery})
			room := newRoom(t, srv)
			alice := dial(t, srv)
			alice.login("alice")
			j := alice.join(room)
			if j.JoinedStatus != wire.JoinedSuccess || j.HugeGroupFlag != 1 || j.AVChatRoomKey == "" || j.StartSeq != 1 {
				t.Fatalf("user join %+v", j)
			}
			if (j.LongPollingKey != "") != (delivery == "poll") {
				t.Fatalf("LongPollingKey %q in %s mode", j.LongPollingKey, delivery)
			}
			guest := dial(t, srv)
			g := guest.join(room)
			if g.JoinedStatus != wire.JoinedSuccess || g.HugeGroupFlag != 1 || g.LongPollingKey == "" || g.StartSeq != 2 {
				t.Fatalf("guest join %+v", g)
			}
			// A guest head cannot use user commands; the guest socket still works.
			if code, _ := guest.send(room, "hi", "Normal"); code != server.CodeNeedLogin {
				t.Fatalf("guest send: %d", code)
			}
			var n wire.OnlineNumResp
			guest.mustCall(wire.CmdOnlineNum, wire.GroupIDReq{GroupID: room}, &n)
			if n.OnlineMemberNum != 2 {
				t.Fatalf("online %d", n.OnlineMemberNum)
			}
			// Joining again is idempotent: same key, no second tip.
			if again := alice.join(room); again.LongPollingKey != j.LongPollingKey {
				t.Fatalf("second join key %q", again.LongPollingKey)
			}
			if code := alice.call(wire.CmdApplyJoin, wire.ApplyJoinReq{GroupID: "@TGS#aNOSUCH"}, nil); code != server.CodeNoGroup {
				t.Fatalf("join of a missing group: %d", code)
			}
			if st := srv.Stats(); st.Joins != 1 || st.GuestJoins != 1 || st.ItemsPublished != 1 {
				t.Fatalf("stats %+v", st)
			}
		})
	}
}

func TestTipsCarryTheirFields(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	if err := srv.SetProfile(ctx(t), "bob", "Bob", "https://x/bob.png"); err != nil {
		t.Fatal(err)
	}
	guest := dial(t, srv)
	p := guest.poller(guest.join(room))
	bob := dial(t, srv)
	bob.login("bob")
	bob.join(room)

	join := p.until(isTip(wire.TipMemberJoin))
	tb := join.MsgBody.Tip
	if join.Event != wire.EventGroupTip || join.FromAccount != wire.SystemAccount || join.ToGroupID != room ||
		join.GroupInfo.GroupID != room || join.GroupInfo.GroupType != wire.AVChatRoomType || join.MsgSeq == 0 {
		t.Fatalf("join tip item %+v", join)
	}
	if tb.OperatorAccount != "bob" || len(tb.ListAccount) != 1 || tb.ListAccount[0] != "bob" ||
		tb.MsgMemberExtraInfo[0] != (wire.MemberExtra{UserAccount: "bob", NickName: "Bob", ImageURL: "https://x/bob.png"}) ||
		tb.OnlineInf == nil || tb.OnlineInf.Num != 2 || tb.OnlineInf.ET != wire.OnlineInfExpires {
		t.Fatalf("join tip %+v", tb)
	}

	if err := srv.Mute(ctx(t), room, "bob", 60); err != nil {
		t.Fatal(err)
	}
	mute := p.until(isTip(wire.TipMemberProfile)).MsgBody.Tip
	if mute.OperatorAccount != srv.Admin || mute.MsgMemberInfo[0] != (wire.MemberMute{UserAccount: "bob", ShutupTime: 60}) ||
		mute.MsgMemberExtraInfo[0].NickName != "Bob" {
		t.Fatalf("mute tip %+v", mute)
	}

	if err := srv.ModifyRoom(ctx(t), room, restapi.RoomChange{
		Name: timtest.Ptr("Live Room 2"), Notification: timtest.Ptr("be nice"),
		MuteAll: timtest.Ptr(false), CustomFields: map[string]string{"theme": "dark"},
	}); err != nil {
		t.Fatal(err)
	}
	prof := p.until(isTip(wire.TipGroupProfileUpdate))
	ni := prof.MsgBody.Tip.MsgGroupNewInfo
	if ni == nil || *ni.GroupName != "Live Room 2" || *ni.GroupNotification != "be nice" || *ni.ShutupAll != 0 ||
		ni.GroupIntroduction != nil || len(ni.MsgAppDefinedData) != 1 || ni.MsgAppDefinedData[0] != (wire.KeyValue{Key: "theme", Value: "dark"}) {
		t.Fatalf("profile tip %+v", ni)
	}
	if prof.GroupInfo.GroupName != "Live Room 2" || prof.MsgBody.Tip.ListAccount == nil {
		t.Fatalf("profile tip item %+v", prof)
	}

	bob.mustCall(wire.CmdQuitGroup, wire.GroupIDReq{GroupID: room}, nil)
	quit := p.until(isTip(wire.TipMemberQuit)).MsgBody.Tip
	if quit.OperatorAccount != "bob" || quit.ListAccount[0] != "bob" || quit.OnlineInf.Num != 1 {
		t.Fatalf("quit tip %+v", quit)
	}
	if code := bob.call(wire.CmdQuitGroup, wire.GroupIDReq{GroupID: room}, nil); code != server.CodeNotMember {
		t.Fatalf("second quit: %d", code)
	}
}

func TestOneSequencePerRoomStrictlyIncreasing(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	guest := dial(t, srv)
	p := guest.poller(guest.join(room))
	alice := dial(t, srv)
	alice.login("alice")
	alice.join(room) // tip
	_, s1 := alice.send(room, "one", "High")
	if _, err := srv.SendText(ctx(t), room, "", "two", "Low"); err != nil {
		t.Fatal(err)
	}
	if err := srv.SystemNotice(ctx(t), room, "three"); err != nil {
		t.Fatal(err)
	}
	var seqs []uint64
	for len(seqs) < 4 {
		for _, it := range p.poll().RspMsgList {
			seqs = append(seqs, it.MsgSeq)
		}
	}
	for i, s := range seqs {
		if s != uint64(i+1) {
			t.Fatalf("sequences %v: tips, messages and notices share one counter", seqs)
		}
	}
	if s1 != 2 {
		t.Fatalf("send reply MsgSeq %d", s1)
	}
}

func TestMessagesAreStampedAndEchoedToTheSender(t *testing.T) {
	for _, delivery := range []string{"poll", "push"} {
		t.Run(delivery, func(t *testing.T) {
			srv := newServer(t, timtest.Options{Delivery: delivery})
			room := newRoom(t, srv)
			alice := dial(t, srv)
			alice.login("alice")
			alice.mustCall(wire.CmdPortraitSet, wire.PortraitSetReq{FromAccount: "alice", ProfileItem: []wire.ProfileItem{
				{Tag: wire.ProfileTagNick, Value: "Alice"}, {Tag: wire.ProfileTagImage, Value: "https://x/a.png"},
			}}, nil)
			j := alice.join(room)
			code, seq := alice.send(room, "hello", "High")
			if code != 0 || seq != j.StartSeq+1 {
				t.Fatalf("send: %d seq %d", code, seq)
			}
			var echo *wire.Item
			if delivery == "poll" {
				echo = alice.poller(j).until(isText("hello"))
			} else {
				echo = alice.untilPushed(isText("hello"))
			}
			if echo.FromAccount != "alice" || echo.TinyID != alice.tinyID || echo.MsgRandom != alice.lastRandom || echo.MsgClientTime == 0 ||
				echo.MsgPriority.Level != wire.PriorityHigh || echo.MsgPriority.Named || echo.FromAccountNick != "Alice" ||
				echo.FromAccountHeadurl != "https://x/a.png" || echo.GroupInfo.FromAccountNick != "Alice" ||
				echo.GroupInfo.MsgFromAccountExtraInfo == nil || echo.ToGroupID != room || echo.MsgSeq != seq {
				t.Fatalf("echo %+v / %+v", echo, echo.GroupInfo)
			}
		})
	}
}

func TestMutedMemberGets10017UntilUnmuted(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	bob := dial(t, srv)
	bob.login("bob")
	if code, _ := bob.send(room, "not yet in", "Normal"); code != server.CodeNotMember {
		t.Fatalf("send before joining: %d", code)
	}
	bob.join(room)
	if err := srv.Mute(ctx(t), room, "bob", 60); err != nil {
		t.Fatal(err)
	}
	if code, _ := bob.send(room, "muted", "Normal"); code != server.CodeMuted {
		t.Fatalf("send while muted: %d", code)
	}
	var info wire.SelfMemberInfoResp
	bob.mustCall(wire.CmdSelfMemberInfo, wire.SelfMemberInfoReq{GroupIDList: []string{room}}, &info)
	if until := info.GroupInfo[0].SelfInfo.ShutUpUntil; until < time.Now().Unix()+55 {
		t.Fatalf("ShutUpUntil %d", until)
	}
	if err := srv.Mute(ctx(t), room, "bob", 0); err != nil {
		t.Fatal(err)
	}
	if code, _ := bob.send(room, "free", "Normal"); code != 0 {
		t.Fatalf("send after unmute: %d", code)
	}
	if err := srv.ModifyRoom(ctx(t), room, restapi.RoomChange{MuteAll: timtest.Ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if code, _ := bob.send(room, "all muted", "Normal"); code != server.CodeMuted {
		t.Fatalf("send under ShutUpAllMember: %d", code)
	}
	if err := srv.SetRole(ctx(t), room, "bob", wire.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if code, _ := bob.send(room, "admins may", "Normal"); code != 0 {
		t.Fatalf("admin send under ShutUpAllMember: %d", code)
	}
	if code, _ := bob.send("@TGS#aNOSUCH", "x", "Normal"); code != server.CodeNoGroup {
		t.Fatalf("send to a missing group: %d", code)
	}
}

func TestLongPollAnswersWhenAnItemArrivesAndHoldsOtherwise(t *testing.T) {
	srv := newServer(t, timtest.Options{PollHold: 2 * time.Second})
	room := newRoom(t, srv)
	guest := dial(t, srv)
	g := guest.join(room)
	p := &poller{c: guest, key: g.LongPollingKey, guest: true} // StartSeq 0, as tim-js-sdk's guests

	start := time.Now()
	resp := p.poll()
	if held := time.Since(start); held < 1800*time.Millisecond || len(resp.RspMsgList) != 0 || resp.NextSeq != 1 {
		t.Fatalf("empty poll: held %v, %d items, NextSeq %d", held, len(resp.RspMsgList), resp.NextSeq)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		srv.SendText(ctx(t), room, "", "wake up", "Normal")
	}()
	start = time.Now()
	resp = p.poll()
	if d := time.Since(start); d > time.Second || len(resp.RspMsgList) != 1 || resp.NextSeq != 2 {
		t.Fatalf("poll woken after %v with %d items, NextSeq %d", d, len(resp.RspMsgList), resp.NextSeq)
	}
	// An item already there is answered at once.
	srv.SendText(ctx(t), room, "", "ready", "Normal")
	start = time.Now()
	if resp = p.poll(); time.Since(start) > 500*time.Millisecond || textOf(resp.RspMsgList[0]) != "ready" {
		t.Fatalf("poll of a retained item: %+v", resp)
	}
	// A newer poll on the same Key answers the held one empty.
	type reply struct {
		f   *wire.Frame
		err error
	}
	held := func() chan reply {
		ch := make(chan reply, 1)
		h := guest.head(wire.CmdGetMsgNoAuth)
		go func() {
			f, err := guest.tryRoundTrip(h, wire.GetMsgReq{Key: p.key, StartSeq: p.next}, testTimeout)
			ch <- reply{f, err}
		}()
		time.Sleep(200 * time.Millisecond) // let the server hold it
		return ch
	}
	first := held()
	second := held()
	for i, ch := range []chan reply{first, second} {
		if i == 1 {
			srv.SendText(ctx(t), room, "", "late", "Normal")
		}
		r := <-ch
		if r.err != nil {
			t.Fatal(r.err)
		}
		var resp wire.GetMsgResp
		decodeReply(t, r.f, &resp)
		switch {
		case i == 0 && (len(resp.RspMsgList) != 0 || resp.NextSeq != 3):
			t.Fatalf("replaced poll %+v", resp)
		case i == 1 && (len(resp.RspMsgList) != 1 || textOf(resp.RspMsgList[0]) != "late"):
			t.Fatalf("replacing poll %+v", resp)
		}
	}
	if code := guest.call(wire.CmdGetMsgNoAuth, wire.GetMsgReq{Key: "nope"}, nil); code != server.CodeNotMember {
		t.Fatalf("unknown Key: %d", code)
	}
}

func TestAPollerThatFellBehindResumesFromRetention(t *testing.T) {
	srv := newServer(t, timtest.Options{Retention: 8})
	room := newRoom(t, srv)
	guest := dial(t, srv)
	p := guest.poller(guest.join(room))
	for i := range 20 {
		if _, err := srv.SendText(ctx(t), room, "", "m"+strconv.Itoa(i), "Normal"); err != nil {
			t.Fatal(err)
		}
	}
	resp := p.poll() // asks for 1, gets the 8 retained: 13..20
	if len(resp.RspMsgList) != 8 || resp.RspMsgList[0].MsgSeq != 13 || resp.NextSeq != 21 || textOf(resp.RspMsgList[7]) != "m19" {
		t.Fatalf("behind poll: %d items from %d, NextSeq %d", len(resp.RspMsgList), resp.RspMsgList[0].MsgSeq, resp.NextSeq)
	}
	if st := srv.Stats(); st.RetentionGaps != 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestPushDeliversMsgPushWithToGroupID(t *testing.T) {
	srv := newServer(t, timtest.Options{Delivery: "push"})
	room := newRoom(t, srv)
	alice := dial(t, srv)
	alice.login("alice")
	alice.join(room)
	items, events := alice.pushedItems() // her own join tip
	if len(items) != 1 || events[0] != wire.EventGroupTip || items[0].MsgBody.Tip.OpType != wire.TipMemberJoin {
		t.Fatalf("first push %+v %v", items, events)
	}
	srv.SendText(ctx(t), room, "bob", "pushed", "Low")
	srv.SystemNotice(ctx(t), room, "udf")
	f := alice.nextPush(wire.CmdMsgPush)
	var body wire.MsgPush
	json.Unmarshal(f.Body, &body)
	e := body.EventArray[0]
	if e.Event != wire.EventGroupMsg || len(e.GroupMsgArray) != 1 || body.NeedAck != 1 || body.SessionData == "" {
		t.Fatalf("message push %s", f.Body)
	}
	it := e.GroupMsgArray[0]
	if it.ToGroupID != room || it.GroupInfo.GroupID != room || textOf(it) != "pushed" || it.MsgPriority.Level != wire.PriorityLow {
		t.Fatalf("pushed item %+v", it)
	}
	items, events = alice.pushedItems()
	if events[0] != wire.EventGroupNotice || items[0].MsgBody.Notice.UserDefinedField != "udf" || items[0].ToGroupID != room {
		t.Fatalf("notice push %+v", items[0])
	}
	alice.write(alice.head(wire.CmdPushAck), wire.PushAckReq{SessionData: body.SessionData}) // no reply
	alice.mustCall(wire.CmdAlive, wire.Empty{}, nil)
}

func TestPushBatchGathersItemsIntoOneFrame(t *testing.T) {
	srv := newServer(t, timtest.Options{Delivery: "push", PushBatch: 200 * time.Millisecond})
	room := newRoom(t, srv)
	alice := dial(t, srv)
	alice.login("alice")
	alice.join(room)
	alice.untilPushed(isTip(wire.TipMemberJoin))
	srv.SendText(ctx(t), room, "bob", "one", "Normal")
	srv.SendText(ctx(t), room, "bob", "two", "Normal")
	srv.SystemNotice(ctx(t), room, "three")
	items, events := alice.pushedItems()
	if len(items) != 3 || textOf(items[0]) != "one" || textOf(items[1]) != "two" || events[2] != wire.EventGroupNotice ||
		items[0].MsgSeq+2 != items[2].MsgSeq {
		t.Fatalf("batch %v %+v", events, items)
	}
	// Leaving flushes what was gathered to the member first.
	srv.SendText(ctx(t), room, "bob", "before quitting", "Normal")
	alice.mustCall(wire.CmdQuitGroup, wire.GroupIDReq{GroupID: room}, nil)
	alice.untilPushed(isText("before quitting"))
}

func TestPushReplaysWhatWasMissedAfterAReconnect(t *testing.T) {
	srv := newServer(t, timtest.Options{Delivery: "push"})
	room := newRoom(t, srv)
	alice := dial(t, srv)
	alice.login("alice")
	alice.join(room)
	alice.untilPushed(isTip(wire.TipMemberJoin))
	srv.CloseConnections()
	alice.closed()
	srv.SendText(ctx(t), room, "bob", "missed", "Normal")
	again := dial(t, srv)
	again.a2, again.tinyID, again.instID = alice.a2, alice.tinyID, alice.instID
	if code := again.relogin(); code != 0 {
		t.Fatal(code)
	}
	again.untilPushed(isText("missed"))
	srv.SendText(ctx(t), room, "bob", "live", "Normal")
	again.untilPushed(isText("live"))
}

func TestSelfMemberInfoFiltersCustomFields(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	srv.ModifyRoom(ctx(t), room, restapi.RoomChange{CustomFields: map[string]string{"theme": "dark", "secret": "x"}})
	alice := dial(t, srv)
	alice.login("alice")
	alice.join(room)
	var resp wire.SelfMemberInfoResp
	alice.mustCall(wire.CmdSelfMemberInfo, wire.SelfMemberInfoReq{
		GroupIDList:    []string{room, "@TGS#aNOSUCH"},
		ResponseFilter: &wire.ResponseFilter{AppDefinedDataFilter_Group: []string{"theme"}},
	}, &resp)
	gi := resp.GroupInfo[0]
	if gi.GroupID != room || gi.Type != wire.AVChatRoomType || gi.Name != "Live Room" || gi.OwnerAccount != srv.Admin ||
		gi.ShutUpAllMember != wire.SwitchOff || gi.MemberNum != 1 || gi.NextMsgSeq != 3 || gi.ApplyJoinOption != wire.ApplyFreeAccess ||
		len(gi.AppDefinedData) != 1 || gi.AppDefinedData[0].Key != "theme" ||
		gi.SelfInfo == nil || gi.SelfInfo.Role != wire.RoleMember || gi.SelfInfo.JoinTime == 0 || gi.SelfInfo.MsgFlag != wire.MsgFlagAccept {
		t.Fatalf("group info %+v self %+v", gi, gi.SelfInfo)
	}
	if resp.GroupInfo[1].ErrorCode != server.CodeNoGroup {
		t.Fatalf("missing group %+v", resp.GroupInfo[1])
	}
	bob := dial(t, srv)
	bob.login("bob")
	bob.mustCall(wire.CmdSelfMemberInfo, wire.SelfMemberInfoReq{GroupIDList: []string{room}}, &resp)
	if resp.GroupInfo[0].ErrorCode != server.CodeNotMember {
		t.Fatalf("non-member %+v", resp.GroupInfo[0])
	}
}

func TestDestroyedRoomSendsNotice5ThenIsGone(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	guest := dial(t, srv)
	p := guest.poller(guest.join(room))
	alice := dial(t, srv)
	alice.login("alice")
	alice.join(room)
	if err := srv.DestroyRoom(ctx(t), room); err != nil {
		t.Fatal(err)
	}
	n := p.until(isNotice(wire.NoticeDismissed))
	if n.MsgBody.Notice.OperatorAccount != srv.Admin || n.Event != wire.EventGroupNotice {
		t.Fatalf("notice %+v", n)
	}
	if code := guest.call(wire.CmdGetMsgNoAuth, wire.GetMsgReq{Key: p.key, StartSeq: p.next}, nil); code != server.CodeNoGroup {
		t.Fatalf("poll after the notice: %d", code)
	}
	if code, _ := alice.send(room, "x", "Normal"); code != server.CodeNoGroup {
		t.Fatalf("send to a destroyed room: %d", code)
	}
	if code := restCode(t, srv.DestroyRoom(ctx(t), room)); code != server.CodeNoGroup {
		t.Fatalf("second destroy: %d", code)
	}
	if _, err := srv.CreateRoom(ctx(t), room, "Reborn"); err != nil {
		t.Fatalf("the ID is free again: %v", err)
	}
	if st := srv.Stats(); st.Members != 0 {
		t.Fatalf("stats %+v", st)
	}
}

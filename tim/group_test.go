package tim

import (
	"slices"
	"testing"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// JoinGroup as a user returns the group; as a guest, no group; the second
// join is AlreadyInGroup; a guest's other calls are refused with 2024.
func TestJoinQuitAndGuestLimits(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		alice, guest := r.user("alice"), r.client()
		aliceIn, guestIn := record(alice), record(guest)

		res, err := alice.JoinGroup(ctxT(t), r.id)
		if err != nil || res.Status != types.JoinStatusSuccess || res.Group == nil ||
			res.Group.GroupID != r.id || res.Group.Type != types.GrpAVChatRoom || res.Group.Name != "Live Room" {
			t.Fatalf("user join: %+v, %v", res, err)
		}
		res, err = guest.JoinGroup(ctxT(t), r.id)
		if err != nil || res.Status != types.JoinStatusSuccess || res.Group != nil {
			t.Fatalf("guest join: %+v, %v", res, err)
		}
		res, err = guest.JoinGroup(ctxT(t), r.id)
		if err != nil || res.Status != types.JoinStatusAlreadyInGroup {
			t.Fatalf("second guest join: %+v, %v", res, err)
		}
		res, err = alice.JoinGroup(ctxT(t), r.id)
		if err != nil || res.Status != types.JoinStatusAlreadyInGroup {
			t.Fatalf("second user join: %+v, %v", res, err)
		}
		aliceIn.wait(t, "GROUP_LIST_UPDATED", func(in *inbox) bool {
			return len(in.groups) > 0 && slices.Equal(in.groups[len(in.groups)-1], []string{r.id})
		})
		r.warmUp(aliceIn, guestIn)

		_, err = guest.GetGroupProfile(ctxT(t), r.id)
		wantCode(t, err, types.ErrNotLoggedIn)
		_, err = guest.GetMyProfile(ctxT(t))
		wantCode(t, err, types.ErrNotLoggedIn)
		_, err = guest.GetUserProfile(ctxT(t), []string{"alice"})
		wantCode(t, err, types.ErrNotLoggedIn)
		_, err = guest.JoinGroup(ctxT(t), "")
		wantCode(t, err, types.ErrUncaught)
		_, err = r.client().JoinGroup(ctxT(t), "@TGS#nosuchroom")
		wantCode(t, err, types.ErrGroupNotFound)

		n, err := guest.GetGroupOnlineMemberCount(ctxT(t), r.id)
		if err != nil || n != 2 {
			t.Fatalf("guest online count %d, %v", n, err)
		}
		// Alice's count comes from the OnlineInf of her own join tip (fresh
		// for 10 s), as in tim-js-sdk: the guest joined after it.
		n, err = alice.GetGroupOnlineMemberCount(ctxT(t), r.id)
		if err != nil || n < 1 {
			t.Fatalf("online count %d, %v", n, err)
		}
		if n, _ := alice.GetGroupOnlineMemberCount(ctxT(t), "@TGS#other"); n != 0 {
			t.Fatalf("count of a room not joined: %d", n)
		}
		g, err := alice.GetGroupProfile(ctxT(t), r.id)
		if err != nil || g.GroupID != r.id || g.SelfInfo.Role != types.GrpMbrRoleMember || g.OwnerID != r.srv.Admin {
			t.Fatalf("group profile %+v, %v", g, err)
		}

		// A guest's quit is local; a user's reaches the server (quit tip).
		if err := guest.QuitGroup(ctxT(t), r.id); err != nil {
			t.Fatal(err)
		}
		if err := alice.QuitGroup(ctxT(t), r.id); err != nil {
			t.Fatal(err)
		}
		wantCode(t, alice.QuitGroup(ctxT(t), r.id), types.ErrMemberNotInGroup)
		aliceIn.wait(t, "empty group list", func(in *inbox) bool { return len(in.groups[len(in.groups)-1]) == 0 })
		if _, err := r.srv.SendText(ctxT(t), r.id, "", "after quit", "Normal"); err != nil {
			t.Fatal(err)
		}
		m, _ := alice.CreateTextMessage(TextMessageOptions{To: r.id, ConversationType: types.ConvGroup, Payload: message.TextPayload{Text: "x"}})
		_, err = alice.SendMessage(ctxT(t), m)
		wantCode(t, err, types.ErrNotInAVChatRoom)
		if aliceIn.count(isText("after quit"))+guestIn.count(isText("after quit")) != 0 {
			t.Fatal("received after quitting")
		}
	})
}

// Tips and notices arrive as typed payloads with tim-js-sdk's fields.
func TestTipsAndNotices(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		if err := r.srv.SetProfile(ctxT(t), "bob", "Bob", "https://example.invalid/bob.png"); err != nil {
			t.Fatal(err)
		}
		alice, guest := r.user("alice"), r.client()
		aliceIn, guestIn := record(alice), record(guest)
		r.join(alice)
		r.join(guest)
		r.warmUp(aliceIn, guestIn)
		bob := r.user("bob")
		r.join(bob)

		for _, in := range []*inbox{aliceIn, guestIn} {
			m := in.waitMessage(t, "join tip", func(m *message.Message) bool {
				p, ok := m.Payload.(*message.GroupTipPayload)
				return ok && p.OperationType == types.GrpTipMbrJoin && p.OperatorID == "bob"
			})
			p := m.Payload.(*message.GroupTipPayload)
			if m.Type != types.MsgGrpTip || m.From != types.SystemAccount || m.ConversationID != "GROUP"+r.id ||
				m.Nick != "Bob" || m.Avatar != "https://example.invalid/bob.png" ||
				!slices.Equal(p.UserIDList, []string{"bob"}) || len(p.MemberList) != 1 || p.MemberList[0].Nick != "Bob" ||
				p.GroupProfile.GroupID != r.id || p.GroupProfile.GroupName != "Live Room" {
				t.Errorf("join tip %+v %+v", m, p)
			}
		}

		if err := r.srv.Mute(ctxT(t), r.id, "bob", 60); err != nil {
			t.Fatal(err)
		}
		m := aliceIn.waitMessage(t, "mute tip", func(m *message.Message) bool {
			p, ok := m.Payload.(*message.GroupTipPayload)
			return ok && p.OperationType == types.GrpTipMbrProfileUpdated
		})
		if p := m.Payload.(*message.GroupTipPayload); len(p.MemberList) != 1 || p.MemberList[0].UserID != "bob" || p.MemberList[0].MuteTime != 60 {
			t.Errorf("mute tip %+v", p)
		}

		if err := r.srv.ModifyRoom(ctxT(t), r.id, restapi.RoomChange{Name: timtest.Ptr("Live Room 2"),
			Notification: timtest.Ptr("be nice"), MuteAll: timtest.Ptr(true), CustomFields: map[string]string{"theme": "dark"}}); err != nil {
			t.Fatal(err)
		}
		m = guestIn.waitMessage(t, "profile tip", func(m *message.Message) bool {
			p, ok := m.Payload.(*message.GroupTipPayload)
			return ok && p.OperationType == types.GrpTipGrpProfileUpdated
		})
		np := m.Payload.(*message.GroupTipPayload).NewGroupProfile
		if np == nil || np.GroupName != "Live Room 2" || np.Notification != "be nice" || np.MuteAllMembers == nil || !*np.MuteAllMembers ||
			len(np.GroupCustomField) != 1 || np.GroupCustomField[0] != (message.CustomField{Key: "theme", Value: "dark"}) {
			t.Errorf("new group profile %+v", np)
		}

		if err := r.srv.SystemNotice(ctxT(t), r.id, "notice-udf-123"); err != nil {
			t.Fatal(err)
		}
		for _, in := range []*inbox{aliceIn, guestIn} {
			m := in.waitMessage(t, "custom notice", func(m *message.Message) bool { return m.Type == types.MsgGrpSysNotice })
			p := m.Payload.(*message.GroupSystemNoticePayload)
			if m.ConversationID != types.SystemAccount || m.ConversationType != types.ConvSystem || m.From != types.SystemAccount ||
				m.To != r.id || p.OperationType != types.GrpSysNoticeCustom || p.UserDefinedField != "notice-udf-123" ||
				p.GroupProfile.GroupID != r.id || p.GroupProfile.Name != "Live Room 2" || p.OperatorID == "" {
				t.Errorf("notice %+v %+v", m, p)
			}
		}

		// A live room bans rather than removes (delete_group_member: 10004).
		if err := r.srv.Ban(ctxT(t), r.id, 60, "", "bob"); err != nil {
			t.Fatal(err)
		}
		aliceIn.waitMessage(t, "banned-member tip", func(m *message.Message) bool {
			p, ok := m.Payload.(*message.GroupTipPayload)
			return ok && p.OperationType == types.GrpTipBanAVChatRoomMember && slices.Equal(p.UserIDList, []string{"bob"})
		})

		// Dismissing the room: notice 5, the room is dropped, receiving stops.
		if err := r.srv.DestroyRoom(ctxT(t), r.id); err != nil {
			t.Fatal(err)
		}
		for _, in := range []*inbox{aliceIn, guestIn} {
			in.waitMessage(t, "dismissed notice", func(m *message.Message) bool {
				p, ok := m.Payload.(*message.GroupSystemNoticePayload)
				return ok && p.OperationType == types.GrpSysNoticeDismissed
			})
		}
		waitUntil(t, func() bool { return alice.room(r.id) == nil && guest.room(r.id) == nil })
		aliceIn.wait(t, "empty group list", func(in *inbox) bool { return len(in.groups[len(in.groups)-1]) == 0 })
	})
}

// One live room at a time: joining B quits A, unless unlimitedAVChatRoom.
func TestOneLiveRoomAtATime(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	second, err := r.srv.CreateRoom(ctxT(t), "", "Second Room")
	if err != nil {
		t.Fatal(err)
	}
	c := r.user("alice")
	r.join(c)
	if _, err := c.JoinGroup(ctxT(t), second); err != nil {
		t.Fatal(err)
	}
	if c.room(r.id) != nil || c.room(second) == nil {
		t.Fatal("the first room was not left")
	}
	if n, _ := r.srv.OnlineCount(ctxT(t), r.id); n != 0 {
		t.Fatalf("still %d online in the first room", n)
	}

	u := r.user("bob", WithUnlimitedAVChatRoom(true))
	r.join(u)
	if _, err := u.JoinGroup(ctxT(t), second); err != nil {
		t.Fatal(err)
	}
	if u.room(r.id) == nil || u.room(second) == nil {
		t.Fatal("unlimitedAVChatRoom must keep both rooms")
	}
}

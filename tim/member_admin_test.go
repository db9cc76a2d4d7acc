package tim

import (
	"slices"
	"testing"
	"time"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

func isTipOp(op types.GroupTipOp, operator string) func(*message.Message) bool {
	return func(m *message.Message) bool {
		p, ok := m.Payload.(*message.GroupTipPayload)
		return ok && p.OperationType == op && p.OperatorID == operator
	}
}

// The owner makes alice an admin; alice mutes bob, who then cannot send,
// and unmutes him; everyone sees tips 4, 7 and 5 naming who acted. Calls a
// role does not allow fail with the JS codes.
func TestMuteAndRoleFromTheSDK(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		owner, alice, bob := r.user(r.srv.Admin), r.user("alice"), r.user("bob")
		bobIn := record(bob)
		for _, c := range []*TIM{owner, alice, bob} {
			r.join(c)
		}

		m, err := owner.SetGroupMemberRole(ctxT(t), r.id, "alice", types.GrpMbrRoleAdmin)
		if err != nil || m == nil || m.UserID != "alice" || m.Role != types.GrpMbrRoleAdmin || m.JoinTime == 0 {
			t.Fatalf("SetGroupMemberRole: %+v, %v", m, err)
		}
		bobIn.waitMessage(t, "tip 4", isTipOp(types.GrpTipMbrSetAdmin, r.srv.Admin))

		before := time.Now().Unix()
		m, err = alice.SetGroupMemberMuteTime(ctxT(t), r.id, "bob", 60)
		if err != nil || m == nil || m.UserID != "bob" || m.MuteUntil < before+59 || m.Role != types.GrpMbrRoleMember {
			t.Fatalf("SetGroupMemberMuteTime: %+v, %v", m, err)
		}
		tip := bobIn.waitMessage(t, "tip 7", isTipOp(types.GrpTipMbrProfileUpdated, "alice")).Payload.(*message.GroupTipPayload)
		if len(tip.MemberList) != 1 || tip.MemberList[0].UserID != "bob" || tip.MemberList[0].MuteTime != 60 {
			t.Fatalf("tip 7 %+v", tip)
		}
		text, _ := bob.CreateTextMessage(TextMessageOptions{To: r.id, ConversationType: types.ConvGroup, Payload: message.TextPayload{Text: "hi"}})
		_, err = bob.SendMessage(ctxT(t), text)
		wantCode(t, err, types.ErrGroupShutUpDeny)
		if m, err = alice.SetGroupMemberMuteTime(ctxT(t), r.id, "bob", 0); err != nil || m.MuteUntil != 0 {
			t.Fatalf("unmute: %+v, %v", m, err)
		}
		if m, err = owner.SetGroupMemberRole(ctxT(t), r.id, "alice", types.GrpMbrRoleMember); err != nil || m.Role != types.GrpMbrRoleMember {
			t.Fatalf("revoke admin: %+v, %v", m, err)
		}
		bobIn.waitMessage(t, "tip 5", isTipOp(types.GrpTipMbrCanceledAdmin, r.srv.Admin))

		_, err = alice.SetGroupMemberRole(ctxT(t), r.id, "bob", types.GrpMbrRoleAdmin)
		wantCode(t, err, types.ErrNotOwner)
		_, err = owner.SetGroupMemberRole(ctxT(t), r.id, "bob", types.GrpMbrRoleOwner)
		wantCode(t, err, types.ErrInvalidMemberRole)
		_, err = owner.SetGroupMemberRole(ctxT(t), r.id, r.srv.Admin, types.GrpMbrRoleAdmin)
		wantCode(t, err, types.ErrCannotSetSelfMemberRole)
		_, err = owner.SetGroupMemberRole(ctxT(t), "@TGS#other", "bob", types.GrpMbrRoleAdmin)
		wantCode(t, err, types.ErrCannotFindGroup)
		_, err = alice.SetGroupMemberMuteTime(ctxT(t), r.id, "alice", 60)
		wantCode(t, err, types.ErrCannotMuteSelf)
		_, err = alice.SetGroupMemberMuteTime(ctxT(t), r.id, "bob", 60) // no longer an admin
		wantCode(t, err, types.ErrGroupPermissionDeny)
		_, err = owner.SetGroupMemberMuteTime(ctxT(t), r.id, "bob", -1)
		wantCode(t, err, types.ErrUncaught)
		if m, err := owner.SetGroupMemberMuteTime(ctxT(t), r.id, "stranger", 60); err != nil || m != nil {
			t.Fatalf("muting a user not in the room: %+v, %v", m, err)
		}
	})
}

// An owner's profile update changes the returned group and reaches members
// as tip 6; a member's is refused by the server.
func TestUpdateGroupProfile(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	owner, bob := r.user(r.srv.Admin), r.user("bob")
	bobIn := record(bob)
	r.join(owner)
	r.join(bob)
	g, err := owner.UpdateGroupProfile(ctxT(t), r.id, group.ProfileUpdate{
		Name: timtest.Ptr("Renamed"), Notification: timtest.Ptr("be nice"), MuteAllMembers: timtest.Ptr(true),
		GroupCustomField: []group.CustomField{{Key: "theme", Value: "dark"}},
	})
	if err != nil || g.Name != "Renamed" || g.Notification != "be nice" || !g.MuteAllMembers {
		t.Fatalf("UpdateGroupProfile: %+v, %v", g, err)
	}
	if v, ok := g.CustomField("theme"); !ok || v != "dark" {
		t.Fatalf("custom fields %+v", g.GroupCustomField)
	}
	tip := bobIn.waitMessage(t, "tip 6", isTipOp(types.GrpTipGrpProfileUpdated, r.srv.Admin)).Payload.(*message.GroupTipPayload)
	if p := tip.NewGroupProfile; p == nil || p.GroupName != "Renamed" || p.MuteAllMembers == nil || !*p.MuteAllMembers {
		t.Fatalf("tip 6 %+v", tip.NewGroupProfile)
	}
	got, err := bob.GetGroupProfile(ctxT(t), r.id)
	if err != nil || got.Name != "Renamed" || !got.MuteAllMembers {
		t.Fatalf("bob reads %+v, %v", got, err)
	}
	_, err = bob.UpdateGroupProfile(ctxT(t), r.id, group.ProfileUpdate{Name: timtest.Ptr("mine")})
	wantCode(t, err, types.ErrGroupPermissionDeny)
	_, err = owner.UpdateGroupProfile(ctxT(t), "", group.ProfileUpdate{})
	wantCode(t, err, types.ErrUncaught)
	_, err = owner.UpdateGroupProfile(ctxT(t), r.id, group.ProfileUpdate{GroupCustomField: []group.CustomField{{Value: "x"}}})
	wantCode(t, err, types.ErrUncaught)
	g, err = owner.UpdateGroupProfile(ctxT(t), r.id, group.ProfileUpdate{GroupCustomField: []group.CustomField{{Key: "theme"}}})
	if _, ok := g.CustomField("theme"); err != nil || ok {
		t.Fatalf("deleting a custom field: %+v, %v", g.GroupCustomField, err)
	}
}

// The live-room member list lists logged-in members, latest first, not
// guests; tim-js-sdk allows one call per 3 s.
func TestGetGroupMemberList(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	if err := r.srv.SetProfile(ctxT(t), "bob", "Bob", "https://example.invalid/bob.png"); err != nil {
		t.Fatal(err)
	}
	alice, bob, guest := r.user("alice"), r.user("bob"), r.client()
	r.join(alice)
	r.join(bob)
	r.join(guest)
	list, err := alice.GetGroupMemberList(ctxT(t), r.id, 0)
	if err != nil || list.Offset != 0 || len(list.MemberList) != 2 {
		t.Fatalf("GetGroupMemberList: %+v, %v", list, err)
	}
	ids := []string{list.MemberList[0].UserID, list.MemberList[1].UserID}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"alice", "bob"}) {
		t.Fatalf("members %v", ids)
	}
	for _, m := range list.MemberList {
		if m.UserID == "bob" && (m.Nick != "Bob" || m.Avatar != "https://example.invalid/bob.png" || m.JoinTime == 0) {
			t.Fatalf("bob listed as %+v", m)
		}
	}
	_, err = alice.GetGroupMemberList(ctxT(t), r.id, 0)
	wantCode(t, err, types.ErrOverFrequencyLimit)
	if list, err := bob.GetGroupMemberList(ctxT(t), "@TGS#notjoined", 0); err != nil || len(list.MemberList) != 0 {
		t.Fatalf("room not joined: %+v, %v", list, err)
	}
	_, err = bob.GetGroupMemberList(ctxT(t), r.id, -1)
	wantCode(t, err, types.ErrUncaught)
	_, err = guest.GetGroupMemberList(ctxT(t), r.id, 0)
	wantCode(t, err, types.ErrNotLoggedIn)
}

// DeleteGroupMember in a live room bans: the banned user's SDK drops the
// room on notice 21 and cannot rejoin; the others see tip 10.
func TestDeleteGroupMemberBans(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		owner, alice, bob := r.user(r.srv.Admin), r.user("alice"), r.user("bob")
		aliceIn, bobIn := record(alice), record(bob)
		for _, c := range []*TIM{owner, alice, bob} {
			r.join(c)
		}
		_, err := alice.DeleteGroupMember(ctxT(t), r.id, []string{"bob"}, 60, "")
		wantCode(t, err, types.ErrGroupPermissionDeny)
		ids, err := owner.DeleteGroupMember(ctxT(t), r.id, []string{"bob"}, 60, "spam")
		if err != nil || !slices.Equal(ids, []string{"bob"}) {
			t.Fatalf("DeleteGroupMember: %v, %v", ids, err)
		}
		aliceIn.waitMessage(t, "tip 10", isTipOp(types.GrpTipBanAVChatRoomMember, r.srv.Admin))
		bobIn.waitMessage(t, "notice 21", func(m *message.Message) bool {
			p, ok := m.Payload.(*message.GroupSystemNoticePayload)
			return ok && p.OperationType == types.GrpSysNoticeBanned
		})
		bobIn.wait(t, "the room dropped", func(in *inbox) bool {
			return len(in.groups) > 0 && len(in.groups[len(in.groups)-1]) == 0
		})
		_, err = bob.JoinGroup(ctxT(t), r.id)
		wantCode(t, err, types.ErrGroupPermissionDeny)

		_, err = owner.DeleteGroupMember(ctxT(t), r.id, []string{"alice"}, 0, "")
		wantCode(t, err, types.ErrBanDurationInvalid)
		_, err = owner.DeleteGroupMember(ctxT(t), "@TGS#other", []string{"alice"}, 60, "")
		wantCode(t, err, types.ErrCannotFindGroup)
		_, err = owner.DeleteGroupMember(ctxT(t), r.id, nil, 60, "")
		wantCode(t, err, types.ErrUncaught)
	})
}

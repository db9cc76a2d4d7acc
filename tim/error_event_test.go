package tim

import (
	"context"
	"sync"
	"testing"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/profile"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// errorLog records ERROR events.
type errorLog struct {
	mu   sync.Mutex
	errs []Error
}

func recordErrors(c *TIM) *errorLog {
	l := &errorLog{}
	On(c, ErrorEvent, func(e *Error) {
		l.mu.Lock()
		l.errs = append(l.errs, *e)
		l.mu.Unlock()
	})
	return l
}

// waitN waits for n events (events run in order, so once the n-th is there
// no earlier one is still to come) and returns them.
func (l *errorLog) waitN(t *testing.T, n int) []Error {
	t.Helper()
	in := &inbox{}
	var got []Error
	in.wait(t, "ERROR events", func(*inbox) bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		got = append(got[:0], l.errs...)
		return len(got) >= n
	})
	return got
}

// notReadyCalls calls every API outside tim-js-sdk's not-ready whitelist,
// each with arguments it would accept when ready, and names it as
// tim-js-sdk does.
func notReadyCalls(ctx context.Context, c *TIM, room string) []struct {
	api string
	err error
} {
	text := TextMessageOptions{To: room, ConversationType: types.ConvGroup}
	text.Payload.Text = "hi"
	face := FaceMessageOptions{To: room, ConversationType: types.ConvGroup}
	face.Payload.Data = "smile"
	custom := CustomMessageOptions{To: room, ConversationType: types.ConvGroup}
	custom.Payload.Data = "like"
	call := func(api string, err error) struct {
		api string
		err error
	} {
		return struct {
			api string
			err error
		}{api, err}
	}
	second := func(_ any, err error) error { return err }
	return []struct {
		api string
		err error
	}{
		call("getGroupProfile", second(c.GetGroupProfile(ctx, room, WithGroupCustomFieldFilter("likes")))),
		call("getMyProfile", second(c.GetMyProfile(ctx))),
		call("getUserProfile", second(c.GetUserProfile(ctx, []string{"alice"}))),
		call("updateMyProfile", second(c.UpdateMyProfile(ctx, profile.Update{}))),
		call("createTextMessage", second(c.CreateTextMessage(text))),
		call("createFaceMessage", second(c.CreateFaceMessage(face))),
		call("createCustomMessage", second(c.CreateCustomMessage(custom))),
		call("sendMessage", second(c.SendMessage(ctx, &message.Message{}))),
		call("getGroupMemberList", second(c.GetGroupMemberList(ctx, room, 0))),
		call("setGroupMemberMuteTime", second(c.SetGroupMemberMuteTime(ctx, room, "bob", 60))),
		call("setGroupMemberRole", second(c.SetGroupMemberRole(ctx, room, "bob", types.GrpMbrRoleAdmin))),
		call("updateGroupProfile", second(c.UpdateGroupProfile(ctx, room, group.ProfileUpdate{}))),
		call("deleteGroupMember", second(c.DeleteGroupMember(ctx, room, []string{"bob"}, 60, ""))),
		call("initGroupAttributes", second(c.InitGroupAttributes(ctx, room, map[string]string{"k": "v"}))),
		call("setGroupAttributes", second(c.SetGroupAttributes(ctx, room, map[string]string{"k": "v"}))),
		call("deleteGroupAttributes", second(c.DeleteGroupAttributes(ctx, room, []string{"k"}))),
		call("getGroupAttributes", second(c.GetGroupAttributes(ctx, room, nil))),
		call("setGroupCounters", second(c.SetGroupCounters(ctx, room, map[string]int64{"likes": 1}))),
		call("increaseGroupCounter", second(c.IncreaseGroupCounter(ctx, room, "likes", 1))),
		call("decreaseGroupCounter", second(c.DecreaseGroupCounter(ctx, room, "likes", 1))),
		call("getGroupCounters", second(c.GetGroupCounters(ctx, room))),
	}
}

// Before login (a guest in a live room), every call outside tim-js-sdk's
// not-ready whitelist fails with 2024 and emits ERROR with the same code
// and message "<reason> | <api> | <2999's text>", in call order; the
// whitelisted calls (JoinGroup, GetGroupOnlineMemberCount, QuitGroup)
// emit nothing.
func TestNotReadyCallsEmitError(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	guest := r.client()
	errs := recordErrors(guest)
	if _, err := guest.JoinGroup(ctxT(t), r.id); err != nil {
		t.Fatal(err)
	}
	if _, err := guest.GetGroupOnlineMemberCount(ctxT(t), r.id); err != nil {
		t.Fatal(err)
	}
	calls := notReadyCalls(ctxT(t), guest, r.id)
	if err := guest.QuitGroup(ctxT(t), r.id); err != nil {
		t.Fatal(err)
	}
	_, last := guest.GetMyProfile(ctxT(t)) // the marker after QuitGroup
	got := errs.waitN(t, len(calls)+1)
	if len(got) != len(calls)+1 {
		t.Fatalf("%d ERROR events, want %d: %+v", len(got), len(calls)+1, got)
	}
	for i, c := range calls {
		msg := "user is not logged in | " + c.api + " | SDK is not ready"
		wantCode(t, c.err, types.ErrNotLoggedIn)
		if c.err.(*Error).Message != msg {
			t.Errorf("%s: error message %q, want %q", c.api, c.err.(*Error).Message, msg)
		}
		if got[i].Code != types.ErrNotLoggedIn || got[i].Message != msg {
			t.Errorf("ERROR %d = %+v, want code 2024 and %q", i, got[i], msg)
		}
	}
	if e := got[len(calls)]; e.Code != types.ErrNotLoggedIn || e.Message != last.(*Error).Message {
		t.Errorf("marker ERROR %+v", e)
	}
}

// The not-ready reason follows the login state: 3001 after a failed login,
// 3005 after a logout, each reported by the call and by ERROR; a ready
// instance whose call fails on the server emits nothing.
func TestErrorEventCarriesTheNotReadyReason(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	c := r.client()
	errs := recordErrors(c)
	if err := c.Login(ctxT(t), "alice", "not a usersig"); err == nil {
		t.Fatal("login with a bad UserSig succeeded")
	}
	_, err := c.GetMyProfile(ctxT(t))
	wantCode(t, err, types.ErrLoginFailed)

	if err := c.Login(ctxT(t), "alice", r.srv.UserSig("alice")); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetGroupProfile(ctxT(t), "@TGS#aNOSUCHROOM")
	wantCode(t, err, types.ErrGroupNotFound) // the caller's alone
	if err := c.Logout(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetGroupProfile(ctxT(t), r.id)
	wantCode(t, err, types.ErrLoggedOut)

	got := errs.waitN(t, 2)
	want := []Error{
		{Code: types.ErrLoginFailed, Message: "login failed | getMyProfile | SDK is not ready"},
		{Code: types.ErrLoggedOut, Message: types.ErrLoggedOut.Meaning() + " | getGroupProfile | SDK is not ready"},
	}
	if len(got) != len(want) {
		t.Fatalf("ERROR events %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Code != want[i].Code || got[i].Message != want[i].Message {
			t.Errorf("ERROR %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// ERROR's data is its own copy: a handler that changes it does not change
// the error the call returned.
func TestErrorEventDataIsACopy(t *testing.T) {
	r := newTestRoom(t, timtest.Options{})
	c := r.client()
	On(c, ErrorEvent, func(e *Error) { e.Message = "changed" })
	errs := recordErrors(c)
	_, err := c.GetMyProfile(ctxT(t))
	errs.waitN(t, 1)
	if msg := err.(*Error).Message; msg != "user is not logged in | getMyProfile | SDK is not ready" {
		t.Fatalf("returned error changed to %q", msg)
	}
}

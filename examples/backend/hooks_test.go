package main

import (
	"context"
	"testing"

	"github.com/tim-go/sdk/tim/webhook"
)

func testHooks() *hooks {
	rv := newReviewer([]string{"scam.example"}, []string{"damn"})
	return newHooks("room", "host", rv, &likeBatcher{}, func(string, string, ...any) {})
}

func before(from string, body ...webhook.Elem) *webhook.BeforeSendMsg {
	return &webhook.BeforeSendMsg{GroupID: "room", FromAccount: from, MsgBody: body}
}

func TestBeforeSendVerdicts(t *testing.T) {
	h := testHooks()
	ctx := context.Background()
	if v := h.beforeSend(ctx, before("v1", webhook.TextElem("hi"))); v.Code != webhook.CodeAllow || v.MsgBody != nil {
		t.Errorf("clean text: %+v", v)
	}
	if v := h.beforeSend(ctx, before("v1", webhook.TextElem("see scam.example"))); v.Code != codeBlockedWord {
		t.Errorf("blocked word: %+v", v)
	}
	v := h.beforeSend(ctx, before("v1", webhook.TextElem("damn it"), webhook.CustomElem("d", "gift", "")))
	var tc webhook.TextContent
	if v.Code != webhook.CodeAllow || len(v.MsgBody) != 2 || v.MsgBody[0].DecodeText(&tc) != nil || tc.Text != "**** it" ||
		v.MsgBody[1].MsgType != webhook.ElemCustom {
		t.Errorf("masked word: %+v (%q)", v, tc.Text)
	}
	if v := h.beforeSend(ctx, &webhook.BeforeSendMsg{GroupID: "other", MsgBody: []webhook.Elem{webhook.TextElem("scam.example")}}); v.Code != webhook.CodeAllow {
		t.Errorf("another room: %+v", v)
	}
	s, _ := h.snapshot()
	if s.Reviewed != 3 || s.Rejected != 1 || s.Masked != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestBeforeSendCommands(t *testing.T) {
	h := testHooks()
	ctx := context.Background()
	cmd := func(from, text string) webhook.Verdict {
		return h.beforeSend(ctx, before(from, webhook.CustomElem(text, commandDesc, "")))
	}
	if v := cmd("host", "mute viewer03 10m"); v.Code != webhook.CodeDrop {
		t.Errorf("host's command: %+v", v)
	}
	if c := <-h.cmds; c.String() != "mute viewer03 10m" {
		t.Errorf("queued %v", c)
	}
	if v := cmd("viewer02", "unmute viewer03"); v.Code != codeCommandRefused {
		t.Errorf("a viewer's command: %+v", v)
	}
	if v := cmd("host", "kick viewer03"); v.Code != codeCommandRefused {
		t.Errorf("a bad command: %+v", v)
	}
	for range maxPendingCommands {
		if v := cmd("host", "unban viewer05"); v.Code != webhook.CodeDrop {
			t.Fatalf("queue: %+v", v)
		}
	}
	if v := cmd("host", "unban viewer05"); v.Code != codeCommandRefused {
		t.Errorf("full queue: %+v", v)
	}
	if s, _ := h.snapshot(); s.Commands != 1+maxPendingCommands || s.CommandsRefused != 3 {
		t.Errorf("stats %+v", s)
	}
}

func TestAfterSendAndMembers(t *testing.T) {
	h := testHooks()
	ctx := context.Background()
	for _, data := range []string{"3", "x", "2"} {
		h.afterSend(ctx, &webhook.AfterSendMsg{GroupMsgCallback: webhook.BeforeSendMsg{GroupID: "room", MsgBody: []webhook.Elem{webhook.CustomElem(data, likeDesc, "")}}})
	}
	h.afterSend(ctx, &webhook.AfterSendMsg{GroupMsgCallback: webhook.BeforeSendMsg{GroupID: "room", MsgBody: []webhook.Elem{webhook.TextElem("hi")}}})
	if _, pending := h.likes.totals(); pending != 6 {
		t.Errorf("likes pending %d, want 6", pending)
	}
	join := func(u string) {
		h.joined(ctx, &webhook.MemberJoin{GroupID: "room", NewMemberList: []webhook.Member{{MemberAccount: u}}})
	}
	join("a")
	join("b")
	h.exited(ctx, &webhook.MemberExit{GroupID: "room", ExitType: webhook.ExitKicked, ExitMemberList: []webhook.Member{{MemberAccount: "a"}}})
	join("c")
	s, online := h.snapshot()
	if s.LikeMessages != 3 || s.LikesReported != 6 || s.Delivered != 4 || s.Joins != 3 || s.Exits != 1 || s.Kicked != 1 || s.PeakOnline != 2 || online != 2 {
		t.Errorf("stats %+v, online %d", s, online)
	}
}

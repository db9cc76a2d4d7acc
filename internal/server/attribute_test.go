package server_test

import (
	"strings"
	"testing"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

func attrNotice(it *wire.Item) *wire.GroupAttrOption {
	if it.Event != wire.EventGroupTipOnline || it.MsgBody.Tip == nil || it.MsgBody.Tip.MsgGroupNewInfo == nil {
		return nil
	}
	return it.MsgBody.Tip.MsgGroupNewInfo.GroupAttrOption
}

func attrNoticeSeq(seq uint64) func(*wire.Item) bool {
	return func(it *wire.Item) bool { o := attrNotice(it); return o != nil && o.GroupAttrSeq == seq }
}

func seqPtr(n uint64) *uint64 { return &n }

// attrReq is a write as tim-js-sdk sends it: with the main sequence the
// client knows and RaceConflict.
func attrReq(room string, seq uint64, attrs ...wire.GroupAttr) wire.GroupAttrReq {
	return wire.GroupAttrReq{GroupID: room, GroupAttr: attrs, AttrMainSeq: seqPtr(seq), AttrControl: []string{wire.AttrRaceConflict}}
}

// Each write moves the main sequence on by one and reaches every member as
// an Event 6 notice carrying the change; a write with an old sequence is
// refused with 10056 until the writer reads again.
func TestAttributesWriteNotifyAndConflict(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	alice, bob := dial(t, srv), dial(t, srv)
	alice.login("alice")
	bob.login("bob")
	alice.join(room)
	bobPoll := bob.poller(bob.join(room))

	var resp wire.GroupAttrResp
	alice.mustCall(wire.CmdInitGroupAttr, attrReq(room, 0, wire.GroupAttr{Key: "seat1", Value: "alice"}, wire.GroupAttr{Key: "seat2"}), &resp)
	if resp.AttrMainSeq != 1 || len(resp.GroupAttr) != 2 || resp.GroupAttr[0].Key != "seat1" || resp.GroupAttr[0].Seq != 1 {
		t.Fatalf("init reply %+v", resp)
	}
	o := attrNotice(bobPoll.until(attrNoticeSeq(1)))
	if o.OpType != wire.AttrOpInit || o.PushChangedAttrValFlag != 1 || len(o.GroupAttrInfo) != 2 || o.GroupAttrInfo[0].Val != "alice" {
		t.Fatalf("init notice %+v", o)
	}

	if code := bob.call(wire.CmdSetGroupAttr, attrReq(room, 0, wire.GroupAttr{Key: "seat2", Value: "bob"}), nil); code != server.CodeAttrConflict {
		t.Fatalf("stale write: %d, want %d", code, server.CodeAttrConflict)
	}
	var got wire.GetGroupAttrResp
	bob.mustCall(wire.CmdGetGroupAttr, wire.GetGroupAttrReq{GroupID: room, GroupType: 1}, &got)
	if got.AttrMainSeq != 1 || len(got.GroupAttrAry) != 2 || got.GroupAttrAry[0].Value != "alice" || got.GroupAttrAry[1].Value != "" {
		t.Fatalf("get %+v", got)
	}
	bob.mustCall(wire.CmdSetGroupAttr, attrReq(room, got.AttrMainSeq, wire.GroupAttr{Key: "seat2", Value: "bob", Seq: 1}), &resp)
	if resp.AttrMainSeq != 2 || len(resp.GroupAttr) != 1 || resp.GroupAttr[0].Key != "seat2" {
		t.Fatalf("set reply %+v", resp)
	}
	o = attrNotice(bobPoll.until(attrNoticeSeq(2)))
	if o.OpType != wire.AttrOpSet || len(o.GroupAttrInfo) != 1 || o.GroupAttrInfo[0].Val != "bob" {
		t.Fatalf("set notice %+v", o)
	}

	alice.mustCall(wire.CmdDeleteGroupAttr, attrReq(room, 2, wire.GroupAttr{Key: "seat1", Seq: 1}, wire.GroupAttr{Key: "ghost"}), &resp)
	o = attrNotice(bobPoll.until(attrNoticeSeq(3)))
	if resp.AttrMainSeq != 3 || o.OpType != wire.AttrOpDelete || len(o.GroupAttrInfo) != 2 {
		t.Fatalf("delete: reply %+v, notice %+v", resp, o)
	}
	if attrs, err := srv.Attributes(ctx(t), room); err != nil || len(attrs) != 1 || attrs["seat2"] != "bob" {
		t.Fatalf("after delete: %v, %v", attrs, err)
	}

	// The REST API sends no sequence and always writes.
	if err := srv.SetAttributes(ctx(t), room, map[string]string{"topic": "music"}); err != nil {
		t.Fatal(err)
	}
	o = attrNotice(bobPoll.until(attrNoticeSeq(4)))
	if o.OpType != wire.AttrOpSet || o.GroupAttrInfo[0].Key != "topic" {
		t.Fatalf("REST notice %+v", o)
	}
	bob.mustCall(wire.CmdClearGroupAttr, attrReq(room, 4), &resp)
	if o = attrNotice(bobPoll.until(attrNoticeSeq(5))); o.OpType != wire.AttrOpClear || resp.AttrMainSeq != 5 {
		t.Fatalf("clear: %+v %+v", resp, o)
	}
	if attrs, err := srv.Attributes(ctx(t), room); err != nil || len(attrs) != 0 {
		t.Fatalf("after clear: %v, %v", attrs, err)
	}
}

// The size limits (16 keys, 32-byte keys, 4 KB values, 16 KB in all) and
// membership are checked before anything changes.
func TestAttributesRefuseBadWrites(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	room := newRoom(t, srv)
	alice, eve := dial(t, srv), dial(t, srv)
	alice.login("alice")
	eve.login("eve")
	alice.join(room)
	kv := func(k string, n int) wire.GroupAttr { return wire.GroupAttr{Key: k, Value: strings.Repeat("v", n)} }
	many := make([]wire.GroupAttr, 17)
	for i := range many {
		many[i] = kv(strings.Repeat("k", i+1), 1)
	}
	big := []wire.GroupAttr{kv("a", 4096), kv("b", 4096), kv("c", 4096), kv("d", 4096)}
	for _, tc := range []struct {
		name    string
		c       *client
		servcmd string
		req     wire.GroupAttrReq
		code    int
	}{
		{"17 keys", alice, wire.CmdInitGroupAttr, attrReq(room, 0, many...), server.CodeBadParam},
		{"long key", alice, wire.CmdInitGroupAttr, attrReq(room, 0, kv(strings.Repeat("k", 33), 1)), server.CodeBadParam},
		{"empty key", alice, wire.CmdSetGroupAttr, attrReq(room, 0, kv("", 1)), server.CodeBadParam},
		{"big value", alice, wire.CmdSetGroupAttr, attrReq(room, 0, kv("k", 4097)), server.CodeBadParam},
		{"16 KB total", alice, wire.CmdInitGroupAttr, attrReq(room, 0, big...), server.CodeBadParam},
		{"twice", alice, wire.CmdSetGroupAttr, attrReq(room, 0, kv("k", 1), kv("k", 2)), server.CodeBadParam},
		{"set nothing", alice, wire.CmdSetGroupAttr, attrReq(room, 0), server.CodeBadParam},
		{"delete nothing", alice, wire.CmdDeleteGroupAttr, attrReq(room, 0), server.CodeBadParam},
		{"not joined", eve, wire.CmdSetGroupAttr, attrReq(room, 0, kv("k", 1)), server.CodeAttrNotJoined},
		{"no group", alice, wire.CmdSetGroupAttr, attrReq("@TGS#aNONE", 0, kv("k", 1)), server.CodeNoGroup},
	} {
		if code := tc.c.call(tc.servcmd, tc.req, nil); code != tc.code {
			t.Errorf("%s: code %d, want %d", tc.name, code, tc.code)
		}
	}
	if code := eve.call(wire.CmdGetGroupAttr, wire.GetGroupAttrReq{GroupID: room}, nil); code != server.CodeAttrNotJoined {
		t.Errorf("get by a non-member: %d", code)
	}
	// Exactly at the limits is fine: 16 keys; 3 × 4 KB + a bit.
	if code := alice.call(wire.CmdInitGroupAttr, attrReq(room, 0, many[:16]...), nil); code != 0 {
		t.Fatalf("16 keys: %d", code)
	}
	if code := alice.call(wire.CmdInitGroupAttr, attrReq(room, 1, big[:3]...), nil); code != 0 {
		t.Fatalf("12 KB: %d", code)
	}
	if code := restCode(t, srv.SetAttributes(ctx(t), room, map[string]string{"d": strings.Repeat("v", 4096)})); code != server.CodeBadParam {
		t.Fatalf("over 16 KB by REST: %d", code)
	}
	var got wire.GetGroupAttrResp
	alice.mustCall(wire.CmdGetGroupAttr, wire.GetGroupAttrReq{GroupID: room}, &got)
	if got.AttrMainSeq != 2 || len(got.GroupAttrAry) != 3 {
		t.Fatalf("after refusals: seq %d, %d attributes", got.AttrMainSeq, len(got.GroupAttrAry))
	}
}

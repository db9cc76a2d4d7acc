package server_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// TestGarbageNeverBreaksTheServer feeds malformed frames, unknown commands,
// wrong head shapes, oversize frames and junk REST bodies, then shows that a
// clean client still logs in, joins, sends and receives, and that a
// bystander's socket survived all of it.
func TestGarbageNeverBreaksTheServer(t *testing.T) {
	srv := newServer(t, timtest.Options{MaxFrameSize: 4096})
	room := newRoom(t, srv)
	bystander := dial(t, srv)
	bystander.login("bystander")
	bp := bystander.poller(bystander.join(room))

	t.Run("frames that get an error reply", func(t *testing.T) {
		c := dial(t, srv)
		cases := []struct {
			head wire.Head
			body any
			code int
		}{
			{c.head("no.such_command"), wire.Empty{}, server.CodeUnknownCommand},
			{c.head(wire.CmdSendGroupMsg), wire.SendGroupMsgReq{GroupID: room}, server.CodeNeedLogin}, // guest head
			{c.head(wire.CmdSelfMemberInfo), wire.Empty{}, server.CodeNeedLogin},
			{wire.LoginHead(srv.SDKAppID, "x", "y", wire.CmdPortraitGet, 9, 0), wire.Empty{}, server.CodeNeedLogin},
			{wire.SessionHead(srv.SDKAppID, "forged", "1", 1, wire.CmdSendGroupMsg, 10, 0), wire.Empty{}, server.CodeA2Expired},
			{c.head(wire.CmdApplyJoinNoAuth), []byte(`{"GroupId":123}`), server.CodeBadJSON},
			{c.head(wire.CmdApplyJoinNoAuth), []byte(`[]`), server.CodeBadJSON},
			{c.head(wire.CmdApplyJoinNoAuth), []byte(`{}`), server.CodeBadParam},
			{c.head(wire.CmdGetMsgNoAuth), []byte(`{"Key":"","StartSeq":-1}`), server.CodeBadJSON},
			{c.head(wire.CmdGetMsgNoAuth), []byte(`{"Key":"forged"}`), server.CodeNotMember},
			{c.head(wire.CmdOnlineNum), []byte(`{"GroupId":"@TGS#aNOSUCH"}`), server.CodeNoGroup},
		}
		for _, tc := range cases {
			if code := decodeReply(t, c.roundTrip(tc.head, tc.body), nil); code != tc.code {
				t.Errorf("%s %v: %d, want %d", tc.head.Servcmd, tc.body, code, tc.code)
			}
		}
		// The head is echoed even when it is odd.
		odd := []byte(fmt.Sprintf(`{"head":{"servcmd":"x.y","seq":5,"sdkappid":%d,"extra":{"nested":[1,"two",null]}},"body":"not an object"}`, srv.SDKAppID))
		c.writeRaw(websocket.MessageBinary, odd)
		f := c.nextPush("x.y") // an unmatched reply shows up as a push in the test client
		if !bytes.Contains(f.Body, []byte(`60009`)) || f.Head.Seq != 5 {
			t.Fatalf("odd frame reply %+v %s", f.Head, f.Body)
		}
		c.mustCall(wire.CmdAlive, wire.Empty{}, nil)
	})

	t.Run("undecodable frames are ignored, then the socket is closed", func(t *testing.T) {
		c := dial(t, srv)
		junk := [][]byte{
			[]byte("{"), []byte(`{"head":`), []byte("null"), []byte("[]"), []byte(`{"head":[]}`),
			[]byte(`{"head":{"seq":1}}`), []byte("COMP\x78\x9c garbage"), {0xff, 0xfe, 0x00},
		}
		for i, b := range junk[:len(junk)-1] {
			c.writeRaw(websocket.MessageBinary, b)
			if i == 3 {
				c.mustCall(wire.CmdAlive, wire.Empty{}, nil) // a good frame in between resets the count
			}
		}
		c.mustCall(wire.CmdAlive, wire.Empty{}, nil)
		for range 8 {
			c.writeRaw(websocket.MessageText, junk[len(junk)-1])
		}
		if code := c.closed(); code != websocket.StatusInvalidFramePayloadData {
			t.Fatalf("close status %d", code)
		}
	})

	t.Run("an oversize frame closes with 1009", func(t *testing.T) {
		c := dial(t, srv)
		big := wire.GuestHead(srv.SDKAppID, wire.CmdAlive, 1, 0)
		b, _ := wire.EncodeFrame(&big, map[string]string{"pad": strings.Repeat("x", 5000)})
		c.ws.Write(ctx(t), websocket.MessageBinary, b)
		if code := c.closed(); code != websocket.StatusMessageTooBig {
			t.Fatalf("close status %d", code)
		}
	})

	t.Run("random bytes", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for range 5 {
			c := dial(t, srv)
			for range 7 {
				b := make([]byte, rng.IntN(300))
				for i := range b {
					b[i] = byte(rng.UintN(256))
				}
				c.writeRaw(websocket.MessageBinary, b)
			}
			c.mustCall(wire.CmdAlive, wire.Empty{}, nil)
		}
	})

	t.Run("junk REST", func(t *testing.T) {
		for _, body := range []string{"", "{", "null", "[]", `{"GroupId":{"a":1}}`, strings.Repeat("[", 10000), "\x00\x01"} {
			for _, cmd := range []string{wire.RESTCreateGroup, wire.RESTSendGroupMsg, wire.RESTForbidSendMsg, wire.RESTModifyGroupBase, wire.RESTKick} {
				if err := srv.Call(ctx(t), cmd, []byte(body), nil); err == nil {
					t.Errorf("%s accepted %q", cmd, body)
				}
			}
		}
	})

	// A clean client still does everything, and the bystander heard it.
	alice := dial(t, srv)
	alice.login("alice")
	ap := alice.poller(alice.join(room))
	if code, _ := alice.send(room, "still standing", "High"); code != 0 {
		t.Fatalf("send: %d", code)
	}
	ap.until(isText("still standing"))
	bp.until(isText("still standing"))
	bystander.mustCall(wire.CmdHello, wire.HelloReq{}, nil)
	if st := srv.Stats(); st.Panics != 0 || st.BadFrames == 0 || st.UnknownCommands == 0 {
		t.Fatalf("stats %+v", st)
	}
}

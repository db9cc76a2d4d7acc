package server_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
)

// frameKinds polls once (a spliced reply when compressed) and returns how
// the server's frames were sent: message type, whether they start with COMP,
// and their size on the wire.
func frameKinds(t *testing.T, srv *timtest.Server, c *client, room string) (types []websocket.MessageType, comp []bool, sizes []int) {
	t.Helper()
	c.mustCall(wire.CmdAlive, wire.Empty{}, nil)
	p := c.poller(c.join(room))
	srv.SendText(ctx(t), room, "", "spliced", "Normal")
	if it := p.until(isText("spliced")); it.ToGroupID != room {
		t.Fatalf("item %+v", it)
	}
	for {
		select {
		case f := <-c.raw:
			types = append(types, f.typ)
			comp = append(comp, wire.IsCompressed(f.data))
			sizes = append(sizes, len(f.data))
		case <-time.After(100 * time.Millisecond):
			return
		}
	}
}

func TestFrameEncodings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     timtest.Options
		dial     dialOpts
		typ      websocket.MessageType
		compress bool
	}{
		{"binfo compressed", timtest.Options{}, dialOpts{compress: true}, websocket.MessageBinary, true},
		{"binfo plain", timtest.Options{}, dialOpts{}, websocket.MessageBinary, false},
		{"compression disabled", timtest.Options{DisableCompression: true}, dialOpts{compress: true}, websocket.MessageBinary, false},
		{"info text", timtest.Options{}, dialOpts{path: wire.PathText, compress: true}, websocket.MessageText, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.opts)
			room := newRoom(t, srv)
			types, comp, sizes := frameKinds(t, srv, dialWith(t, srv, tc.dial), room)
			if len(types) < 3 {
				t.Fatalf("%d frames", len(types))
			}
			comps := 0
			for i := range types {
				if comp[i] {
					comps++
				}
				// Asked for compression, small frames still go plain.
				if types[i] != tc.typ || (comp[i] && !tc.compress) || (!comp[i] && tc.compress && sizes[i] >= wire.CompressMin) {
					t.Fatalf("frame %d: type %v COMP %v, %d bytes", i, types[i], comp[i], sizes[i])
				}
			}
			if tc.compress && comps == 0 {
				t.Fatal("no COMP frame, not even the spliced poll reply")
			}
		})
	}
}

func TestRepliesEchoTheRequestHead(t *testing.T) {
	srv := newServer(t, timtest.Options{})
	c := dial(t, srv)
	c.login("alice")
	for _, cmd := range []string{wire.CmdAlive, wire.CmdHello, wire.CmdBlackListGet, wire.CmdGetContactGroup, wire.CmdAuthKey,
		wire.CmdC2CPeerMute, wire.CmdJoinedGroupList, wire.CmdMillionJoinedGroups, wire.CmdTelemetry} {
		h := c.head(cmd)
		f := c.roundTrip(h, wire.Empty{})
		if f.Head.A2 != c.a2 || f.Head.Seq != h.Seq || f.Head.Servcmd != cmd || *f.Head.StatusInstID != c.instID {
			t.Fatalf("%s: head %+v", cmd, f.Head)
		}
		if code := decodeReply(t, f, nil); code != 0 {
			t.Fatalf("%s: %d", cmd, code)
		}
	}
	var gm wire.C2CGetMsgResp
	c.mustCall(wire.CmdC2CGetMsg, wire.C2CGetMsgReq{}, &gm)
	if gm.Cookie == "" || gm.SyncFlag != 2 {
		t.Fatalf("getmsg %+v", gm)
	}
	var fc wire.FetchConfigResp
	decodeReply(t, c.roundTrip(c.head(wire.CmdFetchConfig), wire.FetchConfigReq{SDKAppID: srv.SDKAppID}), &fc)
	if fc.SDKAppID != srv.SDKAppID || fc.ErrorCode != 0 {
		t.Fatalf("fetch_config %+v", fc)
	}
	var pg wire.PortraitGetResp
	c.mustCall(wire.CmdPortraitGet, wire.PortraitGetReq{FromAccount: "alice", UserItem: []wire.PortraitUser{{ToAccount: "alice"}, {ToAccount: "stranger"}}}, &pg)
	if len(pg.UserProfileItem) != 2 || pg.UserProfileItem[1].ToAccount != "stranger" || len(pg.UserProfileItem[0].ProfileItem) != 5 {
		t.Fatalf("portrait_get_all %+v", pg)
	}
	c.mustCall(wire.CmdPortraitSet, wire.PortraitSetReq{ProfileItem: []wire.ProfileItem{
		{Tag: wire.ProfileTagNick, Value: "Alice"}, {Tag: "Tag_Profile_Custom_Level", Value: 7.0},
	}}, nil)
	c.mustCall(wire.CmdPortraitGet, wire.PortraitGetReq{UserItem: []wire.PortraitUser{{ToAccount: "alice"}}}, &pg)
	items := pg.UserProfileItem[0].ProfileItem
	if items[0].Value != "Alice" || items[5].Tag != "Tag_Profile_Custom_Level" || items[5].Value != 7.0 {
		t.Fatalf("profile after set %+v", items)
	}
	if st := srv.Stats(); st.Sessions != 1 {
		t.Fatalf("the stranger's lookup must not create a session: %+v", st)
	}
}

// Pings (answered by the WebSocket library) and data frames (written by the
// server's own batches) share the socket without corrupting each other.
func TestPingsInterleaveWithPushes(t *testing.T) {
	srv := newServer(t, timtest.Options{Delivery: "push"})
	room := newRoom(t, srv)
	c := dial(t, srv)
	c.login("alice")
	c.join(room)
	done := make(chan error, 1)
	go func() {
		for i := range 200 {
			if _, err := srv.SendText(context.Background(), room, "bob", "m"+strconv.Itoa(i), "Normal"); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 20 {
		pctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		err := c.ws.Ping(pctx)
		cancel()
		if err != nil {
			t.Fatalf("ping: %v", err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	c.untilPushed(isText("m199"))
}

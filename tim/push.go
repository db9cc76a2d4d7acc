package tim

import (
	"context"
	"encoding/json"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/conn"
	"github.com/tim-go/sdk/internal/wire"
)

// onPush handles a frame that answers no request, on the reader goroutine:
// kicks, and live-room items pushed over the WebSocket (rooms whose join
// reply had no LongPollingKey). A malformed item of a push is left out and
// reported (reportBad); the others are delivered.
func (t *TIM) onPush(f *wire.Frame) {
	switch f.Head.Servcmd {
	case wire.CmdKickPush:
		var k wire.KickPush
		if err := f.DecodeBody(func(body []byte) error { return json.Unmarshal(body, &k) }); err != nil {
			t.log.Warn("bad kick push", zap.Error(err))
			return
		}
		t.onKick(k.KickType())
	case wire.CmdMsgPush, wire.CmdMultiPush:
		var p wire.MsgPush
		var bad []wire.BadItem
		err := f.DecodeBody(func(body []byte) (err error) {
			bad, err = wire.DecodeMsgPushSkipping(body, &p)
			return err
		})
		if err != nil {
			// A damaged push is never acknowledged: a new socket's
			// re-login has the server replay it (as for a damaged frame).
			t.log.Warn("bad msg push; reconnecting", zap.Error(err))
			t.conn.Reconnect()
			return
		}
		if p.NeedAck == 1 {
			ack := &conn.Request{Servcmd: wire.CmdPushAck, Body: wire.PushAckReq{SessionData: p.SessionData}}
			if onlyMessages(p.EventArray) {
				t.conn.SendDeferred(ack) // gathered: one system call for many
			} else {
				t.conn.Send(ack) // tips and notices change state: no replay after a reconnect
			}
		}
		for i := range p.EventArray {
			ev := &p.EventArray[i]
			ev.GroupMsgArray, bad = dropImplausible(ev.GroupMsgArray, bad)
			ev.GroupTips, bad = dropImplausible(ev.GroupTips, bad)
		}
		t.reportBad("", bad)
		t.onEvents(p.EventArray)
	case wire.CmdKickOther:
		t.goTracked(t.reloginQuietly)
	default:
		t.log.Debug("push ignored", zap.String("servcmd", f.Head.Servcmd))
	}
}

// onlyMessages reports whether a push carries room messages only.
func onlyMessages(events []wire.PushEvent) bool {
	for i := range events {
		ev := &events[i]
		if len(ev.GroupTips) > 0 || len(ev.C2cMsgArray) > 0 || len(ev.C2cNotifyMsgArray) > 0 {
			return false
		}
	}
	return true
}

// onEvents routes a push's EventArray: the outer Event decides.
func (t *TIM) onEvents(events []wire.PushEvent) {
	for i := range events {
		ev := &events[i]
		for _, n := range ev.C2cNotifyMsgArray {
			if n.KickoutMsgNotify != nil {
				t.onKick(n.KickoutMsgNotify.KickType)
			}
		}
		switch {
		case len(ev.GroupMsgArray) > 0:
			t.deliver(batch{items: ev.GroupMsgArray, event: ev.Event, push: true})
		case len(ev.GroupTips) > 0:
			t.deliver(batch{items: ev.GroupTips, event: ev.Event, push: true})
		case len(ev.C2cMsgArray) > 0:
			t.onC2C(ev.C2cMsgArray) // c2c.go
		}
	}
}

// reloginQuietly answers StatSvc.KickOther as tim-js-sdk does: wslogin again
// by A2 on the same socket, nothing emitted.
func (t *TIM) reloginQuietly() {
	s := t.sess.Load()
	if s == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), t.opts.requestTimeout)
	defer cancel()
	if ns, err := t.wslogin(ctx, s.userID, s.userSig, s, false); err == nil {
		t.swapSession(s, ns)
	} else if isA2Refused(err) {
		t.conn.Reconnect()
	}
}

package tim

import (
	"context"
	"encoding/json"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
)

// maxC2CSyncPages bounds one C2C sync: tim-js-sdk asks again for as long
// as the server says SyncFlag 0 or 1; the Go SDK stops after this many
// replies (the emulator pages 20 messages and keeps at most 100 per user).
const maxC2CSyncPages = 100

// maxC2CSyncItems bounds the messages taken from one openim.getmsg reply.
const maxC2CSyncItems = 1000

// maxC2CSyncEmpty bounds the replies in a row that say more follows yet
// carry no message. The sync stops there rather than sleeping (Destroy
// waits for it); the next login or reconnect resumes from the last Cookie.
const maxC2CSyncEmpty = 3

// startC2CSync runs the C2C sync off the caller's goroutine, as tim-js-sdk
// starts it on every login and reconnect; Destroy waits for it. One sync
// runs at a time: asked for while one runs (its next request may be
// waiting for the new socket), that one runs once more from the last
// Cookie when it ends, so two never page side by side.
func (t *TIM) startC2CSync() {
	if !t.recv.c2cSyncStart() {
		return
	}
	t.goTracked(func() {
		for {
			t.syncC2C(context.Background())
			if !t.recv.c2cSyncEnd() {
				return
			}
		}
	})
}

// syncC2C is tim-js-sdk's SyncUnreadMessageModule: openim.getmsg with the
// last Cookie, again with the new Cookie while SyncFlag is 0 or 1, until 2
// or an empty Cookie. Each reply's messages are delivered as they come. It
// stops when the user changes (logout, kick), a request fails or the server
// keeps saying more follows without sending any (c2cSyncAgain).
func (t *TIM) syncC2C(ctx context.Context) {
	user := t.UserID()
	if user == "" {
		return
	}
	cookie, flag, empty := t.recv.c2cCookie(), 0, 0
	for range maxC2CSyncPages {
		var resp wire.C2CSyncResp
		err := t.do(ctx, call{servcmd: wire.CmdC2CGetMsg, out: &resp, body: wire.C2CGetMsgReq{
			Cookie: cookie, SyncFlag: flag, NeedAbstract: 1, NeedSignaling: 1,
		}})
		if err != nil {
			t.log.Debug("C2C sync stopped", errField(err))
			return
		}
		if t.UserID() != user {
			return
		}
		t.onC2C(decodeC2CList(resp.MsgList, t.log))
		if len(resp.Cookie) > maxC2CCookieLen {
			t.log.Warn("C2C sync Cookie too long; sync stopped", zap.Int("len", len(resp.Cookie)))
			return
		}
		if resp.Cookie != "" {
			t.recv.setC2CCookie(resp.Cookie)
		}
		var again bool
		if empty, again = c2cSyncAgain(cookie, &resp, empty); !again {
			return
		}
		cookie, flag = resp.Cookie, resp.SyncFlag
	}
}

// c2cSyncAgain tells whether the sync asks again after resp, the reply to a
// request sent with cookie, and counts the replies in a row without a
// message (empty before resp, the count after it). tim-js-sdk asks again
// for as long as SyncFlag is 0 or 1 with a Cookie; the Go SDK stops also at
// a reply that makes no progress (no message, the same Cookie) and after
// maxC2CSyncEmpty replies in a row without a message, so that a server
// which keeps saying more follows cannot keep it asking.
func c2cSyncAgain(cookie string, resp *wire.C2CSyncResp, empty int) (int, bool) {
	if resp.Cookie == "" || (resp.SyncFlag != 0 && resp.SyncFlag != wire.SyncFlagMore) {
		return empty, false
	}
	if len(resp.MsgList) > 0 {
		return 0, true
	}
	empty++
	return empty, resp.Cookie != cookie && empty < maxC2CSyncEmpty
}

// decodeC2CList decodes a sync reply's MsgList, skipping items it cannot
// read and any past maxC2CSyncItems.
func decodeC2CList(list []json.RawMessage, log *zap.Logger) []*wire.C2CMsg {
	list = list[:min(len(list), maxC2CSyncItems)]
	out := make([]*wire.C2CMsg, 0, len(list))
	for _, raw := range list {
		m := new(wire.C2CMsg)
		if err := json.Unmarshal(raw, m); err != nil {
			log.Warn("bad C2C message in the sync", zap.Error(err))
			continue
		}
		out = append(out, m)
	}
	return out
}

// c2cCookie is the Cookie of the last sync ("" before the first).
func (r *receiver) c2cCookie() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.c2c.cookie
}

func (r *receiver) setC2CCookie(c string) {
	r.mu.Lock()
	r.c2c.cookie = c
	r.mu.Unlock()
}

// c2cSyncStart reports whether the caller should start the sync's
// goroutine: false when one runs, which is then told to run again.
func (r *receiver) c2cSyncStart() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := &r.c2c.sync
	if s.running {
		s.again = true
		return false
	}
	s.running = true
	return true
}

// c2cSyncEnd reports, as a sync ends, whether another was asked for
// meanwhile; when not, the goroutine ends and the next start begins one.
func (r *receiver) c2cSyncEnd() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := &r.c2c.sync
	s.running = s.again
	s.again = false
	return s.running
}

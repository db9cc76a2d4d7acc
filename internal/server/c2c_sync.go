package server

import (
	"encoding/json"

	"github.com/tim-go/sdk/internal/wire"
)

// handleC2CSync answers openim.getmsg, the C2C sync tim-js-sdk runs after
// each login and reconnect: the user's undelivered messages (c2c.go),
// oldest first, c2cSyncPage at a time. SyncFlag 1 makes the SDK ask again
// with the Cookie; 2 ends the sync. The Cookie is the sync point: the next
// request's confirms what this reply returned (c2cStore.syncPage), and it
// is never empty (an empty one stops the SDK's sync).
func (s *Server) handleC2CSync(q *request) (any, *apiError) {
	var req wire.C2CGetMsgReq
	if e := decodeBody(q.f.Body, &req); e != nil {
		return nil, e
	}
	now := s.nowUnix()
	items, cookie, more := s.c2c.syncPage(q.sess.userID, req.Cookie, c2cSyncPage, now)
	flag := wire.SyncFlagDone
	if more {
		flag = wire.SyncFlagMore
	}
	if items == nil {
		items = []json.RawMessage{} // tim-js-sdk reads MsgList's length
	}
	return wire.C2CSyncResp{Status: wire.OK(), Cookie: cookie, SyncFlag: flag, MsgList: items}, nil
}

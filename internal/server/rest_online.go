package server

import (
	"github.com/tim-go/sdk/internal/wire"
)

// restQueryOnlineStatus is openim/query_online_status (old name querystate;
// trtc.io/document/35477): each account's Status from the emulator's
// sessions. Online: logged in with a live socket. PushOnline: its socket
// dropped and the session waits for a re-login (Config.ReconnectGrace),
// the nearest thing a web login has to Tencent's "process gone, still
// reachable". Offline: no session. An account the emulator never saw is
// listed in ErrorList with 70107, as the page's example shows.
func (s *Server) restQueryOnlineStatus(body []byte) (any, *apiError) {
	var req wire.QueryOnlineStatusReq
	if e := decodeRESTAs(body, &req, stateCodes); e != nil {
		return nil, e
	}
	switch n := len(req.ToAccount); {
	case n == 0:
		return nil, fail(CodeStateBadJSON, "To_Account is empty")
	case n > wire.MaxQueryStateIDs:
		return nil, fail(CodeStateTooMany, "To_Account holds %d UserIDs, over %d", n, wire.MaxQueryStateIDs)
	}
	resp := wire.QueryOnlineStatusResp{Status: wire.OK(), QueryResult: []wire.OnlineState{}}
	for _, id := range req.ToAccount {
		if !s.users.exists(id) {
			resp.ErrorList = append(resp.ErrorList, wire.AccountErr{ToAccount: id, ErrorCode: CodeAccountNotFound})
			continue
		}
		st := wire.OnlineState{ToAccount: id, Status: s.onlineState(id)}
		if req.IsNeedDetail == 1 && st.Status != wire.StateOffline {
			st.Detail = []wire.PlatformStatus{{Platform: wire.StatePlatformWeb, Status: st.Status}}
		}
		resp.QueryResult = append(resp.QueryResult, st)
	}
	return resp, nil
}

// onlineState is userID's query_online_status Status.
func (s *Server) onlineState(userID string) string {
	s.sessMu.RLock()
	sess := s.byUser[userID]
	s.sessMu.RUnlock()
	switch {
	case sess == nil:
		return wire.StateOffline
	case sess.conn.Load() == nil:
		return wire.StatePushOnline
	}
	return wire.StateOnline
}

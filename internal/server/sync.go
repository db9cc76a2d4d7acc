package server

import "github.com/tim-go/sdk/internal/wire"

// The commands tim-js-sdk sends right after login. A live room needs none
// of their content, but SDK_READY waits on recentcontact.page_get (which
// must say CompleteFlag 1) and the SDK re-fetches C2C history until
// openim.getmsg returns a Cookie with SyncFlag 2.

// configExpire is the uint32_expired_time of the config replies, seconds.
const configExpire = 3600

// authKeyExpire is the ExpireTime of openim.authkey, seconds.
const authKeyExpire = 86400

func (s *Server) handlePageGet(q *request) (any, *apiError) {
	return wire.PageGetResp{Status: wire.OK(), CompleteFlag: 1, TimeStamp: s.nowUnix(), SessionItem: []any{}}, nil
}

// handleC2CGetMsg is openim.getmsg: the C2C sync (c2c_sync.go).
func (s *Server) handleC2CGetMsg(q *request) (any, *apiError) { return s.handleC2CSync(q) }

func (s *Server) handleAuthKey(q *request) (any, *apiError) {
	return wire.AuthKeyResp{Status: wire.OK(), AuthKey: randomHex(16), ExpireTime: authKeyExpire}, nil
}

// handleJoinedGroupList never lists AVChatRooms, as Tencent does not.
func handleJoinedGroupList(*Server, *request) (any, *apiError) {
	return wire.JoinedGroupListResp{Status: wire.OK(), GroupIDList: []any{}}, nil
}

// handleFetchConfig answers an empty cloud config: the SDK's defaults.
func (s *Server) handleFetchConfig(q *request) (any, *apiError) {
	return wire.FetchConfigResp{SDKAppID: s.cfg.SDKAppID, Version: 1, ExpiredTime: configExpire}, nil
}

// handlePurchaseBits answers the paid features the emulator implements
// (features.go; no join history).
func handlePurchaseBits(*Server, *request) (any, *apiError) {
	return wire.PurchaseBitsResp{PurchaseBits: purchaseBits, ExpiredTime: configExpire}, nil
}

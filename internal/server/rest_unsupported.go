package server

import (
	"github.com/tim-go/sdk/internal/wire"
)

// Group REST commands a live room refuses or ignores. Tencent checks the
// body and the group first (a missing group is 10010), then the group
// type: the pages of delete_group_member (trtc.io/document/34949), which
// names 10004 for an AVChatRoom, add_group_member (34921),
// change_group_owner (34966), import_group_msg (34968),
// import_group_member (34969) and group_msg_get_simple (34971) all say
// "AVChatRoom: No". The emulator answers every one of them with 10004.

// notInLiveRoom refuses a command an AVChatRoom does not support.
func notInLiveRoom(s *Server, body []byte) (any, *apiError) {
	var req wire.GroupIDReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	return nil, fail(CodeBadParam, "group %s is an AVChatRoom, which does not support this command", r.id)
}

// maxRecallSeqs is group_msg_recall's limit (trtc.io/document/34965).
const maxRecallSeqs = 10

// restGroupMsgRecall is group_msg_recall. Tencent supports it in live rooms
// for Web SDK 3.1.2 and later only (trtc.io/document/34965); the emulator
// speaks tim-js-sdk 2.27.6's wire, which has no recall notice for a live
// room (wire-protocol.md lists none), so after the checks it refuses with
// 10004 rather than answer OK and recall nothing.
func (s *Server) restGroupMsgRecall(body []byte) (any, *apiError) {
	var req wire.GroupMsgRecallReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if n := len(req.MsgSeqList); n == 0 || n > maxRecallSeqs {
		return nil, fail(CodeBadParam, "MsgSeqList needs 1 to %d sequences", maxRecallSeqs)
	}
	return nil, fail(CodeBadParam, "group %s: recall in an AVChatRoom needs Web SDK 3.1.2+; the emulator speaks tim-js-sdk 2.27.6, which has no live-room recall notice", r.id)
}

// restDeleteMsgBySender is delete_group_msg_by_sender: an AVChatRoom keeps
// no history, so it has no effect and returns no error
// (cloud.tencent.com/document/product/269/2359).
func (s *Server) restDeleteMsgBySender(body []byte) (any, *apiError) {
	var req wire.DeleteMsgBySenderReq
	if _, e := s.decodeRoom(body, true, &req, &req.GroupID); e != nil {
		return nil, e
	}
	if req.SenderAccount == "" {
		return nil, fail(CodeBadParam, "Sender_Account is required")
	}
	return wire.OK(), nil
}

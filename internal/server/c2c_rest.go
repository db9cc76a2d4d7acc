package server

import (
	"encoding/json"
	"hash/crc32"

	"github.com/tim-go/sdk/internal/wire"
)

// c2cSend is a validated openim/sendmsg request.
type c2cSend struct {
	from, to     string
	seqGiven     uint64 // MsgSeq as sent; 0 when absent
	random       uint32
	lifeTime     int // seconds; 0: online only
	syncToSender bool
	body         []wire.Elem
	bodyCRC      uint32
	cloudData    string
	control      []string
}

// restSendMsg is openim/sendmsg (trtc.io/document/34919): one message to
// To_Account from From_Account (the App admin when absent). Neither
// friendship nor mutes are checked, as on Tencent. The receiver's
// logged-in instance gets it pushed at once; unless MsgLifeTime is 0 it is
// also kept for the receiver's next sync (c2c.go). SyncOtherMachine 1 also
// pushes it to the sender's instance, marked IsSyncMsg. A repeat of the
// same sender, MsgSeq, MsgRandom and body within 120 s is answered as the
// first was and delivered once.
func (s *Server) restSendMsg(body []byte) (any, *apiError) {
	req, e := decodeSendMsg(body, s.cfg.Admin)
	if e != nil {
		return nil, e
	}
	switch {
	case !s.accountExists(req.to):
		return nil, fail(CodeC2CBadToAccount, "To_Account %q is not an account", req.to)
	case !s.accountExists(req.from):
		return nil, fail(CodeC2CBadFromAccount, "From_Account %q is not an account", req.from)
	}
	if e := s.checkContent(req.body, req.control); e != nil {
		return nil, e
	}
	now := s.now()
	key := c2cKey{from: req.from, to: req.to, seq: req.seqGiven, random: req.random, crc: req.bodyCRC}
	if sent, ok := s.c2c.seen(key, now); ok {
		return wire.RESTSendMsgResp{Status: wire.OK(), MsgTime: sent.msgTime, MsgKey: sent.msgKey}, nil
	}
	seq := req.seqGiven
	if seq == 0 {
		seq = uint64(randomMsgRandom()) // Tencent fills a random MsgSeq
	}
	msgTime := now.Unix()
	msg := s.c2cItem(req, seq, msgTime)
	raw, err := json.Marshal(msg)
	if err != nil {
		return nil, fail(CodeInternal, "encode the message: %v", err)
	}
	s.c2c.remember(key, c2cSent{at: now, msgTime: msgTime, msgKey: msg.MsgKey})
	s.stats.messages.Add(1)
	var stored *c2cMsg
	if req.lifeTime > 0 {
		stored = s.c2c.put(req.to, raw, msgTime+int64(req.lifeTime), msgTime)
	}
	s.pushC2C(req.to, stored, raw)
	if req.syncToSender && req.from != req.to {
		// The sender's copy names the peer as From_Account and the sender as
		// To_Account; tim-js-sdk swaps them back (IsSyncMsg 1).
		msg.FromAccount, msg.ToAccount, msg.IsSyncMsg = req.to, req.from, 1
		if cp, err := json.Marshal(msg); err == nil {
			s.pushC2C(req.from, nil, cp)
		}
	}
	return wire.RESTSendMsgResp{Status: wire.OK(), MsgTime: msgTime, MsgKey: msg.MsgKey}, nil
}

// c2cItem is the message as receivers get it, stamped with the sender's
// TinyId and profile; MsgClientTime is the send time, so that a push and a
// later sync give tim-js-sdk the same message ID.
func (s *Server) c2cItem(req *c2cSend, seq uint64, msgTime int64) *wire.C2CMsg {
	sender := s.users.get(req.from)
	s.users.mu.RLock()
	nick, avatar := sender.nick, sender.image
	s.users.mu.RUnlock()
	msg := &wire.C2CMsg{
		FromAccount: req.from, ToAccount: req.to, MsgSeq: seq, MsgRandom: req.random,
		MsgTimeStamp: msgTime, MsgClientTime: msgTime, TinyID: sender.tinyID,
		MsgKey:          wire.C2CMsgKey(seq, req.random, msgTime),
		FromAccountNick: nick, FromAccountHeadurl: avatar,
		MsgLifeTime: req.lifeTime, MsgBody: req.body, CloudCustomData: req.cloudData,
	}
	var ctl wire.C2CMsgControl
	for _, c := range req.control {
		switch c {
		case wire.SendMsgControlNoUnread:
			ctl.NoUnread = 1
		case wire.SendMsgControlNoLastMsg:
			ctl.NoLastMsg = 1
		}
	}
	if ctl != (wire.C2CMsgControl{}) {
		msg.SendMsgControl = &ctl
	}
	return msg
}

// accountExists reports whether id is an account: the App admin, or a user
// who logged in or whom the admin created over REST.
func (s *Server) accountExists(id string) bool {
	return id == s.cfg.Admin || s.users.exists(id)
}

// decodeSendMsg checks an openim/sendmsg body field by field, refusing a
// missing or wrong-typed one with the code Tencent gives it. The body is
// read as raw fields by decodeRESTAs (only a body that is not a JSON
// object fails there); each field is then checked in a fixed order, since
// nearly every one has a code of its own.
func decodeSendMsg(body []byte, admin string) (*c2cSend, *apiError) {
	var raw wire.RESTSendMsgReq
	if e := decodeRESTAs(body, &raw, c2cCodes); e != nil {
		return nil, e
	}
	req := &c2cSend{from: admin, lifeTime: wire.MaxC2CMsgLifeTime}
	switch to, present, isStr := rawString(raw.ToAccount); {
	case present && !isStr:
		return nil, fail(CodeAccountType, "To_Account must be a string")
	case to == "":
		return nil, fail(CodeC2CBadToAccount, "To_Account is required")
	default:
		req.to = to
	}
	switch from, present, isStr := rawString(raw.FromAccount); {
	case present && !isStr:
		return nil, fail(CodeAccountType, "From_Account must be a string")
	case from != "":
		req.from = from
	}

	if isAbsent(raw.MsgRandom) {
		return nil, fail(CodeC2CBadMsgRandom, "MsgRandom is required")
	}
	r, ok := rawUint(raw.MsgRandom, 1<<32-1)
	if !ok {
		return nil, fail(CodeC2CBadMsgRandom, "MsgRandom must be a 32-bit unsigned integer")
	}
	req.random = uint32(r)
	if !isAbsent(raw.MsgSeq) {
		if req.seqGiven, ok = rawUint(raw.MsgSeq, 1<<32-1); !ok {
			return nil, fail(CodeC2CBadJSON, "MsgSeq must be a 32-bit unsigned integer")
		}
	}

	if !isAbsent(raw.MsgLifeTime) {
		n, ok := rawInt(raw.MsgLifeTime)
		switch {
		case !ok:
			return nil, fail(CodeC2CBadLifeTimeType, "MsgLifeTime must be an integer")
		case n < 0 || n > wire.MaxC2CMsgLifeTime:
			return nil, fail(CodeC2CLifeTime, "MsgLifeTime %d is outside 0..%d seconds", n, wire.MaxC2CMsgLifeTime)
		}
		req.lifeTime = int(n)
	}
	if !isAbsent(raw.SyncOtherMachine) {
		n, ok := rawInt(raw.SyncOtherMachine)
		if !ok || (n != wire.SyncToSender && n != wire.NoSyncToSender) {
			return nil, fail(CodeC2CBadSyncOtherMachine, "SyncOtherMachine must be 1 or 2")
		}
		req.syncToSender = n == wire.SyncToSender
	}

	elems, e := decodeC2CBody(raw.MsgBody)
	if e != nil {
		return nil, e
	}
	req.body, req.bodyCRC = elems, crc32.ChecksumIEEE(raw.MsgBody)

	data, present, isStr := rawString(raw.CloudCustomData)
	if present && !isStr {
		return nil, fail(CodeC2CBadJSON, "CloudCustomData must be a string")
	}
	req.cloudData = data
	for _, f := range []struct {
		name string
		raw  json.RawMessage
		dst  *[]string
	}{
		{"SendMsgControl", raw.SendMsgControl, &req.control},
		{"ForbidCallbackControl", raw.ForbidCallbackControl, nil}, // no C2C webhooks in the emulator
	} {
		if isAbsent(f.raw) {
			continue
		}
		var list []string
		if json.Unmarshal(f.raw, &list) != nil {
			return nil, fail(CodeC2CBadJSON, "%s must be an array of strings", f.name)
		}
		if f.dst != nil {
			*f.dst = list
		}
	}
	if !isAbsent(raw.OfflinePushInfo) && !isObject(raw.OfflinePushInfo) {
		return nil, fail(CodeC2CBadPushInfo, "OfflinePushInfo must be an object")
	}
	for name, v := range map[string]json.RawMessage{
		"SupportMessageExtension": raw.SupportMessageExtension, "IsNeedReadReceipt": raw.IsNeedReadReceipt,
	} {
		if _, ok := rawInt(v); !isAbsent(v) && !ok {
			return nil, fail(CodeC2CBadJSON, "%s must be an integer", name)
		}
	}
	return req, nil
}

// decodeC2CBody checks MsgBody: a non-empty array of elements in Tencent's
// message format (trtc.io/document/34919 points to the TIMMsgElement page).
func decodeC2CBody(raw json.RawMessage) ([]wire.Elem, *apiError) {
	if isAbsent(raw) {
		return nil, fail(CodeC2CBadMsgBody, "MsgBody is required")
	}
	var elems []wire.Elem
	if json.Unmarshal(raw, &elems) != nil {
		return nil, fail(CodeC2CBadMsgBody, "MsgBody must be an array of {MsgType, MsgContent}")
	}
	if len(elems) == 0 {
		return nil, fail(CodeC2CBadMsgBody, "MsgBody is empty")
	}
	for i := range elems {
		el := &elems[i]
		if !isObject(el.MsgContent) {
			return nil, fail(CodeC2CBadMsgBody, "MsgBody[%d].MsgContent must be an object", i)
		}
		switch el.MsgType {
		case wire.ElemText, wire.ElemCustom, wire.ElemFace, wire.ElemLocation:
			if _, err := el.Content(); err != nil {
				return nil, fail(CodeC2CBadMsgBody, "MsgBody[%d]: %v", i, err)
			}
		case wire.ElemImage, wire.ElemSound, wire.ElemVideo, wire.ElemFile:
		default:
			return nil, fail(CodeC2CBadMsgBody, "MsgBody[%d]: unknown MsgType %q", i, el.MsgType)
		}
	}
	return elems, nil
}

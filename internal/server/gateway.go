package server

import (
	"encoding/json"
	"errors"
	"runtime/debug"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
)

// authLevel is what a command needs from the request head.
type authLevel int

const (
	authAny     authLevel = iota // any head shape (alive, telemetry, guest commands)
	authSession                  // head shape 2 with a known A2
)

// request is one client frame being handled.
type request struct {
	c    *conn
	f    *wire.RawFrame
	sess *session // set for authSession commands
}

// handlerFunc answers a request: a body to encode, noReply, or an error.
type handlerFunc func(s *Server, q *request) (any, *apiError)

type handler struct {
	auth authLevel
	fn   handlerFunc
}

// noReply is returned by handlers that answer later (a held poll) or never
// (push acks).
var noReply = new(struct{})

// handlers maps every servcmd of wire-protocol.md sections 3-4 to its handler.
var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		wire.CmdAlive:     {authAny, handleOK},
		wire.CmdTelemetry: {authAny, handleOK},
		wire.CmdPushAck:   {authAny, (*Server).handlePushAck},
		wire.CmdLogin:     {authAny, (*Server).handleLogin},
		wire.CmdLogout:    {authAny, (*Server).handleLogout},
		wire.CmdHello:     {authSession, handleOK},

		wire.CmdPortraitGet: {authSession, (*Server).handlePortraitGet},
		wire.CmdPortraitSet: {authSession, (*Server).handlePortraitSet},

		wire.CmdBlackListGet:        {authSession, handleOK},
		wire.CmdGetContactGroup:     {authSession, handleOK},
		wire.CmdC2CPeerMute:         {authSession, handleOK},
		wire.CmdMillionJoinedGroups: {authSession, handleOK},
		wire.CmdPageGet:             {authSession, (*Server).handlePageGet},
		wire.CmdAuthKey:             {authSession, (*Server).handleAuthKey},
		wire.CmdC2CGetMsg:           {authSession, (*Server).handleC2CGetMsg},
		wire.CmdJoinedGroupList:     {authSession, handleJoinedGroupList},
		wire.CmdFetchConfig:         {authSession, (*Server).handleFetchConfig},
		wire.CmdFetchPurchaseBits:   {authSession, handlePurchaseBits},

		wire.CmdApplyJoin:       {authSession, (*Server).handleJoin},
		wire.CmdApplyJoinNoAuth: {authAny, (*Server).handleGuestJoin},
		wire.CmdSelfMemberInfo:  {authSession, (*Server).handleSelfMemberInfo},
		wire.CmdSendGroupMsg:    {authSession, (*Server).handleSendGroupMsg},
		wire.CmdQuitGroup:       {authSession, (*Server).handleQuit},
		wire.CmdOnlineNum:       {authAny, (*Server).handleOnlineNum},
		wire.CmdGetMsg:          {authSession, (*Server).handleGetMsg},
		wire.CmdGetMsgNoAuth:    {authAny, (*Server).handleGuestGetMsg},

		// Counters, attributes and member administration (counter.go,
		// attribute.go, member_admin.go).
		wire.CmdUpdateGroupCounter:  {authSession, (*Server).handleUpdateGroupCounter},
		wire.CmdGetGroupCounter:     {authSession, (*Server).handleGetGroupCounter},
		wire.CmdInitGroupAttr:       {authSession, handleAttrWrite(wire.AttrOpInit)},
		wire.CmdSetGroupAttr:        {authSession, handleAttrWrite(wire.AttrOpSet)},
		wire.CmdDeleteGroupAttr:     {authSession, handleAttrWrite(wire.AttrOpDelete)},
		wire.CmdClearGroupAttr:      {authSession, handleAttrWrite(wire.AttrOpClear)},
		wire.CmdGetGroupAttr:        {authSession, (*Server).handleGetGroupAttr},
		wire.CmdModifyGroupMember:   {authSession, (*Server).handleModifyGroupMember},
		wire.CmdModifyGroupBase:     {authSession, (*Server).handleModifyGroupBase},
		wire.CmdSpecifiedMemberInfo: {authSession, (*Server).handleSpecifiedMemberInfo},
		wire.CmdGetAVMembers:        {authSession, (*Server).handleGetAVMembers},
		wire.CmdBanGroupMember:      {authSession, (*Server).handleBanGroupMember},
	}
}

var errClientCompressed = errors.New("a compressed client frame")

// okBody is the generic successful reply body.
var okBody = mustJSON(wire.OK())

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func handleOK(*Server, *request) (any, *apiError) { return okBody, nil }

// handleFrame decodes and answers one client frame. It reports false when
// the socket must close.
func (s *Server) handleFrame(c *conn, data []byte) (keep bool) {
	if wire.IsCompressed(data) {
		// Clients never compress (wire-protocol.md 1.2); inflating what a
		// client sends would only let it make the server allocate.
		return c.badFrame(errClientCompressed)
	}
	f, err := wire.DecodeRawFrame(data)
	if err != nil {
		return c.badFrame(err)
	}
	c.badFrames = 0
	if f.Head.SDKAppID != s.cfg.SDKAppID || c.badApp {
		return c.refuseApp(f, "SDKAppID is not this server's (URL or head)")
	}
	defer func() {
		if v := recover(); v != nil {
			s.stats.panics.Add(1)
			s.log.Error("handler panic", zap.String("servcmd", f.Head.Servcmd), zap.Any("panic", v), zap.ByteString("stack", debug.Stack()))
			c.replyError(f, fail(CodeInternal, "internal error"))
			keep = true
		}
	}()
	if ce := s.log.Check(zap.DebugLevel, "frame"); ce != nil {
		ce.Write(zap.Uint64("conn", c.id), zap.String("servcmd", f.Head.Servcmd), zap.Uint64("seq", f.Head.Seq))
	}
	h, ok := handlers[f.Head.Servcmd]
	if !ok {
		s.stats.unknownCommands.Add(1)
		c.replyError(f, fail(CodeUnknownCommand, "unknown servcmd %q", f.Head.Servcmd))
		return true
	}
	q := &request{c: c, f: f}
	if h.auth == authSession {
		sess, e := s.authSession(&f.Head)
		if e != nil {
			c.replyError(f, e)
			return true
		}
		q.sess = sess
	}
	reply, e := h.fn(s, q)
	switch {
	case e != nil:
		c.replyError(f, e)
	case reply == noReply:
	default:
		c.reply(f, reply)
	}
	return true
}

// decodeBody unmarshals the request body into v; an empty body leaves v zero.
func decodeBody(body []byte, v any) *apiError {
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fail(CodeBadJSON, "bad body: %v", err)
	}
	return nil
}

// reply answers f with body: encoded bytes, or a value to marshal.
func (c *conn) reply(f *wire.RawFrame, body any) {
	var b []byte
	switch v := body.(type) {
	case []byte:
		b = v
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			c.replyError(f, fail(CodeInternal, "encode reply: %v", err))
			return
		}
	}
	p, buf := getBuf()
	buf = wire.AppendFrameOpen(buf, f.RawHead)
	buf = append(buf, b...)
	buf = wire.AppendFrameClose(buf)
	c.sendPlain(p, buf)
}

// replyError answers f with Tencent's error triple (and KickType for 1002).
func (c *conn) replyError(f *wire.RawFrame, e *apiError) {
	c.srv.stats.errorReplies.Add(1)
	if e.kickType != 0 {
		c.reply(f, wire.KickResp{Status: wire.Fail(e.code, e.info), KickType: e.kickType,
			NewInstInfo: &wire.InstInfo{InstType: wire.PlatformWeb}})
		return
	}
	c.reply(f, wire.Fail(e.code, e.info))
}

// pushFrame sends a server push with its own short head.
func (c *conn) pushFrame(servcmd string, body any) bool {
	b, err := json.Marshal(body)
	if err != nil {
		return false
	}
	p, buf := getBuf()
	buf = wire.AppendPushHead(buf, servcmd, c.srv.pushSeq.Add(1), c.srv.now().Unix())
	buf = append(buf, b...)
	buf = wire.AppendFrameClose(buf)
	return c.sendPlain(p, buf)
}

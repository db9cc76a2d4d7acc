package server

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/usersig"
)

// restHandler answers one REST command from its JSON body.
type restHandler func(s *Server, body []byte) (any, *apiError)

// restHandlers are the REST commands the emulator implements.
var restHandlers = map[string]restHandler{
	wire.RESTCreateGroup:        (*Server).restCreateGroup,
	wire.RESTDestroyGroup:       (*Server).restDestroyGroup,
	wire.RESTSendGroupMsg:       (*Server).restSendGroupMsg,
	wire.RESTSendSystemNotice:   (*Server).restSystemNotice,
	wire.RESTModifyGroupBase:    (*Server).restModifyGroupBase,
	wire.RESTModifyGroupMember:  (*Server).restModifyGroupMember,
	wire.RESTModifyAdmin:        (*Server).restModifyAdmin,
	wire.RESTGetAdminList:       (*Server).restGetAdminList,
	wire.RESTForbidSendMsg:      (*Server).restForbidSendMsg,
	wire.RESTGetGroupInfo:       (*Server).restGetGroupInfo,
	wire.RESTGetOnlineMemberNum: (*Server).restOnlineNum,

	wire.RESTKick:               (*Server).restKick,
	wire.RESTAccountImport:      (*Server).restAccountImport,
	wire.RESTMultiAccountImport: (*Server).restMultiAccountImport,
	wire.RESTPortraitSet:        (*Server).restPortraitSet,
	wire.RESTPortraitGet:        (*Server).restPortraitGet,
	wire.RESTSetNoSpeaking:      (*Server).restSetNoSpeaking,
	wire.RESTGetNoSpeaking:      (*Server).restGetNoSpeaking,
	wire.RESTQueryOnlineStatus:  (*Server).restQueryOnlineStatus,
	wire.RESTQueryState:         (*Server).restQueryOnlineStatus,
	wire.RESTSendMsg:            (*Server).restSendMsg, // c2c_rest.go

	wire.RESTBanGroupMember:     (*Server).restBanMember,
	wire.RESTUnbanGroupMember:   (*Server).restUnbanMember,
	wire.RESTGetGroupBanMember:  (*Server).restGetBanned,
	wire.RESTGetGroupMutedAcct:  (*Server).restGetMuted,
	wire.RESTGetGroupShuttedUin: (*Server).restGetShutted,

	wire.RESTUpdateGroupCounter: (*Server).restUpdateGroupCounter,
	wire.RESTGetGroupCounter:    (*Server).restGetGroupCounter,
	wire.RESTInitGroupAttr:      restAttrWrite(wire.AttrOpInit),
	wire.RESTSetGroupAttr:       restAttrWrite(wire.AttrOpSet),
	wire.RESTDeleteGroupAttr:    restAttrWrite(wire.AttrOpDelete),
	wire.RESTClearGroupAttr:     restAttrWrite(wire.AttrOpClear),
	wire.RESTGetGroupAttr:       (*Server).restGetGroupAttr,
	wire.RESTGetAVMembers:       (*Server).restGetAVMembers,

	// Commands an AVChatRoom does not support (rest_unsupported.go).
	wire.RESTDeleteGroupMember: notInLiveRoom,
	wire.RESTAddGroupMember:    notInLiveRoom,
	wire.RESTChangeGroupOwner:  notInLiveRoom,
	wire.RESTImportGroupMsg:    notInLiveRoom,
	wire.RESTImportGroupMember: notInLiveRoom,
	wire.RESTGroupMsgGetSimple: notInLiveRoom,
	wire.RESTGroupMsgRecall:    (*Server).restGroupMsgRecall,
	wire.RESTDeleteMsgBySender: (*Server).restDeleteMsgBySender,
}

// serveREST answers a REST call. As Tencent does, every answer that gets
// this far is HTTP 200 with ActionStatus/ErrorCode/ErrorInfo in the body.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	s.stats.restCalls.Add(1)
	command := strings.TrimPrefix(r.URL.Path, wire.RESTPathPrefix)
	resp, e := s.rest(r, command)
	if e != nil {
		s.stats.restErrors.Add(1)
		s.log.Debug("REST error", zap.String("command", command), zap.Int("code", e.code), zap.String("info", e.info))
		writeJSON(w, wire.Fail(e.code, e.info))
		return
	}
	writeJSON(w, resp)
}

func (s *Server) rest(r *http.Request, command string) (any, *apiError) {
	if r.Method != http.MethodPost {
		return nil, fail(CodeBadURL, "REST calls are POST")
	}
	q := r.URL.Query()
	switch appID := q.Get(wire.RESTQuerySDKAppID); {
	case appID == "":
		return nil, fail(CodeNoSDKAppID, "the URL has no sdkappid")
	case appID != strconv.FormatUint(s.cfg.SDKAppID, 10):
		return nil, fail(CodeBadSDKAppID, "sdkappid %s is not this app", appID)
	}
	id := q.Get(wire.RESTQueryIdentifier)
	info, err := usersig.Verify(q.Get(wire.RESTQueryUserSig), s.cfg.SDKAppID, s.cfg.SecretKey, id, s.now())
	if err != nil {
		return nil, fail(usersig.Code(err), "admin UserSig: %v", err)
	}
	if e := s.sigRevoked(id, info.Time.Unix()); e != nil {
		return nil, e
	}
	if id != s.cfg.Admin {
		return nil, fail(CodeNotAdmin, "%q is not the App admin", id)
	}
	h, ok := restHandlers[command]
	if !ok {
		return nil, fail(CodeUnknownCommand, "unknown REST command %q", command)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxRESTBody+1))
	if err != nil {
		return nil, fail(CodeBadURL, "reading the body: %v", err)
	}
	if int64(len(body)) > s.cfg.MaxRESTBody {
		return nil, fail(CodeBodyTooLarge, "body over %d bytes", s.cfg.MaxRESTBody)
	}
	return h(s, body)
}

// restKick is im_open_login_svc/kick (trtc.io/document/34957): the user's
// session ends (KickType 3) and every UserSig issued before the kick stops
// logging in (see revokeSigs). An account the emulator never saw gets
// 70107, as on Tencent.
func (s *Server) restKick(body []byte) (any, *apiError) {
	var req wire.KickReq
	if e := decodeRESTAs(body, &req, loginCodes); e != nil {
		return nil, e
	}
	user, e := loginUserID(req.UserID, req.Identifier)
	switch {
	case e != nil:
		return nil, e
	case !s.users.exists(user):
		return nil, fail(CodeAccountNotFound, "account %q does not exist", user)
	}
	s.KickUser(user)
	return wire.OK(), nil
}

func (s *Server) restPortraitSet(body []byte) (any, *apiError) {
	var req wire.RESTPortraitSetReq
	if e := decodeRESTAs(body, &req, profileCodes); e != nil {
		return nil, e
	}
	switch {
	case req.FromAccount == "":
		return nil, fail(CodeProfileBadParam, "From_Account is required")
	case len(req.ProfileItem) == 0:
		return nil, fail(CodeProfileBadParam, "ProfileItem is required")
	}
	if e := s.users.setProfile(req.FromAccount, req.ProfileItem); e != nil {
		return nil, e
	}
	return wire.OK(), nil
}

package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/usersig"
)

// restPrefix starts Tencent's REST paths: /v4/<service>/<command>.
const restPrefix = "/v4/"

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
	wire.RESTForbidSendMsg:      (*Server).restForbidSendMsg,
	wire.RESTDeleteGroupMember:  (*Server).restDeleteGroupMember,
	wire.RESTGetGroupInfo:       (*Server).restGetGroupInfo,
	wire.RESTGetOnlineMemberNum: (*Server).restOnlineNum,
	wire.RESTKick:               (*Server).restKick,
	wire.RESTPortraitSet:        (*Server).restPortraitSet,
	wire.RESTSendMsg:            (*Server).restSendMsg, // c2c_rest.go

	wire.RESTBanGroupMember:     (*Server).restBanMember,
	wire.RESTUnbanGroupMember:   (*Server).restUnbanMember,
	wire.RESTGetGroupBanMember:  (*Server).restGetBanned,
	wire.RESTGetGroupMutedAcct:  (*Server).restGetMuted,
	wire.RESTGetGroupShuttedUin: (*Server).restGetMuted,

	wire.RESTUpdateGroupCounter: (*Server).restUpdateGroupCounter,
	wire.RESTGetGroupCounter:    (*Server).restGetGroupCounter,
	wire.RESTInitGroupAttr:      restAttrWrite(wire.AttrOpInit),
	wire.RESTSetGroupAttr:       restAttrWrite(wire.AttrOpSet),
	wire.RESTDeleteGroupAttr:    restAttrWrite(wire.AttrOpDelete),
	wire.RESTClearGroupAttr:     restAttrWrite(wire.AttrOpClear),
	wire.RESTGetGroupAttr:       (*Server).restGetGroupAttr,
	wire.RESTGetAVMembers:       (*Server).restGetAVMembers,
}

// serveREST answers a REST call. As Tencent does, every answer that gets
// this far is HTTP 200 with ActionStatus/ErrorCode/ErrorInfo in the body.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	s.stats.restCalls.Add(1)
	command := strings.TrimPrefix(r.URL.Path, restPrefix)
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
	switch appID := q.Get("sdkappid"); {
	case appID == "":
		return nil, fail(CodeNoSDKAppID, "the URL has no sdkappid")
	case appID != strconv.FormatUint(s.cfg.SDKAppID, 10):
		return nil, fail(CodeBadSDKAppID, "sdkappid %s is not this app", appID)
	}
	id := q.Get("identifier")
	if _, err := usersig.Verify(q.Get("usersig"), s.cfg.SDKAppID, s.cfg.SecretKey, id, s.now()); err != nil {
		return nil, fail(usersig.Code(err), "admin UserSig: %v", err)
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

// decodeREST unmarshals a REST body; unlike a frame body, it must be present.
func decodeREST(body []byte, v any) *apiError {
	if err := json.Unmarshal(body, v); err != nil {
		return fail(CodeBadJSON, "bad JSON body: %v", err)
	}
	return nil
}

func (s *Server) restKick(body []byte) (any, *apiError) {
	var req wire.KickReq
	if e := decodeREST(body, &req); e != nil {
		return nil, e
	}
	user, e := eitherName(strPtr(req.UserID), strPtr(req.Identifier), "UserID", "Identifier", CodeKickBadParam)
	switch {
	case e != nil:
		return nil, e
	case user == nil:
		return nil, fail(CodeKickBadParam, "UserID is required")
	}
	s.KickUser(*user)
	return wire.OK(), nil
}

func (s *Server) restPortraitSet(body []byte) (any, *apiError) {
	var req wire.RESTPortraitSetReq
	if e := decodeREST(body, &req); e != nil {
		return nil, e
	}
	if req.FromAccount == "" {
		return nil, fail(CodeBadParam, "From_Account is required")
	}
	if e := s.users.setProfile(req.FromAccount, req.ProfileItem); e != nil {
		return nil, e
	}
	return wire.OK(), nil
}

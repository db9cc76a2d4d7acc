package server

import (
	"slices"

	"github.com/tim-go/sdk/internal/wire"
)

// restPortraitGet is profile/portrait_get (trtc.io/document/34917): for
// each of up to 100 accounts, the profile items TagList names (standard
// tags always, a custom tag when the user has it set), with ResultCode 0;
// an account that does not exist gets ResultCode 40003 and no items.
func (s *Server) restPortraitGet(body []byte) (any, *apiError) {
	var req wire.RESTPortraitGetReq
	if e := decodeRESTAs(body, &req, profileCodes); e != nil {
		return nil, e
	}
	switch n := len(req.ToAccount); {
	case n == 0 || n > wire.MaxPortraitGetIDs:
		return nil, fail(CodeProfileBadParam, "To_Account needs 1 to %d UserIDs", wire.MaxPortraitGetIDs)
	case len(req.TagList) == 0:
		return nil, fail(CodeProfileBadParam, "TagList is required")
	case slices.Contains(req.ToAccount, ""):
		return nil, fail(CodeProfileBadParam, "an empty UserID in To_Account")
	}
	resp := wire.RESTPortraitGetResp{Status: wire.OK(), UserProfileItem: make([]wire.UserProfile, 0, len(req.ToAccount))}
	for _, id := range req.ToAccount {
		up := wire.UserProfile{ToAccount: id, ProfileItem: []wire.ProfileItem{}}
		if !s.users.exists(id) {
			up.ResultCode, up.ResultInfo = CodeProfileNoAccount, "account does not exist"
			resp.UserProfileItem = append(resp.UserProfileItem, up)
			continue
		}
		for _, it := range s.users.profile(id) {
			if slices.Contains(req.TagList, it.Tag) {
				up.ProfileItem = append(up.ProfileItem, it)
			}
		}
		resp.UserProfileItem = append(resp.UserProfileItem, up)
	}
	return resp, nil
}

package server

import (
	"slices"

	"github.com/tim-go/sdk/internal/wire"
)

// Live-room admins over REST. Tencent keeps an admin across leaving and
// rejoining, allows an account that is not in the room, and caps a room at
// wire.MaxLiveRoomAdmins (cloud.tencent.com/document/product/269/102857);
// an admin may mute members and still speaks while the room is muted. The
// members see tip 4 (set) or 5 (cancelled) listing the accounts, as they
// do for tim-js-sdk's setGroupMemberRole in other groups.

// restModifyAdmin is group_open_avchatroom_http_svc/modify_admin.
func (s *Server) restModifyAdmin(body []byte) (any, *apiError) {
	var req wire.ModifyAdminReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	users := slices.Compact(slices.Sorted(slices.Values(req.AdminAccount)))
	switch {
	case req.CommandType != wire.AdminSet && req.CommandType != wire.AdminCancel:
		return nil, fail(CodeBadParam, "CommandType must be %d (set) or %d (cancel)", wire.AdminSet, wire.AdminCancel)
	case len(users) == 0 || len(users) > wire.MaxLiveRoomAdmins:
		return nil, fail(CodeBadParam, "Admin_Account needs 1 to %d accounts", wire.MaxLiveRoomAdmins)
	case slices.Contains(users, ""):
		return nil, fail(CodeBadParam, "an empty account in Admin_Account")
	}
	return okAfter(r.publish(func() (*wire.Item, *apiError) {
		role := wire.RoleMember
		if req.CommandType == wire.AdminSet {
			role = wire.RoleAdmin
			n := 0
			for u, x := range r.roles {
				if x == wire.RoleAdmin && !slices.Contains(users, u) {
					n++
				}
			}
			if n+len(users) > wire.MaxLiveRoomAdmins {
				return nil, fail(CodeBadParam, "group %s would have over %d admins", r.id, wire.MaxLiveRoomAdmins)
			}
		}
		return r.setRoleLocked(s.cfg.Admin, users, role)
	}))
}

// restGetAdminList is group_open_avchatroom_http_svc/get_admin_list, by
// account ID.
func (s *Server) restGetAdminList(body []byte) (any, *apiError) {
	var req wire.GroupIDReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	r.mu.Lock()
	var ids []string
	for u, role := range r.roles {
		if role == wire.RoleAdmin {
			ids = append(ids, u)
		}
	}
	r.mu.Unlock()
	slices.Sort(ids)
	resp := wire.GetAdminListResp{Status: wire.OK(), AdminList: make([]wire.LiveRoomAdmin, len(ids))}
	for i, x := range s.users.extras(ids) {
		resp.AdminList[i] = wire.LiveRoomAdmin{AdminAccount: x.UserAccount, NickName: x.NickName, Avatar: x.ImageURL}
	}
	return resp, nil
}

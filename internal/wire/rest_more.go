package wire

// More REST bodies (Tencent names) used by the emulator and its helpers.

// GetGroupInfoReq is REST get_group_info.
type GetGroupInfoReq struct {
	GroupIDList    []string        `json:"GroupIdList"`
	ResponseFilter *ResponseFilter `json:"ResponseFilter,omitempty"`
}

// GetGroupInfoResp lists one GroupInfo per requested group (a per-group
// ErrorCode marks a missing one).
type GetGroupInfoResp struct {
	Status
	GroupInfo []GroupInfo `json:"GroupInfo"`
}

// REST get_online_member_num reuses [GroupIDReq] and [OnlineNumResp];
// destroy_group reuses [GroupIDReq].

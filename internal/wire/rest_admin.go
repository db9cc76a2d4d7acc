package wire

// Live-room administrators (group_open_avchatroom_http_svc): an AVChatRoom
// stores no member profiles, so modify_group_member_info does not apply to
// it (cloud.tencent.com/document/product/269/1623, "AVChatRoom: 不支持");
// admins are set with modify_admin and listed with get_admin_list.
const (
	RESTModifyAdmin  = "group_open_avchatroom_http_svc/modify_admin"
	RESTGetAdminList = "group_open_avchatroom_http_svc/get_admin_list"
)

// modify_admin CommandType values (cloud.tencent.com/document/product/269/102857).
const (
	AdminSet    = 1 // make the accounts admins
	AdminCancel = 2 // make them members again
)

// MaxLiveRoomAdmins is how many admins a live room may have (269/102857).
const MaxLiveRoomAdmins = 5

// ModifyAdminReq is modify_admin (cloud.tencent.com/document/product/269/102857):
// every field is required.
type ModifyAdminReq struct {
	GroupID      string   `json:"GroupId"`
	CommandType  int      `json:"CommandType"`
	AdminAccount []string `json:"Admin_Account"`
}

// GetAdminListResp is get_admin_list's reply (cloud.tencent.com/document/product/269/102858);
// the request is a GroupIDReq.
type GetAdminListResp struct {
	Status
	AdminList []LiveRoomAdmin `json:"Admin_List"`
}

// LiveRoomAdmin is one entry of Admin_List.
type LiveRoomAdmin struct {
	AdminAccount string `json:"Admin_Account"`
	Avatar       string `json:"Avatar"`
	NickName     string `json:"NickName"`
}

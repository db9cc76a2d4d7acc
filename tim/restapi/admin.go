package restapi

import (
	"context"

	"github.com/tim-go/sdk/internal/wire"
)

// Live-room admins. An AVChatRoom stores no member profiles, so
// modify_group_member_info does not apply to it
// (cloud.tencent.com/document/product/269/1623); its admins, at most five,
// are set by the backend with modify_admin, kept when they leave and
// rejoin, may mute members and still speak while the room is muted
// (cloud.tencent.com/document/product/269/102857).

// modify_admin CommandType values (cloud.tencent.com/document/product/269/102857).
const (
	AdminSet    = wire.AdminSet    // 1: make the accounts admins
	AdminCancel = wire.AdminCancel // 2: make them ordinary members again
)

// ModifyAdminRequest is group_open_avchatroom_http_svc/modify_admin
// (cloud.tencent.com/document/product/269/102857): every field required.
type ModifyAdminRequest struct {
	GroupID      string   `json:"GroupId"`
	CommandType  int      `json:"CommandType"`
	AdminAccount []string `json:"Admin_Account"`
}

// ModifyAdmin sets or cancels live-room admins.
func (c *Client) ModifyAdmin(ctx context.Context, req ModifyAdminRequest) error {
	return c.Call(ctx, CmdModifyAdmin, req, nil)
}

// LiveRoomAdmin is one entry of get_admin_list's Admin_List
// (cloud.tencent.com/document/product/269/102858).
type LiveRoomAdmin struct {
	AdminAccount string `json:"Admin_Account"`
	Avatar       string `json:"Avatar"`
	NickName     string `json:"NickName"`
}

// GetAdminList lists a live room's admins
// (group_open_avchatroom_http_svc/get_admin_list, 269/102858).
func (c *Client) GetAdminList(ctx context.Context, groupID string) ([]LiveRoomAdmin, error) {
	var resp struct {
		AdminList []LiveRoomAdmin `json:"Admin_List"`
	}
	if err := c.Call(ctx, CmdGetAdminList, groupIDRequest{GroupID: groupID}, &resp); err != nil {
		return nil, err
	}
	return resp.AdminList, nil
}

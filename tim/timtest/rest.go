package timtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/tim-go/sdk/internal/wire"
)

// CreateRoom creates an AVChatRoom owned by the admin and returns its ID
// (generated, "@TGS#a…", when groupID is empty).
func (c *RESTClient) CreateRoom(ctx context.Context, groupID, name string) (string, error) {
	var resp wire.CreateGroupResp
	err := c.Call(ctx, wire.RESTCreateGroup, wire.CreateGroupReq{
		OwnerAccount: c.admin, Type: wire.AVChatRoomType, GroupID: groupID, Name: name,
	}, &resp)
	return resp.GroupID, err
}

// DestroyRoom dismisses the room (members get system notice 5).
func (c *RESTClient) DestroyRoom(ctx context.Context, groupID string) error {
	return c.Call(ctx, wire.RESTDestroyGroup, wire.GroupIDReq{GroupID: groupID}, nil)
}

// SendText sends a text message as from (the admin when empty) with a
// priority ("High", "Normal", "Low", "Lowest"; empty is Normal) and returns
// its room sequence.
func (c *RESTClient) SendText(ctx context.Context, groupID, from, text, priority string) (uint64, error) {
	return c.send(ctx, groupID, from, priority, wire.TextElem(text))
}

// SendCustom sends a custom message (Data, Desc, Ext) like SendText.
func (c *RESTClient) SendCustom(ctx context.Context, groupID, from, data, desc, ext, priority string) (uint64, error) {
	return c.send(ctx, groupID, from, priority, wire.CustomElem(data, desc, ext))
}

func (c *RESTClient) send(ctx context.Context, groupID, from, priority string, elem wire.Elem) (uint64, error) {
	req := wire.RESTSendGroupMsgReq{GroupID: groupID, FromAccount: from, Random: rand.Uint32(), MsgBody: []wire.Elem{elem}}
	if priority != "" {
		p, ok := wire.NamedPriority(priority)
		if !ok {
			return 0, fmt.Errorf("timtest: unknown priority %q", priority)
		}
		req.MsgPriority = p
	}
	var resp wire.SendGroupMsgResp
	err := c.Call(ctx, wire.RESTSendGroupMsg, req, &resp)
	return resp.MsgSeq, err
}

// SystemNotice sends group system notice 255 with content as its
// userDefinedField.
func (c *RESTClient) SystemNotice(ctx context.Context, groupID, content string) error {
	return c.Call(ctx, wire.RESTSendSystemNotice, wire.SystemNoticeReq{GroupID: groupID, Content: content}, nil)
}

// Mute mutes userID in the room for seconds (0 unmutes); members get tip 7.
func (c *RESTClient) Mute(ctx context.Context, groupID, userID string, seconds int64) error {
	return c.Call(ctx, wire.RESTForbidSendMsg, wire.ForbidSendMsgReq{
		GroupID: groupID, MembersAccount: []string{userID}, MuteTime: &seconds,
	}, nil)
}

// SetRole makes userID an "Admin" (tip 4) or a "Member" again (tip 5)
// with modify_admin, the live-room admin command.
func (c *RESTClient) SetRole(ctx context.Context, groupID, userID, role string) error {
	cmd := wire.AdminSet
	if role != wire.RoleAdmin {
		cmd = wire.AdminCancel
	}
	return c.Call(ctx, wire.RESTModifyAdmin, wire.ModifyAdminReq{
		GroupID: groupID, CommandType: cmd, AdminAccount: []string{userID},
	}, nil)
}

// RemoveMember takes userID out of the room (tip 3).
func (c *RESTClient) RemoveMember(ctx context.Context, groupID, userID string) error {
	return c.Call(ctx, wire.RESTDeleteGroupMember, wire.DeleteGroupMemberReq{
		GroupID: groupID, MemberToDelAccount: []string{userID},
	}, nil)
}

// Kick logs userID out of every instance (KickType 3, REST_API_Kick).
func (c *RESTClient) Kick(ctx context.Context, userID string) error {
	return c.Call(ctx, wire.RESTKick, wire.KickReq{UserID: userID}, nil)
}

// SetProfile sets a user's nick and avatar, which their later messages and
// tips carry.
func (c *RESTClient) SetProfile(ctx context.Context, userID, nick, avatar string) error {
	return c.Call(ctx, wire.RESTPortraitSet, wire.RESTPortraitSetReq{FromAccount: userID, ProfileItem: []wire.ProfileItem{
		{Tag: wire.ProfileTagNick, Value: nick}, {Tag: wire.ProfileTagImage, Value: avatar},
	}}, nil)
}

// RoomChange lists the room fields ModifyRoom changes; nil fields stay.
type RoomChange struct {
	Name         *string           // the room name
	Introduction *string           // the introduction
	Notification *string           // the notice board
	FaceURL      *string           // the room avatar
	MuteAll      *bool             // MuteAllMember On/Off
	CustomFields map[string]string // AppDefinedData; "" deletes a key
}

// Ptr returns a pointer to v, for RoomChange fields.
func Ptr[T any](v T) *T { return &v }

// ModifyRoom changes the room's profile; members get tip 6 listing the change.
func (c *RESTClient) ModifyRoom(ctx context.Context, groupID string, change RoomChange) error {
	req := wire.ModifyGroupBaseReq{
		GroupID: groupID, Name: change.Name, Introduction: change.Introduction,
		Notification: change.Notification, FaceURL: change.FaceURL,
	}
	if change.MuteAll != nil {
		v := wire.SwitchOff
		if *change.MuteAll {
			v = wire.SwitchOn
		}
		req.MuteAllMember = &v
	}
	keys := make([]string, 0, len(change.CustomFields))
	for k := range change.CustomFields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		req.AppDefinedData = append(req.AppDefinedData, wire.KeyValue{Key: k, Value: change.CustomFields[k]})
	}
	return c.Call(ctx, wire.RESTModifyGroupBase, req, nil)
}

// OnlineCount returns the room's online members (logged-in and guests).
func (c *RESTClient) OnlineCount(ctx context.Context, groupID string) (int, error) {
	var resp wire.OnlineNumResp
	err := c.Call(ctx, wire.RESTGetOnlineMemberNum, wire.GroupIDReq{GroupID: groupID}, &resp)
	return resp.OnlineMemberNum, err
}

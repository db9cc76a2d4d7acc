package restapi

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/tim-go/sdk/types"
)

// The live-room helpers: one call each for what a live room's backend
// does most, over the typed commands. They are what tim/timtest's
// emulator embeds (srv.CreateRoom, srv.Mute …).

// CreateRoom creates an AVChatRoom owned by the admin and returns its ID
// (generated, "@TGS#a…", when groupID is empty).
func (c *Client) CreateRoom(ctx context.Context, groupID, name string) (string, error) {
	resp, err := c.CreateGroup(ctx, CreateGroupRequest{OwnerAccount: c.admin, Type: AVChatRoom, GroupID: groupID, Name: name})
	if err != nil {
		return "", err
	}
	return resp.GroupID, nil
}

// DestroyRoom dismisses the room (members get system notice 5).
func (c *Client) DestroyRoom(ctx context.Context, groupID string) error {
	return c.DestroyGroup(ctx, groupID)
}

// SendText sends a text message as from (the admin when empty) with a
// priority ("High", "Normal", "Low", "Lowest"; empty is Normal) and returns
// its room sequence (0 when the room's rate limit dropped it).
func (c *Client) SendText(ctx context.Context, groupID, from, text, priority string) (uint64, error) {
	return c.sendRoom(ctx, SendGroupMsgRequest{GroupID: groupID, FromAccount: from, MsgBody: []MsgElement{TextElem(text)}}, priority)
}

// SendCustom sends a custom message (Data, Desc, Ext) like SendText: a
// gift, a like, a command.
func (c *Client) SendCustom(ctx context.Context, groupID, from, data, desc, ext, priority string) (uint64, error) {
	return c.sendRoom(ctx, SendGroupMsgRequest{GroupID: groupID, FromAccount: from, MsgBody: []MsgElement{CustomElem(data, desc, ext)}}, priority)
}

// SendTextAs is SendText with REST's send controls: noReview skips the
// before-send webhook (ForbidBeforeSendMsgCallback), noCheck skips the
// sensitive words (NoMsgCheck).
func (c *Client) SendTextAs(ctx context.Context, groupID, from, text, priority string, noReview, noCheck bool) (uint64, error) {
	req := SendGroupMsgRequest{GroupID: groupID, FromAccount: from, MsgBody: []MsgElement{TextElem(text)}}
	if noReview {
		req.ForbidCallbackControl = []string{ForbidBeforeSendMsgCallback}
	}
	if noCheck {
		req.SendMsgControl = []string{NoMsgCheck}
	}
	return c.sendRoom(ctx, req, priority)
}

func (c *Client) sendRoom(ctx context.Context, req SendGroupMsgRequest, priority string) (uint64, error) {
	if priority != "" {
		if p := types.Priority(priority); !p.Valid() {
			return 0, fmt.Errorf("restapi: unknown priority %q (High, Normal, Low or Lowest)", priority)
		}
		req.MsgPriority = types.Priority(priority)
	}
	resp, err := c.SendGroupMsg(ctx, req)
	if err != nil {
		return 0, err
	}
	return resp.MsgSeq, nil
}

// SystemNotice sends group system notice 255 with content as its
// userDefinedField, to every member.
func (c *Client) SystemNotice(ctx context.Context, groupID, content string) error {
	return c.SendGroupSystemNotification(ctx, SendGroupSystemNotificationRequest{GroupID: groupID, Content: content})
}

// muteSeconds checks a mute time against what Tencent takes (0 to
// MuteForever seconds).
func muteSeconds(seconds int64) (uint32, error) {
	if seconds < 0 || seconds > MuteForever {
		return 0, fmt.Errorf("restapi: mute time %d s is outside 0…%d", seconds, int64(MuteForever))
	}
	return uint32(seconds), nil
}

// Mute mutes userID in the room for seconds (0 unmutes, MuteForever for
// good) with forbid_send_msg; members get tip 7.
func (c *Client) Mute(ctx context.Context, groupID, userID string, seconds int64) error {
	t, err := muteSeconds(seconds)
	if err != nil {
		return err
	}
	return c.ForbidSendMsg(ctx, ForbidSendMsgRequest{GroupID: groupID, MembersAccount: []string{userID}, MuteTime: t})
}

// SetRole makes userID a live-room admin (role RoleAdmin; members see tip
// 4) or an ordinary member again (any other role; tip 5), with
// modify_admin: a live room has no modify_group_member_info.
func (c *Client) SetRole(ctx context.Context, groupID, userID, role string) error {
	cmd := AdminSet
	if role != RoleAdmin {
		cmd = AdminCancel
	}
	return c.ModifyAdmin(ctx, ModifyAdminRequest{GroupID: groupID, CommandType: cmd, AdminAccount: []string{userID}})
}

// RemoveMember takes userID out of a group (delete_group_member). Tencent
// refuses it on an AVChatRoom (10004): ban instead.
func (c *Client) RemoveMember(ctx context.Context, groupID, userID string) error {
	return c.DeleteGroupMember(ctx, DeleteGroupMemberRequest{GroupID: groupID, MemberToDelAccount: []string{userID}})
}

// SetProfile sets a user's nick and avatar, which their later messages and
// tips carry.
func (c *Client) SetProfile(ctx context.Context, userID, nick, avatar string) error {
	return c.PortraitSet(ctx, PortraitSetRequest{FromAccount: userID, ProfileItem: []ProfileItem{
		{Tag: TagNick, Value: nick}, {Tag: TagImage, Value: avatar},
	}})
}

// RoomChange lists the room fields ModifyRoom changes; nil fields stay.
// new(value) makes the pointers: RoomChange{Name: new("Live")}.
type RoomChange struct {
	Name         *string           // the room name
	Introduction *string           // the introduction
	Notification *string           // the notice board
	FaceURL      *string           // the room avatar
	MuteAll      *bool             // MuteAllMember On/Off
	CustomFields map[string]string // AppDefinedData; "" deletes a key
}

// ModifyRoom changes the room's profile; members get tip 6 listing the change.
func (c *Client) ModifyRoom(ctx context.Context, groupID string, change RoomChange) error {
	req := ModifyGroupBaseInfoRequest{
		GroupID: groupID, Name: change.Name, Introduction: change.Introduction,
		Notification: change.Notification, FaceURL: change.FaceURL,
	}
	if change.MuteAll != nil {
		v := Off
		if *change.MuteAll {
			v = On
		}
		req.MuteAllMember = &v
	}
	for _, k := range slices.Sorted(maps.Keys(change.CustomFields)) {
		req.AppDefinedData = append(req.AppDefinedData, KeyValue{Key: k, Value: change.CustomFields[k]})
	}
	return c.ModifyGroupBaseInfo(ctx, req)
}

// SetMuteAll turns the room's MuteAllMember on or off: while on, members
// other than the owner and admins get 10017 when they send.
func (c *Client) SetMuteAll(ctx context.Context, groupID string, on bool) error {
	return c.ModifyRoom(ctx, groupID, RoomChange{MuteAll: &on})
}

// OnlineCount returns the room's online members (logged-in and guests).
func (c *Client) OnlineCount(ctx context.Context, groupID string) (int, error) {
	return c.GetOnlineMemberNum(ctx, groupID)
}

// OnlineMembers lists the logged-in users in a room, latest joins first
// (get_members, every page; guests are not members). The cursor is the
// server's: an empty page or a cursor seen before ends the list, and more
// than maxPages pages is an error.
func (c *Client) OnlineMembers(ctx context.Context, groupID string) ([]string, error) {
	var out []string
	seen := map[int64]bool{0: true}
	for cursor, page := int64(0), 0; ; page++ {
		if page == maxPages {
			return nil, fmt.Errorf("restapi: %s: more than %d pages", CmdGetMembers, maxPages)
		}
		resp, err := c.GetMembers(ctx, GetMembersRequest{GroupID: groupID, Timestamp: cursor})
		if err != nil {
			return nil, err
		}
		for _, m := range resp.MemberList {
			out = append(out, m.MemberAccount)
		}
		if len(resp.MemberList) == 0 || seen[resp.NextTimestamp] {
			return out, nil
		}
		cursor = resp.NextTimestamp
		seen[cursor] = true
	}
}

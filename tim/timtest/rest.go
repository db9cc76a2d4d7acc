package timtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/tim-go/sdk/internal/wire"
)

// Error is a REST call that the server answered with a Tencent error code.
type Error struct {
	Command string // e.g. "group_open_http_svc/forbid_send_msg"
	Code    int    // Tencent's ErrorCode, e.g. 10010
	Info    string // ErrorInfo
}

// Error formats the command, the code and the info.
func (e *Error) Error() string { return fmt.Sprintf("timtest: %s: %d %s", e.Command, e.Code, e.Info) }

// Call sends one REST command as the App admin, the way Tencent's REST API
// is called: POST {RESTURL}/v4/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json.
// req is marshalled to JSON (a []byte or json.RawMessage is sent as is);
// the reply is unmarshalled into resp when resp is not nil. A reply with a
// non-zero ErrorCode returns an *Error.
func (s *Server) Call(ctx context.Context, command string, req, resp any) error {
	var body []byte
	switch v := req.(type) {
	case []byte:
		body = v
	case json.RawMessage:
		body = v
	default:
		var err error
		if body, err = json.Marshal(req); err != nil {
			return fmt.Errorf("timtest: %s: %w", command, err)
		}
	}
	q := url.Values{
		"sdkappid":    {strconv.FormatUint(s.SDKAppID, 10)},
		"identifier":  {s.Admin},
		"usersig":     {s.adminUserSig()},
		"random":      {strconv.FormatUint(uint64(rand.Uint32()), 10)},
		"contenttype": {"json"},
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, s.RESTURL+"/v4/"+command+"?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("timtest: %s: %w", command, err)
	}
	hr.Header.Set("Content-Type", "application/json")
	res, err := s.client.Do(hr)
	if err != nil {
		return fmt.Errorf("timtest: %s: %w", command, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return fmt.Errorf("timtest: %s: %w", command, err)
	}
	var st wire.Status
	if err := json.Unmarshal(raw, &st); err != nil {
		return fmt.Errorf("timtest: %s: HTTP %d, reply is not JSON: %q", command, res.StatusCode, raw)
	}
	if st.ErrorCode != 0 {
		return &Error{Command: command, Code: st.ErrorCode, Info: st.ErrorInfo}
	}
	if resp != nil {
		if err := json.Unmarshal(raw, resp); err != nil {
			return fmt.Errorf("timtest: %s: %w", command, err)
		}
	}
	return nil
}

// CreateRoom creates an AVChatRoom owned by the admin and returns its ID
// (generated, "@TGS#a…", when groupID is empty).
func (s *Server) CreateRoom(ctx context.Context, groupID, name string) (string, error) {
	var resp wire.CreateGroupResp
	err := s.Call(ctx, wire.RESTCreateGroup, wire.CreateGroupReq{
		OwnerAccount: s.Admin, Type: wire.AVChatRoomType, GroupID: groupID, Name: name,
	}, &resp)
	return resp.GroupID, err
}

// DestroyRoom dismisses the room (members get system notice 5).
func (s *Server) DestroyRoom(ctx context.Context, groupID string) error {
	return s.Call(ctx, wire.RESTDestroyGroup, wire.GroupIDReq{GroupID: groupID}, nil)
}

// SendText sends a text message as from (the admin when empty) with a
// priority ("High", "Normal", "Low", "Lowest"; empty is Normal) and returns
// its room sequence.
func (s *Server) SendText(ctx context.Context, groupID, from, text, priority string) (uint64, error) {
	return s.send(ctx, groupID, from, priority, wire.TextElem(text))
}

// SendCustom sends a custom message (Data, Desc, Ext) like SendText.
func (s *Server) SendCustom(ctx context.Context, groupID, from, data, desc, ext, priority string) (uint64, error) {
	return s.send(ctx, groupID, from, priority, wire.CustomElem(data, desc, ext))
}

func (s *Server) send(ctx context.Context, groupID, from, priority string, elem wire.Elem) (uint64, error) {
	req := wire.RESTSendGroupMsgReq{GroupID: groupID, FromAccount: from, Random: rand.Uint32(), MsgBody: []wire.Elem{elem}}
	if priority != "" {
		p, ok := wire.NamedPriority(priority)
		if !ok {
			return 0, fmt.Errorf("timtest: unknown priority %q", priority)
		}
		req.MsgPriority = p
	}
	var resp wire.SendGroupMsgResp
	err := s.Call(ctx, wire.RESTSendGroupMsg, req, &resp)
	return resp.MsgSeq, err
}

// SystemNotice sends group system notice 255 with content as its
// userDefinedField.
func (s *Server) SystemNotice(ctx context.Context, groupID, content string) error {
	return s.Call(ctx, wire.RESTSendSystemNotice, wire.SystemNoticeReq{GroupID: groupID, Content: content}, nil)
}

// Mute mutes userID in the room for seconds (0 unmutes); members get tip 7.
func (s *Server) Mute(ctx context.Context, groupID, userID string, seconds int64) error {
	return s.Call(ctx, wire.RESTForbidSendMsg, wire.ForbidSendMsgReq{
		GroupID: groupID, MembersAccount: []string{userID}, ShutUpTime: seconds,
	}, nil)
}

// SetRole makes userID an "Admin" (tip 4) or a "Member" again (tip 5).
func (s *Server) SetRole(ctx context.Context, groupID, userID, role string) error {
	return s.Call(ctx, wire.RESTModifyGroupMember, wire.ModifyGroupMemberReq{
		GroupID: groupID, MemberAccount: userID, Role: &role,
	}, nil)
}

// RemoveMember takes userID out of the room (tip 3).
func (s *Server) RemoveMember(ctx context.Context, groupID, userID string) error {
	return s.Call(ctx, wire.RESTDeleteGroupMember, wire.DeleteGroupMemberReq{
		GroupID: groupID, MemberToDelAccount: []string{userID},
	}, nil)
}

// Kick logs userID out of every instance (KickType 3, REST_API_Kick).
func (s *Server) Kick(ctx context.Context, userID string) error {
	return s.Call(ctx, wire.RESTKick, wire.KickReq{Identifier: userID}, nil)
}

// SetProfile sets a user's nick and avatar, which their later messages and
// tips carry.
func (s *Server) SetProfile(ctx context.Context, userID, nick, avatar string) error {
	return s.Call(ctx, wire.RESTPortraitSet, wire.RESTPortraitSetReq{FromAccount: userID, ProfileItem: []wire.ProfileItem{
		{Tag: wire.ProfileTagNick, Value: nick}, {Tag: wire.ProfileTagImage, Value: avatar},
	}}, nil)
}

// RoomChange lists the room fields ModifyRoom changes; nil fields stay.
type RoomChange struct {
	Name         *string           // the room name
	Introduction *string           // the introduction
	Notification *string           // the notice board
	FaceURL      *string           // the room avatar
	MuteAll      *bool             // ShutUpAllMember On/Off
	CustomFields map[string]string // AppDefinedData; "" deletes a key
}

// Ptr returns a pointer to v, for RoomChange fields.
func Ptr[T any](v T) *T { return &v }

// ModifyRoom changes the room's profile; members get tip 6 listing the change.
func (s *Server) ModifyRoom(ctx context.Context, groupID string, change RoomChange) error {
	req := wire.ModifyGroupBaseReq{
		GroupID: groupID, Name: change.Name, Introduction: change.Introduction,
		Notification: change.Notification, FaceURL: change.FaceURL,
	}
	if change.MuteAll != nil {
		v := wire.SwitchOff
		if *change.MuteAll {
			v = wire.SwitchOn
		}
		req.ShutUpAllMember = &v
	}
	keys := make([]string, 0, len(change.CustomFields))
	for k := range change.CustomFields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		req.AppDefinedData = append(req.AppDefinedData, wire.KeyValue{Key: k, Value: change.CustomFields[k]})
	}
	return s.Call(ctx, wire.RESTModifyGroupBase, req, nil)
}

// OnlineCount returns the room's online members (logged-in and guests).
func (s *Server) OnlineCount(ctx context.Context, groupID string) (int, error) {
	var resp wire.OnlineNumResp
	err := s.Call(ctx, wire.RESTGetOnlineMemberNum, wire.GroupIDReq{GroupID: groupID}, &resp)
	return resp.OnlineMemberNum, err
}

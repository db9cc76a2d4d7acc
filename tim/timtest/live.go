package timtest

import (
	"context"
	"fmt"

	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// The live-room rules: the room budget (Options.RoomMessageRate), bans,
// mutes and the mute-all switch.

// RoomStats is one room's budget: messages delivered and dropped by
// priority name, messages waiting, and the recent windows that delivered
// any (the same as GET {RESTURL}/debug/stats?GroupId=).
type RoomStats = server.RoomStats

// RoomStats returns the budget counters of a room; false if there is no
// such room.
func (s *Server) RoomStats(groupID string) (RoomStats, bool) { return s.srv.RoomStats(groupID) }

// Dropped returns how many messages of each priority the room's budget
// dropped (none of a priority: absent). A dropped message's sender got
// success without a sequence; members never saw it.
func (s *Server) Dropped(groupID string) map[types.Priority]int64 {
	st, _ := s.srv.RoomStats(groupID)
	return byPriority(st.Dropped)
}

// Delivered returns how many messages of each priority the room delivered.
func (s *Server) Delivered(groupID string) map[types.Priority]int64 {
	st, _ := s.srv.RoomStats(groupID)
	return byPriority(st.Delivered)
}

func byPriority(m map[string]uint64) map[types.Priority]int64 {
	out := make(map[types.Priority]int64)
	for name, n := range m {
		if n > 0 {
			out[types.Priority(name)] = int64(n)
		}
	}
	return out
}

// Ban bans users from the room for seconds (ban_group_member): they are
// taken out (system notice 21 on their own socket), the room gets tip 10,
// and they cannot rejoin (10007) until the ban ends.
func (c *RESTClient) Ban(ctx context.Context, groupID string, seconds int64, reason string, userIDs ...string) error {
	return c.Call(ctx, wire.RESTBanGroupMember, wire.BanGroupMemberReq{
		GroupID: groupID, MembersAccount: userIDs, Duration: seconds, Description: reason,
	}, nil)
}

// Unban lifts bans (unban_group_member); the room gets tip 11.
func (c *RESTClient) Unban(ctx context.Context, groupID string, userIDs ...string) error {
	return c.Call(ctx, wire.RESTUnbanGroupMember, wire.UnbanGroupMemberReq{GroupID: groupID, MembersAccount: userIDs}, nil)
}

// Banned returns the users banned now, with the end of each ban (Unix
// seconds), from get_group_ban_member.
func (c *RESTClient) Banned(ctx context.Context, groupID string) (map[string]int64, error) {
	out := make(map[string]int64)
	for offset := 0; ; {
		var resp wire.GetGroupBanMemberResp
		if err := c.Call(ctx, wire.RESTGetGroupBanMember, wire.GetGroupBanMemberReq{GroupID: groupID, Offset: offset}, &resp); err != nil {
			return nil, err
		}
		for _, b := range resp.BannedAccountList {
			out[b.MemberAccount] = b.BannedUntil
		}
		if resp.NextOffset <= offset {
			return out, nil
		}
		offset = resp.NextOffset
	}
}

// MutedAccounts returns the users muted now, with the end of each mute
// (Unix seconds), from get_group_muted_account.
func (c *RESTClient) MutedAccounts(ctx context.Context, groupID string) (map[string]int64, error) {
	var resp wire.GetGroupMutedAccountResp
	if err := c.Call(ctx, wire.RESTGetGroupMutedAcct, wire.GroupIDReq{GroupID: groupID}, &resp); err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(resp.MutedAccountList))
	for _, m := range resp.MutedAccountList {
		out[m.MemberAccount] = m.MutedUntil
	}
	return out, nil
}

// SetMuteAll turns the room's ShutUpAllMember on or off: while on, members
// other than the owner and admins get 10017 when they send.
func (c *RESTClient) SetMuteAll(ctx context.Context, groupID string, on bool) error {
	return c.ModifyRoom(ctx, groupID, RoomChange{MuteAll: &on})
}

// SendTextAs is SendText with REST's send controls: noReview skips the
// before-send webhook (ForbidBeforeSendMsgCallback), noCheck skips the
// sensitive words (NoMsgCheck).
func (c *RESTClient) SendTextAs(ctx context.Context, groupID, from, text, priority string, noReview, noCheck bool) (uint64, error) {
	req := wire.RESTSendGroupMsgReq{GroupID: groupID, FromAccount: from, MsgBody: []wire.Elem{wire.TextElem(text)}}
	if priority != "" {
		p, ok := wire.NamedPriority(priority)
		if !ok {
			return 0, fmt.Errorf("timtest: unknown priority %q", priority)
		}
		req.MsgPriority = p
	}
	if noReview {
		req.ForbidCallbackControl = []string{wire.ForbidBeforeSendMsgCallback}
	}
	if noCheck {
		req.SendMsgControl = []string{wire.SendMsgControlNoMsgCheck}
	}
	var resp wire.SendGroupMsgResp
	err := c.Call(ctx, wire.RESTSendGroupMsg, req, &resp)
	return resp.MsgSeq, err
}

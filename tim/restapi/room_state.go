package restapi

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
)

// The live-room helpers of bans, mutes, counters and attributes.

// Ban bans users from the room for seconds (ban_group_member): they are
// taken out (system notice 21 on their own socket), the room gets tip 10,
// and they cannot rejoin (10007) until the ban ends.
func (c *Client) Ban(ctx context.Context, groupID string, seconds int64, reason string, userIDs ...string) error {
	if seconds <= 0 || seconds > MuteForever {
		return fmt.Errorf("restapi: ban duration %d s is outside 1…%d", seconds, int64(MuteForever))
	}
	return c.BanGroupMember(ctx, BanGroupMemberRequest{GroupID: groupID, MembersAccount: userIDs, Duration: uint32(seconds), Description: reason})
}

// Unban lifts bans (unban_group_member); the room gets tip 11.
func (c *Client) Unban(ctx context.Context, groupID string, userIDs ...string) error {
	return c.UnbanGroupMember(ctx, UnbanGroupMemberRequest{GroupID: groupID, MembersAccount: userIDs})
}

// banPage is the page size Banned asks for, Tencent's largest.
const banPage = 100

// maxPages bounds the pages a listing helper (Banned, OnlineMembers)
// reads: the page cursors come from the server, and a server that never
// ends its list must not keep the loop going (10,000 pages are a million
// bans; get_members lists at most 1,000 members).
const maxPages = 10000

// Banned returns the users banned now, with the end of each ban (Unix
// seconds), from every page of get_group_ban_member. An empty page or an
// offset that does not advance ends the list; more than maxPages pages is
// an error.
func (c *Client) Banned(ctx context.Context, groupID string) (map[string]int64, error) {
	out := make(map[string]int64)
	for offset, page := 0, 0; ; page++ {
		if page == maxPages {
			return nil, fmt.Errorf("restapi: %s: more than %d pages", CmdGetGroupBanMember, maxPages)
		}
		resp, err := c.GetGroupBanMember(ctx, GetGroupBanMemberRequest{GroupID: groupID, Limit: banPage, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, b := range resp.BannedAccountList {
			out[b.MemberAccount] = b.BannedUntil
		}
		if len(resp.BannedAccountList) == 0 || resp.NextOffset <= offset {
			return out, nil
		}
		offset = resp.NextOffset
	}
}

// MutedAccounts returns the users muted now, with the end of each mute
// (Unix seconds), from get_group_muted_account.
func (c *Client) MutedAccounts(ctx context.Context, groupID string) (map[string]int64, error) {
	resp, err := c.GetGroupMutedAccount(ctx, groupID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(resp.MutedAccountList))
	for _, m := range resp.MutedAccountList {
		out[m.MemberAccount] = m.MutedUntil
	}
	return out, nil
}

// SetCounters sets group counters of a room (update_group_counter, Mode
// Set); every member gets GROUP_COUNTER_UPDATED per key. A room holds at
// most 20 counters.
func (c *Client) SetCounters(ctx context.Context, groupID string, counters map[string]int64) error {
	req := UpdateGroupCounterRequest{GroupID: groupID, Mode: CounterSet}
	for _, k := range slices.Sorted(maps.Keys(counters)) {
		req.GroupCounter = append(req.GroupCounter, Counter{Key: k, Value: counters[k]})
	}
	_, err := c.UpdateGroupCounter(ctx, req)
	return err
}

// IncreaseCounter adds delta (negative to subtract) to a counter, a
// missing one counting from 0, and returns its new value. It is not
// retried: a second try would count twice.
func (c *Client) IncreaseCounter(ctx context.Context, groupID, key string, delta int64) (int64, error) {
	mode := CounterIncrease
	if delta < 0 && delta != math.MinInt64 {
		mode, delta = CounterDecrease, -delta
	}
	resp, err := c.UpdateGroupCounter(ctx, UpdateGroupCounterRequest{GroupID: groupID, Mode: mode, GroupCounter: []Counter{{Key: key, Value: delta}}})
	if err != nil {
		return 0, err
	}
	for _, ct := range resp.GroupCounter {
		if ct.Key == key {
			return ct.Value, nil
		}
	}
	return 0, fmt.Errorf("restapi: %s: the reply lacks counter %q", CmdUpdateGroupCounter, key)
}

// Counters returns every counter of a room (get_group_counter).
func (c *Client) Counters(ctx context.Context, groupID string) (map[string]int64, error) {
	resp, err := c.GetGroupCounter(ctx, GetGroupCounterRequest{GroupID: groupID})
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(resp.GroupCounter))
	for _, ct := range resp.GroupCounter {
		out[ct.Key] = ct.Value
	}
	return out, nil
}

// SetAttributes sets group attributes of a room (modify_group_attr),
// keeping the others; members get GROUP_ATTRIBUTES_UPDATED. Limits: 16
// keys of up to 32 bytes, 4 KB per value, 16 KB in all.
func (c *Client) SetAttributes(ctx context.Context, groupID string, attrs map[string]string) error {
	req := GroupAttrRequest{GroupID: groupID}
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		req.GroupAttr = append(req.GroupAttr, GroupAttr{Key: k, Value: attrs[k]})
	}
	return c.ModifyGroupAttr(ctx, req)
}

// Attributes returns every attribute of a room (get_group_attr).
func (c *Client) Attributes(ctx context.Context, groupID string) (map[string]string, error) {
	attrs, err := c.GetGroupAttr(ctx, groupID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(attrs))
	for _, a := range attrs {
		out[a.Key] = a.Value
	}
	return out, nil
}

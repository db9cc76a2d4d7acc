package timtest

import (
	"context"
	"maps"
	"slices"

	"github.com/tim-go/sdk/internal/wire"
)

// SetCounters sets group counters of a room over REST (update_group_counter,
// Mode Set); every member gets GROUP_COUNTER_UPDATED per key. A room holds
// at most 20 counters.
func (c *RESTClient) SetCounters(ctx context.Context, groupID string, counters map[string]int64) error {
	req := wire.UpdateGroupCounterReq{GroupID: groupID, Mode: wire.CounterModeSet}
	for _, k := range slices.Sorted(maps.Keys(counters)) {
		req.GroupCounter = append(req.GroupCounter, wire.Counter{Key: k, Value: counters[k]})
	}
	return c.Call(ctx, wire.RESTUpdateGroupCounter, req, nil)
}

// IncreaseCounter adds delta (negative to subtract) to a counter, a missing
// one counting from 0, and returns its new value.
func (c *RESTClient) IncreaseCounter(ctx context.Context, groupID, key string, delta int64) (int64, error) {
	var resp wire.UpdateGroupCounterResp
	err := c.Call(ctx, wire.RESTUpdateGroupCounter, wire.UpdateGroupCounterReq{
		GroupID: groupID, Mode: wire.CounterModeIncrease, GroupCounter: []wire.Counter{{Key: key, Value: delta}},
	}, &resp)
	if err != nil || len(resp.GroupCounter) == 0 {
		return 0, err
	}
	return resp.GroupCounter[0].Value, nil
}

// Counters returns every counter of a room (get_group_counter).
func (c *RESTClient) Counters(ctx context.Context, groupID string) (map[string]int64, error) {
	var resp wire.GetGroupCounterResp
	if err := c.Call(ctx, wire.RESTGetGroupCounter, wire.GetGroupCounterReq{GroupID: groupID}, &resp); err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(resp.GroupCounter))
	for _, c := range resp.GroupCounter {
		out[c.Key] = c.Value
	}
	return out, nil
}

// SetAttributes sets group attributes of a room over REST
// (modify_group_attr); members get GROUP_ATTRIBUTES_UPDATED. Limits: 16
// keys of up to 32 bytes, 4 KB per value, 16 KB in all.
func (c *RESTClient) SetAttributes(ctx context.Context, groupID string, attrs map[string]string) error {
	req := wire.GroupAttrReq{GroupID: groupID}
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		req.GroupAttr = append(req.GroupAttr, wire.GroupAttr{Key: k, Value: attrs[k]})
	}
	return c.Call(ctx, wire.RESTSetGroupAttr, req, nil)
}

// Attributes returns every attribute of a room (get_group_attr).
func (c *RESTClient) Attributes(ctx context.Context, groupID string) (map[string]string, error) {
	var resp wire.GetGroupAttrResp
	if err := c.Call(ctx, wire.RESTGetGroupAttr, wire.GetGroupAttrReq{GroupID: groupID}, &resp); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(resp.GroupAttrAry))
	for _, a := range resp.GroupAttrAry {
		out[a.Key] = a.Value
	}
	return out, nil
}

// OnlineMembers lists the logged-in users in a room, latest joins first
// (get_members, every page; guests are not members).
func (c *RESTClient) OnlineMembers(ctx context.Context, groupID string) ([]string, error) {
	var out []string
	for cursor := int64(0); ; {
		var resp wire.AVMembersResp
		if err := c.Call(ctx, wire.RESTGetAVMembers, wire.AVMembersReq{GroupID: groupID, Timestamp: cursor}, &resp); err != nil {
			return nil, err
		}
		for _, m := range resp.MemberList {
			out = append(out, m.MemberAccount)
		}
		if resp.NextTimestamp == 0 {
			return out, nil
		}
		cursor = resp.NextTimestamp
	}
}

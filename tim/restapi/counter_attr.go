package restapi

import "context"

// Counter is one group counter (trtc.io/document/53428): at most 20 per
// room, keys up to 128 bytes, int64 values.
type Counter struct {
	Key   string `json:"Key"`
	Value int64  `json:"Value"`
}

// UpdateGroupCounterRequest is group_open_http_svc/update_group_counter
// (trtc.io/document/53428): Mode is CounterSet, CounterIncrease or
// CounterDecrease. Members get GROUP_COUNTER_UPDATED per key. Not retried:
// Increase and Decrease would count twice.
type UpdateGroupCounterRequest struct {
	GroupID      string    `json:"GroupId"`
	GroupCounter []Counter `json:"GroupCounter"`
	Mode         string    `json:"Mode"`
}

// GroupCounters are counters with their values after a change or a read
// (trtc.io/document/53428, 53427).
type GroupCounters struct {
	GroupCounter []Counter `json:"GroupCounter"`
}

// UpdateGroupCounter changes counters and returns their new values.
func (c *Client) UpdateGroupCounter(ctx context.Context, req UpdateGroupCounterRequest) (*GroupCounters, error) {
	return call[GroupCounters](ctx, c, CmdUpdateGroupCounter, req)
}

// GetGroupCounterRequest is group_open_http_svc/get_group_counter
// (trtc.io/document/53427); no keys reads every counter.
type GetGroupCounterRequest struct {
	GroupID          string   `json:"GroupId"`
	GroupCounterKeys []string `json:"GroupCounterKeys,omitempty"`
}

// GetGroupCounter reads counters.
func (c *Client) GetGroupCounter(ctx context.Context, req GetGroupCounterRequest) (*GroupCounters, error) {
	return call[GroupCounters](ctx, c, CmdGetGroupCounter, req)
}

// GroupAttr is one group attribute (tencentcloud.com/document/product/1047/44188):
// the REST API spells its keys in lower case. At most 16 keys of up to 32 bytes,
// 4 KB per value, 16 KB in all.
type GroupAttr struct {
	Key   string `json:"key"`
	Value string `json:"value,omitempty"`
}

// GroupAttrRequest is the body of group_open_http_svc/set_group_attr
// (replace all), modify_group_attr (set some) and delete_group_attr (keys
// only) (tencentcloud.com/document/product/1047/44190, 44188, 59499).
type GroupAttrRequest struct {
	GroupID   string      `json:"GroupId"`
	GroupAttr []GroupAttr `json:"GroupAttr"`
}

// SetGroupAttr replaces every attribute of a live room; members get
// GROUP_ATTRIBUTES_UPDATED.
func (c *Client) SetGroupAttr(ctx context.Context, req GroupAttrRequest) error {
	return c.Call(ctx, CmdSetGroupAttr, req, nil)
}

// ModifyGroupAttr sets some attributes, keeping the others.
func (c *Client) ModifyGroupAttr(ctx context.Context, req GroupAttrRequest) error {
	return c.Call(ctx, CmdModifyGroupAttr, req, nil)
}

// DeleteGroupAttr deletes the attributes named by key.
func (c *Client) DeleteGroupAttr(ctx context.Context, req GroupAttrRequest) error {
	return c.Call(ctx, CmdDeleteGroupAttr, req, nil)
}

// ClearGroupAttr deletes every attribute (group_open_http_svc/clear_group_attr,
// tencentcloud.com/document/product/1047/44189).
func (c *Client) ClearGroupAttr(ctx context.Context, groupID string) error {
	return c.Call(ctx, CmdClearGroupAttr, groupIDRequest{GroupID: groupID}, nil)
}

// GetGroupAttr reads every attribute
// (group_open_attr_http_svc/get_group_attr, tencentcloud.com/document/product/1047/44187).
func (c *Client) GetGroupAttr(ctx context.Context, groupID string) ([]GroupAttr, error) {
	var resp struct {
		GroupAttrAry []GroupAttr `json:"GroupAttrAry"`
	}
	if err := c.Call(ctx, CmdGetGroupAttr, groupIDRequest{GroupID: groupID}, &resp); err != nil {
		return nil, err
	}
	return resp.GroupAttrAry, nil
}

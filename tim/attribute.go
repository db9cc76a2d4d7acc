package tim

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// GroupAttributesUpdated (GROUP_ATTRIBUTES_UPDATED): the attributes of a
// joined live room changed, by the user's own call or another member's.
var GroupAttributesUpdated = Event[group.AttributesUpdate]{types.EventGroupAttributesUpdated}

// attrExpire is how long GetGroupAttributes answers from the cache
// (tim-js-sdk's grp_attr_cache_time default).
const attrExpire = 30 * time.Second

// attrGet is tim-js-sdk's internal operation number of a full read.
const attrGet = 5

// attrCache is a room's attributes as tim-js-sdk keeps them: local is the
// main sequence the cache reflects, remote the latest the client heard of;
// a write sends remote, and the server refuses it (10056) when someone
// wrote since.
type attrCache struct {
	mu      sync.Mutex
	values  map[string]attrItem
	local   uint64
	remote  uint64
	updated time.Time // zero: never read
}

type attrItem struct {
	key, value string
	seq        uint64
}

// forgetLocal makes the next notice re-read the attributes (after a
// reconnect, notices may have been missed).
func (c *attrCache) forgetLocal() {
	c.mu.Lock()
	c.local = 0
	c.mu.Unlock()
}

// refreshLocked applies a change of main sequence seq: a full read (op 5)
// or the next sequence is applied, anything else only raises remote.
func (c *attrCache) refreshLocked(seq uint64, items []attrItem, op int, now time.Time) {
	if op != attrGet && seq != c.local+1 {
		if seq != c.local {
			c.remote = seq
		}
		return
	}
	c.local, c.remote, c.updated = seq, seq, now
	if c.values == nil || op == wire.AttrOpInit || op == wire.AttrOpClear || op == attrGet {
		// tim-js-sdk keeps keys a full read no longer lists; a read
		// replaces them here.
		c.values = make(map[string]attrItem, len(items))
	}
	for _, it := range items {
		if op == wire.AttrOpDelete {
			delete(c.values, it.key)
		} else if op != wire.AttrOpClear {
			c.values[it.key] = it
		}
	}
}

// change runs fn under the lock and returns what it changed, with the
// attributes after it.
func (c *attrCache) change(fn func()) (after map[string]string, updated, deleted []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	before := c.snapshotLocked()
	fn()
	after = c.snapshotLocked()
	for k, v := range after {
		if old, ok := before[k]; !ok || old != v {
			updated = append(updated, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			deleted = append(deleted, k)
		}
	}
	slices.Sort(updated)
	slices.Sort(deleted)
	return after, updated, deleted
}

func (c *attrCache) snapshotLocked() map[string]string {
	out := make(map[string]string, len(c.values))
	for k, it := range c.values {
		out[k] = it.value
	}
	return out
}

// emitAttrs emits GROUP_ATTRIBUTES_UPDATED when something changed.
func (t *TIM) emitAttrs(groupID string, after map[string]string, updated, deleted []string) {
	if len(updated)+len(deleted) == 0 {
		return
	}
	if updated == nil {
		updated = []string{}
	}
	if deleted == nil {
		deleted = []string{}
	}
	t.em.emit(types.EventGroupAttributesUpdated, group.AttributesUpdate{
		GroupID: groupID, GroupAttributes: after, UpdatedKeyList: updated, DeletedKeyList: deleted,
	})
}

// onAttrNotice applies an attribute notice (an Event 6 tip whose
// MsgGroupNewInfo has GroupAttrOption): the next sequence with its values
// is applied at once; a gap makes the client read everything again, off
// the reader goroutine.
func (t *TIM) onAttrNotice(r *room, o *wire.GroupAttrOption) {
	if o.OpType == 0 {
		return
	}
	c := &r.attrs
	c.mu.Lock()
	local := c.local
	c.mu.Unlock()
	switch {
	case o.GroupAttrSeq == local:
		return // the user's own write, already applied from its reply
	case o.PushChangedAttrValFlag == 1 && o.GroupAttrSeq == local+1:
		items := make([]attrItem, len(o.GroupAttrInfo))
		for i, a := range o.GroupAttrInfo {
			items[i] = attrItem{key: a.Key, value: a.Val, seq: a.SubKeySeq}
		}
		after, up, del := c.change(func() { c.refreshLocked(o.GroupAttrSeq, items, o.OpType, time.Now()) })
		t.emitAttrs(r.id, after, up, del)
	default:
		t.goTracked(func() {
			if err := t.readAttrs(context.Background(), r.id, r.avKey, c, true); err != nil {
				t.log.Warn("re-reading group attributes failed", zap.String("groupID", r.id), errField(err))
			}
		})
	}
}

// readAttrs reads every attribute into c (get_group_attr), emitting the
// changes when emit is set.
func (t *TIM) readAttrs(ctx context.Context, groupID, avKey string, c *attrCache, emit bool) error {
	req := wire.GetGroupAttrReq{GroupID: groupID, Key: avKey}
	if req.Key != "" {
		req.GroupType = 1
	}
	var resp wire.GetGroupAttrResp
	if err := t.doLimited(ctx, call{servcmd: wire.CmdGetGroupAttr, body: req, out: &resp}); err != nil {
		return err
	}
	items := make([]attrItem, len(resp.GroupAttrAry))
	for i, a := range resp.GroupAttrAry {
		items[i] = attrItem{key: a.Key, value: a.Value, seq: a.Seq}
	}
	after, up, del := c.change(func() { c.refreshLocked(resp.AttrMainSeq, items, attrGet, time.Now()) })
	if emit {
		t.emitAttrs(groupID, after, up, del)
	}
	return nil
}

// attrCacheOf is a joined room's cache and AVChatRoomKey, or a throwaway
// cache and no key.
func (t *TIM) attrCacheOf(groupID string) (c *attrCache, avKey string, joined bool) {
	if r := t.room(groupID); r != nil {
		return &r.attrs, r.avKey, true
	}
	return new(attrCache), "", false
}

// InitGroupAttributes replaces all attributes of a live room the user has
// joined (set_group_attr) and returns attrs. Limits (the server's, 10004):
// 16 keys of up to 32 bytes, values up to 4 KB, 16 KB in all. When someone
// else wrote since the user last read, the server refuses with 10056: read
// them (GetGroupAttributes) and try again. At most 10 calls per 5 s leave
// the client (2996), as for each other attribute write.
func (t *TIM) InitGroupAttributes(ctx context.Context, groupID string, attrs map[string]string) (map[string]string, error) {
	return t.writeAttrs(ctx, groupID, attrs, wire.CmdInitGroupAttr, wire.AttrOpInit)
}

// SetGroupAttributes sets some attributes (modify_group_attr) and returns
// them, as InitGroupAttributes.
func (t *TIM) SetGroupAttributes(ctx context.Context, groupID string, attrs map[string]string) (map[string]string, error) {
	return t.writeAttrs(ctx, groupID, attrs, wire.CmdSetGroupAttr, wire.AttrOpSet)
}

func (t *TIM) writeAttrs(ctx context.Context, groupID string, attrs map[string]string, servcmd string, op int) (map[string]string, error) {
	if err := t.checkReady(attrAPI(op)); err != nil {
		return nil, err
	}
	switch {
	case groupID == "":
		return nil, invalid("groupID is empty")
	case attrs == nil:
		return nil, invalid("groupAttributes is nil")
	}
	c, key, joined := t.attrCacheOf(groupID)
	c.mu.Lock()
	remote := c.remote
	list := make([]wire.GroupAttr, 0, len(attrs))
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		a := wire.GroupAttr{Key: k, Value: attrs[k]}
		if op == wire.AttrOpSet {
			a.Seq = c.values[k].seq
		}
		list = append(list, a)
	}
	c.mu.Unlock()
	resp, err := t.sendAttrWrite(ctx, groupID, key, servcmd, list, remote)
	if err != nil {
		return nil, err
	}
	items := make([]attrItem, 0, len(resp.GroupAttr))
	for _, a := range resp.GroupAttr {
		items = append(items, attrItem{key: a.Key, value: attrs[a.Key], seq: a.Seq})
	}
	after, up, del := c.change(func() { c.refreshLocked(resp.AttrMainSeq, items, op, time.Now()) })
	if joined {
		t.emitAttrs(groupID, after, up, del)
	}
	out := make(map[string]string, len(attrs))
	for k, v := range attrs {
		out[k] = v
	}
	return out, nil
}

func (t *TIM) sendAttrWrite(ctx context.Context, groupID, avKey, servcmd string, list []wire.GroupAttr, mainSeq uint64) (*wire.GroupAttrResp, error) {
	req := wire.GroupAttrReq{GroupID: groupID, GroupAttr: list, AttrMainSeq: &mainSeq,
		BytesKey: avKey, AttrControl: []string{wire.AttrRaceConflict}}
	var resp wire.GroupAttrResp
	if err := t.doLimited(ctx, call{servcmd: servcmd, body: req, out: &resp}); err != nil {
		return nil, err
	}
	return &resp, nil
}

// DeleteGroupAttributes deletes the named attributes (delete_group_attr),
// or all of them when keys is empty (clear_group_attr), and returns the
// deleted keys the client knew of, as tim-js-sdk does. Limits and 10056 as
// for InitGroupAttributes.
func (t *TIM) DeleteGroupAttributes(ctx context.Context, groupID string, keys []string) ([]string, error) {
	if err := t.checkReady("deleteGroupAttributes"); err != nil {
		return nil, err
	}
	if groupID == "" {
		return nil, invalid("groupID is empty")
	}
	c, key, joined := t.attrCacheOf(groupID)
	c.mu.Lock()
	remote := c.remote
	servcmd, op := wire.CmdClearGroupAttr, wire.AttrOpClear
	known := []string{}
	var list []wire.GroupAttr
	var items []attrItem
	if len(keys) == 0 {
		for k := range c.values {
			known = append(known, k)
		}
		slices.Sort(known)
	} else {
		servcmd, op = wire.CmdDeleteGroupAttr, wire.AttrOpDelete
		for _, k := range keys {
			it, ok := c.values[k]
			if ok {
				known = append(known, k)
			}
			list = append(list, wire.GroupAttr{Key: k, Seq: it.seq})
			items = append(items, attrItem{key: k})
		}
	}
	c.mu.Unlock()
	resp, err := t.sendAttrWrite(ctx, groupID, key, servcmd, list, remote)
	if err != nil {
		return nil, err
	}
	after, up, del := c.change(func() { c.refreshLocked(resp.AttrMainSeq, items, op, time.Now()) })
	if joined {
		t.emitAttrs(groupID, after, up, del)
	}
	return known, nil
}

// GetGroupAttributes returns the named attributes of a live room (all when
// keys is empty). In a joined room the answer comes from the cache when it
// is under 30 s old and no newer change was announced, as in tim-js-sdk;
// otherwise from the server (get_group_attr, at most 20 per 5 s).
func (t *TIM) GetGroupAttributes(ctx context.Context, groupID string, keys []string) (map[string]string, error) {
	if err := t.checkReady("getGroupAttributes"); err != nil {
		return nil, err
	}
	if groupID == "" {
		return nil, invalid("groupID is empty")
	}
	c, key, _ := t.attrCacheOf(groupID)
	c.mu.Lock()
	stale := time.Since(c.updated) >= attrExpire || c.local < c.remote
	c.mu.Unlock()
	if stale {
		if err := t.readAttrs(ctx, groupID, key, c, false); err != nil {
			return nil, err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return pick(c.snapshotLocked(), keys), nil
}

package tim

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// GroupCounterUpdated (GROUP_COUNTER_UPDATED): a counter of a joined room
// changed, one event per key, for the user's own changes too.
var GroupCounterUpdated = Event[group.CounterUpdate]{types.EventGroupCounterUpdated}

// counterExpire is how long GetGroupCounters answers from the cache
// (tim-js-sdk's grp_counter_expire_time default).
const counterExpire = 30 * time.Second

// counterCache is a joined room's counters as the notices and reads left
// them. Unlike tim-js-sdk, whose cache counts as fresh after any notice
// (so that a read right after one notice misses every other counter), it
// answers reads only once a full read filled it.
type counterCache struct {
	mu       sync.Mutex
	values   map[string]int64
	seq      uint64
	updated  time.Time // zero: never updated
	complete bool      // a full read filled it
}

// update applies counters of sequence seq unless the cache already saw a
// later one (a notice that overtook a read); full marks a full read.
func (c *counterCache) update(list []wire.Counter, seq uint64, full bool, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq > 0 && seq < c.seq {
		return
	}
	if full {
		c.values, c.complete = make(map[string]int64, len(list)), true
	}
	if c.values == nil {
		c.values = make(map[string]int64, len(list))
	}
	for _, k := range list {
		c.values[k.Key] = k.Value
	}
	c.seq, c.updated = seq, now
}

func (c *counterCache) remove(list []wire.Counter, seq uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range list {
		delete(c.values, k.Key)
	}
	c.seq, c.updated = seq, now
}

// get returns the cached counters named by keys (all when empty), and
// false when the cache is not filled or older than counterExpire.
func (c *counterCache) get(keys []string, now time.Time) (map[string]int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return pick(c.values, keys), c.complete && now.Sub(c.updated) < counterExpire
}

// pick copies the entries of m named by keys, or all of m.
func pick[V any](m map[string]V, keys []string) map[string]V {
	if len(keys) == 0 {
		out := make(map[string]V, len(m))
		maps.Copy(out, m)
		return out
	}
	out := make(map[string]V, len(keys))
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}

// onCounterNotice applies a counter notice (an Event 6 tip with
// GroupCounterInfo) and emits GROUP_COUNTER_UPDATED per updated key.
func (t *TIM) onCounterNotice(r *room, info []wire.CounterNotice) {
	now := time.Now()
	for _, n := range info {
		switch n.Type {
		case wire.CounterNoticeUpdate, 2: // tim-js-sdk treats 0 and 2 alike
			r.counters.update(n.GroupCounter, n.GroupCounterSeq, false, now)
			for _, c := range n.GroupCounter {
				t.em.emit(types.EventGroupCounterUpdated, group.CounterUpdate{GroupID: r.id, Key: c.Key, Value: c.Value})
			}
		case wire.CounterNoticeDelete:
			r.counters.remove(n.GroupCounter, n.GroupCounterSeq, now)
		}
	}
}

// SetGroupCounters sets counters of a live room (update_group_counter,
// Set) and returns them with their new values. Every member, the caller
// included, gets GROUP_COUNTER_UPDATED per key. A room holds at most 20
// counters, keys up to 128 bytes (10004 from the server); at most 20
// updates per 5 s leave the client (2996, tim-js-sdk's limit).
func (t *TIM) SetGroupCounters(ctx context.Context, groupID string, counters map[string]int64) (map[string]int64, error) {
	if counters == nil {
		return nil, invalid("counters is nil")
	}
	list := make([]wire.Counter, 0, len(counters))
	for _, k := range slices.Sorted(maps.Keys(counters)) {
		list = append(list, wire.Counter{Key: k, Value: counters[k]})
	}
	return t.updateCounters(ctx, groupID, wire.CounterModeSet, list)
}

// IncreaseGroupCounter adds value to a counter (a missing one counts from
// 0) and returns its new value, as SetGroupCounters.
func (t *TIM) IncreaseGroupCounter(ctx context.Context, groupID, key string, value int64) (map[string]int64, error) {
	return t.changeCounter(ctx, groupID, wire.CounterModeIncrease, key, value)
}

// DecreaseGroupCounter subtracts value from a counter and returns its new
// value, as SetGroupCounters.
func (t *TIM) DecreaseGroupCounter(ctx context.Context, groupID, key string, value int64) (map[string]int64, error) {
	return t.changeCounter(ctx, groupID, wire.CounterModeDecrease, key, value)
}

func (t *TIM) changeCounter(ctx context.Context, groupID, mode, key string, value int64) (map[string]int64, error) {
	if key == "" {
		return nil, invalid("key is empty")
	}
	return t.updateCounters(ctx, groupID, mode, []wire.Counter{{Key: key, Value: value}})
}

func (t *TIM) updateCounters(ctx context.Context, groupID, mode string, list []wire.Counter) (map[string]int64, error) {
	if err := t.checkReady(counterAPI(mode)); err != nil {
		return nil, err
	}
	if groupID == "" {
		return nil, invalid("groupID is empty")
	}
	req := wire.UpdateGroupCounterReq{GroupID: groupID, GroupCounter: list, Mode: mode, BytesKey: avKeyOf(t.room(groupID))}
	var resp wire.UpdateGroupCounterResp
	if err := t.doLimited(ctx, call{servcmd: wire.CmdUpdateGroupCounter, body: req, out: &resp}); err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(resp.GroupCounter))
	for _, c := range resp.GroupCounter {
		out[c.Key] = c.Value
	}
	return out, nil
}

// GetGroupCounters returns a live room's counters named by keys (all when
// none). In a joined room, once read, the answer comes from the cache the
// notices keep up to date, for 30 s after the last change as in
// tim-js-sdk; otherwise from the server (get_group_counter, at most 20 per
// 5 s).
func (t *TIM) GetGroupCounters(ctx context.Context, groupID string, keys ...string) (map[string]int64, error) {
	if err := t.checkReady("getGroupCounters"); err != nil {
		return nil, err
	}
	if groupID == "" {
		return nil, invalid("groupID is empty")
	}
	r := t.room(groupID)
	if r != nil {
		if vals, fresh := r.counters.get(keys, time.Now()); fresh {
			return vals, nil
		}
	}
	req := wire.GetGroupCounterReq{GroupID: groupID, BytesKey: avKeyOf(r)}
	var resp wire.GetGroupCounterResp
	if err := t.doLimited(ctx, call{servcmd: wire.CmdGetGroupCounter, body: req, out: &resp}); err != nil {
		return nil, err
	}
	if r == nil {
		all := make(map[string]int64, len(resp.GroupCounter))
		for _, c := range resp.GroupCounter {
			all[c.Key] = c.Value
		}
		return pick(all, keys), nil
	}
	now := time.Now()
	r.counters.update(resp.GroupCounter, resp.GroupCounterSeq, true, now)
	vals, _ := r.counters.get(keys, now)
	return vals, nil
}

// avKeyOf is the AVChatRoomKey of a joined room, or "" for nil.
func avKeyOf(r *room) string {
	if r == nil {
		return ""
	}
	return r.avKey
}

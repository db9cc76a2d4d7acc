package server

import (
	"cmp"
	"math"
	"slices"

	"github.com/tim-go/sdk/internal/wire"
)

// Group counter limits (Tencent's, trtc.io/document/56042).
const (
	maxCounterKeys   = 20  // counters per room
	maxCounterKeyLen = 128 // bytes per key
)

// counterState is a room's group counters; the room's mutex guards it.
type counterState struct {
	values map[string]int64
	seq    uint64 // GroupCounterSeq: one more per update
}

// handleUpdateGroupCounter is group_open_http_svc.update_group_counter
// (setGroupCounters, increaseGroupCounter, decreaseGroupCounter): room
// members only.
func (s *Server) handleUpdateGroupCounter(q *request) (any, *apiError) {
	var req wire.UpdateGroupCounterReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if e := r.checkMember(q.sess, req.BytesKey, CodeNotMember); e != nil {
		return nil, e
	}
	return r.updateCounters(q.sess.userID, req.Mode, req.GroupCounter)
}

// handleGetGroupCounter is group_open_http_svc.get_group_counter.
func (s *Server) handleGetGroupCounter(q *request) (any, *apiError) {
	var req wire.GetGroupCounterReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if e := r.checkMember(q.sess, req.BytesKey, CodeNotMember); e != nil {
		return nil, e
	}
	return r.getCounters(req.GroupCounterKeys)
}

// restUpdateGroupCounter is REST update_group_counter, as the App admin.
func (s *Server) restUpdateGroupCounter(body []byte) (any, *apiError) {
	var req wire.UpdateGroupCounterReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	return r.updateCounters(s.cfg.Admin, req.Mode, req.GroupCounter)
}

// restGetGroupCounter is REST get_group_counter.
func (s *Server) restGetGroupCounter(body []byte) (any, *apiError) {
	var req wire.GetGroupCounterReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	return r.getCounters(req.GroupCounterKeys)
}

// updateCounters applies one update and tells the room (an Event 6 tip with
// GroupCounterInfo listing the counters' new values). The reply carries the
// same values.
func (r *room) updateCounters(operator, mode string, list []wire.Counter) (any, *apiError) {
	switch mode {
	case wire.CounterModeSet, wire.CounterModeIncrease, wire.CounterModeDecrease:
	default:
		return nil, fail(CodeBadParam, "Mode must be Set, Increase or Decrease")
	}
	if len(list) == 0 || len(list) > maxCounterKeys {
		return nil, fail(CodeBadParam, "GroupCounter needs 1 to %d counters", maxCounterKeys)
	}
	for i, c := range list {
		switch {
		case c.Key == "" || len(c.Key) > maxCounterKeyLen:
			return nil, fail(CodeBadParam, "counter key needs 1 to %d bytes", maxCounterKeyLen)
		case slices.ContainsFunc(list[:i], func(x wire.Counter) bool { return x.Key == c.Key }):
			return nil, fail(CodeBadParam, "counter key %q appears twice", c.Key)
		}
	}
	var out []wire.Counter
	_, e := r.publish(func() (*wire.Item, *apiError) {
		cs := &r.counters
		next, e := cs.apply(mode, list)
		if e != nil {
			return nil, e
		}
		if cs.values == nil {
			cs.values = make(map[string]int64, len(next))
		}
		for _, c := range next {
			cs.values[c.Key] = c.Value
		}
		cs.seq++
		out = next
		notice := wire.CounterNotice{Type: wire.CounterNoticeUpdate, GroupCounterSeq: cs.seq, GroupCounter: next}
		return r.noticeTipLocked(operator, func(tb *wire.TipBody) { tb.GroupCounterInfo = []wire.CounterNotice{notice} }), nil
	})
	if e != nil {
		return nil, e
	}
	return wire.UpdateGroupCounterResp{Status: wire.OK(), GroupCounter: out}, nil
}

// apply computes the counters' values after an update without changing
// them: a missing counter counts from 0; the room keeps at most
// maxCounterKeys counters and every value stays an int64.
func (cs *counterState) apply(mode string, list []wire.Counter) ([]wire.Counter, *apiError) {
	added := 0
	next := make([]wire.Counter, len(list))
	for i, c := range list {
		old, ok := cs.values[c.Key]
		if !ok {
			added++
		}
		v := c.Value
		switch mode {
		case wire.CounterModeIncrease:
			if (v > 0 && old > math.MaxInt64-v) || (v < 0 && old < math.MinInt64-v) {
				return nil, fail(CodeBadParam, "counter %q would overflow", c.Key)
			}
			v = old + v
		case wire.CounterModeDecrease:
			if (v > 0 && old < math.MinInt64+v) || (v < 0 && old > math.MaxInt64+v) {
				return nil, fail(CodeBadParam, "counter %q would overflow", c.Key)
			}
			v = old - v
		}
		next[i] = wire.Counter{Key: c.Key, Value: v}
	}
	if len(cs.values)+added > maxCounterKeys {
		return nil, fail(CodeBadParam, "a room holds at most %d counters", maxCounterKeys)
	}
	return next, nil
}

// getCounters lists the named counters (all when keys is empty), by key.
func (r *room) getCounters(keys []string) (any, *apiError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.destroyed {
		return nil, fail(CodeNoGroup, "group %s does not exist", r.id)
	}
	out := []wire.Counter{}
	for k, v := range r.counters.values {
		if len(keys) == 0 || slices.Contains(keys, k) {
			out = append(out, wire.Counter{Key: k, Value: v})
		}
	}
	slices.SortFunc(out, func(a, b wire.Counter) int { return cmp.Compare(a.Key, b.Key) })
	return wire.GetGroupCounterResp{Status: wire.OK(), GroupCounter: out, GroupCounterSeq: r.counters.seq}, nil
}

// noticeTipLocked builds an online-only group tip (Event 6) for a counter
// or attribute change: tim-js-sdk consumes such tips as events, never as
// messages, whatever their OpType.
func (r *room) noticeTipLocked(operator string, edit func(*wire.TipBody)) *wire.Item {
	it := r.tipLocked(wire.TipGroupProfileUpdate, operator, nil, edit)
	it.Event = wire.EventGroupTipOnline
	return it
}

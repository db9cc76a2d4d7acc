package server

import (
	"maps"
	"slices"

	"github.com/tim-go/sdk/internal/wire"
)

// Group attribute limits (tim-js-sdk's d.ts and trtc.io/document/48174).
const (
	maxAttrKeys     = 16
	maxAttrKeyLen   = 32              // bytes
	maxAttrValueLen = 4 << 10         // bytes per value
	maxAttrTotal    = 16 << 10        // bytes of all keys and values
	maxAttrIDs      = 2 * maxAttrKeys // keys named by one delete
)

// attrState is a room's attributes; the room's mutex guards it.
type attrState struct {
	values map[string]attrValue
	seq    uint64 // AttrMainSeq: one more per write
}

type attrValue struct {
	value string
	seq   uint64 // the main sequence of the key's last write
}

// attrWrite is one attribute command, from a member or the REST API.
type attrWrite struct {
	op       int // wire.AttrOp*
	operator string
	req      *wire.GroupAttrReq
}

// handleAttrWrite answers set/modify/delete/clear_group_attr for op.
func handleAttrWrite(op int) handlerFunc {
	return func(s *Server, q *request) (any, *apiError) {
		var req wire.GroupAttrReq
		r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
		if e != nil {
			return nil, e
		}
		if e := r.checkMember(q.sess, req.BytesKey, CodeAttrNotJoined); e != nil {
			return nil, e
		}
		return r.writeAttrs(attrWrite{op: op, operator: q.sess.userID, req: &req})
	}
}

// restAttrWrite answers the REST twin of a write, as the App admin (no
// sequence check: the REST API sends no AttrMainSeq).
func restAttrWrite(op int) restHandler {
	return func(s *Server, body []byte) (any, *apiError) {
		var req wire.GroupAttrReq
		r, e := s.decodeRoom(body, true, &req, &req.GroupID)
		if e != nil {
			return nil, e
		}
		return r.writeAttrs(attrWrite{op: op, operator: s.cfg.Admin, req: &req})
	}
}

// handleGetGroupAttr is group_open_attr_http_svc.get_group_attr.
func (s *Server) handleGetGroupAttr(q *request) (any, *apiError) {
	var req wire.GetGroupAttrReq
	r, e := s.decodeRoom(q.f.Body, false, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	if e := r.checkMember(q.sess, req.Key, CodeAttrNotJoined); e != nil {
		return nil, e
	}
	return r.getAttrs()
}

// restGetGroupAttr is REST get_group_attr.
func (s *Server) restGetGroupAttr(body []byte) (any, *apiError) {
	var req wire.GetGroupAttrReq
	r, e := s.decodeRoom(body, true, &req, &req.GroupID)
	if e != nil {
		return nil, e
	}
	return r.getAttrs()
}

// writeAttrs checks and applies a write, then tells the room (an Event 6
// tip whose MsgGroupNewInfo.GroupAttrOption carries the change).
func (r *room) writeAttrs(w attrWrite) (any, *apiError) {
	if e := w.check(); e != nil {
		return nil, e
	}
	resp := wire.GroupAttrResp{Status: wire.OK(), GroupAttr: []wire.GroupAttr{}}
	_, e := r.publish(func() (*wire.Item, *apiError) {
		as := &r.attrs
		if ms := w.req.AttrMainSeq; ms != nil && slices.Contains(w.req.AttrControl, wire.AttrRaceConflict) && *ms != as.seq {
			return nil, fail(CodeAttrConflict, "attributes changed (sequence %d, not %d): read them again", as.seq, *ms)
		}
		next := as.next(w.op, w.req.GroupAttr)
		if e := checkAttrSize(next); e != nil {
			return nil, e
		}
		as.seq++
		opt := &wire.GroupAttrOption{GroupAttrSeq: as.seq, PushChangedAttrValFlag: 1, OpType: w.op, GroupAttrInfo: []wire.AttrChange{}}
		switch w.op {
		case wire.AttrOpInit, wire.AttrOpSet:
			for _, a := range w.req.GroupAttr {
				next[a.Key] = attrValue{value: a.Value, seq: as.seq}
			}
			for _, k := range slices.Sorted(maps.Keys(next)) {
				if w.op == wire.AttrOpSet && !slices.ContainsFunc(w.req.GroupAttr, func(a wire.GroupAttr) bool { return a.Key == k }) {
					continue // an init lists everything, a set what it wrote
				}
				opt.GroupAttrInfo = append(opt.GroupAttrInfo, wire.AttrChange{Key: k, Val: next[k].value, SubKeySeq: as.seq})
				resp.GroupAttr = append(resp.GroupAttr, wire.GroupAttr{Key: k, Seq: as.seq})
			}
		case wire.AttrOpDelete:
			for _, a := range w.req.GroupAttr {
				opt.GroupAttrInfo = append(opt.GroupAttrInfo, wire.AttrChange{Key: a.Key, SubKeySeq: as.seq})
			}
		}
		as.values = next
		resp.AttrMainSeq = as.seq
		return r.noticeTipLocked(w.operator, func(tb *wire.TipBody) {
			tb.MsgGroupNewInfo = &wire.GroupNewInfo{GroupAttrOption: opt}
		}), nil
	})
	if e != nil {
		return nil, e
	}
	return resp, nil
}

// check validates a write's attribute list on its own.
func (w attrWrite) check() *apiError {
	list := w.req.GroupAttr
	switch w.op {
	case wire.AttrOpInit:
		if len(list) > maxAttrKeys {
			return fail(CodeBadParam, "at most %d attributes", maxAttrKeys)
		}
	case wire.AttrOpSet:
		if len(list) == 0 || len(list) > maxAttrKeys {
			return fail(CodeBadParam, "GroupAttr needs 1 to %d attributes", maxAttrKeys)
		}
	case wire.AttrOpDelete:
		if len(list) == 0 || len(list) > maxAttrIDs {
			return fail(CodeBadParam, "GroupAttr needs 1 to %d keys", maxAttrIDs)
		}
	}
	for i, a := range list {
		switch {
		case a.Key == "" || len(a.Key) > maxAttrKeyLen:
			return fail(CodeBadParam, "attribute key needs 1 to %d bytes", maxAttrKeyLen)
		case len(a.Value) > maxAttrValueLen:
			return fail(CodeBadParam, "attribute %q: value over %d bytes", a.Key, maxAttrValueLen)
		case slices.ContainsFunc(list[:i], func(x wire.GroupAttr) bool { return x.Key == a.Key }):
			return fail(CodeBadParam, "attribute key %q appears twice", a.Key)
		}
	}
	return nil
}

// next is the attributes as the write leaves them, the written keys with
// sequence 0 (init replaces everything, clear leaves nothing).
func (as *attrState) next(op int, list []wire.GroupAttr) map[string]attrValue {
	next := make(map[string]attrValue, len(as.values)+len(list))
	if op == wire.AttrOpSet || op == wire.AttrOpDelete {
		maps.Copy(next, as.values)
	}
	for _, a := range list {
		switch op {
		case wire.AttrOpInit, wire.AttrOpSet:
			next[a.Key] = attrValue{value: a.Value}
		case wire.AttrOpDelete:
			delete(next, a.Key)
		}
	}
	return next
}

// checkAttrSize enforces the room-wide limits on the attributes a write
// would leave.
func checkAttrSize(next map[string]attrValue) *apiError {
	if len(next) > maxAttrKeys {
		return fail(CodeBadParam, "a room holds at most %d attributes", maxAttrKeys)
	}
	total := 0
	for k, v := range next {
		total += len(k) + len(v.value)
	}
	if total > maxAttrTotal {
		return fail(CodeBadParam, "attributes total %d bytes, over %d", total, maxAttrTotal)
	}
	return nil
}

// getAttrs lists every attribute with the main sequence.
func (r *room) getAttrs() (any, *apiError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.destroyed {
		return nil, fail(CodeNoGroup, "group %s does not exist", r.id)
	}
	out := make([]wire.GroupAttr, 0, len(r.attrs.values))
	for _, k := range slices.Sorted(maps.Keys(r.attrs.values)) {
		v := r.attrs.values[k]
		out = append(out, wire.GroupAttr{Key: k, Value: v.value, Seq: v.seq})
	}
	return wire.GetGroupAttrResp{Status: wire.OK(), AttrMainSeq: r.attrs.seq, GroupAttrAry: out}, nil
}

package tim

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// room is a joined group: a live room receiving by polling or push, or an
// ordinary group (no stream).
type room struct {
	t     *TIM
	id    string
	guest bool // joined without login (noauth)
	av    bool // AVChatRoom (HugeGroupFlag 1)
	poll  *poller
	// online caches getGroupOnlineMemberCount.
	online onlineCache
	// avKey is the join's AVChatRoomKey, sent back by counter and
	// attribute calls; counters and attrs are their caches.
	avKey    string
	counters counterCache
	attrs    attrCache

	// seqHi is the highest sequence delivered from the room (deliver):
	// a rejoin answered with a StartSeq at or below it met a new room.
	seqHi atomic.Uint64

	mu    sync.Mutex
	group *group.Group // nil for guests
}

// behind reports whether a join reply's StartSeq is behind what the room
// had reached: the server's room is not the one seen before (a restarted
// server made it again). The wire carries no room instance to compare; an
// impossible StartSeq (0, over 2^53-1) shows nothing.
func (r *room) behind(startSeq uint64) bool {
	if startSeq == 0 || startSeq > maxWireSeq {
		return false
	}
	return startSeq <= r.seqHi.Load() || r.poll != nil && startSeq < r.poll.cursor()
}

// noteSeq raises seqHi to seq.
func (r *room) noteSeq(seq uint64) {
	for {
		cur := r.seqHi.Load()
		if seq <= cur || r.seqHi.CompareAndSwap(cur, seq) {
			return
		}
	}
}

// resetRoomSeqs forgets what r had reached: its highest sequence and the
// receive path's sequence and ID windows, as leaving the room does.
func (t *TIM) resetRoomSeqs(r *room) {
	r.seqHi.Store(0)
	t.recv.leftRoom()
}

// stop ends the room's receiving.
func (r *room) stop() {
	if r.poll != nil {
		r.poll.stop()
	}
}

// snapshot is the room's group as GROUP_LIST_UPDATED shows it.
func (r *room) snapshot() *group.Group {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.group == nil {
		return &group.Group{GroupID: r.id, Type: types.GrpAVChatRoom, GroupCustomField: []group.CustomField{}}
	}
	g := *r.group
	return &g
}

// JoinGroup joins a group: as the logged-in user
// (group_open_http_svc.apply_join_group), or, when not logged in, as a guest
// of a live room (the noauth service; 2662 for other groups). A live room
// then streams its messages to MESSAGE_RECEIVED, by long polling or push as
// the server chose. Status is JoinedSuccess (Group set for users, nil for
// guests), AlreadyInGroup or WaitAdminApproval; 2660 for any other answer.
// Without WithUnlimitedAVChatRoom a successful join leaves the previous
// live room, as tim-js-sdk does.
func (t *TIM) JoinGroup(ctx context.Context, groupID string) (*group.JoinResult, error) {
	if groupID == "" {
		return nil, invalid("groupID is empty")
	}
	t.mu.Lock()
	if t.destroyed {
		t.mu.Unlock()
		return nil, errDestroyed
	}
	r := t.rooms[groupID]
	guest := t.login != loggedIn
	t.mu.Unlock()
	if r != nil {
		if r.guest || guest {
			return &group.JoinResult{Status: types.JoinStatusAlreadyInGroup}, nil
		}
		if _, err := t.fetchGroup(ctx, groupID, nil); err == nil {
			return &group.JoinResult{Status: types.JoinStatusAlreadyInGroup}, nil
		}
		t.dropRoom(r) // the server forgot us: join again
	}
	return t.join(ctx, groupID, guest)
}

// join sends the join and installs the room.
func (t *TIM) join(ctx context.Context, groupID string, guest bool) (*group.JoinResult, error) {
	resp, err := t.applyJoin(ctx, groupID, guest, false)
	if err != nil {
		return nil, err
	}
	switch {
	case resp.JoinedStatus == wire.WaitAdminApproval:
		return &group.JoinResult{Status: types.JoinStatusWaitApproval}, nil
	case resp.JoinedStatus != wire.JoinedSuccess:
		return nil, newError(types.ErrJoinGroupFail, "join status "+resp.JoinedStatus)
	case guest && resp.LongPollingKey == "":
		return nil, newError(types.ErrJoinNonAVChatRoomWithoutLogin, "")
	}
	r := &room{t: t, id: groupID, guest: guest, av: guest || resp.HugeGroupFlag == 1, avKey: resp.AVChatRoomKey}
	if !guest {
		g, err := t.fetchGroup(ctx, groupID, nil)
		if err != nil {
			g = &group.Group{GroupID: groupID, GroupCustomField: []group.CustomField{}}
		}
		r.group = g
	}
	if r.av && resp.LongPollingKey != "" {
		start := resp.StartSeq
		if guest {
			start = 0 // tim-js-sdk ignores a guest's StartSeq
		}
		r.poll = newPoller(r, resp.LongPollingKey, start)
	}
	for _, old := range t.addRoom(r) {
		t.leave(ctx, old)
	}
	if r.poll != nil {
		r.poll.poll()
	}
	var bad []wire.BadItem
	resp.RspMsgList, bad = dropImplausible(resp.RspMsgList, bad)
	t.reportBad(groupID, bad)
	t.deliver(batch{items: resp.RspMsgList, from: r})
	t.emitGroupList()
	res := &group.JoinResult{Status: types.JoinStatusSuccess}
	if !guest {
		res.Group = r.snapshot()
	}
	return res, nil
}

// applyJoin sends apply_join_group (user) or its noauth twin (guest).
func (t *TIM) applyJoin(ctx context.Context, groupID string, guest, early bool) (*wire.ApplyJoinResp, error) {
	c := call{servcmd: wire.CmdApplyJoin, body: wire.ApplyJoinReq{GroupID: groupID, WebPushFlag: 1},
		out: new(wire.ApplyJoinResp), early: early}
	if guest {
		c.servcmd, c.head = wire.CmdApplyJoinNoAuth, t.guestHead
	}
	if err := t.do(ctx, c); err != nil {
		return nil, err
	}
	return c.out.(*wire.ApplyJoinResp), nil
}

// addRoom installs r and returns the live rooms it replaces (one live room
// at a time unless unlimitedAVChatRoom).
func (t *TIM) addRoom(r *room) []*room {
	t.mu.Lock()
	defer t.mu.Unlock()
	var old []*room
	if r.av && !t.opts.unlimitedAV {
		for id, o := range t.rooms {
			if o.av && id != r.id {
				old = append(old, o)
			}
		}
	}
	t.rooms[r.id] = r
	return old
}

// leave drops a room replaced by a new join: quit_group for a user who does
// not own it, local only otherwise.
func (t *TIM) leave(ctx context.Context, r *room) {
	t.dropRoom(r)
	if r.guest || r.snapshot().SelfInfo.Role == types.GrpMbrRoleOwner {
		return
	}
	if err := t.do(ctx, call{servcmd: wire.CmdQuitGroup, body: wire.GroupIDReq{GroupID: r.id}}); err != nil {
		t.log.Warn("quitting the previous live room failed", zap.String("groupID", r.id), errField(err))
	}
}

// QuitGroup leaves a group: quit_group for a user, local only for a guest.
// Receiving stops and GROUP_LIST_UPDATED is emitted. Not joined: 2623.
func (t *TIM) QuitGroup(ctx context.Context, groupID string) error {
	if groupID == "" {
		return invalid("groupID is empty")
	}
	r := t.room(groupID)
	if r == nil {
		return newError(types.ErrMemberNotInGroup, "")
	}
	if !r.guest {
		if err := t.do(ctx, call{servcmd: wire.CmdQuitGroup, body: wire.GroupIDReq{GroupID: groupID}}); err != nil {
			return err
		}
	}
	t.dropRoom(r)
	t.emitGroupList()
	return nil
}

// GroupProfileOption is an optional argument of GetGroupProfile, one of
// the fields tim-js-sdk's getGroupProfile takes beside groupID.
type GroupProfileOption func(*groupProfileOptions)

type groupProfileOptions struct {
	customFields []string
}

// WithGroupCustomFieldFilter is tim-js-sdk's groupCustomFieldFilter: the
// group custom fields (the room's AppDefinedData, as the business backend
// sets them with modify_group_base_info) that GetGroupProfile reads into
// Group.GroupCustomField. The server answers only the fields it is asked
// for, so without this option a profile read brings no custom field. Keys
// add up over repeated options; a key the room does not have is left out of
// the answer.
func WithGroupCustomFieldFilter(keys ...string) GroupProfileOption {
	return func(o *groupProfileOptions) { o.customFields = append(o.customFields, keys...) }
}

// GetGroupProfile reads a group's profile with the user's own membership
// (group_open_http_svc.get_group_self_member_info), as tim-js-sdk's
// getGroupProfile({groupID, groupCustomFieldFilter}). Custom fields are read
// only when named by WithGroupCustomFieldFilter:
//
//	g, err := t.GetGroupProfile(ctx, roomID, tim.WithGroupCustomFieldFilter("likes"))
//	likes, ok := g.CustomField("likes")
//
// For a joined room the answer also updates the room's group (what
// GROUP_LIST_UPDATED shows) and is returned merged with it, as tim-js-sdk
// merges: a custom field in the answer is updated or added, one read
// earlier and not in this answer is kept. Guests and not-ready instances get the
// not-ready reason (2024 before login) and an ERROR event.
func (t *TIM) GetGroupProfile(ctx context.Context, groupID string, opts ...GroupProfileOption) (*group.Group, error) {
	if err := t.checkReady("getGroupProfile"); err != nil {
		return nil, err
	}
	if groupID == "" {
		return nil, invalid("groupID is empty")
	}
	var o groupProfileOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	g, err := t.fetchGroup(ctx, groupID, o.customFields)
	if err != nil {
		return nil, err
	}
	if r := t.room(groupID); r != nil {
		r.mu.Lock()
		if r.group != nil {
			g.GroupCustomField = mergeCustomFields(r.group.GroupCustomField, g.GroupCustomField)
		}
		cp := *g
		cp.GroupCustomField = slices.Clone(g.GroupCustomField)
		r.group = &cp
		r.mu.Unlock()
	}
	return g, nil
}

// fetchGroup sends get_group_self_member_info for one group, asking for the
// custom fields named (none when nil).
func (t *TIM) fetchGroup(ctx context.Context, groupID string, customFields []string) (*group.Group, error) {
	var resp wire.SelfMemberInfoResp
	err := t.do(ctx, call{servcmd: wire.CmdSelfMemberInfo, out: &resp,
		body: wire.SelfMemberInfoReq{GroupIDList: []string{groupID}, ResponseFilter: wire.SelfMemberInfoFilter(customFields)}})
	if err != nil {
		return nil, err
	}
	for i := range resp.GroupInfo {
		gi := &resp.GroupInfo[i]
		if gi.GroupID != groupID && len(resp.GroupInfo) > 1 {
			continue
		}
		if gi.ErrorCode != 0 {
			return nil, newError(types.Code(gi.ErrorCode), gi.ErrorInfo)
		}
		return mapGroup(gi), nil
	}
	return nil, newError(types.ErrGroupNotFound, "")
}

// Online-count cache rules of tim-js-sdk (getGroupOnlineMemberCount).
const (
	onlineDefaultExpire = 60 * time.Second // until the server gives ExpireTime
	onlineTipFresh      = 10 * time.Second // a tip's count is trusted this long
	onlineRequestGap    = 3 * time.Second  // no second request within this
)

type onlineCache struct {
	mu       sync.Mutex
	count    int
	expire   time.Duration
	syncedAt time.Time
	tipAt    time.Time
	askedAt  time.Time
}

// cached returns the count when tim-js-sdk would not ask the server, and
// otherwise marks a request as made.
func (c *onlineCache) cached(now time.Time) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	exp := c.expire
	if exp == 0 {
		exp = onlineDefaultExpire
	}
	if now.Sub(c.syncedAt) < exp || now.Sub(c.tipAt) < onlineTipFresh || now.Sub(c.askedAt) < onlineRequestGap {
		return c.count, true
	}
	c.askedAt = now
	return 0, false
}

func (c *onlineCache) set(n, expireSec int, fromTip bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.count = n
	if expireSec > 0 {
		c.expire = time.Duration(expireSec) * time.Second
	}
	if fromTip {
		c.tipAt = time.Now()
	} else {
		c.syncedAt = time.Now()
	}
}

func (c *onlineCache) fromTip(n, expireSec int) { c.set(n, expireSec, true) }

// GetGroupOnlineMemberCount returns a joined live room's online count, from
// the cache when tim-js-sdk would use it (a sync within the server's
// ExpireTime, a tip within 10 s, a request within 3 s); 0 for any other
// group. Guests may call it.
func (t *TIM) GetGroupOnlineMemberCount(ctx context.Context, groupID string) (int, error) {
	r := t.room(groupID)
	if r == nil || !r.av {
		return 0, nil
	}
	if n, ok := r.online.cached(time.Now()); ok {
		return n, nil
	}
	var resp wire.OnlineNumResp
	if err := t.do(ctx, call{servcmd: wire.CmdOnlineNum, body: wire.GroupIDReq{GroupID: groupID}, out: &resp}); err != nil {
		return 0, err
	}
	r.online.set(resp.OnlineMemberNum, resp.ExpireTime, false)
	return resp.OnlineMemberNum, nil
}

// room returns the joined room groupID, or nil.
func (t *TIM) room(groupID string) *room {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rooms[groupID]
}

// dropRoom forgets r and stops its receiving.
func (t *TIM) dropRoom(r *room) {
	t.mu.Lock()
	joined := t.rooms[r.id] == r
	if joined {
		delete(t.rooms, r.id)
	}
	t.mu.Unlock()
	r.stop()
	if joined {
		t.recv.leftRoom()
	}
}

// takeRoomsLocked empties the room map and returns what it held.
func (t *TIM) takeRoomsLocked() []*room {
	rooms := make([]*room, 0, len(t.rooms))
	for id, r := range t.rooms {
		rooms = append(rooms, r)
		delete(t.rooms, id)
	}
	return rooms
}

// stopRooms ends the receiving of rooms taken out of the map.
func stopRooms(rooms []*room) {
	for _, r := range rooms {
		r.stop()
	}
}

// roomList lists the joined rooms.
func (t *TIM) roomList() []*room {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]*room, 0, len(t.rooms))
	for _, r := range t.rooms {
		out = append(out, r)
	}
	return out
}

// rejoinAll runs in onOpen: after a fresh login (the server lost the
// session) every room is joined again; otherwise only rooms whose polls
// showed the server had lost them. Polling resumes from the last NextSeq.
func (t *TIM) rejoinAll(ctx context.Context, all bool) {
	for _, r := range t.roomList() {
		if all || r.poll != nil && r.poll.isStale() {
			t.rejoin(ctx, r, true)
		}
	}
}

// rejoin joins r again and gives its poller the new key, keeping the
// sequence it had reached so nothing the server still holds is lost; or,
// when the join reply's StartSeq shows a new room (behind what was seen),
// forgetting the cursor and the sequence window (issue 11, point 3).
func (t *TIM) rejoin(ctx context.Context, r *room, early bool) {
	resp, err := t.applyJoin(ctx, r.id, r.guest, early)
	if err == nil && resp.JoinedStatus != wire.JoinedSuccess {
		err = newError(types.ErrJoinGroupFail, "join status "+resp.JoinedStatus)
	}
	switch {
	case err == nil:
		fresh := r.behind(resp.StartSeq)
		t.log.Info("rejoined room", zap.String("groupID", r.id), zap.Bool("newRoom", fresh))
		if fresh {
			t.resetRoomSeqs(r)
		}
		if r.poll != nil {
			r.poll.rekey(resp.LongPollingKey, resp.StartSeq, fresh)
		}
	case codeOf(err) == types.ErrGroupNotFound:
		t.dropRoom(r)
		t.emitGroupList()
	default:
		t.log.Warn("rejoin failed", zap.String("groupID", r.id), errField(err))
	}
}

// resumeRooms polls every polling room at once, after a reconnect.
func (t *TIM) resumeRooms() {
	for _, r := range t.roomList() {
		r.attrs.forgetLocal() // tim-js-sdk: changes may have been missed
		if r.poll != nil {
			r.poll.resume()
		}
	}
}

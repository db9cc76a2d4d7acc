package server

import (
	"slices"
	"sync"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// Room limits.
const (
	maxGroupIDLen   = 48  // Tencent's custom group ID limit, bytes
	maxGroupNameLen = 100 // Tencent documents 30 bytes for Name; the emulator is lenient
	maxAppDataKeys  = 64
	maxAppDataValue = 4096
	maxMemberNum    = 100000 // MaxMemberNum shown in group info; AVChatRooms are not limited
)

// room is an AVChatRoom: its profile, its stream (one MsgSeq counter and a
// bounded retention ring), its members (logged-in users, by user ID), its
// guests (by long-poll Key), and the polls waiting on it. One mutex guards
// it; nothing writes to a socket while holding it.
type room struct {
	srv *Server
	id  string

	mu           sync.Mutex
	typ          string
	name         string
	intro        string
	notification string
	faceURL      string
	owner        string
	createTime   int64
	infoTime     int64
	lastMsgTime  int64
	infoSeq      uint64
	muteAll      bool
	appData      []wire.KeyValue
	destroyed    bool

	seq  uint64
	ring []*item

	members map[string]*member
	guests  map[string]*poller
	roles   map[string]string // user ID -> Admin (the owner is r.owner)
	mutes   map[string]int64  // user ID -> muted until (Unix seconds)
	cards   map[string]string // user ID -> name card

	counters counterState // group counters (counter.go)
	attrs    attrState    // group attributes (attribute.go)

	budget     roomBudget       // message budget and its queue (budget.go)
	memberTips memberTipState   // join and quit tips being gathered (member_tips.go)
	sends      sendDedup        // recent sends by sender and Random (send_dedup.go)
	bans       map[string]int64 // user ID -> banned until (Unix seconds; ban.go)

	waiters []*waiter
	pushers []*member // copy-on-write: a fanout keeps the slice it saw

	pushPending []*item     // gathered for the next push batch (Config.PushBatch)
	pushTimer   *time.Timer // sends pushPending
}

// member is a logged-in user in a room, tied to the session that joined.
type member struct {
	room     *room
	sess     *session
	userID   string
	joinTime int64
	from     uint64    // the room's sequence when the member joined (a shared session resumes from it)
	poll     *poller   // poll delivery; nil with push
	pushed   delivered // push delivery: the sequences written to a socket
}

func (r *room) onlineLocked() int { return len(r.members) + len(r.guests) }

func (r *room) roleLocked(userID string) string {
	switch {
	case userID != "" && userID == r.owner:
		return wire.RoleOwner
	case r.roles[userID] != "":
		return r.roles[userID]
	}
	return wire.RoleMember
}

func (r *room) mutedUntilLocked(userID string, now int64) int64 {
	if until := r.mutes[userID]; until > now {
		return until
	}
	return 0
}

// join adds the session to the room. A session already in the room gets
// the same reply again without a second join tip.
func (r *room) join(sess *session) (*wire.ApplyJoinResp, *fanout, *apiError) {
	s := r.srv
	r.mu.Lock()
	if r.destroyed {
		r.mu.Unlock()
		return nil, nil, fail(CodeNoGroup, "group %s does not exist", r.id)
	}
	if m := r.members[sess.userID]; m != nil && m.sess == sess {
		resp := r.joinReplyLocked(m, r.seq+1)
		r.mu.Unlock()
		return resp, nil, nil
	}
	if until := r.bannedUntilLocked(sess.userID, s.nowUnix()); until != 0 {
		r.mu.Unlock()
		return nil, nil, fail(CodeBanned, "banned from group %s until %d", r.id, until)
	}
	stale := r.members[sess.userID]
	var staleWaiter *waiter
	if stale != nil {
		staleWaiter = r.removeMemberLocked(stale)
	}
	m := &member{room: r, sess: sess, userID: sess.userID, joinTime: s.now().Unix(), from: r.seq}
	if s.cfg.Delivery == DeliveryPoll {
		m.poll = r.newPollerLocked(sess, nil)
	} else {
		m.pushed.reset(r.seq)
		r.pushers = append(slices.Clip(r.pushers), m)
	}
	r.members[sess.userID] = m
	resp := r.joinReplyLocked(m, r.seq+1)
	fo := r.memberTipLocked(wire.TipMemberJoin, sess.userID)
	r.mu.Unlock()
	staleWaiter.replyEmpty()
	if stale != nil {
		stale.sess.dropRoom(stale)
	}
	if !sess.addRoom(m) { // the session ended meanwhile
		r.leave(m, true)
		return nil, nil, fail(CodeA2Expired, "session ended")
	}
	s.stats.joins.Add(1)
	s.shareSession(sess)
	s.hooks.memberJoined(r, sess.userID, sess.conn.Load())
	return resp, fo, nil
}

func (r *room) joinReplyLocked(m *member, startSeq uint64) *wire.ApplyJoinResp {
	resp := &wire.ApplyJoinResp{
		Status: wire.OK(), JoinedStatus: wire.JoinedSuccess, HugeGroupFlag: 1,
		AVChatRoomKey: avChatRoomKey(r.id), StartSeq: startSeq,
	}
	if m.poll != nil {
		resp.LongPollingKey = m.poll.key
	}
	return resp
}

// avChatRoomKey is the opaque key the SDK later sends back as BytesKey.
func avChatRoomKey(groupID string) string { return "avkey-" + groupID }

// joinGuest registers an anonymous viewer, known only by its poll Key.
func (r *room) joinGuest(c *conn) (*wire.ApplyJoinResp, *apiError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.destroyed {
		return nil, fail(CodeNoGroup, "group %s does not exist", r.id)
	}
	p := r.newPollerLocked(nil, c)
	r.guests[p.key] = p
	r.srv.stats.guestJoins.Add(1)
	return &wire.ApplyJoinResp{
		Status: wire.OK(), JoinedStatus: wire.JoinedSuccess, HugeGroupFlag: 1,
		LongPollingKey: p.key, StartSeq: r.seq + 1,
	}, nil
}

// leave takes a member out, with a quit tip (OpType 2) when tip is set.
func (r *room) leave(m *member, tip bool) bool {
	r.mu.Lock()
	if r.members[m.userID] != m {
		r.mu.Unlock()
		return false
	}
	before := &fanout{room: r}
	r.flushPushLocked(before) // what m was in the room for still reaches m
	w := r.removeMemberLocked(m)
	var fo *fanout
	if tip && !r.destroyed {
		fo = r.memberTipLocked(wire.TipMemberQuit, m.userID)
	}
	r.mu.Unlock()
	before.run()
	w.replyEmpty()
	m.sess.dropRoom(m)
	fo.run()
	r.srv.shareSession(m.sess)
	r.srv.hooks.membersExited(r, m.userID, []string{m.userID}, wire.ExitQuit)
	return true
}

// removeMemberLocked forgets m; it returns m's waiting poll, which the
// caller answers (empty) after unlocking.
func (r *room) removeMemberLocked(m *member) *waiter {
	delete(r.members, m.userID)
	if m.poll == nil {
		if i := slices.Index(r.pushers, m); i >= 0 {
			r.pushers = slices.Delete(slices.Clone(r.pushers), i, i+1)
		}
		return nil
	}
	return r.removePollerLocked(m.poll)
}

// removePollerLocked retires a poller (member or guest) and its Key.
func (r *room) removePollerLocked(p *poller) *waiter {
	p.removed = true
	if p.guest {
		delete(r.guests, p.key)
		if p.conn != nil {
			p.conn.guestGone()
		}
	}
	r.srv.dropKey(p)
	w := p.waiting
	if w != nil {
		r.removeWaiterLocked(w)
		p.waiting = nil
	}
	return w
}

// infoLocked is the room's GroupInfo. keys filters AppDefinedData (all of
// it when all is set); self adds SelfInfo.
func (r *room) infoLocked(keys []string, all bool, self string, now int64) wire.GroupInfo {
	gi := wire.GroupInfo{
		GroupID: r.id, Type: r.typ, Name: r.name, Introduction: r.intro, Notification: r.notification,
		FaceURL: r.faceURL, OwnerAccount: r.owner, CreateTime: r.createTime, InfoSeq: r.infoSeq,
		LastInfoTime: r.infoTime, LastMsgTime: r.lastMsgTime, MemberNum: len(r.members),
		MaxMemberNum: maxMemberNum, ApplyJoinOption: wire.ApplyFreeAccess, NextMsgSeq: r.seq + 1,
		ShutUpAllMember: wire.SwitchOff, AppDefinedData: []wire.KeyValue{},
	}
	if r.muteAll {
		gi.ShutUpAllMember = wire.SwitchOn
	}
	for _, kv := range r.appData {
		if all || slices.Contains(keys, kv.Key) {
			gi.AppDefinedData = append(gi.AppDefinedData, kv)
		}
	}
	if self != "" {
		si := &wire.SelfInfo{Role: r.roleLocked(self), MsgFlag: wire.MsgFlagAccept, ShutUpUntil: r.mutedUntilLocked(self, now), NameCard: r.cards[self]}
		if m := r.members[self]; m != nil {
			si.JoinTime = m.joinTime
		}
		gi.SelfInfo = si
	}
	return gi
}

// setAppDataLocked applies custom fields: a value sets the key, an empty
// value deletes it (Tencent's rule).
func (r *room) setAppDataLocked(kvs []wire.KeyValue) *apiError {
	for _, kv := range kvs {
		if kv.Key == "" || len(kv.Value) > maxAppDataValue {
			return fail(CodeBadParam, "bad AppDefinedData key %q", kv.Key)
		}
	}
	for _, kv := range kvs {
		i := slices.IndexFunc(r.appData, func(x wire.KeyValue) bool { return x.Key == kv.Key })
		switch {
		case kv.Value == "" && i >= 0:
			r.appData = slices.Delete(r.appData, i, i+1)
		case kv.Value == "":
		case i >= 0:
			r.appData[i].Value = kv.Value
		case len(r.appData) >= maxAppDataKeys:
			return fail(CodeBadParam, "too many AppDefinedData keys (max %d)", maxAppDataKeys)
		default:
			r.appData = append(r.appData, kv)
		}
	}
	return nil
}

// destroy sends the dismissal notice (ReportType 5) and closes the room:
// its ID is free at once; pollers get the retained items (the notice
// included) and then 10010, and their Keys idle out.
func (r *room) destroy(operator string) *apiError {
	if e := r.close(operator, true); e != nil {
		return e
	}
	r.srv.unshareRoom(r.id)
	return nil
}

// close closes the room, publishing the dismissal notice when notice is
// set (a cluster node closing a room another node destroyed does not: the
// notice reaches it through the shared log).
func (r *room) close(operator string, notice bool) *apiError {
	s := r.srv
	r.mu.Lock()
	if r.destroyed {
		r.mu.Unlock()
		return fail(CodeNoGroup, "group %s does not exist", r.id)
	}
	fo := &fanout{room: r}
	if !notice && s.cfg.RoomLog != nil { // the notice may still be on its way
		r.catchUpLocked(fo)
		r.finishSharedLocked(fo)
	}
	if notice {
		var e *apiError
		if fo, e = r.publishLocked(r.noticeLocked(wire.NoticeDismissed, operator, "")); e != nil {
			r.mu.Unlock()
			return e
		}
	}
	r.flushPushLocked(fo) // the notice goes out now, to the members it is for
	if r.pushTimer != nil {
		r.pushTimer.Stop()
	}
	r.stopMemberTipsLocked()
	r.destroyed = true
	members := r.members
	r.members = make(map[string]*member)
	r.pushers = nil
	var pollers []*poller
	for _, m := range members {
		if m.poll != nil {
			pollers = append(pollers, m.poll)
		}
	}
	for _, p := range r.guests {
		pollers = append(pollers, p)
	}
	for _, p := range pollers {
		p.armIdleLocked()
	}
	r.mu.Unlock()

	s.roomsMu.Lock()
	if s.rooms[r.id] == r {
		delete(s.rooms, r.id)
	}
	s.roomsMu.Unlock()
	fo.run()
	for _, m := range members {
		m.sess.dropRoom(m)
	}
	return nil
}

// createRoom makes an AVChatRoom from a create_group request, on every
// node of a cluster (shared_room.go).
func (s *Server) createRoom(req *wire.CreateGroupReq) (string, *apiError) {
	id, e := s.createLocalRoom(req)
	if e != nil || s.cfg.RoomStore == nil {
		return id, e
	}
	return id, s.shareRoom(id, req)
}

// createLocalRoom makes an AVChatRoom from a create_group request on this node.
func (s *Server) createLocalRoom(req *wire.CreateGroupReq) (string, *apiError) {
	switch {
	case req.Type != wire.AVChatRoomType:
		return "", fail(CodeBadParam, "group Type %q is not emulated: only %s", req.Type, wire.AVChatRoomType)
	case req.Name == "":
		return "", fail(CodeBadParam, "Name is required")
	case len(req.Name) > maxGroupNameLen:
		return "", fail(CodeBadParam, "Name is longer than %d bytes", maxGroupNameLen)
	case len(req.GroupID) > maxGroupIDLen:
		return "", fail(CodeBadParam, "GroupId is longer than %d bytes", maxGroupIDLen)
	}
	now := s.now().Unix()
	r := &room{
		srv: s, id: req.GroupID, typ: req.Type, name: req.Name, intro: req.Introduction,
		notification: req.Notification, faceURL: req.FaceURL, owner: req.OwnerAccount,
		createTime: now, infoTime: now, infoSeq: 1,
		members: make(map[string]*member), guests: make(map[string]*poller),
		roles: make(map[string]string), mutes: make(map[string]int64), cards: make(map[string]string),
	}
	if e := r.setAppDataLocked(req.AppDefinedData); e != nil {
		return "", e
	}
	s.roomsMu.Lock()
	defer s.roomsMu.Unlock()
	if len(s.rooms) >= s.cfg.MaxRooms {
		return "", fail(CodeRoomQuota, "too many AVChatRooms (max %d)", s.cfg.MaxRooms)
	}
	if r.id == "" {
		for r.id == "" || s.rooms[r.id] != nil {
			r.id = newGroupID()
		}
	} else if s.rooms[r.id] != nil {
		return "", fail(CodeGroupIDTaken, "group ID %s is in use", r.id)
	}
	s.rooms[r.id] = r
	s.stats.roomsCreated.Add(1)
	if s.cfg.RoomLog != nil { // the cluster may have published in it already
		r.mu.Lock()
		r.catchUpCountingLocked(&fanout{room: r}, false)
		r.mu.Unlock()
	}
	return r.id, nil
}

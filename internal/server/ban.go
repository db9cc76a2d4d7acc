package server

import (
	"cmp"
	"maps"
	"slices"

	"github.com/tim-go/sdk/internal/wire"
)

// Live-room bans (ban_group_member; tim-js-sdk's deleteGroupMember with a
// duration): a banned user is taken out of the room, cannot rejoin (10007)
// and so receives nothing until the ban ends. The room sees tip 10 listing
// the banned users (tip 11 when unbanned); a banned member gets system
// notice 21 (its SDK then drops the room) pushed to its own socket only:
// in the shared stream every member's SDK would drop the room. The notice
// carries the MsgSeq the ban tip then takes, so it is new to the banned
// SDK's sequence dedup while members see no gap; the banned member never
// gets that tip.

const (
	// maxBanMembers is Tencent's limit per ban_group_member call.
	maxBanMembers = 20
	// maxRoomBans bounds the bans a room remembers (expired ones are
	// pruned first).
	maxRoomBans = 100000
)

// bannedUntilLocked is the end of userID's ban (Unix seconds), 0 if none.
func (r *room) bannedUntilLocked(userID string, now int64) int64 {
	if until := r.bans[userID]; until > now {
		return until
	}
	return 0
}

// banDone is what a ban leaves to do once the room is unlocked.
type banDone struct {
	room    *room
	before  *fanout // items published before the ban, still for the banned
	tip     *fanout
	gone    []*member
	waiters []*waiter
	notice  *item // system notice 21, for the banned members only
	oper    string
}

// banLocked bans users for seconds (1 to wire.MuteForever) on behalf of
// operator, with reason as the notice's RemarkInfo. The room must be
// locked and live; the caller runs the result after unlocking. Users not
// in the room are banned too (they cannot join).
func (r *room) banLocked(operator string, users []string, seconds int64, reason string, now int64) (*banDone, *apiError) {
	switch {
	case len(users) == 0 || len(users) > maxBanMembers:
		return nil, fail(CodeBadParam, "Members_Account needs 1 to %d IDs", maxBanMembers)
	case seconds <= 0 || seconds > wire.MuteForever:
		return nil, fail(CodeBadParam, "Duration must be 1 to %d seconds", int64(wire.MuteForever))
	case slices.Contains(users, ""):
		return nil, fail(CodeBadParam, "an empty user ID in Members_Account")
	}
	if r.bans == nil {
		r.bans = make(map[string]int64)
	}
	if len(r.bans)+len(users) > maxRoomBans {
		maps.DeleteFunc(r.bans, func(_ string, until int64) bool { return until <= now })
		if len(r.bans)+len(users) > maxRoomBans {
			return nil, fail(CodeBadParam, "too many bans in group %s (max %d)", r.id, maxRoomBans)
		}
	}
	users = slices.Compact(slices.Sorted(slices.Values(users)))
	d := &banDone{room: r, before: &fanout{room: r}, oper: operator}
	r.flushPushLocked(d.before)
	notice, e := r.banNoticeLocked(r.seq+1, operator, reason) // the tip's MsgSeq
	if e != nil {
		return nil, e
	}
	d.notice = notice
	for _, u := range users {
		r.bans[u] = now + seconds
		if m := r.members[u]; m != nil {
			d.gone = append(d.gone, m)
			d.waiters = append(d.waiters, r.removeMemberLocked(m))
		}
	}
	fo, e := r.publishLocked(r.tipLocked(wire.TipBanMember, operator, users, nil))
	if e != nil {
		return nil, e
	}
	d.tip = fo
	return d, nil
}

// banNoticeLocked encodes system notice 21 with MsgSeq seq, stamped like a
// published item but kept out of the stream.
func (r *room) banNoticeLocked(seq uint64, operator, reason string) (*item, *apiError) {
	wi := r.systemItem(wire.EventGroupNotice, wire.ItemBody{Notice: &wire.NoticeBody{
		ReportType: wire.NoticeBanned, OperatorAccount: operator, RemarkInfo: reason,
	}})
	it, err := r.encodeItemLocked(wi, seq)
	if err != nil {
		return nil, fail(CodeInternal, "cannot encode the notice: %v", err)
	}
	return it, nil
}

// run delivers the ban: what the banned still had coming, their notice on
// their own socket, then the tip to the room; then the exit webhook.
func (d *banDone) run() {
	if d == nil {
		return
	}
	r := d.room
	s := r.srv
	d.before.run()
	pb := newPushBatch(s, []*item{d.notice})
	for i, m := range d.gone {
		if c := m.sess.conn.Load(); c != nil {
			c.send(outFrame{b: pb.bytes(s, c.compress)})
		}
		d.waiters[i].replyEmpty()
		m.sess.dropRoom(m)
	}
	d.tip.run()
	ids := make([]string, len(d.gone))
	for i, m := range d.gone {
		ids[i] = m.userID
	}
	s.hooks.membersExited(r, d.oper, ids, wire.ExitKicked)
}

// ban locks the room, bans users and delivers the result.
func (r *room) ban(operator string, users []string, seconds int64, reason string) *apiError {
	now := r.srv.nowUnix()
	r.mu.Lock()
	if r.destroyed {
		r.mu.Unlock()
		return fail(CodeNoGroup, "group %s does not exist", r.id)
	}
	d, e := r.banLocked(operator, users, seconds, reason, now)
	r.mu.Unlock()
	if e != nil {
		return e
	}
	d.run()
	return nil
}

// unbanLocked lifts the bans of users and returns tip 11 listing those
// that were banned (nil when none was).
func (r *room) unbanLocked(operator string, users []string, now int64) *wire.Item {
	var lifted []string
	for _, u := range users {
		if r.bannedUntilLocked(u, now) != 0 && !slices.Contains(lifted, u) {
			lifted = append(lifted, u)
		}
		delete(r.bans, u)
	}
	if len(lifted) == 0 {
		return nil
	}
	return r.tipLocked(wire.TipUnbanMember, operator, lifted, nil)
}

// bannedLocked lists the live bans, by user ID.
func (r *room) bannedLocked(now int64) []wire.BannedAccount {
	out := make([]wire.BannedAccount, 0, len(r.bans))
	for u, until := range r.bans {
		if until > now {
			out = append(out, wire.BannedAccount{MemberAccount: u, BannedUntil: until})
		}
	}
	slices.SortFunc(out, func(a, b wire.BannedAccount) int { return cmp.Compare(a.MemberAccount, b.MemberAccount) })
	return out
}

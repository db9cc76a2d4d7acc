package server

import (
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// Join and quit tips (OpType 1 and 2) of a live room.
//
// What Tencent documents: an AVChatRoom always sends join and quit
// notifications and does not store them (群成员变更通知, "邀请进群，申请进群，
// 踢人，退群下发通知且不存漫游", https://cloud.tencent.com/document/product/269/70394);
// a join tip names a list of members (V2TIM_GROUP_TIPS_TYPE_JOIN "memberList
// 加入群组", https://im.sdk.qcloud.com/doc/zh-cn/classcom_1_1tencent_1_1imsdk_1_1v2_1_1V2TIMGroupTipsElem.html),
// which tim-js-sdk 2.27.6 maps whole (payload.userIDList and memberList, the
// message's nick from the first member); and the online count a tip carries
// (OnlineInf) is only refreshed every 10 s anyway
// (https://cloud.tencent.com/document/product/269/49180). Tencent documents no
// rate limit, merging or member-count threshold for these tips.
//
// What the emulator does, by its own choice (documented in the README):
// every member of the room receives every tip, so a tip per join makes a
// ramp of N logged-in viewers cost N²/2 deliveries. In a room with fewer than
// Config.MemberTipThreshold viewers online (members and guests; default 500,
// the size below which Tencent's get_members returns a live room's whole
// list, https://www.tencentcloud.com/document/product/1047/50293) each join
// and quit gets its own tip at once, as before. From that size on, a room
// sends at most one join tip and one quit tip per Config.MemberTipInterval
// (1 s): the first join or quit after a quiet interval goes out at once;
// those that follow within the interval are gathered into one tip at its
// end, naming at most Config.MemberTipMaxList members (10, in arrival
// order); the others are counted (Stats.MemberTipsUnlisted) but not named,
// and the tip's OnlineInf carries the count. A join and a quit of the same
// user within one interval cancel out. A ramp of N viewers over T seconds
// thus costs at most 2·T/interval tips to at most N members each: linear.

// DefaultMemberTipThreshold is the online count from which a room gathers
// join and quit tips (our choice: see member_tips.go).
const DefaultMemberTipThreshold = 500

// DefaultMemberTipInterval is the least time between two gathered join
// tips (or two quit tips) of a room: the message budget's 1-s window.
const DefaultMemberTipInterval = time.Second

// DefaultMemberTipMaxList bounds the members one gathered tip names, so that
// a tip's size, and what each viewer decodes, does not grow with the ramp.
const DefaultMemberTipMaxList = 10

// memberTipState is a room's gathering of join and quit tips, guarded by
// the room's mutex.
type memberTipState struct {
	next    time.Time      // a join or quit tip may go out at once from then on
	pending map[string]int // user ID -> wire.TipMemberJoin or TipMemberQuit, not yet published
	join    []string       // named by the next join tip (at most MaxList)
	quit    []string       // named by the next quit tip
	timer   *time.Timer    // publishes the gathered tips at next
}

// memberTipLocked publishes the join or quit tip (op) of userID, or gathers
// it for the room's next tip (see above). It returns the fanout to run
// after unlocking, nil when the tip was gathered.
func (r *room) memberTipLocked(op int, userID string) *fanout {
	s := r.srv
	t := &r.memberTips
	gather := s.cfg.MemberTipThreshold > 0 && r.onlineLocked() >= s.cfg.MemberTipThreshold
	if !gather && len(t.pending) == 0 {
		return r.publishMemberTipLocked(op, []string{userID})
	}
	now := time.Now()
	if len(t.pending) == 0 && !now.Before(t.next) {
		t.next = now.Add(s.cfg.MemberTipInterval)
		return r.publishMemberTipLocked(op, []string{userID})
	}
	r.gatherMemberTipLocked(op, userID)
	if t.timer == nil {
		t.timer = time.AfterFunc(t.next.Sub(now), r.memberTipTimerFired)
	} else if len(t.pending) == 1 {
		t.timer.Reset(t.next.Sub(now))
	}
	return nil
}

// gatherMemberTipLocked adds a join or quit to the pending tips; a quit
// cancels its user's pending join and a join its pending quit (the other
// members never saw the one, so they need not see the other).
func (r *room) gatherMemberTipLocked(op int, userID string) {
	t := &r.memberTips
	if t.pending == nil {
		t.pending = make(map[string]int)
	}
	if prev, ok := t.pending[userID]; ok && prev != op {
		delete(t.pending, userID)
		list := t.listLocked(prev)
		var named bool
		*list, named = removeString(*list, userID)
		if named {
			r.srv.stats.memberTipsUnlisted.Add(2)
		} else {
			r.srv.stats.memberTipsUnlisted.Add(1) // the first was counted when gathered
		}
		return
	} else if ok {
		return // the same op twice (a rejoin by a new session): named once
	}
	t.pending[userID] = op
	if list := t.listLocked(op); len(*list) < r.srv.cfg.MemberTipMaxList {
		*list = append(*list, userID)
		return
	}
	r.srv.stats.memberTipsUnlisted.Add(1)
}

func (t *memberTipState) listLocked(op int) *[]string {
	if op == wire.TipMemberJoin {
		return &t.join
	}
	return &t.quit
}

// memberTipTimerFired publishes the gathered join tip, then the quit tip.
func (r *room) memberTipTimerFired() {
	if r.srv.isClosed() {
		return
	}
	r.mu.Lock()
	t := &r.memberTips
	if r.destroyed || len(t.pending) == 0 {
		r.mu.Unlock()
		return
	}
	join, quit := t.join, t.quit
	t.pending, t.join, t.quit = nil, nil, nil
	t.next = time.Now().Add(r.srv.cfg.MemberTipInterval)
	var fos []*fanout
	if len(join) > 0 {
		fos = append(fos, r.publishMemberTipLocked(wire.TipMemberJoin, join))
	}
	if len(quit) > 0 {
		fos = append(fos, r.publishMemberTipLocked(wire.TipMemberQuit, quit))
	}
	r.mu.Unlock()
	for _, fo := range fos {
		fo.run()
	}
}

// publishMemberTipLocked publishes a join or quit tip naming users (the
// first of them as its operator, as in a single member's tip).
func (r *room) publishMemberTipLocked(op int, users []string) *fanout {
	fo, _ := r.publishLocked(r.tipLocked(op, users[0], users, nil))
	r.srv.stats.memberTips.Add(1)
	return fo
}

// stopMemberTipsLocked drops the gathered tips of a room being destroyed.
func (r *room) stopMemberTipsLocked() {
	t := &r.memberTips
	if t.timer != nil {
		t.timer.Stop()
	}
	t.pending, t.join, t.quit = nil, nil, nil
}

// removeString removes s from list, saying whether it was there.
func removeString(list []string, s string) ([]string, bool) {
	for i, x := range list {
		if x == s {
			return append(list[:i], list[i+1:]...), true
		}
	}
	return list, false
}

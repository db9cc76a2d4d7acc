package tim

import (
	"sync"
	"time"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/types"
)

// groupListInterval is tim-js-sdk's throttle of its list events
// (js-api-surface.md 6.9): at most one GROUP_LIST_UPDATED a second.
const groupListInterval = time.Second

// emitGroupList asks for GROUP_LIST_UPDATED, as tim-js-sdk's group module
// does after a login, a join, a quit, or when a room is taken away. The
// event goes through the throttle and carries the joined groups as they
// are when it is emitted.
func (t *TIM) emitGroupList() {
	if !t.em.has(types.EventGroupListUpdated) {
		return // no timers for an instance nobody listens to
	}
	t.groupList.request(time.Now(), t.emitGroupListNow)
}

// flushGroupList emits GROUP_LIST_UPDATED at once, in place of one the
// throttle holds back: a logout or kick reports the emptied list before
// SDK_NOT_READY. (tim-js-sdk emits nothing there; a held-back event of its
// fires later with the empty list.)
func (t *TIM) flushGroupList() {
	if !t.em.has(types.EventGroupListUpdated) {
		return
	}
	t.groupList.flush(time.Now(), t.emitGroupListNow)
}

// emitGroupListNow emits GROUP_LIST_UPDATED with the joined groups.
func (t *TIM) emitGroupListNow() {
	rooms := t.roomList()
	gs := make([]*group.Group, len(rooms))
	for i, r := range rooms {
		gs[i] = r.snapshot()
	}
	t.em.emit(types.EventGroupListUpdated, gs)
}

// listThrottle spaces an event as tim-js-sdk's outer emitter does: a
// request more than groupListInterval after the last emission is emitted at
// once; one within it (re)arms a single emission groupListInterval later,
// so that a burst of changes gives one event with the final state.
type listThrottle struct {
	mu      sync.Mutex
	last    time.Time // the last emission
	timer   *time.Timer
	gen     uint64 // the armed emission's; an older timer that lost a Stop race does nothing
	stopped bool
}

func (th *listThrottle) request(now time.Time, emit func()) {
	th.mu.Lock()
	defer th.mu.Unlock()
	if th.stopped {
		return
	}
	if th.last.IsZero() || now.Sub(th.last) > groupListInterval {
		th.last = now
		emit()
		return
	}
	if th.timer != nil {
		th.timer.Stop()
	}
	th.gen++
	gen := th.gen
	th.timer = time.AfterFunc(groupListInterval, func() {
		th.mu.Lock()
		defer th.mu.Unlock()
		if th.stopped || th.gen != gen {
			return
		}
		th.last, th.timer = time.Now(), nil
		emit()
	})
}

// flush emits now and drops a pending emission.
func (th *listThrottle) flush(now time.Time, emit func()) {
	th.mu.Lock()
	defer th.mu.Unlock()
	if th.stopped {
		return
	}
	if th.timer != nil {
		th.timer.Stop()
		th.timer = nil
	}
	th.gen++
	th.last = now
	emit()
}

// stop drops a pending emission; later requests do nothing (Destroy).
func (th *listThrottle) stop() {
	th.mu.Lock()
	th.stopped = true
	if th.timer != nil {
		th.timer.Stop()
		th.timer = nil
	}
	th.mu.Unlock()
}

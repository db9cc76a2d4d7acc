package tim

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/types"
)

// emitter queues an instance's events and runs their handlers in order on
// one worker goroutine that is started on demand and exits when the queue
// is empty.
type emitter struct {
	log   *zap.Logger
	limit int // MESSAGE_RECEIVED batches that may wait

	mu       sync.Mutex
	handlers map[types.EventName][]*handler
	nextID   uint64
	queue    []queued // from head on: what waits
	head     int
	msgs     int // MESSAGE_RECEIVED batches in queue
	dropped  int // batches dropped since the queue last drained
	running  bool
	closed   bool
	exited   chan struct{} // set by close while the worker runs; closed when it stops
}

type handler struct {
	id   uint64
	fn   func(any)
	once bool
}

type queued struct {
	name types.EventName
	data any
}

func newEmitter(log *zap.Logger, limit int) *emitter {
	return &emitter{log: log, limit: limit, handlers: make(map[types.EventName][]*handler)}
}

func (e *emitter) on(name types.EventName, fn func(any), once bool) func() {
	e.mu.Lock()
	e.nextID++
	id := e.nextID
	e.handlers[name] = append(e.handlers[name], &handler{id: id, fn: fn, once: once})
	e.mu.Unlock()
	return func() { e.remove(name, id) }
}

func (e *emitter) remove(name types.EventName, id uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	hs := e.handlers[name]
	for i, h := range hs {
		if h.id == id {
			e.handlers[name] = append(hs[:i:i], hs[i+1:]...)
			return
		}
	}
}

func (e *emitter) offAll(name types.EventName) {
	e.mu.Lock()
	delete(e.handlers, name)
	e.mu.Unlock()
}

// has reports whether name has handlers (emitters skip building data).
func (e *emitter) has(name types.EventName) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.handlers[name]) > 0
}

// emit queues an event; events nobody listens to are dropped at once.
func (e *emitter) emit(name types.EventName, data any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed || len(e.handlers[name]) == 0 {
		return
	}
	if name == types.EventMessageReceived {
		if e.msgs >= e.limit {
			e.dropOldestMessageLocked()
		}
		e.msgs++
	}
	e.pushLocked(queued{name, data})
	if !e.running {
		e.running = true
		go e.work()
	}
}

// dropOldestMessageLocked removes the oldest MESSAGE_RECEIVED batch and, the
// first time since the queue drained, queues one ERROR about it.
func (e *emitter) dropOldestMessageLocked() {
	for i := e.head; i < len(e.queue); i++ {
		if e.queue[i].name == types.EventMessageReceived {
			copy(e.queue[i:], e.queue[i+1:])
			e.queue[len(e.queue)-1] = queued{}
			e.queue = e.queue[:len(e.queue)-1]
			e.msgs--
			break
		}
	}
	e.dropped++
	if e.dropped == 1 && len(e.handlers[types.EventError]) > 0 {
		err := newError(types.ErrOverFrequencyLimit,
			fmt.Sprintf("event queue full: MESSAGE_RECEIVED handlers lag more than %d batches; dropping the oldest", e.limit))
		e.pushLocked(queued{types.EventError, err})
	}
	e.log.Warn("event queue full; dropped the oldest message batch", zap.Int("dropped", e.dropped))
}

// work runs queued events until the queue is empty.
func (e *emitter) work() {
	for {
		e.mu.Lock()
		if e.head == len(e.queue) {
			e.running = false
			e.msgs, e.dropped = 0, 0
			e.resetQueueLocked()
			if e.exited != nil {
				close(e.exited)
				e.exited = nil
			}
			e.mu.Unlock()
			return
		}
		q := e.queue[e.head]
		e.queue[e.head] = queued{}
		e.head++
		if q.name == types.EventMessageReceived {
			e.msgs--
		}
		hs := e.takeLocked(q.name)
		e.mu.Unlock()
		for _, h := range hs {
			e.call(h, q)
		}
	}
}

// keptQueue is the largest queue array kept for reuse once the queue
// drains: at a room's pace one batch waits at a time, and a fresh array per
// batch would be an allocation per message and viewer; a burst's larger
// array goes.
const keptQueue = 8

// pushLocked appends q, first moving what waits to the front of a full
// array rather than growing it past what was taken.
func (e *emitter) pushLocked(q queued) {
	if e.head > 0 && len(e.queue) == cap(e.queue) {
		n := copy(e.queue, e.queue[e.head:])
		clear(e.queue[n:])
		e.queue, e.head = e.queue[:n], 0
	}
	e.queue = append(e.queue, q)
}

// resetQueueLocked empties the queue, keeping a small array.
func (e *emitter) resetQueueLocked() {
	if cap(e.queue) > keptQueue {
		e.queue = nil
	} else {
		e.queue = e.queue[:0]
	}
	e.head = 0
}

// takeLocked snapshots name's handlers and unregisters the once-handlers.
// The snapshot shares the list instead of copying it (one event per
// message batch per viewer must not allocate): a handler list is never
// written in place below its length — on appends past it, remove and this
// build new arrays — so the snapshot cannot change under the worker.
func (e *emitter) takeLocked(name types.EventName) []*handler {
	hs := e.handlers[name]
	for i, h := range hs {
		if !h.once {
			continue
		}
		kept := make([]*handler, i, len(hs)-1)
		copy(kept, hs[:i])
		for _, h := range hs[i+1:] {
			if !h.once {
				kept = append(kept, h)
			}
		}
		e.handlers[name] = kept
		break
	}
	return hs
}

func (e *emitter) call(h *handler, q queued) {
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("event handler panicked", zap.String("event", string(q.name)), zap.Any("panic", r))
		}
	}()
	h.fn(q.data)
}

// closeDrainWait bounds how long close waits for the queued events when its
// context does not end sooner: a handler stuck for good must not hang
// Destroy.
const closeDrainWait = 2 * time.Second

// close takes no more events and lets those already queued run (Destroy's
// logout queues SDK_NOT_READY and the emptied GROUP_LIST_UPDATED just
// before), waiting for the worker until ctx ends or closeDrainWait passes;
// then it drops what is left, and the worker exits after the handler it is
// running.
func (e *emitter) close(ctx context.Context) {
	e.mu.Lock()
	e.closed = true
	if !e.running {
		e.queue, e.head, e.msgs = nil, 0, 0
		e.mu.Unlock()
		return
	}
	exited := make(chan struct{})
	e.exited = exited
	e.mu.Unlock()
	wait := time.NewTimer(closeDrainWait)
	defer wait.Stop()
	select {
	case <-exited:
		return
	case <-ctx.Done():
	case <-wait.C:
	}
	e.mu.Lock()
	e.queue, e.head, e.msgs = nil, 0, 0
	e.mu.Unlock()
}

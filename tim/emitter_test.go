package tim

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/types"
)

func newTestTIM(limit int) *TIM {
	return &TIM{em: newEmitter(zap.NewNop(), limit)}
}

func TestEmitterOrderOnceOffAndPanic(t *testing.T) {
	tm := newTestTIM(10)
	var mu sync.Mutex
	var got []string
	rec := func(s string) { mu.Lock(); got = append(got, s); mu.Unlock() }
	On(tm, NetStateChange, func(e NetStateEvent) { rec("a:" + string(e.State)) })
	off := On(tm, NetStateChange, func(e NetStateEvent) { rec("b:" + string(e.State)) })
	Once(tm, NetStateChange, func(e NetStateEvent) { rec("once:" + string(e.State)) })
	On(tm, SDKReady, func(struct{}) { panic("handler bug") })
	tm.em.emit(types.EventSDKReady, struct{}{})
	tm.em.emit(types.EventNetStateChange, NetStateEvent{types.NetStateConnected})
	waitUntil(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 3 })
	off()
	tm.em.emit(types.EventNetStateChange, NetStateEvent{types.NetStateConnecting})
	waitUntil(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 4 })
	mu.Lock()
	defer mu.Unlock()
	want := []string{"a:connected", "b:connected", "once:connected", "a:connecting"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("handlers ran %v, want %v", got, want)
		}
	}
}

// A slow MESSAGE_RECEIVED handler: the queue keeps the newest batches up to
// its bound, drops the oldest, and reports it once with an ERROR event.
func TestEmitterDropsOldestMessagesWhenFull(t *testing.T) {
	tm := newTestTIM(3)
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	var mu sync.Mutex
	var seqs []uint64
	var errs []*Error
	On(tm, MessageReceived, func(ms []*message.Message) {
		select {
		case started <- struct{}{}:
		default:
		}
		<-release
		mu.Lock()
		seqs = append(seqs, ms[0].Sequence)
		mu.Unlock()
	})
	On(tm, ErrorEvent, func(e *Error) { mu.Lock(); errs = append(errs, e); mu.Unlock() })
	tm.em.emit(types.EventMessageReceived, []*message.Message{{Sequence: 1}})
	<-started
	for i := uint64(2); i <= 10; i++ {
		tm.em.emit(types.EventMessageReceived, []*message.Message{{Sequence: i}})
	}
	close(release)
	waitUntil(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(errs) == 1 && len(seqs) == 4 })
	time.Sleep(20 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	// Batch 1 was running when the others came; 8, 9, 10 are the newest three.
	if want := []uint64{1, 8, 9, 10}; len(seqs) != 4 || seqs[0] != want[0] || seqs[1] != want[1] || seqs[3] != want[3] {
		t.Fatalf("delivered %v, want %v", seqs, want)
	}
	if errs[0].Code != types.ErrOverFrequencyLimit {
		t.Fatalf("error %v", errs[0])
	}
}

// The worker goroutine exists only while events wait.
func TestEmitterWorkerOnDemand(t *testing.T) {
	tm := newTestTIM(10)
	done := make(chan struct{}, 1)
	On(tm, SDKReady, func(struct{}) { done <- struct{}{} })
	base := runtime.NumGoroutine()
	tm.em.emit(types.EventSDKReady, struct{}{})
	<-done
	waitUntil(t, func() bool { return runtime.NumGoroutine() <= base })
	tm.em.mu.Lock()
	running := tm.em.running
	tm.em.mu.Unlock()
	if running {
		t.Fatal("worker still marked running")
	}
}

func TestWindow(t *testing.T) {
	w := newWindow[int](3)
	for i := 1; i <= 3; i++ {
		if !w.add(i) {
			t.Fatalf("add(%d) not new", i)
		}
	}
	if w.add(2) {
		t.Fatal("2 is a duplicate")
	}
	w.add(4) // evicts 1
	if w.has(1) || !w.has(2) || !w.has(4) {
		t.Fatal("eviction order wrong")
	}
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

package tim

import (
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// SetLogLevel filters the app's logger with tim-js-sdk's levels, and the
// logged-in instance sends wshello every HelloInterval.
func TestLogLevelAndHello(t *testing.T) {
	r := newTestRoom(t, timtest.Options{HelloInterval: time.Second})
	core, logs := observer.New(zapcore.DebugLevel)
	c := r.client(WithLogger(zap.New(core)), WithLogLevel(LogLevelAll))
	if err := c.Login(ctxT(t), "alice", r.srv.UserSig("alice")); err != nil {
		t.Fatal(err)
	}
	hellos := func() int {
		return logs.Filter(func(e observer.LoggedEntry) bool {
			return e.Message == "frame out" && e.ContextMap()["servcmd"] == wire.CmdHello
		}).Len()
	}
	waitUntil(t, func() bool { return hellos() >= 2 })

	c.SetLogLevel(LogLevelNone)
	n := logs.Len()
	time.Sleep(1500 * time.Millisecond)
	if logs.Len() != n {
		t.Fatalf("level 4 logged %d entries", logs.Len()-n)
	}
	c.SetLogLevel(LogLevelWarn)
	c.log.Info("hidden")
	c.log.Warn("shown")
	if logs.FilterMessage("hidden").Len() != 0 || logs.FilterMessage("shown").Len() != 1 {
		t.Fatal("level 2 does not filter info")
	}
}

func TestOffRemovesHandlers(t *testing.T) {
	tm := newTestTIM(10)
	called := make(chan struct{}, 2)
	On(tm, SDKNotReady, func(struct{}) { called <- struct{}{} })
	On(tm, SDKNotReady, func(struct{}) { called <- struct{}{} })
	Off(tm, SDKNotReady)
	tm.em.emit(types.EventSDKNotReady, struct{}{})
	select {
	case <-called:
		t.Fatal("a handler ran after Off")
	case <-time.After(100 * time.Millisecond):
	}
	if SDKNotReady.Name() != types.EventSDKNotReady || MessageReceived.Name() != "onMessageReceived" {
		t.Fatal("event names differ from TIM.EVENT")
	}
}

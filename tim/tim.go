// Package tim is a Go port of tim-js-sdk 2.27.6 for Tencent Cloud IM live
// rooms (AVChatRoom): log in or stay a guest, join a room, receive its
// messages, tips and notices, and send text, custom and face messages, over
// the same WebSocket protocol as the web SDK.
//
// Names follow the JS SDK (TIM.create → Create, joinGroup → JoinGroup,
// MESSAGE_RECEIVED → MessageReceived), with Go manners: every call that
// waits takes a context, errors are *Error values with tim-js-sdk's codes,
// and event data is typed:
//
//	t := tim.New(sdkAppID, tim.WithProxyServer(url))
//	defer t.Destroy(context.Background())
//	tim.On(t, tim.MessageReceived, func(msgs []*message.Message) { … })
//	_ = t.Login(ctx, "alice", userSig)
//	_, _ = t.JoinGroup(ctx, "@TGS#aLIVEROOM")
//
// Unlike tim-js-sdk, New gives independent instances, so one process can
// hold thousands of viewers; an idle instance costs one reader goroutine
// and a few timers.
package tim

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/conn"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/profile"
	"github.com/tim-go/sdk/types"
)

// TIM is one SDK instance (the object TIM.create returns).
type TIM struct {
	sdkAppID uint64
	opts     options
	log      *zap.Logger
	logLevel atomic.Int32
	conn     *conn.Conn
	em       *emitter
	recv     *receiver

	sess     atomic.Pointer[session] // nil until logged in
	bcastSeq atomic.Uint64           // highest NextBroadcastSeq seen
	netUp    atomic.Bool             // the socket is connected (NET_STATE_CHANGE)

	mu         sync.Mutex
	login      loginState
	notReady   types.Code // the not-ready reason (2024 before any login)
	ready      bool
	myProfile  *profile.Profile
	rooms      map[string]*room
	hello      *time.Timer
	clientSeq  uint64
	destroyed  bool
	registered bool // in the Create registry

	wg sync.WaitGroup // on-demand goroutines (kick handling, rejoin)

	groupList listThrottle // spaces GROUP_LIST_UPDATED (group_list.go)

	limits limiter // tim-js-sdk's client-side command limits (ratelimit.go)
}

type loginState int

const (
	loggedOut loginState = iota
	loggingIn
	loggedIn
)

// session is what wslogin gave; the head of every later request.
type session struct {
	userID  string
	userSig string
	a2      string
	tinyID  string
	instID  uint64
	hello   time.Duration
	offset  time.Duration // server clock − local clock
}

// New returns an independent instance. It opens no socket until the first
// call that needs one (Login, JoinGroup).
func New(sdkAppID uint64, opts ...Option) *TIM {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	t := &TIM{sdkAppID: sdkAppID, opts: o, notReady: types.ErrNotLoggedIn, rooms: make(map[string]*room)}
	t.logLevel.Store(int32(o.logLevel))
	t.log = filteredLogger(o.logger, &t.logLevel)
	connLog := t.log
	if !isNop(t.log) { // deriving from a no-op logger only allocates
		t.log = t.log.With(zap.Uint64("sdkAppID", sdkAppID))
		connLog = t.log.Named("conn")
	}
	t.em = newEmitter(t.log, o.eventQueueSize)
	t.recv = newReceiver(o.unlimitedAV)
	t.conn = conn.New(conn.Config{
		URLs:           o.urls(sdkAppID),
		SDKAppID:       sdkAppID,
		Head:           t.head,
		OnPush:         t.onPush,
		PushBorrows:    true, // onPush decodes the body before it returns
		OnOpen:         t.onOpen,
		OnNetState:     t.onNetState,
		RequestTimeout: o.requestTimeout,
		AliveTimeout:   AliveTimeout,
		Backoff:        conn.Backoff{Min: o.reconnectMin, Max: o.reconnectMax, Factor: conn.DefaultBackoffFactor},
		Logger:         connLog,
		TLSConfig:      o.tlsConfig,
	})
	if !isNop(t.log) {
		t.log = t.log.With(zap.String("instance", t.conn.InstanceID()))
	}
	instanceBorn()
	return t
}

// SDKAppID is the application the instance belongs to.
func (t *TIM) SDKAppID() uint64 { return t.sdkAppID }

// IsReady reports whether login finished (SDK_READY fired) and no logout or
// kick happened since (tim-js-sdk 3.x isReady).
func (t *TIM) IsReady() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ready
}

// UserID is the logged-in user, or "" (JS getLoginUser).
func (t *TIM) UserID() string {
	if s := t.sess.Load(); s != nil {
		return s.userID
	}
	return ""
}

// Destroy logs out (when logged in), closes the socket (code 4000), stops
// every timer and goroutine of the instance and removes it from the Create
// registry. The events already queued, the logout's SDK_NOT_READY and
// emptied GROUP_LIST_UPDATED among them, still reach their handlers before
// Destroy returns, unless ctx ends or the handlers take more than two
// seconds: then the rest is dropped. Destroy always succeeds; a second call
// does nothing.
func (t *TIM) Destroy(ctx context.Context) error {
	t.mu.Lock()
	if t.destroyed {
		t.mu.Unlock()
		return nil
	}
	t.destroyed = true
	logged := t.login == loggedIn
	t.mu.Unlock()
	if logged {
		t.logout(ctx)
	}
	t.mu.Lock()
	t.stopSessionLocked()
	rooms := t.takeRoomsLocked()
	t.mu.Unlock()
	stopRooms(rooms)
	t.conn.Destroy()
	t.wg.Wait()
	t.groupList.stop()
	t.em.close(ctx)
	unregister(t)
	instanceGone()
	return nil
}

// goTracked runs fn on a goroutine Destroy waits for; nothing after Destroy.
func (t *TIM) goTracked(fn func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.destroyed {
		return
	}
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		fn()
	}()
}

// now is the server clock as learnt at login.
func (t *TIM) now() time.Time {
	if s := t.sess.Load(); s != nil {
		return time.Now().Add(s.offset)
	}
	return time.Now()
}

// head is the head of a request: logged-in (a2) once there is a session,
// guest before.
func (t *TIM) head(servcmd string, seq uint64, now int64) wire.Head {
	if s := t.sess.Load(); s != nil {
		return wire.SessionHeadRef(t.sdkAppID, s.a2, s.tinyID, &s.instID, servcmd, seq, now)
	}
	return wire.GuestHead(t.sdkAppID, servcmd, seq, now)
}

// guestHead is the head of the noauth commands, a2 or not.
func (t *TIM) guestHead(servcmd string, seq uint64, now int64) wire.Head {
	return wire.GuestHead(t.sdkAppID, servcmd, seq, now)
}

// checkReady is tim-js-sdk's gate for calls outside its not-ready
// whitelist: when the SDK is not ready, the call named api (its tim-js-sdk
// name) fails with the not-ready reason and the same error is emitted as
// ERROR (see notReadyError).
func (t *TIM) checkReady(api string) error {
	t.mu.Lock()
	destroyed, ready, reason := t.destroyed, t.ready, t.notReady
	t.mu.Unlock()
	switch {
	case destroyed:
		return errDestroyed
	case ready:
		return nil
	}
	return t.notReadyError(reason, api)
}

// onNetState forwards the connection state and resumes polling once a
// socket is back.
func (t *TIM) onNetState(s conn.NetState) {
	t.netUp.Store(s == conn.Connected)
	t.em.emit(types.EventNetStateChange, NetStateEvent{State: types.NetState(s)})
	if s == conn.Connected {
		t.resumeRooms()
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// server is the business backend of one room: the webhook listener with
// its rules (hooks), the like batcher, the moderation worker and the
// notice schedule. It uses only the REST API and the webhooks, as it
// would against Tencent IM.
type server struct {
	cfg   config
	env   *env
	room  string
	feed  *feed
	hooks *hooks
	likes *likeBatcher
	mod   *moderator
	http  *http.Server

	refusedCallbacks atomic.Int64 // callbacks the handler refused (signature, body)
	handling         atomic.Int64 // callbacks being answered now
	noticesSent      atomic.Int64
	noticeErrs       atomic.Int64

	ctx    context.Context // the loops' context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	served chan error // Serve's result
}

// HTTP server bounds: a callback body is at most webhook.DefaultMaxBody.
const (
	readTimeout     = 10 * time.Second
	writeTimeout    = 10 * time.Second
	idleTimeout     = 60 * time.Second
	shutdownTimeout = 5 * time.Second
	shutdownPoll    = 10 * time.Millisecond
	flushTimeout    = 10 * time.Second // the last like flush
	noticeTimeout   = 10 * time.Second
)

// startServer serves the webhooks of room and starts the moderation
// worker and the like batcher. The notice schedule starts with
// startNotices.
func startServer(ctx context.Context, cfg config, e *env, room string, f *feed) *server {
	s := &server{cfg: cfg, env: e, room: room, feed: f, served: make(chan error, 1)}
	s.ctx, s.cancel = context.WithCancel(context.WithoutCancel(ctx))
	s.likes = &likeBatcher{interval: cfg.LikeFlush, add: s.addLikes}
	s.hooks = newHooks(room, cfg.Host, newReviewer(cfg.Blocked, cfg.Masked), s.likes, f.printf)
	s.mod = newModerator(e.rest, room, s.hooks.cmds, f.printf)
	h := s.hooks.handler(e.sdkAppID, e.token)
	h.OnError = func(r *http.Request, status int, err error) {
		s.refusedCallbacks.Add(1)
		f.printf("webhook", "refused a callback: %d %v", status, err)
	}
	mux := http.NewServeMux()
	mux.Handle(callbackPath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.handling.Add(1)
		defer s.handling.Add(-1)
		h.ServeHTTP(w, r)
	}))
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: readTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout}
	go func() { s.served <- s.http.Serve(e.ln) }()
	s.wg.Go(func() { s.mod.run(s.ctx) })
	s.wg.Go(func() { s.likes.run(s.ctx, flushTimeout) })
	return s
}

// addLikes is the batcher's flush: update_group_counter, Mode Increase.
func (s *server) addLikes(ctx context.Context, n int64) error {
	v, err := s.env.rest.IncreaseCounter(ctx, s.room, s.cfg.LikeKey, n)
	if err != nil {
		s.feed.printf("likes", "+%d not written (kept for the next flush): %v", n, err)
		return err
	}
	s.feed.printf("likes", "+%d: counter %q = %d (update_group_counter)", n, s.cfg.LikeKey, v)
	return nil
}

// startNotices sends a system notice every cfg.NoticeEvery until the
// server stops.
func (s *server) startNotices() {
	if s.cfg.NoticeEvery <= 0 {
		return
	}
	s.wg.Go(func() {
		t := time.NewTicker(s.cfg.NoticeEvery)
		defer t.Stop()
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-t.C:
				s.notice()
			}
		}
	})
}

// notice sends one system notice (send_group_system_notification).
func (s *server) notice() {
	ctx, cancel := context.WithTimeout(s.ctx, noticeTimeout)
	defer cancel()
	n := s.noticesSent.Load() + 1
	text := fmt.Sprintf("#%d %s", n, s.cfg.NoticeText)
	if err := s.env.rest.SystemNotice(ctx, s.room, text); err != nil {
		if s.ctx.Err() == nil {
			s.noticeErrs.Add(1)
			s.feed.printf("notice", "not sent: %v", err)
		}
		return
	}
	s.noticesSent.Store(n)
	s.feed.printf("notice", "%q (send_group_system_notification)", text)
}

// stop shuts the HTTP server down, letting the callbacks being answered
// finish, then ends the loops (the batcher flushes what it holds, the
// likes of those last callbacks included). Callbacks arriving later are
// not answered.
//
// A connection the caller opened but sent nothing on yet (an HTTP client
// may dial ahead and keep the connection for later) would hold Shutdown up
// for seconds (net/http waits 5 s for its first request), so Shutdown ends
// as soon as no callback is being answered, and the rest is closed: that
// is not a failure, a callback still being answered at the timeout is.
func (s *server) stop() error {
	defer s.wg.Wait()
	defer s.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	idle, stopPoll := context.WithCancel(ctx)
	defer stopPoll()
	go func() {
		t := time.NewTicker(shutdownPoll)
		defer t.Stop()
		for s.handling.Load() > 0 {
			select {
			case <-idle.Done():
				return
			case <-t.C:
			}
		}
		stopPoll()
	}()
	err := s.http.Shutdown(idle)
	if err != nil {
		if ctx.Err() == nil || s.handling.Load() == 0 {
			err = nil
		}
		s.http.Close()
	}
	if serr := <-s.served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// restTimeout bounds the REST calls of the run itself (room, counter).
const restTimeout = 10 * time.Second

// run starts the backend, plays the scripted room (or, with no scripted
// viewers, serves until cfg.Duration is over or ctx ends), stops
// everything and prints the summary, which it returns. It fails when the
// room cannot be set up.
func run(ctx context.Context, cfg config, w io.Writer) (*summary, error) {
	f := newFeed(w)
	e, err := connect(cfg)
	if err != nil {
		return nil, err
	}
	defer e.close()
	f.printf("backend", "on %s", e.desc)
	cleanup := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.WithoutCancel(ctx), cfg.Teardown)
	}

	room, created := cfg.Group, false
	if room == "" {
		rctx, cancel := context.WithTimeout(ctx, restTimeout)
		room, err = e.rest.CreateRoom(rctx, "", "tim-go backend demo")
		cancel()
		if err != nil {
			e.ln.Close()
			return nil, fmt.Errorf("create room: %w", err)
		}
		created = true
		f.printf("backend", "created live room %s (create_group, AVChatRoom)", room)
	}
	sum := &summary{Server: e.desc, Room: room, Scripted: cfg.Viewers > 0}
	destroy := func() {
		if !created {
			return
		}
		dctx, cancel := cleanup()
		defer cancel()
		if err := e.rest.DestroyRoom(dctx, room); err != nil {
			sum.Errors = append(sum.Errors, fmt.Sprintf("destroy room: %v", err))
		}
	}
	sum.CounterStart, err = readCounter(ctx, e, room, cfg.LikeKey)
	if err != nil {
		sum.CounterErr = err.Error()
	}

	srv := startServer(ctx, cfg, e, room, f)
	var sc *scene
	began := time.Now()
	if cfg.Viewers > 0 {
		sc = &scene{cfg: cfg, env: e, srv: srv, feed: f, room: room}
		if err := sc.setup(ctx); err != nil {
			tctx, cancel := cleanup()
			sc.teardown(tctx)
			cancel()
			srv.stop()
			destroy()
			return nil, fmt.Errorf("scripted room: %w", err)
		}
		srv.startNotices()
		began = time.Now()
		sc.play(ctx)
		sum.Duration = time.Since(began)
		sc.drain(ctx)
		tctx, cancel := cleanup()
		sc.teardown(tctx)
		cancel()
	} else {
		srv.startNotices()
		f.printf("backend", "serving room %s: point the console's callback URL here; Ctrl-C ends", room)
		serve(ctx, cfg.Duration)
		sum.Duration = time.Since(began)
	}
	if ctx.Err() != nil {
		f.printf("backend", "stopped early")
	}
	if err := srv.stop(); err != nil {
		sum.Errors = append(sum.Errors, fmt.Sprintf("webhook server: %v", err))
	}
	final, err := readCounter(ctx, e, room, cfg.LikeKey)
	if err != nil {
		sum.CounterErr = err.Error()
	}
	sum.CounterFinal = final
	destroy()

	sum.collect(cfg, srv, sc)
	sum.print(w)
	return sum, nil
}

// serve waits for d (0: for ever) or until ctx ends.
func serve(ctx context.Context, d time.Duration) {
	if d <= 0 {
		<-ctx.Done()
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// readCounter reads the like counter (0 when the room has none yet).
func readCounter(ctx context.Context, e *env, room, key string) (int64, error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restTimeout)
	defer cancel()
	cs, err := e.rest.Counters(rctx, room)
	if err != nil {
		return 0, fmt.Errorf("get_group_counter: %w (group counters need the Pro, Pro Plus or Enterprise edition: trtc.io/document/53428)", err)
	}
	return cs[key], nil
}

// collect fills the summary from the backend and the scene.
func (s *summary) collect(cfg config, srv *server, sc *scene) {
	s.Hooks, s.OnlineAtEnd = srv.hooks.snapshot()
	s.LikesCounted, s.LikesPending = srv.likes.totals()
	s.FlushFailures = srv.likes.failures()
	s.NoticesSent, s.NoticeErrors = srv.noticesSent.Load(), srv.noticeErrs.Load()
	s.RefusedCallbacks = srv.refusedCallbacks.Load()
	for _, r := range srv.mod.done() {
		if r.err != nil {
			s.Commands = append(s.Commands, fmt.Sprintf("%-24s failed: %v", r.cmd, r.err))
			continue
		}
		s.CommandsOK++
		s.Commands = append(s.Commands, fmt.Sprintf("%-24s done", r.cmd))
	}
	if s.NoticeErrors > 0 {
		s.Errors = append(s.Errors, fmt.Sprintf("%d notices not sent", s.NoticeErrors))
	}
	if sc == nil {
		return
	}
	s.Scene = sc.snapshot()
	s.Viewers = len(sc.viewers)
	for _, v := range sc.viewers {
		if v.guest {
			s.Guests++
		}
	}
	s.Errors = append(s.Errors, s.Scene.ScriptErrors...)
}

package tim

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/hostile"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// answering is a script that answers servcmd with reply and everything else
// plausibly; a nil reply answers nothing.
func answering(servcmd string, reply func(c *hostile.Conn, f *wire.Frame)) hostile.Handler {
	return func(c *hostile.Conn, f *wire.Frame) {
		if f.Head.Servcmd == servcmd {
			if reply != nil {
				reply(c, f)
			}
			return
		}
		hostile.Plausible(c, f)
	}
}

// Issue 11 point 9: Login against a server that never answers, or answers
// with bytes no frame decoder reads, or a body that is not JSON, fails with
// a *Error carrying a Tencent-style code while the caller's context is
// live.
func TestLoginErrorsAreTIMErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply func(c *hostile.Conn, f *wire.Frame)
		code  types.Code
	}{
		{"no reply", nil, types.ErrNetworkTimeout},
		{"garbage frame", func(c *hostile.Conn, f *wire.Frame) { _ = c.WriteRaw([]byte("\x00\xffnot a frame")) }, types.ErrNetworkTimeout},
		// A frame whose body is not JSON is no frame: it is dropped.
		{"body not json", func(c *hostile.Conn, f *wire.Frame) { _ = c.ReplyRaw(f, []byte("<html>502</html>")) }, types.ErrNetworkTimeout},
		{"body a string", func(c *hostile.Conn, f *wire.Frame) { _ = c.ReplyRaw(f, []byte(`"<html>502</html>"`)) }, types.ErrUncaught},
		{"body an array", func(c *hostile.Conn, f *wire.Frame) { _ = c.ReplyRaw(f, []byte(`[1,2]`)) }, types.ErrUncaught},
		{"wrong field type", func(c *hostile.Conn, f *wire.Frame) {
			_ = c.ReplyRaw(f, []byte(`{"ActionStatus":"OK","ErrorCode":0,"A2Key":"a","TinyId":"1","HelloInterval":"soon"}`))
		}, types.ErrUncaught},
		{"no A2Key", func(c *hostile.Conn, f *wire.Frame) {
			_ = c.ReplyRaw(f, []byte(`{"ActionStatus":"OK","ErrorCode":0,"TinyId":"1"}`))
		}, types.ErrNoA2Key},
		{"no TinyId", func(c *hostile.Conn, f *wire.Frame) {
			_ = c.ReplyRaw(f, []byte(`{"ActionStatus":"OK","ErrorCode":0,"A2Key":"a"}`))
		}, types.ErrNoTinyID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, tm := newHostile(t, answering(wire.CmdLogin, tc.reply))
			tm.opts.loginTimeout = 500 * time.Millisecond
			err := tm.Login(context.Background(), "alice", "sig")
			wantCode(t, err, tc.code)
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				t.Fatalf("%v: a live context reported as ended", err)
			}
		})
	}
}

// When the caller's own context ends, the error is still a *Error (2801
// for a deadline, 2800 for a cancel) and also matches the context's error.
func TestCallerContextErrorsAreTIMErrors(t *testing.T) {
	_, tm := newHostile(t, answering(wire.CmdLogin, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := tm.Login(ctx, "alice", "sig")
	wantCode(t, err, types.ErrNetworkTimeout)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v does not match context.DeadlineExceeded", err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	err = tm.Login(ctx, "alice", "sig")
	wantCode(t, err, types.ErrNetwork)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("%v does not match context.Canceled", err)
	}
}

// The same holds past login: a join the server never answers fails with a
// *Error when the caller's deadline passes.
func TestJoinTimeoutIsTIMError(t *testing.T) {
	_, tm := newHostile(t, answering(wire.CmdApplyJoin, nil))
	if err := tm.Login(ctxT(t), "alice", "sig"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := tm.JoinGroup(ctx, "@TGS#aRoom")
	wantCode(t, err, types.ErrNetworkTimeout)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v does not match context.DeadlineExceeded", err)
	}
}

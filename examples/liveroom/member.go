package main

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
)

// member is one person in the room: the host, or a viewer (logged in or a
// guest), each with their own SDK instance, as on their own device.
type member struct {
	id     string // user ID; a guest's name is only a label
	guest  bool
	viewer bool // counted as a receiver (the host is not)
	t      *tim.TIM

	// What this viewer saw: the host's welcome, the admin's actions.
	welcomed   atomic.Bool
	muteSeen   atomic.Bool
	noticeSeen atomic.Bool
	likesSeen  atomic.Int64 // the last like total seen in the room field
}

// order asks a member to send one message.
type order struct {
	kind kind
	text string // danmaku and replies
}

// label is how the feed names the member.
func (m *member) label() string {
	if m.guest {
		return m.id + " (guest)"
	}
	return m.id
}

// enter creates the member's instance, installs handle for
// MESSAGE_RECEIVED, logs in (unless a guest) and joins the room.
func enter(ctx context.Context, b *backend, id string, guest, viewer bool, room string,
	handle func(*member, []*message.Message)) (*member, error) {
	m := &member{id: id, guest: guest, viewer: viewer, t: tim.New(b.sdkAppID, b.opts...)}
	m.likesSeen.Store(-1)
	tim.On(m.t, tim.MessageReceived, func(msgs []*message.Message) { handle(m, msgs) })
	err := m.join(ctx, b, room)
	if err != nil {
		m.leave(ctx)
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	return m, nil
}

func (m *member) join(ctx context.Context, b *backend, room string) error {
	if !m.guest {
		sig, ok := b.sig(m.id)
		if !ok {
			return errors.New("no UserSig for this user")
		}
		if err := m.t.Login(ctx, m.id, sig); err != nil {
			return fmt.Errorf("login: %w", err)
		}
	}
	if _, err := m.t.JoinGroup(ctx, room); err != nil {
		return fmt.Errorf("join %s: %w", room, err)
	}
	return nil
}

// leave logs out and stops the instance; a guest just stops.
func (m *member) leave(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), leaveTimeout)
	defer cancel()
	_ = m.t.Destroy(ctx) // always succeeds; a failed logout only leaves a session to expire
}

// leaveTimeout bounds one member's logout.
const leaveTimeout = 5 * time.Second

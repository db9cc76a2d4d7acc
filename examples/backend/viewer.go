package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/types"
)

// viewer is one scripted person in the room, the host included, each with
// their own SDK instance as on their own device.
type viewer struct {
	id    string // user ID; a guest's is only a label
	guest bool
	t     *tim.TIM

	welcomed   atomic.Bool // saw the host's welcome: receiving
	bannedSeen atomic.Bool // got system notice 21 (banned)
}

// Timeouts of the scripted viewers' calls.
const (
	sendTimeout  = 10 * time.Second
	leaveTimeout = 5 * time.Second
)

// enter creates the viewer's instance, installs the receive handlers, logs
// in (unless a guest) and joins the room.
func (sc *scene) enter(ctx context.Context, id string, guest bool) (*viewer, error) {
	v := &viewer{id: id, guest: guest, t: tim.New(sc.env.sdkAppID, sc.env.sdkOpts...)}
	tim.On(v.t, tim.MessageReceived, func(msgs []*message.Message) { sc.received(v, msgs) })
	tim.On(v.t, tim.GroupCounterUpdated, func(u group.CounterUpdate) { sc.counterSeen(u) })
	err := func() error {
		if !guest {
			sig, err := sc.env.userSig(id)
			if err != nil {
				return fmt.Errorf("UserSig: %w", err)
			}
			if err := v.t.Login(ctx, id, sig); err != nil {
				return fmt.Errorf("login: %w", err)
			}
		}
		if _, err := v.t.JoinGroup(ctx, sc.room); err != nil {
			return fmt.Errorf("join %s: %w", sc.room, err)
		}
		return nil
	}()
	if err != nil {
		v.leave(ctx)
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	return v, nil
}

// leave logs out and stops the instance; a guest just stops.
func (v *viewer) leave(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), leaveTimeout)
	defer cancel()
	_ = v.t.Destroy(ctx) // a failed logout only leaves a session to expire
}

// sendText sends a danmaku (Normal priority); seq is 0 when the room's
// budget dropped it.
func (sc *scene) sendText(v *viewer, text string) (seq uint64, err error) {
	m, err := v.t.CreateTextMessage(tim.TextMessageOptions{To: sc.room, ConversationType: types.ConvGroup,
		Payload: message.TextPayload{Text: text}, Priority: types.MsgPriorityNormal})
	if err != nil {
		return 0, err
	}
	return sc.send(v, m)
}

// sendCustom sends a custom message (likes: Low; commands: High).
func (sc *scene) sendCustom(v *viewer, desc, data string, prio types.Priority) (uint64, error) {
	m, err := v.t.CreateCustomMessage(tim.CustomMessageOptions{To: sc.room, ConversationType: types.ConvGroup,
		Payload: message.CustomPayload{Data: data, Description: desc}, Priority: prio})
	if err != nil {
		return 0, err
	}
	return sc.send(v, m)
}

func (sc *scene) send(v *viewer, m *message.Message) (uint64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), sendTimeout)
	defer cancel()
	sent, err := v.t.SendMessage(ctx, m)
	if err != nil {
		return 0, err
	}
	return sent.Sequence, nil
}

// codeOf is the Tencent code of a failed call, 0 for none, -1 for an
// error without one.
func codeOf(err error) int {
	if err == nil {
		return 0
	}
	var te *tim.Error
	if errors.As(err, &te) {
		return int(te.Code)
	}
	return -1
}

// received books what a viewer saw: texts (none may carry a blocked word
// or an unmasked one), commands (none may arrive), notices and the ban.
func (sc *scene) received(v *viewer, msgs []*message.Message) {
	for _, m := range msgs {
		switch p := m.Payload.(type) {
		case *message.TextPayload:
			if m.To != sc.room || v.id == sc.cfg.Host {
				continue
			}
			if m.From == sc.cfg.Host && p.Text == welcomeText {
				v.welcomed.Store(true)
				continue
			}
			sc.mu.Lock()
			sc.st.TextReceipts++
			if containsAny(p.Text, sc.cfg.Blocked) {
				sc.st.LeakedBlocked++
			}
			if containsAny(p.Text, sc.cfg.Masked) {
				sc.st.Unmasked++
			}
			if strings.Contains(p.Text, "*") {
				sc.st.MaskedSeen++
			}
			sc.mu.Unlock()
		case *message.CustomPayload:
			if m.To == sc.room && p.Description == commandDesc {
				sc.mu.Lock()
				sc.st.CommandsSeen++
				sc.mu.Unlock()
			}
		case *message.GroupSystemNoticePayload:
			if p.GroupProfile.GroupID != sc.room {
				continue
			}
			switch p.OperationType {
			case types.GrpSysNoticeBanned:
				v.bannedSeen.Store(true)
			case types.GrpSysNoticeCustom:
				sc.mu.Lock()
				if sc.st.Notices == nil {
					sc.st.Notices = make(map[string]int)
				}
				if _, ok := sc.st.Notices[p.UserDefinedField]; ok || len(sc.st.Notices) < maxNotices {
					sc.st.Notices[p.UserDefinedField]++
				}
				sc.mu.Unlock()
			}
		}
	}
}

// maxNotices bounds the distinct notices the scene remembers.
const maxNotices = 1000

// counterSeen keeps the highest like count a viewer was told of.
func (sc *scene) counterSeen(u group.CounterUpdate) {
	if u.GroupID != sc.room || u.Key != sc.cfg.LikeKey {
		return
	}
	sc.mu.Lock()
	sc.st.CounterSeen = max(sc.st.CounterSeen, u.Value)
	sc.mu.Unlock()
}

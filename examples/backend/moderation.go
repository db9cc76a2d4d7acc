package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// The moderation worker: the before-send webhook only queues the host's
// commands (Tencent waits 2 s for its verdict); this goroutine carries them
// out over the REST API, one at a time, in the order they were typed.

// moderationREST is what the worker calls (a *restapi.Client).
type moderationREST interface {
	Mute(ctx context.Context, groupID, userID string, seconds int64) error
	Ban(ctx context.Context, groupID string, seconds int64, reason string, userIDs ...string) error
	Unban(ctx context.Context, groupID string, userIDs ...string) error
}

// commandTimeout bounds the REST call of one command, retries included.
const commandTimeout = 10 * time.Second

// maxResults bounds the results the worker keeps for the summary.
const maxResults = 1000

// cmdResult is one command carried out (or failed).
type cmdResult struct {
	cmd command
	err error
	at  time.Time
}

// moderator runs the commands of cmds against room.
type moderator struct {
	rest  moderationREST
	room  string
	cmds  <-chan command
	event func(who, format string, args ...any)

	mu      sync.Mutex
	results []cmdResult
	changed chan struct{} // closed and replaced at every new result
}

func newModerator(rest moderationREST, room string, cmds <-chan command, event func(who, format string, args ...any)) *moderator {
	return &moderator{rest: rest, room: room, cmds: cmds, event: event, changed: make(chan struct{})}
}

// run carries out commands until ctx ends; commands still queued then are
// left undone.
func (m *moderator) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-m.cmds:
			m.record(c, m.do(ctx, c))
		}
	}
}

// do carries out one command: forbid_send_msg (MuteTime seconds, 0
// unmutes), ban_group_member (Duration seconds) or unban_group_member.
func (m *moderator) do(ctx context.Context, c command) error {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	secs := int64(c.dur / time.Second)
	switch c.verb {
	case "mute":
		return m.rest.Mute(ctx, m.room, c.user, secs)
	case "unmute":
		return m.rest.Mute(ctx, m.room, c.user, 0)
	case "ban":
		return m.rest.Ban(ctx, m.room, secs, "banned by the host", c.user)
	case "unban":
		return m.rest.Unban(ctx, m.room, c.user)
	}
	return fmt.Errorf("unknown command %q", c.verb) // parseCommand lets none through
}

func (m *moderator) record(c command, err error) {
	what := map[string]string{"mute": "forbid_send_msg", "unmute": "forbid_send_msg MuteTime 0",
		"ban": "ban_group_member", "unban": "unban_group_member"}[c.verb]
	if err != nil {
		m.event("moderation", "%q failed: %v", c.String(), err)
	} else {
		m.event("moderation", "%q done (%s)", c.String(), what)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.results) < maxResults {
		m.results = append(m.results, cmdResult{cmd: c, err: err, at: time.Now()})
	}
	close(m.changed)
	m.changed = make(chan struct{})
}

// wait returns the first result of the command typed as text, waiting for
// it until ctx ends.
func (m *moderator) wait(ctx context.Context, text string) (cmdResult, error) {
	for {
		m.mu.Lock()
		for _, r := range m.results {
			if r.cmd.String() == text {
				m.mu.Unlock()
				return r, nil
			}
		}
		ch := m.changed
		m.mu.Unlock()
		select {
		case <-ctx.Done():
			return cmdResult{}, fmt.Errorf("%q not carried out: %w", text, ctx.Err())
		case <-ch:
		}
	}
}

// done returns the results so far.
func (m *moderator) done() []cmdResult {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]cmdResult(nil), m.results...)
}

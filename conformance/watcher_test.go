package conformance_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/types"
)

// The watcher is a Go SDK member of the conformance room. driver.js waits for it
// (go-watcher-joined) and prints, in a step's detail.goCompare, the counter and attribute events
// and the room-admin tips its user bob saw; the watcher must have seen the same, in the same order.

const (
	watcherUser    = "gowatch"
	watcherTimeout = 10 * time.Second
)

type watcher struct {
	srv *target
	c   *tim.TIM

	mu     sync.Mutex
	seen   map[string][]string // kind -> events in arrival order, normalized
	next   map[string]int      // kind -> index after the last event matched
	joined chan error
}

func newWatcher(t *testing.T, srv *target) *watcher {
	w := &watcher{srv: srv, seen: map[string][]string{}, next: map[string]int{}}
	t.Cleanup(func() {
		if w.c != nil {
			_ = w.c.Destroy(context.Background())
		}
	})
	return w
}

// onStep starts the watcher once the room exists and checks a step's goCompare.
func (w *watcher) onStep(t *testing.T, l line) {
	switch {
	case l.Step == "rest-create-room" && l.OK:
		w.start()
	case l.OK && len(l.Detail) > 0:
		var d struct {
			GoCompare *goCompare `json:"goCompare"`
		}
		if err := json.Unmarshal(l.Detail, &d); err != nil || d.GoCompare == nil {
			return
		}
		t.Run(l.Step+"/go-sdk", func(t *testing.T) { w.check(t, d.GoCompare) })
	}
}

// start logs the watcher in and joins the room, in the background: driver.js waits for it.
func (w *watcher) start() {
	w.c = tim.New(w.srv.SDKAppID, tim.WithProxyServer(w.srv.URL))
	tim.On(w.c, tim.GroupCounterUpdated, func(u group.CounterUpdate) { w.add("counter", counterKey(u.GroupID, u.Key, u.Value)) })
	tim.On(w.c, tim.GroupAttributesUpdated, func(u group.AttributesUpdate) {
		w.add("attributes", attrKey(u.GroupID, u.GroupAttributes, u.UpdatedKeyList, u.DeletedKeyList))
	})
	tim.On(w.c, tim.MessageReceived, func(ms []*message.Message) {
		for _, m := range ms {
			switch p := m.Payload.(type) {
			case *message.GroupTipPayload:
				if p.OperationType >= 4 && p.OperationType <= 7 {
					w.add("tips", tipKeyGo(p))
				}
			case *message.GroupSystemNoticePayload:
				w.add("notices", fmt.Sprintf("%s %d", p.GroupProfile.GroupID, p.OperationType))
			}
		}
	})
	tim.On(w.c, tim.GroupListUpdated, func(gs []*group.Group) {
		ids := make([]string, len(gs))
		for i, g := range gs {
			ids[i] = g.GroupID
		}
		w.add("groups", strings.Join(ids, ","))
	})
	w.joined = make(chan error, 1)
	c := w.c
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), watcherTimeout)
		defer cancel()
		err := c.Login(ctx, watcherUser, w.srv.UserSig(watcherUser))
		if err == nil {
			_, err = c.JoinGroup(ctx, groupID)
		}
		w.joined <- err
	}()
}

func (w *watcher) add(kind, ev string) {
	w.mu.Lock()
	w.seen[kind] = append(w.seen[kind], ev)
	w.mu.Unlock()
}

// goCompare is what driver.js prints of bob's view.
type goCompare struct {
	Counter []struct {
		GroupID string `json:"groupID"`
		Key     string `json:"key"`
		Value   int64  `json:"value"`
	} `json:"counter"`
	Attributes []struct {
		GroupID         string            `json:"groupID"`
		GroupAttributes map[string]string `json:"groupAttributes"`
		UpdatedKeyList  []string          `json:"updatedKeyList"`
		DeletedKeyList  []string          `json:"deletedKeyList"`
	} `json:"attributes"`
	Tips []jsTip `json:"tips"`
	// Banned is the watcher's user when the step banned it.
	Banned string `json:"banned"`
}

type jsTip struct {
	OperationType int      `json:"operationType"`
	OperatorID    string   `json:"operatorID"`
	UserIDList    []string `json:"userIDList"`
	MemberList    []struct {
		UserID   string `json:"userID"`
		MuteTime int64  `json:"muteTime"`
	} `json:"memberList"`
}

// check waits until the watcher saw the step's events, in order, after what earlier steps matched.
func (w *watcher) check(t *testing.T, g *goCompare) {
	if w.joined == nil {
		t.Fatal("the Go SDK watcher never started")
	}
	want := map[string][]string{}
	for _, c := range g.Counter {
		want["counter"] = append(want["counter"], counterKey(c.GroupID, c.Key, c.Value))
	}
	for _, a := range g.Attributes {
		want["attributes"] = append(want["attributes"], attrKey(a.GroupID, a.GroupAttributes, a.UpdatedKeyList, a.DeletedKeyList))
	}
	for _, tp := range g.Tips {
		want["tips"] = append(want["tips"], tipKeyJS(tp))
	}
	if g.Banned != "" {
		// Notice 21 makes the Go SDK drop the room, which it cannot join again.
		want["notices"] = []string{fmt.Sprintf("%s %d", groupID, types.GrpSysNoticeBanned)}
		want["groups"] = []string{""}
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), watcherTimeout)
			defer cancel()
			if _, err := w.c.JoinGroup(ctx, groupID); !errors.Is(err, types.ErrGroupPermissionDeny) {
				t.Errorf("the banned Go SDK member joins again: %v", err)
			}
		}()
	}
	for kind, evs := range want {
		deadline := time.Now().Add(watcherTimeout)
		for {
			w.mu.Lock()
			seen, from := w.seen[kind], w.next[kind]
			i := indexRun(seen[from:], evs)
			if i >= 0 {
				w.next[kind] = from + i + len(evs)
			}
			w.mu.Unlock()
			if i >= 0 {
				t.Logf("the Go SDK saw the same %s: %q", kind, evs)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the Go SDK did not see the %s tim-js-sdk saw:\n want %q\n saw  %q", kind, evs, seen[from:])
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// indexRun is the index of the first run of want in s, or -1.
func indexRun(s, want []string) int {
	for i := 0; i+len(want) <= len(s); i++ {
		if slices.Equal(s[i:i+len(want)], want) {
			return i
		}
	}
	return -1
}

func counterKey(gid, key string, value int64) string { return fmt.Sprintf("%s %s=%d", gid, key, value) }

func attrKey(gid string, attrs map[string]string, updated, deleted []string) string {
	updated, deleted = slices.Sorted(slices.Values(updated)), slices.Sorted(slices.Values(deleted))
	b, _ := json.Marshal([]any{gid, attrs, updated, deleted}) // map keys come out sorted
	return string(b)
}

func tipKey(op int, operator string, users []string, mutes []string) string {
	return fmt.Sprintf("op %d by %s on %s mutes %s", op, operator, strings.Join(users, ","), strings.Join(mutes, ","))
}

func tipKeyGo(p *message.GroupTipPayload) string {
	var mutes []string
	for _, m := range p.MemberList {
		mutes = append(mutes, fmt.Sprintf("%s:%d", m.UserID, m.MuteTime))
	}
	return tipKey(int(p.OperationType), p.OperatorID, p.UserIDList, mutes)
}

func tipKeyJS(p jsTip) string {
	var mutes []string
	for _, m := range p.MemberList {
		mutes = append(mutes, fmt.Sprintf("%s:%d", m.UserID, m.MuteTime))
	}
	return tipKey(p.OperationType, p.OperatorID, p.UserIDList, mutes)
}

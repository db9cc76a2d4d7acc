package conformance_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/profile"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/types"
)

// The interop test puts the Go SDK and the real tim-js-sdk in one room: each side sends text and
// custom messages, and every receiver, user or guest, of either SDK must see them with the
// sender's nick, avatar and priority, the payload, and the very ID and sequence the sender got.

const (
	interopTimeout = 2 * time.Minute
	waitTimeout    = 20 * time.Second // a guest's poll may sit out one 10 s hold before it sees a message

	goUser, goNick, goAvatar = "gopher", "Gopher", "https://example.invalid/gopher.png"
	jsUser, jsNick, jsAvatar = "jsuser", "Jay Ess", "https://example.invalid/js.png"
)

func TestInteropGoAndWebSDK(t *testing.T) {
	for _, mode := range []string{"poll", "push"} {
		t.Run(mode, func(t *testing.T) { runInterop(t, mode, newServer) })
	}
}

// seen is what a receiver shows of a message, in the same terms for both SDKs.
type seen struct {
	ID, Type, From, To, ConversationID, Nick, Avatar, Priority string
	Sequence                                                   uint64
	Text, Data, Description, Extension                         string
}

func (s seen) String() string { b, _ := json.Marshal(s); return string(b) }

func seenGo(m *message.Message) seen {
	s := seen{ID: m.ID, Type: string(m.Type), From: m.From, To: m.To, ConversationID: m.ConversationID,
		Nick: m.Nick, Avatar: m.Avatar, Priority: string(m.Priority), Sequence: m.Sequence}
	switch p := m.Payload.(type) {
	case *message.TextPayload:
		s.Text = p.Text
	case *message.CustomPayload:
		s.Data, s.Description, s.Extension = p.Data, p.Description, p.Extension
	}
	return s
}

// jsMessage is a message as interop.js prints it (the JS Message fields).
type jsMessage struct {
	ID               string `json:"ID"`
	Type             string `json:"type"`
	From             string `json:"from"`
	To               string `json:"to"`
	Flow             string `json:"flow"`
	Nick             string `json:"nick"`
	Avatar           string `json:"avatar"`
	Priority         string `json:"priority"`
	ConversationID   string `json:"conversationID"`
	ConversationType string `json:"conversationType"`
	Sequence         uint64 `json:"sequence"`
	Random           uint32 `json:"random"`
	ClientTime       int64  `json:"clientTime"`
	Time             int64  `json:"time"`
	SenderTinyID     string `json:"senderTinyID"`
	Status           string `json:"status"`
	Payload          struct {
		Text        string `json:"text"`
		Data        string `json:"data"`
		Description string `json:"description"`
		Extension   string `json:"extension"`
	} `json:"payload"`
}

func (m *jsMessage) seen() seen {
	return seen{ID: m.ID, Type: m.Type, From: m.From, To: m.To, ConversationID: m.ConversationID,
		Nick: m.Nick, Avatar: m.Avatar, Priority: m.Priority, Sequence: m.Sequence,
		Text: m.Payload.Text, Data: m.Payload.Data, Description: m.Payload.Description, Extension: m.Payload.Extension}
}

func runInterop(t *testing.T, mode string, newTarget func(*testing.T, string) *target) {
	ensureNode(t)
	srv := newTarget(t, mode)
	// Cancelled after the peer's cleanup, which lets interop.js exit on its own first.
	ctx, cancel := context.WithTimeout(context.Background(), interopTimeout)
	t.Cleanup(cancel)
	room, err := srv.CreateRoom(ctx, groupID, "Interop Room")
	if err != nil {
		t.Fatal(err)
	}

	js := startJSPeer(t, ctx, srv, mode)
	js.do("create", map[string]any{"client": "js"})
	js.do("login", map[string]any{"client": "js", "userID": jsUser, "userSig": srv.UserSig(jsUser)})
	js.do("updateMyProfile", map[string]any{"client": "js", "nick": jsNick, "avatar": jsAvatar})
	js.do("joinGroup", map[string]any{"client": "js", "groupID": room})
	js.do("create", map[string]any{"client": "jsguest"})
	js.do("joinGroup", map[string]any{"client": "jsguest", "groupID": room})

	gu := newGoClient(t, srv)
	if err := gu.c.Login(ctx, goUser, srv.UserSig(goUser)); err != nil {
		t.Fatalf("go login: %v", err)
	}
	if _, err := gu.c.UpdateMyProfile(ctx, profile.Update{Nick: new(goNick), Avatar: new(goAvatar)}); err != nil {
		t.Fatalf("go UpdateMyProfile: %v", err)
	}
	gg := newGoClient(t, srv)
	for _, c := range []*goClient{gu, gg} {
		if _, err := c.c.JoinGroup(ctx, room); err != nil {
			t.Fatalf("go join: %v", err)
		}
	}
	warmUp(t, ctx, srv, room, js, gu, gg)

	// Go sends text (Normal) and custom (High).
	text, err := gu.c.CreateTextMessage(tim.TextMessageOptions{To: room, ConversationType: types.ConvGroup,
		Payload: message.TextPayload{Text: "hello from Go"}})
	if err != nil {
		t.Fatal(err)
	}
	custom, err := gu.c.CreateCustomMessage(tim.CustomMessageOptions{To: room, ConversationType: types.ConvGroup,
		Priority: types.MsgPriorityHigh,
		Payload:  message.CustomPayload{Data: "gift:go", Description: "a gopher", Extension: `{"from":"go"}`}})
	if err != nil {
		t.Fatal(err)
	}
	var goSent []seen
	for _, m := range []*message.Message{text, custom} {
		created := m.ID
		sent, err := gu.c.SendMessage(ctx, m)
		if err != nil {
			t.Fatalf("go send %s: %v", m.Type, err)
		}
		if sent.ID != created {
			t.Errorf("go message ID changed on send: %s -> %s", created, sent.ID)
		}
		goSent = append(goSent, seenGo(sent))
	}

	// JS sends text (Low) and custom (High).
	var jsSent []seen
	for _, cmd := range []map[string]any{
		{"client": "js", "groupID": room, "kind": "text", "priority": "Low", "text": "hello from JS"},
		{"client": "js", "groupID": room, "kind": "custom", "priority": "High",
			"custom": map[string]string{"data": "gift:js", "description": "a node", "extension": `{"from":"js"}`}},
	} {
		var r struct{ Created, Sent jsMessage }
		js.call("send", cmd, &r)
		if r.Sent.Status != "success" || r.Sent.Sequence == 0 {
			t.Fatalf("js send: %+v", r.Sent)
		}
		if r.Sent.ID != r.Created.ID {
			t.Errorf("js message ID changed on send: %s -> %s", r.Created.ID, r.Sent.ID)
		}
		jsSent = append(jsSent, r.Sent.seen())
	}
	// The senders' own view is the reference the receivers are held to, so check it first.
	for i, want := range []struct {
		s                        seen
		from, nick, avatar, prio string
	}{
		{goSent[0], goUser, goNick, goAvatar, "Normal"},
		{goSent[1], goUser, goNick, goAvatar, "High"},
		{jsSent[0], jsUser, jsNick, jsAvatar, "Low"},
		{jsSent[1], jsUser, jsNick, jsAvatar, "High"},
	} {
		if s := want.s; s.From != want.from || s.Nick != want.nick || s.Avatar != want.avatar || s.Priority != want.prio || s.ID == "" {
			t.Errorf("sent message %d: %s, want from %s nick %q avatar %q priority %s", i, s, want.from, want.nick, want.avatar, want.prio)
		}
		t.Logf("sent %s", want.s)
	}

	t.Run("js-user-receives-go", func(t *testing.T) { js.expect(t, "js", goSent, types.FlowIn) })
	t.Run("js-guest-receives-both", func(t *testing.T) { js.expect(t, "jsguest", append(goSent, jsSent...), "") })
	t.Run("go-user-receives-js", func(t *testing.T) { gu.expect(t, jsSent, types.FlowIn) })
	t.Run("go-guest-receives-both", func(t *testing.T) { gg.expect(t, append(goSent, jsSent...), "") })
	t.Run("no-echo", func(t *testing.T) {
		for _, s := range jsSent {
			if n := len(js.messages("js", s.ID)); n != 0 {
				t.Errorf("the JS sender received its own %s %d times", s.ID, n)
			}
		}
		for _, s := range goSent {
			if n := len(gu.messages(s.ID)); n != 0 {
				t.Errorf("the Go sender received its own %s %d times", s.ID, n)
			}
		}
	})

	t.Run("group-list-updated", func(t *testing.T) { groupListSteps(t, ctx, srv, js, room) })

	js.exit()
}

// groupListPause is more than tim-js-sdk's one-second throttle of GROUP_LIST_UPDATED, so that
// each step's event is emitted at once.
const groupListPause = 1200 * time.Millisecond

// groupListSteps takes fresh users and guests of both SDKs through the same steps, a pause
// apart (login, join, quit), and compares the GROUP_LIST_UPDATED events they emit. tim-js-sdk
// also emits the event, with the same list, when a message changes a joined group's
// conversation (Group.lastMessage, which the Go model does not carry), so repeats of the same
// list in a row count once.
func groupListSteps(t *testing.T, ctx context.Context, srv *target, js *jsPeer, room string) {
	const jsU, jsG, goU = "jslist", "jslistguest", "golister"
	js.do("create", map[string]any{"client": jsU})
	js.do("create", map[string]any{"client": jsG})
	gu, gg := newGoClient(t, srv), newGoClient(t, srv)
	js.do("login", map[string]any{"client": jsU, "userID": jsU, "userSig": srv.UserSig(jsU)})
	if err := gu.c.Login(ctx, goU, srv.UserSig(goU)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(groupListPause)
	for _, c := range []string{jsU, jsG} {
		js.do("joinGroup", map[string]any{"client": c, "groupID": room})
	}
	for _, c := range []*goClient{gu, gg} {
		if _, err := c.c.JoinGroup(ctx, room); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(groupListPause)
	for _, c := range []string{jsU, jsG} {
		js.do("quitGroup", map[string]any{"client": c, "groupID": room})
	}
	for _, c := range []*goClient{gu, gg} {
		if err := c.c.QuitGroup(ctx, room); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(groupListPause)

	want := map[string][][]string{"user": {{}, {room}, {}}, "guest": {{room}, {}}}
	js.mu.Lock()
	jsGot := map[string][]listEvent{"user": js.lists[jsU], "guest": js.lists[jsG]}
	js.mu.Unlock()
	for who, g := range map[string]*goClient{"user": gu, "guest": gg} {
		g.mu.Lock()
		goGot := g.lists
		g.mu.Unlock()
		for side, got := range map[string][]listEvent{"tim-js-sdk": jsGot[who], "Go": goGot} {
			var ids [][]string
			for _, e := range got {
				if len(ids) == 0 || !slices.Equal(ids[len(ids)-1], e.ids) {
					ids = append(ids, e.ids)
				}
			}
			if !reflect.DeepEqual(ids, want[who]) {
				t.Errorf("%s %s: GROUP_LIST_UPDATED %q, want %q", side, who, ids, want[who])
			}
		}
	}
}

// listEvent is one GROUP_LIST_UPDATED: the group IDs, and when it came.
type listEvent struct {
	ids []string
	at  time.Time
}

// expectSeen checks one received message against what the sender had.
func expectSeen(t *testing.T, who string, got, want seen, flow, wantFlow string) {
	t.Helper()
	want.To, want.ConversationID = groupID, "GROUP"+groupID
	if got != want || flow != wantFlow {
		t.Errorf("%s received\n  %s flow %q\nwant\n  %s flow %q", who, got, flow, want, wantFlow)
	}
}

// warmUp sends REST texts until every receiver has one: a guest's first poll asks for what comes
// after it, so earlier messages are not for the guest.
func warmUp(t *testing.T, ctx context.Context, srv *target, room string, js *jsPeer, gos ...*goClient) {
	t.Helper()
	for try := 0; try < 30; try++ {
		text := fmt.Sprint("warm-up ", try)
		if _, err := srv.SendText(ctx, room, "", text, "Normal"); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			all := js.sawText("js", "warm-up") && js.sawText("jsguest", "warm-up")
			for _, g := range gos {
				all = all && g.sawText("warm-up")
			}
			if all {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Fatal("warm-up messages did not reach every client")
}

// goClient is a Go SDK instance with what it received.
type goClient struct {
	c     *tim.TIM
	mu    sync.Mutex
	msgs  []*message.Message
	lists []listEvent // GROUP_LIST_UPDATED
}

func newGoClient(t *testing.T, srv *target) *goClient {
	g := &goClient{c: tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))}
	tim.On(g.c, tim.MessageReceived, func(ms []*message.Message) {
		g.mu.Lock()
		g.msgs = append(g.msgs, ms...)
		g.mu.Unlock()
	})
	tim.On(g.c, tim.GroupListUpdated, func(gs []*group.Group) {
		ids := []string{}
		for _, x := range gs {
			ids = append(ids, x.GroupID)
		}
		g.mu.Lock()
		g.lists = append(g.lists, listEvent{ids, time.Now()})
		g.mu.Unlock()
	})
	t.Cleanup(func() { _ = g.c.Destroy(context.Background()) })
	return g
}

func (g *goClient) messages(id string) []*message.Message {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []*message.Message
	for _, m := range g.msgs {
		if m.ID == id {
			out = append(out, m)
		}
	}
	return out
}

func (g *goClient) sawText(prefix string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, m := range g.msgs {
		if p, ok := m.Payload.(*message.TextPayload); ok && strings.HasPrefix(p.Text, prefix) {
			return true
		}
	}
	return false
}

// expect waits for every wanted message, by ID, and compares it.
func (g *goClient) expect(t *testing.T, want []seen, flow types.Flow) {
	t.Helper()
	for _, w := range want {
		var got []*message.Message
		for deadline := time.Now().Add(waitTimeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if got = g.messages(w.ID); len(got) > 0 {
				break
			}
		}
		if len(got) != 1 {
			t.Errorf("go received %s %d times, want once (%s)", w.ID, len(got), w)
			continue
		}
		expectSeen(t, "go", seenGo(got[0]), w, string(got[0].Flow), string(flow))
	}
}

// jsPeer is a running interop.js.
type jsPeer struct {
	t      *testing.T
	stdin  io.WriteCloser
	done   chan struct{} // closed when stdout ends
	stderr *tailBuffer
	start  time.Time // a clock for the peer's t: only differences count

	mu      sync.Mutex
	nextID  int
	replies map[int]chan jsReply
	msgs    map[string][]jsMessage // by client label
	lists   map[string][]listEvent // GROUP_LIST_UPDATED, by client label
	other   []json.RawMessage      // events other than messages, for the failure log
}

type jsReply struct {
	OK    bool            `json:"ok"`
	Data  json.RawMessage `json:"data"`
	Error json.RawMessage `json:"error"`
}

// jsLine is one line of interop.js's stdout: a reply (id) or an event.
type jsLine struct {
	ID     int             `json:"id"`
	Event  string          `json:"event"`
	Client string          `json:"client"`
	OK     bool            `json:"ok"`
	Data   json.RawMessage `json:"data"`
	Error  json.RawMessage `json:"error"`
	T      int64           `json:"t"` // ms since the peer started
}

func startJSPeer(t *testing.T, ctx context.Context, srv *target, mode string) *jsPeer {
	t.Helper()
	cfgPath := filepath.Join(t.TempDir(), "interop.json")
	b, _ := json.Marshal(map[string]any{"wsURL": srv.URL, "sdkAppID": srv.SDKAppID})
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "node", "interop.js", cfgPath)
	cmd.Dir = jsDir
	cmd.WaitDelay = 10 * time.Second
	if dir := os.Getenv("TIM_CONF_TRACE_DIR"); dir != "" { // as in the conformance test
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		trace, _ := filepath.Abs(filepath.Join(dir, "interop-"+mode+".jsonl"))
		_ = os.Remove(trace)
		cmd.Env = append(os.Environ(), "TIM_CONF_TRACE="+trace)
	}
	p := &jsPeer{t: t, done: make(chan struct{}), stderr: &tailBuffer{max: 64 << 10}, start: time.Now(),
		replies: map[int]chan jsReply{}, msgs: map[string][]jsMessage{}, lists: map[string][]listEvent{}}
	cmd.Stderr = p.stderr
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start node interop.js: %v", err)
	}
	go p.read(stdout)
	t.Cleanup(func() {
		_ = p.stdin.Close() // interop.js destroys its instances and exits
		<-p.done
		if err := cmd.Wait(); err != nil {
			t.Errorf("interop.js exit: %v", err)
		}
		if t.Failed() || testing.Verbose() {
			p.mu.Lock()
			for _, e := range p.other {
				t.Logf("js event: %s", truncate(string(e), 500))
			}
			p.mu.Unlock()
			t.Logf("interop.js stderr (tail):\n%s", p.stderr.String())
		}
	})
	return p
}

func (p *jsPeer) read(stdout io.Reader) {
	defer close(p.done)
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 0, 1<<16), 16<<20)
	for sc.Scan() {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var l jsLine
		if err := json.Unmarshal(raw, &l); err != nil {
			p.t.Errorf("interop.js printed a line that is not JSON: %q", truncate(string(raw), 300))
			continue
		}
		p.mu.Lock()
		switch {
		case l.Event == "message":
			var m jsMessage
			if err := json.Unmarshal(l.Data, &m); err != nil {
				p.t.Errorf("interop.js message: %v", err)
			}
			p.msgs[l.Client] = append(p.msgs[l.Client], m)
		case l.Event == "groupList":
			ids := []string{}
			if err := json.Unmarshal(l.Data, &ids); err != nil {
				p.t.Errorf("interop.js groupList: %v", err)
			}
			p.lists[l.Client] = append(p.lists[l.Client], listEvent{ids, p.start.Add(time.Duration(l.T) * time.Millisecond)})
			p.other = append(p.other, append(json.RawMessage(nil), raw...))
		case l.Event != "":
			p.other = append(p.other, append(json.RawMessage(nil), raw...))
		default:
			if ch := p.replies[l.ID]; ch != nil {
				ch <- jsReply{OK: l.OK, Data: l.Data, Error: l.Error}
				delete(p.replies, l.ID)
			}
		}
		p.mu.Unlock()
	}
	p.mu.Lock()
	for id, ch := range p.replies {
		close(ch)
		delete(p.replies, id)
	}
	p.mu.Unlock()
}

// call runs one command and decodes its reply's data into out; a failure ends the test.
func (p *jsPeer) call(op string, args map[string]any, out any) {
	p.t.Helper()
	cmd := map[string]any{"op": op}
	for k, v := range args {
		cmd[k] = v
	}
	ch := make(chan jsReply, 1)
	p.mu.Lock()
	p.nextID++
	id := p.nextID
	p.replies[id] = ch
	p.mu.Unlock()
	cmd["id"] = id
	b, _ := json.Marshal(cmd)
	if _, err := p.stdin.Write(append(b, '\n')); err != nil {
		p.t.Fatalf("js %s: write: %v", op, err)
	}
	select {
	case r, ok := <-ch:
		switch {
		case !ok:
			p.t.Fatalf("js %s: interop.js ended", op)
		case !r.OK:
			p.t.Fatalf("js %s %v: %s", op, args["client"], r.Error)
		case out != nil:
			if err := json.Unmarshal(r.Data, out); err != nil {
				p.t.Fatalf("js %s reply: %v", op, err)
			}
		}
	case <-time.After(waitTimeout):
		p.t.Fatalf("js %s: no reply within %v", op, waitTimeout)
	}
}

func (p *jsPeer) do(op string, args map[string]any) { p.t.Helper(); p.call(op, args, nil) }

// exit asks interop.js to destroy its instances and end.
func (p *jsPeer) exit() {
	b, _ := json.Marshal(map[string]any{"id": 0, "op": "exit"})
	_, _ = p.stdin.Write(append(b, '\n'))
}

func (p *jsPeer) messages(client, id string) []jsMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []jsMessage
	for _, m := range p.msgs[client] {
		if m.ID == id {
			out = append(out, m)
		}
	}
	return out
}

func (p *jsPeer) sawText(client, prefix string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, m := range p.msgs[client] {
		if m.Type == string(types.MsgText) && strings.HasPrefix(m.Payload.Text, prefix) {
			return true
		}
	}
	return false
}

// expect waits until client received every wanted message, by ID, and compares it.
func (p *jsPeer) expect(t *testing.T, client string, want []seen, flow types.Flow) {
	t.Helper()
	for _, w := range want {
		var got []jsMessage
		for deadline := time.Now().Add(waitTimeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if got = p.messages(client, w.ID); len(got) > 0 {
				break
			}
		}
		if len(got) != 1 {
			t.Errorf("js %s received %s %d times, want once (%s)", client, w.ID, len(got), w)
			p.mu.Lock()
			for _, m := range p.msgs[client] {
				t.Logf("js %s had %s", client, m.seen())
			}
			p.mu.Unlock()
			continue
		}
		expectSeen(t, "js "+client, got[0].seen(), w, got[0].Flow, string(flow))
	}
}

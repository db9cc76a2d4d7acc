package readme_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/timtest"
)

// readmeSources are the files that hold README.md's Go blocks, in the order
// the README shows them.
var readmeSources = []string{"readme_quickstart_test.go", "readme_tencent_test.go", "readme_timtest_test.go", "readme_backend_test.go"}

var goBlock = regexp.MustCompile("(?ms)^```go\n(.*?)^```\n")

// TestReadmeCode checks that every Go block of README.md is, verbatim and in
// order, a README:begin … README:end region of the build-checked files, so
// the README cannot show code that does not compile.
func TestReadmeCode(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, m := range goBlock.FindAllStringSubmatch(string(readme), -1) {
		blocks = append(blocks, strings.Trim(m[1], "\n"))
	}
	var regions, where []string
	for _, name := range readmeSources {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range readmeRegions(string(src)) {
			regions = append(regions, r)
			where = append(where, name+" region "+string(rune('1'+i)))
		}
	}
	for i := range max(len(blocks), len(regions)) {
		switch {
		case i >= len(blocks):
			t.Errorf("README.md has no Go block for %s", where[i])
		case i >= len(regions):
			t.Errorf("README.md Go block %d is in no checked file:\n%s", i+1, blocks[i])
		case blocks[i] != regions[i]:
			t.Errorf("README.md Go block %d differs from %s at line %d", i+1, where[i], firstDiff(blocks[i], regions[i]))
		}
	}
}

// readmeRegions returns the text between "// README:begin" and
// "// README:end" lines, without the blank lines around it.
func readmeRegions(src string) []string {
	var out []string
	var cur []string
	in := false
	for line := range strings.SplitSeq(src, "\n") {
		switch strings.TrimSpace(line) {
		case "// README:begin":
			in, cur = true, nil
			continue
		case "// README:end":
			out = append(out, strings.Trim(strings.Join(cur, "\n"), "\n"))
			in = false
			continue
		}
		if in {
			cur = append(cur, line)
		}
	}
	return out
}

func firstDiff(a, b string) int {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// TestReadmeQuickStart runs the quick start against the emulator: a logged-in
// user's hello and gift reach another viewer, and watch returns when its
// context ends.
func TestReadmeQuickStart(t *testing.T) {
	srv := timtest.NewServerT(t, timtest.Options{})
	ctx := t.Context()
	roomID, err := srv.CreateRoom(ctx, "", "Live")
	if err != nil {
		t.Fatal(err)
	}
	viewer := tim.New(srv.SDKAppID, tim.WithProxyServer(srv.URL))
	defer viewer.Destroy(context.Background())
	got := make(chan *message.Message, 16)
	tim.On(viewer, tim.MessageReceived, func(msgs []*message.Message) {
		for _, m := range msgs {
			if m.From == "alice" {
				got <- m
			}
		}
	})
	if _, err := viewer.JoinGroup(ctx, roomID); err != nil {
		t.Fatal(err)
	}

	wctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() {
		done <- watch(wctx, srv.SDKAppID, "alice", srv.UserSig("alice"), roomID, tim.WithProxyServer(srv.URL))
	}()
	var text, gift bool
	for !text || !gift {
		select {
		case m := <-got:
			switch p := m.Payload.(type) {
			case *message.TextPayload:
				text = p.Text == "hello from Go"
			case *message.CustomPayload:
				gift = p.Description == "rocket" && m.Priority == "High"
			}
		case err := <-done:
			t.Fatalf("watch returned early: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatalf("hello %v, gift %v", text, gift)
		}
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("watch: %v", err)
	}
	c := newTencentClient(false, nil) // Tencent's hosts: built, never connected
	if c.SDKAppID() != mySDKAppID {
		t.Errorf("SDKAppID %d", c.SDKAppID())
	}
	c.Destroy(ctx)
	t.Setenv("TIM_SECRET_KEY", "")
	if sig, err := userSigFor("alice"); err == nil || sig != "" {
		t.Errorf("a UserSig without a key: %q, %v", sig, err)
	}
}

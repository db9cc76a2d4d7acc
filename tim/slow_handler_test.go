package tim

import (
	"fmt"
	"sync"
	"testing"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// A MESSAGE_RECEIVED handler that blocks does not block the connection:
// requests are answered and messages keep being read meanwhile, and once
// the handler returns every message arrives, in order.
func TestSlowHandlerDoesNotStallTheConnection(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		bob := r.user("bob")
		in := record(bob)
		release := make(chan struct{})
		blocked := make(chan struct{})
		var once sync.Once
		var mu sync.Mutex
		var texts []string
		On(bob, MessageReceived, func(ms []*message.Message) {
			for _, m := range ms {
				if p, ok := m.Payload.(*message.TextPayload); ok {
					mu.Lock()
					texts = append(texts, p.Text)
					mu.Unlock()
				}
			}
			once.Do(func() { close(blocked) })
			<-release
		})
		r.join(bob)
		if _, err := r.srv.SendText(ctxT(t), r.id, "host", "first", "Normal"); err != nil {
			t.Fatal(err)
		}
		<-blocked // the handler now holds the instance's event worker

		const more = 20
		for i := range more {
			if _, err := r.srv.SendText(ctxT(t), r.id, "host", fmt.Sprint("m", i), "Normal"); err != nil {
				t.Fatal(err)
			}
		}
		// The socket is still read: a request gets its reply while the
		// handler is stuck, several times over.
		for range 3 {
			n, err := bob.GetGroupOnlineMemberCount(ctxT(t), r.id)
			if err != nil || n != 1 {
				t.Fatalf("online count while the handler blocks: %d, %v", n, err)
			}
		}
		close(release)
		in.wait(t, "every message after the handler returns", func(in *inbox) bool { // in.mu held
			n := 0
			for _, m := range in.msgs {
				if m.Type == types.MsgText {
					n++
				}
			}
			return n == more+1
		})
		mu.Lock()
		defer mu.Unlock()
		want := []string{"first"}
		for i := range more {
			want = append(want, fmt.Sprint("m", i))
		}
		if fmt.Sprint(texts) != fmt.Sprint(want) {
			t.Fatalf("handler saw %v, want %v", texts, want)
		}
		in.mu.Lock()
		defer in.mu.Unlock()
		for _, s := range in.states {
			if s != types.NetStateConnected {
				t.Fatalf("net state went %v while the handler blocked", in.states)
			}
		}
	})
}

package tim

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
)

// Sequences are per room: after leaving a room (quit, or a new live room
// replacing it) the next room's items reuse the numbers already seen, and
// must not be dropped as duplicates. tim-js-sdk clears its sequence and ID
// windows whenever it stops a room.
func TestNextRoomReusesSequences(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		rooms := []string{r.id}
		for _, name := range []string{"Second Room", "Third Room"} {
			id, err := r.srv.CreateRoom(ctxT(t), "", name)
			if err != nil {
				t.Fatal(err)
			}
			rooms = append(rooms, id)
		}
		alice := r.user("alice")
		in := record(alice)
		for i, room := range rooms {
			switch i {
			case 1: // quit, then join
				if err := alice.QuitGroup(ctxT(t), rooms[0]); err != nil {
					t.Fatal(err)
				}
				r.join2(alice, room)
			default: // a new live room replaces the current one
				r.join2(alice, room)
			}
			for k := range 5 {
				text := fmt.Sprintf("room %d text %d", i, k)
				if _, err := r.srv.SendText(ctxT(t), room, "bob", text, "Normal"); err != nil {
					t.Fatal(err)
				}
				in.waitMessage(t, text, isText(text))
			}
		}
		if n := in.count(func(m *message.Message) bool { return strings.HasPrefix(textOf(m), "room ") }); n != 15 {
			t.Fatalf("%d texts received, want 15", n)
		}
	})
}

func textOf(m *message.Message) string {
	if p, ok := m.Payload.(*message.TextPayload); ok {
		return p.Text
	}
	return ""
}

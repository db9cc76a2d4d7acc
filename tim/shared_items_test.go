package tim

import (
	"testing"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/types"
)

// Instances of one process decode and map a room item once (issue 12): the
// logged-in receivers share one Message (Flow "in"), the guests another
// (Flow ""), with one payload; a send from one of them is still its own
// "out" echo to drop.
func TestInstancesShareReceivedItems(t *testing.T) {
	modes(t, func(t *testing.T, delivery string) {
		r := newTestRoom(t, timtest.Options{Delivery: delivery})
		alice, bob, carol, guest, guest2 := r.user("alice"), r.user("bob"), r.user("carol"), r.client(), r.client()
		ina, inb, inc, ing, ing2 := record(alice), record(bob), record(carol), record(guest), record(guest2)
		for _, c := range []*TIM{alice, bob, carol, guest, guest2} {
			r.join(c)
		}
		r.warmUp(inb, inc, ing, ing2) // a guest receives from its first long poll on
		hits, _ := wire.SharedStats()
		m, err := alice.CreateTextMessage(TextMessageOptions{To: r.id, ConversationType: types.ConvGroup,
			Payload: message.TextPayload{Text: "shared"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := alice.SendMessage(ctxT(t), m); err != nil {
			t.Fatal(err)
		}
		mb := inb.waitMessage(t, "bob's copy", isText("shared"))
		mc := inc.waitMessage(t, "carol's copy", isText("shared"))
		mg := ing.waitMessage(t, "the guest's copy", isText("shared"))
		mg2 := ing2.waitMessage(t, "the second guest's copy", isText("shared"))
		if mb == mg {
			t.Fatal("a logged-in user and a guest were handed the same *Message")
		}
		if mb != mc || mg != mg2 {
			t.Fatal("receivers alike were handed a Message each")
		}
		if mb.Payload != mg.Payload {
			t.Fatal("the payload was decoded twice")
		}
		if mb.Flow != types.FlowIn || mg.Flow != "" {
			t.Fatalf("flows %q (bob) and %q (guest), want in and empty", mb.Flow, mg.Flow)
		}
		if mb.ID != m.ID || mg.ID != m.ID || mb.Sequence != mg.Sequence {
			t.Fatalf("IDs %s %s, sent %s", mb.ID, mg.ID, m.ID)
		}
		if after, _ := wire.SharedStats(); after == hits {
			t.Fatal("no item was found shared")
		}
		r.warmUp(ina)
		if n := ina.count(isText("shared")); n != 0 {
			t.Fatalf("the sender received its own message %d times", n)
		}
	})
}

package restapi

import (
	"context"
	"fmt"
	"testing"
)

// A server whose get_members cursors go round in a circle does not keep
// OnlineMembers asking: a cursor seen before ends the list.
func TestOnlineMembersCursorCycleEnds(t *testing.T) {
	f := newFake(t, func(n int, _ fakeRequest) (int, string) {
		next := 1 + n%2 // 1, 2, 1, 2 …
		return 200, ok(fmt.Sprintf(`"MemberList":[{"Member_Account":"u%d","JoinTime":1}],"NextTimestamp":%d`, n, next))
	})
	c := newTestClient(t, f, nil)
	got, err := c.OnlineMembers(context.Background(), "@TGS#aROOM")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || len(f.requests()) != 3 {
		t.Fatalf("got %v in %d requests, want 3 members in 3 (cursors 0, 1, 2; then 1 again ends)", got, len(f.requests()))
	}
}

// An empty page ends Banned even when its NextOffset would go on.
func TestBannedEmptyPageEnds(t *testing.T) {
	f := newFake(t, func(n int, _ fakeRequest) (int, string) {
		if n == 0 {
			return 200, ok(`"BannedAccountList":[{"Member_Account":"troll","BannedUntil":99}],"NextOffset":100`)
		}
		return 200, ok(fmt.Sprintf(`"BannedAccountList":[],"NextOffset":%d`, 100*(n+1)))
	})
	c := newTestClient(t, f, nil)
	got, err := c.Banned(context.Background(), "@TGS#aROOM")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got["troll"] != 99 || len(f.requests()) != 2 {
		t.Fatalf("got %v in %d requests, want troll:99 in 2", got, len(f.requests()))
	}
}

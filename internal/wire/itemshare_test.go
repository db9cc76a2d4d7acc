package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"testing"
)

// sharedBody is a get_msg reply of n text items numbered from first.
func sharedBody(first, n int) []byte {
	items := make([]json.RawMessage, n)
	for i := range items {
		seq := first + i
		items[i] = json.RawMessage(fmt.Sprintf(`{"Event":3,"GroupId":"@TGS#aROOM","MsgSeq":%d,"MsgRandom":%d,`+
			`"MsgTimeStamp":1700000000,"From_Account":"u%d","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hello %d"}}]}`,
			seq, 1000+seq, seq, seq))
	}
	return AppendGetMsgResp(nil, "key", uint64(first+n), items)
}

func withSharing(t *testing.T) {
	t.Helper()
	ShareItems(true)
	t.Cleanup(func() { ShareItems(false) })
}

func TestSharedItemsDecodeOncePerProcess(t *testing.T) {
	body := sharedBody(1, 10)
	var plain GetMsgResp
	if err := DecodeGetMsgResp(body, &plain); err != nil {
		t.Fatal(err)
	}
	withSharing(t)
	var a, b GetMsgResp
	if err := DecodeGetMsgResp(body, &a); err != nil {
		t.Fatal(err)
	}
	if err := DecodeGetMsgResp(body, &b); err != nil {
		t.Fatal(err)
	}
	for i := range a.RspMsgList {
		if a.RspMsgList[i] != b.RspMsgList[i] {
			t.Fatalf("item %d decoded twice", i)
		}
		if a.RspMsgList[i].Memo == nil {
			t.Fatalf("item %d is shared but has no Memo", i)
		}
		got := *a.RspMsgList[i]
		got.Memo = nil
		if !reflect.DeepEqual(&got, plain.RspMsgList[i]) {
			t.Fatalf("item %d shared %+v, plain %+v", i, got, *plain.RspMsgList[i])
		}
	}
	if hits, misses := SharedStats(); hits != 10 || misses != 10 {
		t.Fatalf("hits %d misses %d, want 10 10", hits, misses)
	}
	// A reply with other items around the same ones finds those.
	var c GetMsgResp
	if err := DecodeGetMsgResp(sharedBody(5, 10), &c); err != nil {
		t.Fatal(err)
	}
	if c.RspMsgList[0] != a.RspMsgList[4] || c.RspMsgList[6] == nil || c.RspMsgList[6].MsgSeq != 11 {
		t.Fatal("the overlapping items were not shared")
	}
}

func TestSharedItemsAreBounded(t *testing.T) {
	withSharing(t)
	const n = 3 * sharedShards * sharedPerShard
	var r GetMsgResp
	if err := DecodeGetMsgResp(sharedBody(1, n), &r); err != nil {
		t.Fatal(err)
	}
	s := shared.Load()
	total := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.RLock()
		for _, e := range sh.m {
			for ; e != nil; e = e.next {
				total++
			}
		}
		if sh.n > sharedPerShard {
			t.Errorf("shard %d holds %d", i, sh.n)
		}
		sh.mu.RUnlock()
	}
	if total > sharedShards*sharedPerShard || total < sharedShards*sharedPerShard/2 {
		t.Fatalf("%d items kept, bound %d", total, sharedShards*sharedPerShard)
	}
	// The newest are still there.
	var again GetMsgResp
	if err := DecodeGetMsgResp(sharedBody(n, 1), &again); err != nil {
		t.Fatal(err)
	}
	if again.RspMsgList[0] != r.RspMsgList[n-1] {
		t.Fatal("the newest item was evicted")
	}
}

func TestSharedItemsMalformedStillFails(t *testing.T) {
	withSharing(t)
	good := sharedBody(1, 2)
	var r GetMsgResp
	if err := DecodeGetMsgResp(good, &r); err != nil {
		t.Fatal(err)
	}
	bad := []byte(`{"ActionStatus":"OK","ErrorCode":0,"Key":"k","NextSeq":3,"RspMsgList":[{"Event":3,"MsgSeq":"x"}]}`)
	var b GetMsgResp
	if err := DecodeGetMsgResp(bad, &b); err == nil {
		t.Fatal("a malformed item decoded while sharing")
	}
	skipped, err := DecodeGetMsgRespSkipping(bad, &b)
	if err != nil || len(skipped) != 1 || len(b.RspMsgList) != 0 {
		t.Fatalf("skipping: %v %v %d", skipped, err, len(b.RspMsgList))
	}
}

func TestSharedItemsConcurrent(t *testing.T) {
	withSharing(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				var r GetMsgResp
				if err := DecodeGetMsgResp(sharedBody(1+(i+g)%50, 20), &r); err != nil {
					t.Error(err)
					return
				}
				for k, it := range r.RspMsgList {
					if it.MsgSeq != uint64(1+(i+g)%50+k) {
						t.Errorf("item %d has seq %d", k, it.MsgSeq)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestMemoKeepsTheFirstValue(t *testing.T) {
	var m Memo
	if m.Load() != nil {
		t.Fatal("empty memo not nil")
	}
	if got := m.Store(1); got != 1 {
		t.Fatal(got)
	}
	if got := m.Store(2); got != 1 || m.Load() != 1 {
		t.Fatalf("second store kept %v", got)
	}
}

// Items whose brackets do not balance, or that are cut, fail while sharing
// exactly as without it.
func TestSharedItemsUnbalancedFail(t *testing.T) {
	withSharing(t)
	for _, body := range []string{
		`{"ActionStatus":"OK","ErrorCode":0,"Key":"k","NextSeq":3,"RspMsgList":[{"Event":3,"MsgSeq":1]}`,
		`{"ActionStatus":"OK","ErrorCode":0,"Key":"k","NextSeq":3,"RspMsgList":[{"Event":3,"From_Account":"x`,
	} {
		var r GetMsgResp
		if err := DecodeGetMsgResp([]byte(body), &r); err == nil {
			t.Errorf("%s decoded", body)
		}
	}
}

// itemsBody is a get_msg reply holding the given items as they are.
func itemsBody(items ...string) []byte {
	raw := make([]json.RawMessage, len(items))
	for i, it := range items {
		raw[i] = json.RawMessage(it)
	}
	return AppendGetMsgResp(nil, "key", 1, raw)
}

func TestSharedItemsSamePrefixOtherTail(t *testing.T) {
	withSharing(t)
	// Both items begin with the same 64+ bytes and differ after them: the
	// prefix only picks candidates, the whole item must match.
	head := `{"Event":3,"GroupId":"@TGS#aROOM-with-a-long-name-to-pass-the-prefix","MsgSeq":7,`
	if len(head) < sharedPrefix {
		t.Fatalf("prefix %d bytes, want ≥ %d", len(head), sharedPrefix)
	}
	a := head + `"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"a"}}]}`
	b := head + `"MsgRandom":2,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"b"}}]}`
	for round := range 2 {
		var r GetMsgResp
		if err := DecodeGetMsgResp(itemsBody(a, b, a), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.RspMsgList) != 3 || r.RspMsgList[0].MsgRandom != 1 || r.RspMsgList[1].MsgRandom != 2 ||
			r.RspMsgList[2] != r.RspMsgList[0] {
			t.Fatalf("round %d: decoded %+v %+v %+v", round, r.RspMsgList[0], r.RspMsgList[1], r.RspMsgList[2])
		}
		if got := string(r.RspMsgList[1].MsgBody.Elems[0].MsgContent); got != `{"Text":"b"}` {
			t.Fatalf("round %d: second item's text %q", round, got)
		}
	}
	if hits, misses := SharedStats(); hits != 4 || misses != 2 {
		t.Fatalf("hits %d misses %d, want 4 2", hits, misses)
	}
}

func TestSharedItemsShortItemsDecodeOwn(t *testing.T) {
	withSharing(t)
	short := `{"Event":3,"MsgSeq":1,"MsgRandom":1,"MsgBody":[]}`
	if len(short) >= sharedPrefix {
		t.Fatalf("item %d bytes, want < %d", len(short), sharedPrefix)
	}
	var r1, r2 GetMsgResp
	for _, r := range []*GetMsgResp{&r1, &r2} {
		if err := DecodeGetMsgResp(itemsBody(short), r); err != nil {
			t.Fatal(err)
		}
	}
	if r1.RspMsgList[0] == r2.RspMsgList[0] || r1.RspMsgList[0].Memo != nil || r1.RspMsgList[0].MsgSeq != 1 {
		t.Fatal("an item shorter than the key was shared")
	}
}

func TestSharedItemsMatchThenBadTail(t *testing.T) {
	withSharing(t)
	body := sharedBody(1, 1)
	var r GetMsgResp
	if err := DecodeGetMsgResp(body, &r); err != nil {
		t.Fatal(err)
	}
	// The same item, then garbage where the array should go on: the hit
	// must not hide the damage.
	item := body[bytes.Index(body, []byte(`{"Event"`)):]
	item = item[:bytes.Index(item, []byte(`]}]`))+2]
	bad := []byte(`{"ActionStatus":"OK","ErrorCode":0,"Key":"key","NextSeq":2,"RspMsgList":[` + string(item) + `}x]}`)
	if err := DecodeGetMsgResp(bad, &r); err == nil {
		t.Fatal("a damaged reply after a shared item decoded")
	}
}

func TestSharedItemsLongChainStillDecodes(t *testing.T) {
	withSharing(t)
	// More items under one key than a lookup compares: the later ones miss
	// and decode, never wrongly.
	head := `{"Event":3,"GroupId":"@TGS#aROOM-with-a-long-name-to-pass-the-prefix","MsgSeq":7,`
	items := make([]string, 3*sharedChain)
	for i := range items {
		items[i] = head + fmt.Sprintf(`"MsgRandom":%d,"MsgBody":[]}`, i)
	}
	for range 2 {
		var r GetMsgResp
		if err := DecodeGetMsgResp(itemsBody(items...), &r); err != nil {
			t.Fatal(err)
		}
		for i, it := range r.RspMsgList {
			if it.MsgRandom != uint32(i) {
				t.Fatalf("item %d has MsgRandom %d", i, it.MsgRandom)
			}
		}
	}
}

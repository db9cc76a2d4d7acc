package jsonlibs

import (
	"bytes"
	"encoding/json"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// TestSameResult checks that every library decodes each input to what the
// hand-written decoder gives (compared as encoding/json's output of both).
func TestSameResult(t *testing.T) {
	defer func() { unmarshal = json.Unmarshal }()
	for _, in := range []struct {
		name string
		body []byte
		ref  func([]byte) (any, error)
		dst  func() any
	}{
		{"getmsg", getMsgBody(t, false), func(b []byte) (any, error) {
			var r wire.GetMsgResp
			return &r, wire.DecodeGetMsgResp(b, &r)
		}, func() any { return new(GetMsgResp) }},
		{"push", pushBody(t), func(b []byte) (any, error) {
			var p wire.MsgPush
			return &p, wire.DecodeMsgPush(b, &p)
		}, func() any { return new(MsgPush) }},
	} {
		ref, err := in.ref(in.body)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(ref)
		for _, l := range libs {
			unmarshal = l.unmarshal
			v := in.dst()
			if err := l.unmarshal(in.body, v); err != nil {
				t.Fatalf("%s %s: %v", l.name, in.name, err)
			}
			got, _ := json.Marshal(v)
			if !bytes.Equal(got, want) {
				t.Errorf("%s %s: decodes differently\n got %s\nwant %s", l.name, in.name, got, want)
			}
		}
	}
}

// cpuNow is the process's user and system CPU time: unlike the elapsed
// time it leaves out the time the benchmark waited for a core on a shared
// machine, and it includes the garbage collector's work on the other core.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// perItem reports ns (elapsed and CPU), bytes and allocations per item; ms
// and cpu0 are the memory statistics and CPU time read just before the loop.
func perItem(b *testing.B, ms *runtime.MemStats, cpu0 time.Duration, items int) {
	cpu := cpuNow() - cpu0
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	n := float64(b.N * items)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/item")
	b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/item")
	b.ReportMetric(float64(after.TotalAlloc-ms.TotalAlloc)/n, "B/item")
	b.ReportMetric(float64(after.Mallocs-ms.Mallocs)/n, "allocs/item")
}

// BenchmarkDecode decodes a 100-item get_msg reply body (trace items:
// messages, join tips and notices; and messages only) and a one-item
// msg_push body, with the hand-written decoder ("handwritten") and with
// each library into copies of the same structs.
func BenchmarkDecode(b *testing.B) {
	defer func() { unmarshal = json.Unmarshal }()
	inputs := []struct {
		name  string
		body  []byte
		items int
		fast  func([]byte) error
		dst   func() any
	}{
		{"getmsg100", getMsgBody(b, false), nItems, func(in []byte) error {
			var r wire.GetMsgResp
			return wire.DecodeGetMsgResp(in, &r)
		}, func() any { return new(GetMsgResp) }},
		{"getmsg100_messages", getMsgBody(b, true), nItems, func(in []byte) error {
			var r wire.GetMsgResp
			return wire.DecodeGetMsgResp(in, &r)
		}, func() any { return new(GetMsgResp) }},
		{"push1", pushBody(b), 1, func(in []byte) error {
			var p wire.MsgPush
			return wire.DecodeMsgPush(in, &p)
		}, func() any { return new(MsgPush) }},
	}
	for _, in := range inputs {
		b.Run(in.name+"/handwritten", func(b *testing.B) {
			b.SetBytes(int64(len(in.body)))
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			cpu0 := cpuNow()
			for b.Loop() {
				if err := in.fast(in.body); err != nil {
					b.Fatal(err)
				}
			}
			perItem(b, &ms, cpu0, in.items)
		})
		for _, l := range libs {
			b.Run(in.name+"/"+l.name, func(b *testing.B) {
				unmarshal = l.unmarshal
				b.SetBytes(int64(len(in.body)))
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				cpu0 := cpuNow()
				for b.Loop() {
					if err := l.unmarshal(in.body, in.dst()); err != nil {
						b.Fatal(err)
					}
				}
				perItem(b, &ms, cpu0, in.items)
			})
		}
	}
}

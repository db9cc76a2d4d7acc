package server

import (
	"bytes"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
)

// BenchmarkScaleViewers runs a busy live room with many viewers in this one
// process: N guests long-poll as tim-js-sdk does (the next poll 300 ms
// after a reply), the room gets 40 messages/s for 10 s, and the benchmark
// reports the deliveries, their latency and the CPU the process used
// (server and clients together). One run is the measurement:
//
//	TIM_SCALE_VIEWERS=10000 go test -run '^$' -bench ScaleViewers -benchtime 1x -v ./internal/server/
//
// N defaults to 1000. TIM_SCALE_DELIVERY=push pushes to logged-in viewers
// instead (with TIM_SCALE_PUSH_BATCH=300ms, say, to gather items per
// frame); TIM_SCALE_COMPRESS=0 asks for plain frames.
func BenchmarkScaleViewers(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("TIM_SCALE_VIEWERS"))
	if n <= 0 {
		n = 1000
	}
	mode := Delivery(os.Getenv("TIM_SCALE_DELIVERY"))
	if mode == "" {
		mode = DeliveryPoll
	}
	compress := os.Getenv("TIM_SCALE_COMPRESS") != "0"
	const rate, duration, gap = 40, 10 * time.Second, 300 * time.Millisecond
	batch, _ := time.ParseDuration(os.Getenv("TIM_SCALE_PUSH_BATCH"))
	s, err := New(Config{SDKAppID: 1400000001, SecretKey: "k", Delivery: mode, PushBatch: batch})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Close()
	b.ResetTimer()
	id, _ := s.createRoom(&wire.CreateGroupReq{Type: wire.AVChatRoomType, Name: "scale"})
	r := s.room(id)

	var delivered atomic.Int64
	var latMu sync.Mutex
	var lats []time.Duration
	sentAt := make([]atomic.Int64, rate*int(duration/time.Second)+rate)
	start := time.Now()
	var wg sync.WaitGroup
	read := func(i int, c *benchClient) {
		defer wg.Done()
		for {
			data, err := c.read()
			if err != nil {
				return
			}
			now := time.Now().UnixNano()
			got := int64(0)
			// Each item's MsgRandom is its index: find the items' indexes for latency.
			for rest := data; ; {
				k := bytes.Index(rest, []byte(`"MsgRandom":`))
				if k < 0 {
					break
				}
				rest = rest[k+12:]
				v := 0
				for len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9' {
					v = v*10 + int(rest[0]-'0')
					rest = rest[1:]
				}
				if v >= 3 && v-3 < len(sentAt) && sentAt[v-3].Load() != 0 {
					got++
					if i%97 == 0 {
						latMu.Lock()
						lats = append(lats, time.Duration(now-sentAt[v-3].Load()))
						latMu.Unlock()
					}
				}
			}
			delivered.Add(got)
			if c.poll {
				if i := bytes.Index(data, nextSeqKey); i >= 0 {
					var next uint64
					for j := i + len(nextSeqKey); j < len(data) && data[j] >= '0' && data[j] <= '9'; j++ {
						next = next*10 + uint64(data[j]-'0')
					}
					c.next = next
				}
				time.Sleep(gap)
				if c.sendPoll() != nil {
					return
				}
			}
		}
	}
	for i := range n {
		c, err := newBenchClient(hs.Listener.Addr().String(), compress)
		if err != nil {
			b.Fatalf("client %d: %v", i, err)
		}
		defer c.conn.Close()
		if err := c.join(s, id, mode, i); err != nil {
			b.Fatalf("client %d: %v", i, err)
		}
		wg.Add(1)
		go read(i, c) // at once: the later joins' tips are pushed to it
	}
	b.Logf("%d %s viewers (compress=%v, push batch %v) joined in %v", n, mode, compress, batch, time.Since(start).Round(time.Millisecond))
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	begin := time.Now()
	body := []wire.Elem{wire.TextElem("a typical danmaku line, forty-odd bytes long")}
	tick := time.NewTicker(time.Second / rate)
	var maxPub time.Duration
	sent := 0
	var maxGap time.Duration
	last := time.Now()
	for time.Since(begin) < duration {
		<-tick.C
		if g := time.Since(last); g > maxGap {
			maxGap = g
		}
		last = time.Now()
		now := s.nowUnix()
		sentAt[sent].Store(time.Now().UnixNano())
		k := sent
		t0 := time.Now()
		r.publish(func() (*wire.Item, *apiError) {
			return r.messageItem(now, "host", uint32(k+3), now, wire.Priority{Level: wire.PriorityNormal}, body, ""), nil
		})
		if d := time.Since(t0); d > maxPub {
			maxPub = d
		}
		sent++
	}
	tick.Stop()
	b.Logf("slowest publish %v, longest tick gap %v", maxPub, maxGap)
	want := int64(sent) * int64(n)
	for deadline := time.Now().Add(15 * time.Second); delivered.Load() < want && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	elapsed := time.Since(begin)
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano()-ru0.Utime.Nano()) + time.Duration(ru1.Stime.Nano()-ru0.Stime.Nano())
	slices.Sort(lats)
	pct := func(p float64) time.Duration {
		if len(lats) == 0 {
			return 0
		}
		return lats[int(p*float64(len(lats)-1))].Round(time.Millisecond)
	}
	st := s.Stats()
	b.Logf("%d messages at %d/s to %d viewers: %d/%d deliveries in %v; latency p50 %v p99 %v max %v; CPU %v (%.0f%% of one core); frames out %d, slow consumers %d",
		sent, rate, n, delivered.Load(), want, elapsed.Round(time.Millisecond), pct(0.5), pct(0.99), pct(1),
		cpu.Round(time.Millisecond), 100*cpu.Seconds()/elapsed.Seconds(), st.FramesOut, st.SlowConsumers)
	if delivered.Load() < want {
		b.Errorf("lost deliveries: %d of %d", delivered.Load(), want)
	}
	s.CloseConnections()
	wg.Wait()
}

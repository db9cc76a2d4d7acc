package timcluster_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/timtest/timcluster"
)

// benchViewersPerNode is how many Go SDK viewers each node serves.
const benchViewersPerNode = 20

// BenchmarkClusterRoom sends b.N messages into one room over REST, spread
// over the nodes and over 4 senders per node, with benchViewersPerNode
// push viewers on each node, budget off; it reports the messages per second
// the cluster took and the receipts per second the viewers got.
func BenchmarkClusterRoom(b *testing.B) {
	b.Run("single", func(b *testing.B) { // timtest.Server: no NATS, the baseline
		srv := timtest.NewServer(timtest.Options{Delivery: "push", RoomMessageRate: -1, Retention: 4096})
		defer srv.Close()
		if _, err := srv.CreateRoom(context.Background(), benchRoomID, "Bench"); err != nil {
			b.Fatal(err)
		}
		benchRoom(b, srv.SDKAppID, srv.UserSig, []benchNode{{srv.URL, srv.Client}})
	})
	for _, nodes := range []int{1, 3} {
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			cl, err := timcluster.Start(timcluster.Options{Nodes: nodes, Delivery: "push", RoomMessageRate: -1, Retention: 4096})
			if err != nil {
				b.Fatal(err)
			}
			defer cl.Close()
			if _, err := cl.CreateRoom(context.Background(), benchRoomID, "Bench"); err != nil {
				b.Fatal(err)
			}
			var ns []benchNode
			for _, n := range cl.Nodes {
				ns = append(ns, benchNode{n.URL, n.Client})
			}
			benchRoom(b, cl.SDKAppID, cl.UserSig, ns)
		})
	}
}

const benchRoomID = "bench-room"

// benchNode is where viewers connect and senders send.
type benchNode struct {
	url  string
	rest *restapi.Client
}

func benchRoom(b *testing.B, sdkAppID uint64, userSig func(string) string, nodes []benchNode) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	const roomID = benchRoomID
	var receipts atomic.Int64
	all := make(chan struct{})
	want := int64(b.N * len(nodes) * benchViewersPerNode)
	for i, n := range nodes {
		for k := range benchViewersPerNode {
			c := tim.New(sdkAppID, tim.WithProxyServer(n.url))
			defer c.Destroy(context.Background())
			tim.On(c, tim.MessageReceived, func(msgs []*message.Message) {
				for _, m := range msgs {
					if _, ok := m.Payload.(*message.TextPayload); ok && receipts.Add(1) == want {
						close(all)
					}
				}
			})
			user := fmt.Sprintf("v%d-%d", i, k)
			if err := c.Login(ctx, user, userSig(user)); err != nil {
				b.Fatal(err)
			}
			if _, err := c.JoinGroup(ctx, roomID); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, n := range nodes {
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := next.Add(1); k <= int64(b.N); k = next.Add(1) {
					if _, err := n.rest.SendText(ctx, roomID, "host", fmt.Sprintf("m%d", k), "Normal"); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	sent := time.Since(start)
	select {
	case <-all:
	case <-ctx.Done():
		b.Fatalf("%d of %d receipts", receipts.Load(), want)
	}
	took := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/sent.Seconds(), "msgs/s")
	b.ReportMetric(float64(want)/took.Seconds(), "receipts/s")
}

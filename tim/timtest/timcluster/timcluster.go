// Package timcluster runs the emulator as a cluster for tests: several
// nodes sharing their rooms through an embedded NATS JetStream server
// (internal/cluster), each on its own 127.0.0.1 port, behind a round-robin
// front that skips dead nodes, as a load balancer would:
//
//	c := timcluster.StartT(t, timcluster.Options{})
//	roomID, _ := c.CreateRoom(ctx, "", "Live Room") // on every node
//	// point an SDK at c.URL (the front) or at c.Nodes[i].URL,
//	// send over REST with c.Nodes[i].SendText …, stop a node: c.Nodes[i].Stop()
//
// It lives beside timtest, not in it, so that timtest and the SDK never
// depend on NATS.
package timcluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/cluster"
	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/tim/restapi"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
)

// DefaultNodes is the size of a cluster whose Options leave Nodes 0.
const DefaultNodes = 3

// Options configure a test cluster; zero fields take timtest's defaults.
type Options struct {
	Nodes           int           // DefaultNodes
	SDKAppID        uint64        // timtest.DefaultSDKAppID
	SecretKey       string        // a random key
	Delivery        string        // "poll" (default) or "push"
	Retention       int           // items kept per room (1024)
	RoomMessageRate int           // messages a room delivers per second (40); negative: no budget
	ReconnectGrace  time.Duration // how long a session outlives its socket (2 min)
	PollHold        time.Duration // how long a long poll waits (10 s)
	StoreDir        string        // NATS store; empty: a temporary directory removed on Close
	// FileStorage keeps the rooms' streams and sessions on disk (StoreDir),
	// so that they survive a NATS restart (NATS.Restart); by default they
	// are in memory.
	FileStorage bool
}

// Cluster is a running test cluster.
type Cluster struct {
	URL       string // the front's WebSocket base, ws://127.0.0.1:PORT
	RESTURL   string // the front's REST base
	NATSURL   string // the embedded NATS server
	SDKAppID  uint64
	SecretKey string
	Admin     string
	Nodes     []*Node
	NATS      *cluster.EmbeddedNATS

	front *front
	tmp   string
}

// Node is one emulator of the cluster.
type Node struct {
	URL     string // ws://127.0.0.1:PORT of this node alone
	RESTURL string // http://127.0.0.1:PORT
	// Client calls this node's REST API as the admin.
	*restapi.Client

	node *cluster.Node
	http *cluster.Listener
	once sync.Once
	dead atomic.Bool
}

func (n *Node) stopped() bool { return n.dead.Load() }

// Server is the node's emulator (its Stats, CloseConnections …).
func (n *Node) Server() *server.Server { return n.node.Server }

// Stop stops the node as a killed process would: its listener and sockets
// close, its clients reconnect (through the front, to another node).
func (n *Node) Stop() {
	n.once.Do(func() {
		n.dead.Store(true)
		n.http.Close()
		n.node.Close()
		n.CloseIdleConnections()
	})
}

// StartT starts a cluster and closes it when the test ends.
func StartT(t testing.TB, opts Options) *Cluster {
	t.Helper()
	c, err := Start(opts)
	if err != nil {
		t.Fatalf("timcluster: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// Start starts an embedded NATS server and the cluster's nodes.
func Start(opts Options) (_ *Cluster, err error) {
	if opts.Nodes <= 0 {
		opts.Nodes = DefaultNodes
	}
	if opts.SDKAppID == 0 {
		opts.SDKAppID = timtest.DefaultSDKAppID
	}
	key := make([]byte, 32)
	rand.Read(key)
	if opts.SecretKey == "" {
		opts.SecretKey = hex.EncodeToString(key)
	}
	c := &Cluster{SDKAppID: opts.SDKAppID, SecretKey: opts.SecretKey, Admin: "administrator"}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	dir := opts.StoreDir
	if dir == "" {
		if dir, err = mkTemp(); err != nil {
			return nil, err
		}
		c.tmp = dir
	}
	if c.NATS, err = cluster.StartEmbedded(dir, 0); err != nil {
		return nil, err
	}
	c.NATSURL = c.NATS.URL()
	addrs := make([]string, 0, opts.Nodes)
	for range opts.Nodes {
		n, err := c.startNode(opts)
		if err != nil {
			return nil, err
		}
		c.Nodes = append(c.Nodes, n)
		addrs = append(addrs, n.http.Addr)
	}
	if c.front, err = newFront(addrs); err != nil {
		return nil, err
	}
	c.URL, c.RESTURL = "ws://"+c.front.ln.Addr().String(), "http://"+c.front.ln.Addr().String()
	return c, nil
}

func (c *Cluster) startNode(opts Options) (*Node, error) {
	storage := cluster.MemoryStorage
	if opts.FileStorage {
		storage = cluster.FileStorage
	}
	node, err := cluster.NewNode(server.Config{
		SDKAppID: c.SDKAppID, SecretKey: c.SecretKey, Admin: c.Admin,
		Delivery: server.Delivery(opts.Delivery), Retention: opts.Retention,
		RoomMessageRate: opts.RoomMessageRate, ReconnectGrace: opts.ReconnectGrace, PollHold: opts.PollHold,
	}, c.NATSURL, storage)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		node.Close()
		return nil, err
	}
	n := &Node{node: node, http: cluster.Serve(ln, node.Server)}
	n.URL, n.RESTURL = "ws://"+n.http.Addr, "http://"+n.http.Addr
	if n.Client, err = restapi.New(restapi.Config{SDKAppID: c.SDKAppID, SecretKey: c.SecretKey, Admin: c.Admin, BaseURL: n.RESTURL}); err != nil {
		n.Stop()
		return nil, err
	}
	return n, nil
}

// CreateRoom creates an AVChatRoom (groupID "": a generated ID) over
// the REST API of the first running node, and returns once every running
// node has it (rooms are shared through a JetStream key-value bucket, which
// the other nodes watch).
func (c *Cluster) CreateRoom(ctx context.Context, groupID, name string) (string, error) {
	var first *Node
	for _, n := range c.Nodes {
		if !n.stopped() {
			first = n
			break
		}
	}
	if first == nil {
		return "", fmt.Errorf("timcluster: no node is running")
	}
	id, err := first.Client.CreateRoom(ctx, groupID, name)
	if err != nil {
		return "", err
	}
	backoff := time.Millisecond
	for _, n := range c.Nodes {
		for !n.stopped() {
			if _, ok := n.Server().RoomStats(id); ok {
				break
			}
			select {
			case <-ctx.Done():
				return "", fmt.Errorf("timcluster: room %s did not reach every node: %w", id, ctx.Err())
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, 100*time.Millisecond)
		}
	}
	return id, nil
}

// UserSig returns a UserSig for userID valid on every node.
func (c *Cluster) UserSig(userID string) string {
	sig, err := usersig.Generate(c.SDKAppID, c.SecretKey, userID, timtest.UserSigLifetime)
	if err != nil {
		panic("timcluster: " + err.Error())
	}
	return sig
}

// Close stops the front, every node and the NATS server.
func (c *Cluster) Close() {
	if c.front != nil {
		c.front.close()
	}
	for _, n := range c.Nodes {
		n.Stop()
	}
	if c.NATS != nil {
		c.NATS.Close()
	}
	if c.tmp != "" {
		removeAll(c.tmp)
	}
}

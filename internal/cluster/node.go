package cluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tim-go/sdk/internal/server"
)

// setupTimeout bounds the NATS calls that set a node up.
const setupTimeout = 10 * time.Second

// Node is one emulator of a cluster: a server.Server whose rooms share
// their streams through NATS JetStream.
type Node struct {
	Server *server.Server
	Log    *RoomLog
	Rooms  *RoomKV

	nc   *nats.Conn
	once sync.Once
}

// NewNode connects to the NATS server at natsURL and returns an emulator
// for cfg sharing its rooms there. It reconnects to NATS for ever, backing
// off, so a restarted NATS server needs no manual step.
func NewNode(cfg server.Config, natsURL string, storage Storage) (*Node, error) {
	nc, err := nats.Connect(natsURL, nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond),
		nats.RetryOnFailedConnect(false), nats.Name("tim-emulator"))
	if err != nil {
		return nil, fmt.Errorf("cluster: connect %s: %w", natsURL, err)
	}
	n := &Node{nc: nc}
	if err := n.start(cfg, storage); err != nil {
		nc.Close()
		return nil, err
	}
	return n, nil
}

func (n *Node) start(cfg server.Config, storage Storage) error {
	js, err := jetstream.New(n.nc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	retention := cfg.Retention
	if retention <= 0 {
		retention = server.DefaultRetention
	}
	if n.Log, err = NewRoomLog(ctx, js, cfg.SDKAppID, retention, storage); err != nil {
		return err
	}
	cfg.RoomLog = n.Log
	if cfg.SessionStore, err = NewSessionKV(ctx, js, cfg.SDKAppID, storage); err != nil {
		return err
	}
	if n.Rooms, err = NewRoomKV(ctx, js, cfg.SDKAppID, storage, n.Log); err != nil {
		return err
	}
	cfg.RoomStore = n.Rooms
	if n.Server, err = server.New(cfg); err != nil {
		return err
	}
	if err := n.Log.Subscribe(ctx, n.Server.ApplyShared); err != nil {
		n.Server.Close()
		return err
	}
	if err := n.Rooms.Watch(ctx, n.Server.ApplyRoom); err != nil {
		n.Log.Close()
		n.Server.Close()
		return err
	}
	return nil
}

// Close stops the subscription, the emulator and the NATS connection.
func (n *Node) Close() {
	n.once.Do(func() {
		n.Rooms.Close()
		n.Log.Close()
		n.Server.Close()
		n.nc.Close()
	})
}

// Listener serves a node over HTTP on ln until Close.
type Listener struct {
	Addr   string // host:port
	hs     *http.Server
	served chan struct{}
}

// Serve serves h on ln in a goroutine.
func Serve(ln net.Listener, h http.Handler) *Listener {
	l := &Listener{Addr: ln.Addr().String(), hs: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}, served: make(chan struct{})}
	go func() {
		defer close(l.served)
		if err := l.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the listener closed under us: nothing to do
		}
	}()
	return l
}

// Close stops accepting and closes the listener's connections.
func (l *Listener) Close() {
	l.hs.Close()
	<-l.served
}

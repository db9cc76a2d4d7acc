package main

import (
	"flag"
	"fmt"
	"os"
	"sync"

	"github.com/tim-go/sdk/internal/cluster"
	"github.com/tim-go/sdk/internal/server"
)

// natsFlags make the emulator one node of a cluster (README, "The
// emulator as a cluster"): its rooms' streams live in NATS JetStream.
type natsFlags struct {
	url   string // "" (one process, memory only), "embedded", or nats://host:port
	store string // JetStream store of -nats embedded ("": a temporary directory)
	port  int    // client port of -nats embedded (0: a free one)
}

func (f *natsFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.url, "nats", "", "join a cluster: a NATS URL (nats://host:4222) or \"embedded\" to start a nats-server with JetStream in this process (loopback only)")
	fs.StringVar(&f.store, "nats-store", "", "JetStream store directory of -nats embedded (default: a temporary directory, removed on exit)")
	fs.IntVar(&f.port, "nats-port", 0, "client port of -nats embedded, so that other nodes can join it (default: a free port)")
}

// newServer returns the emulator for cfg: alone, or a cluster node with
// -nats. stop releases what it started.
func (f *natsFlags) newServer(cfg server.Config) (srv *server.Server, stop func(), err error) {
	if f.url == "" {
		srv, err = server.New(cfg)
		return srv, sync.OnceFunc(func() { srv.Close() }), err
	}
	url, storage := f.url, cluster.FileStorage
	var emb *cluster.EmbeddedNATS
	var tmp string
	if url == "embedded" {
		dir := f.store
		if dir == "" {
			if tmp, err = os.MkdirTemp("", "tim-emulator-nats-"); err != nil {
				return nil, nil, err
			}
			dir = tmp
		}
		if emb, err = cluster.StartEmbedded(dir, f.port); err != nil {
			os.RemoveAll(tmp)
			return nil, nil, err
		}
		url = emb.URL()
	}
	release := func() {
		if emb != nil {
			emb.Close()
		}
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}
	node, err := cluster.NewNode(cfg, url, storage)
	if err != nil {
		release()
		return nil, nil, err
	}
	fmt.Printf("Cluster node on NATS %s (rooms' streams in JetStream stream TIM_%d)\n", url, cfg.SDKAppID)
	return node.Server, sync.OnceFunc(func() { node.Close(); release() }), nil
}

package cluster

import (
	"errors"
	"net"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
)

// embeddedReady bounds how long Embedded waits for the server to listen.
const embeddedReady = 10 * time.Second

// EmbeddedNATS is a nats-server running in this process with JetStream on,
// listening on the loopback interface only.
type EmbeddedNATS struct {
	srv  *natsserver.Server
	opts *natsserver.Options
}

// StartEmbedded starts a nats-server with JetStream, storing in dir, on
// 127.0.0.1:port (port 0: a free one).
func StartEmbedded(dir string, port int) (*EmbeddedNATS, error) {
	if port == 0 {
		port = natsserver.RANDOM_PORT
	}
	opts := &natsserver.Options{
		Host: "127.0.0.1", Port: port, JetStream: true, StoreDir: dir,
		NoLog: true, NoSigs: true,
	}
	e := &EmbeddedNATS{opts: opts}
	return e, e.start()
}

func (e *EmbeddedNATS) start() error {
	srv, err := natsserver.NewServer(e.opts)
	if err != nil {
		return err
	}
	go srv.Start()
	if !srv.ReadyForConnections(embeddedReady) {
		srv.Shutdown()
		return errors.New("cluster: embedded nats-server did not start")
	}
	e.srv = srv
	return nil
}

// URL is the client URL of the server, nats://127.0.0.1:port.
func (e *EmbeddedNATS) URL() string { return e.srv.ClientURL() }

// Restart shuts the server down and starts it again on the same port and
// store, as an operator restarting NATS would.
func (e *EmbeddedNATS) Restart() error {
	if a, ok := e.srv.Addr().(*net.TCPAddr); ok {
		e.opts.Port = a.Port
	}
	e.Close()
	return e.start()
}

// Close shuts the server down and waits for it.
func (e *EmbeddedNATS) Close() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
}

package server

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
)

// Server is the emulator: an http.Handler serving the WebSocket gateway
// (/binfo binary frames, /info text frames), the REST API
// (/v4/<service>/<command>) and the debug endpoints (/debug/...). Create it
// with New, mount it on any http.Server, and Close it when done.
type Server struct {
	cfg Config
	log *zap.Logger

	connsMu sync.Mutex
	conns   map[*conn]struct{}
	addrs   addrTable // sockets and guests per client address (limits.go)
	closed  bool
	wg      sync.WaitGroup // socket readers and writers

	sessMu sync.RWMutex
	byA2   map[string]*session
	byUser map[string]*session
	tombs  tombstones

	roomsMu sync.RWMutex
	rooms   map[string]*room

	keysMu sync.RWMutex
	keys   map[string]*poller // long-poll Key -> poller

	users   users
	c2c     c2cStore // one-to-one messages (c2c.go)
	pushSeq atomic.Uint64
	connSeq atomic.Uint64
	stats   counters

	clock budgetClock // the room budgets' timer (budget.go)
	hooks *hooks      // webhooks; nil without Config.CallbackURL (webhook.go)
}

// New returns a Server for cfg (see Config for defaults).
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:    cfg,
		log:    cfg.Logger,
		conns:  make(map[*conn]struct{}),
		byA2:   make(map[string]*session),
		byUser: make(map[string]*session),
		rooms:  make(map[string]*room),
		keys:   make(map[string]*poller),
		users:  newUsers(),
		tombs:  newTombstones(tombstoneCap),
	}
	s.clock.srv = s
	if s.hooks, err = newHooks(s); err != nil {
		return nil, err
	}
	return s, nil
}

// Config returns the configuration in effect, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// ServeHTTP routes a request to the gateway, the REST API or the debug endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == wire.PathBinary:
		s.serveWebSocket(w, r, true)
	case p == wire.PathText:
		s.serveWebSocket(w, r, false)
	case strings.HasPrefix(p, wire.RESTPathPrefix):
		s.serveREST(w, r)
	case strings.HasPrefix(p, debugPrefix) && !s.cfg.DisableDebug:
		s.serveDebug(w, r)
	default:
		http.NotFound(w, r)
	}
}

// Close drops every socket, stops every timer and waits for the socket
// goroutines to end. Sessions and rooms are discarded. It is safe to call
// more than once; later requests get 503.
func (s *Server) Close() error {
	if s.isClosed() {
		return nil
	}
	s.killConns(true)
	s.wg.Wait()
	s.clock.close() // messages waiting for the budget fail
	s.hooks.close()

	s.sessMu.Lock()
	for _, ss := range s.byA2 {
		ss.stopTimer()
	}
	s.sessMu.Unlock()
	s.roomsMu.RLock()
	for _, r := range s.rooms {
		r.mu.Lock()
		if r.pushTimer != nil {
			r.pushTimer.Stop()
		}
		if r.memberTips.timer != nil {
			r.memberTips.timer.Stop()
		}
		r.mu.Unlock()
	}
	s.roomsMu.RUnlock()
	s.keysMu.RLock()
	pollers := make([]*poller, 0, len(s.keys))
	for _, p := range s.keys {
		pollers = append(pollers, p)
	}
	s.keysMu.RUnlock()
	for _, p := range pollers {
		p.room.mu.Lock()
		p.stopTimers()
		p.room.mu.Unlock()
	}
	return nil
}

func (s *Server) isClosed() bool {
	s.connsMu.Lock()
	defer s.connsMu.Unlock()
	return s.closed
}

// now is the server clock (Config.Now) used for message times and UserSigs.
func (s *Server) now() time.Time { return s.cfg.Now() }

// nowUnix is the server clock in Unix seconds.
func (s *Server) nowUnix() int64 { return s.cfg.Now().Unix() }

func (s *Server) room(id string) *room {
	s.roomsMu.RLock()
	defer s.roomsMu.RUnlock()
	return s.rooms[id]
}

func (s *Server) poller(key string) *poller {
	s.keysMu.RLock()
	defer s.keysMu.RUnlock()
	return s.keys[key]
}

func (s *Server) addKey(p *poller) {
	s.keysMu.Lock()
	s.keys[p.key] = p
	s.keysMu.Unlock()
}

func (s *Server) dropKey(p *poller) {
	s.keysMu.Lock()
	if s.keys[p.key] == p {
		delete(s.keys, p.key)
	}
	s.keysMu.Unlock()
	p.stopTimers()
}

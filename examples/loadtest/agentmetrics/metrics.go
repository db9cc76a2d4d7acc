// Package agentmetrics is a load-test agent's Prometheus metrics: what its
// viewers joined, sent and received, the latency of each receipt, and the
// process's CPU and memory, on a registry of its own (never the global
// default), every series labelled with the agent's index, so that
// Prometheus adds up many agents as it does any fleet.
//
// It is the only package of the harness that imports the Prometheus
// client: the SDK's packages never do, and the harness serves the metrics
// only with -metrics.
package agentmetrics

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace starts every metric's name.
const Namespace = "timgo_loadtest"

// LatencyBuckets are the latency histogram's upper bounds in seconds: from
// 5 ms (a receipt on one machine) to 10 s (a room far behind).
var LatencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Agent holds one agent's metrics. A nil *Agent takes every call and does
// nothing, so the harness calls it without asking whether -metrics is on.
type Agent struct {
	reg        *prometheus.Registry
	planned    prometheus.Gauge
	joined     prometheus.Gauge
	joinFails  prometheus.Counter
	sent       prometheus.Counter
	sendFails  prometheus.Counter
	receipts   prometheus.Counter
	duplicates prometheus.Counter
	expected   prometheus.Gauge
	missing    prometheus.Gauge
	latency    prometheus.Histogram
	minLatency *prometheus.GaugeVec
}

// New makes the metrics of agent index (its i of -agent i/K), on a
// registry of their own with the process and Go runtime collectors.
func New(index int) *Agent {
	reg := prometheus.NewRegistry()
	f := prometheus.WrapRegistererWith(prometheus.Labels{"agent": strconv.Itoa(index)}, reg)
	f.MustRegister(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), collectors.NewGoCollector())
	gauge := func(name, help string) prometheus.Gauge {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Name: name, Help: help})
		f.MustRegister(g)
		return g
	}
	counter := func(name, help string) prometheus.Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Name: name, Help: help})
		f.MustRegister(c)
		return c
	}
	a := &Agent{
		reg:        reg,
		planned:    gauge("viewers_planned", "Viewers this agent's share of the plan holds."),
		joined:     gauge("viewers_joined", "Viewers of this agent that joined the room."),
		joinFails:  counter("join_failures_total", "Viewers of this agent that failed to join."),
		sent:       counter("messages_sent_total", "Messages this agent's senders sent."),
		sendFails:  counter("send_failures_total", "Sends of this agent the server refused or that timed out."),
		receipts:   counter("receipts_total", "Load-test messages this agent's viewers received, duplicates included."),
		duplicates: counter("duplicates_total", "Receipts a viewer of this agent had already had."),
		expected:   gauge("receipts_expected", "Receipts this agent's viewers should have had, set when its drain ends: the plan's messages times its joined viewers."),
		missing:    gauge("missing", "Receipts still missing when this agent's drain ended (expected less unique receipts)."),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: Namespace, Name: "latency_seconds",
			Help: "From a message's send-time stamp (the sending agent's clock) to a viewer's MESSAGE_RECEIVED handler (this agent's clock).", Buckets: LatencyBuckets}),
		minLatency: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: Namespace, Name: "min_latency_seconds",
			Help: "Least latency of the receipts of messages sent by sender_agent: negative or far below the agent's own means the clocks are skewed."}, []string{"sender_agent"}),
	}
	f.MustRegister(a.latency, a.minLatency)
	return a
}

// SetPlanned sets how many viewers this agent holds.
func (a *Agent) SetPlanned(n int) {
	if a != nil {
		a.planned.Set(float64(n))
	}
}

// Joined counts a viewer that joined.
func (a *Agent) Joined() {
	if a != nil {
		a.joined.Inc()
	}
}

// JoinFailed counts a viewer that failed to join.
func (a *Agent) JoinFailed() {
	if a != nil {
		a.joinFails.Inc()
	}
}

// Sends counts sends that succeeded and failed.
func (a *Agent) Sends(sent, failed int) {
	if a == nil {
		return
	}
	if sent > 0 {
		a.sent.Add(float64(sent))
	}
	if failed > 0 {
		a.sendFails.Add(float64(failed))
	}
}

// Receipt counts one receipt with its latency; a duplicate counts as a
// receipt too, as the report's "delivered" does.
func (a *Agent) Receipt(latency time.Duration, duplicate bool) {
	if a == nil {
		return
	}
	a.receipts.Inc()
	if duplicate {
		a.duplicates.Inc()
	}
	a.latency.Observe(max(latency, 0).Seconds())
}

// MinLatency sets the least latency seen from sender's messages.
func (a *Agent) MinLatency(sender int, d time.Duration) {
	if a != nil {
		a.minLatency.WithLabelValues(strconv.Itoa(sender)).Set(d.Seconds())
	}
}

// Drained sets what the drain ended with.
func (a *Agent) Drained(expected, missing int64) {
	if a != nil {
		a.expected.Set(float64(expected))
		a.missing.Set(float64(missing))
	}
}

// Handler serves the metrics in Prometheus's text format.
func (a *Agent) Handler() http.Handler {
	return promhttp.HandlerFor(a.reg, promhttp.HandlerOpts{Registry: a.reg})
}

// Server serves /metrics until Close.
type Server struct {
	// URL is the metrics' address, http://host:port/metrics.
	URL  string
	srv  *http.Server
	done chan struct{}
	err  error
	once sync.Once
}

// Serve listens on addr (host:port; port 0 picks one) and serves the
// metrics at /metrics.
func (a *Agent) Serve(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", a.Handler())
	s := &Server{URL: "http://" + ln.Addr().String() + "/metrics", done: make(chan struct{}),
		srv: &http.Server{Handler: mux, ReadHeaderTimeout: readHeaderTimeout}}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.err = err
		}
	}()
	return s, nil
}

// readHeaderTimeout bounds a scraper that opens a connection and says
// nothing.
const readHeaderTimeout = 10 * time.Second

// closeWait bounds the scrapes in flight at Close.
const closeWait = 5 * time.Second

// Close stops serving, lets scrapes in flight finish (at most closeWait)
// and returns the error that stopped the server early, if any.
func (s *Server) Close() error {
	s.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), closeWait)
		defer cancel()
		if err := s.srv.Shutdown(ctx); err != nil {
			_ = s.srv.Close()
		}
		<-s.done
	})
	return s.err
}

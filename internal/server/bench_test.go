package server

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/tim/usersig"
)

// BenchmarkFanout publishes items into one room with N members over real
// loopback sockets and reports the cost per delivered item (one item to one
// member): ns, allocations and bytes, server and clients together. The
// clients are minimal allocation-free WebSocket readers, so the figures are
// essentially the server's.
//
//	go test -run '^$' -bench Fanout -benchtime 200x ./internal/server/
//
// Each op publishes a burst of items and waits until every member has them
// all. burst=1 is the worst case for long polling (one request per item per
// member); with tim-js-sdk's 300 ms poll gap and a busy room (40 msg/s) a
// reply carries about a dozen items, which burst=10 approximates.
func BenchmarkFanout(b *testing.B) {
	for _, mode := range []Delivery{DeliveryPoll, DeliveryPush} {
		for _, compress := range []bool{false, true} {
			for _, burst := range []int{1, 10} {
				for _, n := range []int{100, 1000} {
					name := fmt.Sprintf("%s/compress=%v/burst=%d/members=%d", mode, compress, burst, n)
					b.Run(name, func(b *testing.B) { benchFanout(b, mode, compress, burst, n) })
				}
			}
		}
	}
}

func benchFanout(b *testing.B, mode Delivery, compress bool, burst, n int) {
	s, err := New(Config{SDKAppID: 1400000001, SecretKey: "k", Delivery: mode, PollHold: 10 * time.Second, SendQueue: 1 << 16})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Close()
	id, e := s.createRoom(&wire.CreateGroupReq{Type: wire.AVChatRoomType, Name: "bench"})
	if e != nil {
		b.Fatal(e)
	}
	r := s.room(id)
	var delivered atomic.Int64
	target := atomic.Int64{}
	done := make(chan struct{}, 1)
	count := func(k int64) {
		if v := delivered.Add(k); v == target.Load() {
			done <- struct{}{}
		}
	}
	target.Store(-1)
	clients := make([]*benchClient, n)
	for i := range clients {
		c, err := newBenchClient(hs.Listener.Addr().String(), compress)
		if err != nil {
			b.Fatal(err)
		}
		defer c.conn.Close()
		if err := c.join(s, id, mode, i); err != nil {
			b.Fatal(err)
		}
		clients[i] = c
	}
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() { defer wg.Done(); c.run(count) }()
	}
	// Let every poller park its first poll.
	for deadline := time.Now().Add(10 * time.Second); mode == DeliveryPoll && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		r.mu.Lock()
		w := len(r.waiters)
		r.mu.Unlock()
		if w == n {
			break
		}
	}
	body := []wire.Elem{wire.TextElem("a typical danmaku line, forty-odd bytes long")}
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	for i := range b.N {
		target.Store(int64(i+1) * int64(n*burst))
		now := s.nowUnix()
		for k := range burst {
			if _, e := r.publish(func() (*wire.Item, *apiError) {
				return r.messageItem(now, "host", uint32(i*burst+k+3), now, wire.Priority{Level: wire.PriorityNormal}, body, ""), nil
			}); e != nil {
				b.Fatal(e)
			}
		}
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			b.Fatalf("item %d: %d of %d deliveries", i, delivered.Load(), target.Load())
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	d := float64(b.N) * float64(n*burst)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/d, "ns/delivery")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/d, "allocs/delivery")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/d, "B/delivery")
	s.CloseConnections()
	wg.Wait()
}

// benchClient is a bare WebSocket client: masked binary frames out, frames
// read into one reused buffer, COMP frames inflated with a reused reader.
type benchClient struct {
	conn     net.Conn
	br       *bufio.Reader
	in, out  []byte
	plain    bytes.Buffer
	zr       io.ReadCloser
	compress bool

	seq   uint64
	head  wire.Head
	key   string
	next  uint64
	poll  bool
	parts [3][]byte // the get_msg frame around its seq and StartSeq
	frame []byte
}

func newBenchClient(addr string, compress bool) (*benchClient, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	q := "?sdkappid=1400000001" // the benchmarks' SDKAppID
	if compress {
		q += "&compress=gzip"
	}
	fmt.Fprintf(conn, "GET /binfo%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", q, addr)
	c := &benchClient{conn: conn, br: bufio.NewReaderSize(conn, 64<<10), compress: compress}
	for {
		line, err := c.br.ReadSlice('\n')
		if err != nil {
			return nil, err
		}
		if len(line) <= 2 {
			return c, nil
		}
	}
}

func (c *benchClient) write(h *wire.Head, body any) error {
	f, err := wire.EncodeFrame(h, body)
	if err != nil {
		return err
	}
	return c.writeRaw(f)
}

func (c *benchClient) writeRaw(payload []byte) error {
	c.out = append(c.out[:0], 0x82) // FIN, binary
	switch n := len(payload); {
	case n < 126:
		c.out = append(c.out, 0x80|byte(n))
	case n < 1<<16:
		c.out = append(c.out, 0x80|126, byte(n>>8), byte(n))
	default:
		c.out = append(c.out, 0x80|127)
		c.out = binary.BigEndian.AppendUint64(c.out, uint64(n))
	}
	c.out = append(c.out, 0, 0, 0, 0) // a zero mask key: masking is the identity
	c.out = append(c.out, payload...)
	_, err := c.conn.Write(c.out)
	return err
}

// read returns the next data frame's payload (inflated), valid until the next read.
func (c *benchClient) read() ([]byte, error) {
	for {
		var h [2]byte
		if _, err := io.ReadFull(c.br, h[:]); err != nil {
			return nil, err
		}
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			var x [2]byte
			if _, err := io.ReadFull(c.br, x[:]); err != nil {
				return nil, err
			}
			n = uint64(binary.BigEndian.Uint16(x[:]))
		case 127:
			var x [8]byte
			if _, err := io.ReadFull(c.br, x[:]); err != nil {
				return nil, err
			}
			n = binary.BigEndian.Uint64(x[:])
		}
		if uint64(cap(c.in)) < n {
			c.in = make([]byte, n)
		}
		c.in = c.in[:n]
		if _, err := io.ReadFull(c.br, c.in); err != nil {
			return nil, err
		}
		switch h[0] & 0x0f {
		case 0x8:
			return nil, errors.New("closed")
		case 0x1, 0x2:
		default:
			continue // ping/pong
		}
		if !wire.IsCompressed(c.in) {
			return c.in, nil
		}
		src := bytes.NewReader(c.in[4:])
		if c.zr == nil {
			zr, err := zlib.NewReader(src)
			if err != nil {
				return nil, err
			}
			c.zr = zr
		} else if err := c.zr.(zlib.Resetter).Reset(src, nil); err != nil {
			return nil, err
		}
		c.plain.Reset()
		if _, err := c.plain.ReadFrom(c.zr); err != nil {
			return nil, err
		}
		return c.plain.Bytes(), nil
	}
}

func (c *benchClient) roundTrip(h wire.Head, body, resp any) error {
	if err := c.write(&h, body); err != nil {
		return err
	}
	data, err := c.read()
	if err != nil {
		return err
	}
	f, err := wire.DecodeFrame(data)
	if err != nil {
		return err
	}
	return json.Unmarshal(f.Body, resp)
}

func (c *benchClient) join(s *Server, groupID string, mode Delivery, i int) error {
	var jr wire.ApplyJoinResp
	if mode == DeliveryPoll {
		c.head = wire.GuestHead(s.cfg.SDKAppID, wire.CmdApplyJoinNoAuth, 1, 0)
		if err := c.roundTrip(c.head, wire.ApplyJoinReq{GroupID: groupID}, &jr); err != nil {
			return err
		}
		c.head.Servcmd, c.key, c.next, c.poll = wire.CmdGetMsgNoAuth, jr.LongPollingKey, jr.StartSeq, true
		if err := c.pollTemplate(); err != nil {
			return err
		}
		return c.sendPoll()
	}
	user := "u" + strconv.Itoa(i)
	sig, err := usersig.Generate(s.cfg.SDKAppID, s.cfg.SecretKey, user, time.Hour)
	if err != nil {
		return err
	}
	var lr wire.LoginResp
	if err := c.roundTrip(wire.LoginHead(s.cfg.SDKAppID, user, sig, wire.CmdLogin, 1, 0), wire.NewLoginReq(), &lr); err != nil {
		return err
	}
	h := wire.SessionHead(s.cfg.SDKAppID, lr.A2Key, lr.TinyID, lr.InstID, wire.CmdApplyJoin, 2, 0)
	return c.roundTrip(h, wire.ApplyJoinReq{GroupID: groupID}, &jr) // pushes follow the reply
}

var (
	nextSeqKey = []byte(`"NextSeq":`)
	benchText  = []byte("danmaku")
)

// pollTemplate encodes the get_msg frame once with marker numbers, so
// that each poll only patches its seq and StartSeq in (no allocation).
func (c *benchClient) pollTemplate() error {
	const seqMark, startMark = 987654321987, 876543219876
	h := c.head
	h.Seq = seqMark
	f, err := wire.EncodeFrame(&h, wire.GetMsgReq{USP: 1, StartSeq: startMark, HoldTime: wire.DefaultHoldTime, Key: c.key})
	if err != nil {
		return err
	}
	sm, st := []byte(strconv.Itoa(seqMark)), []byte(strconv.Itoa(startMark))
	i, j := bytes.Index(f, sm), bytes.Index(f, st)
	if i < 0 || j < i {
		return errors.New("poll template: markers not found")
	}
	c.parts = [3][]byte{f[:i], f[i+len(sm) : j], f[j+len(st):]}
	return nil
}

func (c *benchClient) sendPoll() error {
	c.seq++
	c.frame = append(c.frame[:0], c.parts[0]...)
	c.frame = strconv.AppendUint(c.frame, c.seq, 10)
	c.frame = append(c.frame, c.parts[1]...)
	c.frame = strconv.AppendUint(c.frame, c.next, 10)
	c.frame = append(c.frame, c.parts[2]...)
	return c.writeRaw(c.frame)
}

// run reads until the socket closes, counting delivered items: in poll
// mode from NextSeq (and polling again at once), in push mode one per frame.
func (c *benchClient) run(count func(int64)) {
	for {
		data, err := c.read()
		if err != nil {
			return
		}
		if !c.poll {
			if bytes.Contains(data, benchText) { // not the join tips of later members
				count(1)
			}
			continue
		}
		i := bytes.Index(data, nextSeqKey)
		if i < 0 {
			continue
		}
		j := i + len(nextSeqKey)
		var next uint64
		for ; j < len(data) && data[j] >= '0' && data[j] <= '9'; j++ {
			next = next*10 + uint64(data[j]-'0')
		}
		got := next - c.next
		c.next = next
		if err := c.sendPoll(); err != nil {
			return
		}
		if got > 0 {
			count(int64(got))
		}
	}
}

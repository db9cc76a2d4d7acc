package wslibs

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// frameSize is the payload of every message: about a push or a small poll
// reply of the SDK.
const frameSize = 500

var payload = make([]byte, frameSize)

// Modes, named for what the side under test does: idle (one message each
// way, then a parked read), read (the peer writes without end), write (the
// peer reads without end).
const (
	modeIdle  = "idle"
	modeRead  = "read"
	modeWrite = "write"
	modeEcho  = "echo" // one message each way per op, each in its own read
)

// peerLib is the library the peer process uses, whatever the side under
// test uses: its cost is not measured.
const peerLib = "gorilla"

// TestMain runs the peer when the test binary is started again as the
// child of a benchmark (WSLIBS_PEER set), and the tests otherwise.
func TestMain(m *testing.M) {
	if spec := os.Getenv("WSLIBS_PEER"); spec != "" {
		if err := runPeer(strings.Fields(spec)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// peer does the peer's half of mode on c until the connection goes.
func peer(mode string, c wsConn) {
	defer c.close()
	switch mode {
	case modeIdle:
		if c.write(payload) != nil || c.read() != nil {
			return
		}
		for c.read() == nil {
		}
	case modeRead:
		for c.write(payload) == nil {
		}
	case modeWrite:
		for c.read() == nil {
		}
	case modeEcho:
		for c.write(payload) == nil && c.read() == nil {
		}
	}
}

// runPeer is the child: "server" serves the three modes at /idle, /read
// and /write and prints its base URL; "client URL N" dials N connections
// to URL (whose path is the mode) and prints "ready". Both run until their
// standard input closes.
func runPeer(args []string) error {
	l := libNamed(peerLib)
	switch args[0] {
	case "server":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		mux := http.NewServeMux()
		for _, mode := range []string{modeIdle, modeRead, modeWrite, modeEcho} {
			mux.Handle("/"+mode, l.handler(func(c wsConn) { peer(mode, c) }))
		}
		go func() { _ = http.Serve(ln, mux) }()
		fmt.Printf("ws://%s\n", ln.Addr())
	case "client":
		url := args[1]
		n, _ := strconv.Atoi(args[2])
		mode := url[strings.LastIndexByte(url, '/')+1:]
		for range n {
			c, err := l.dial(url)
			if err != nil {
				return err
			}
			go peer(mode, c)
		}
		fmt.Println("ready")
	}
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	return nil
}

// child is a running peer process; stop ends it.
type child struct {
	cmd   *exec.Cmd
	stdin interface{ Close() error }
	line  string // the first line it printed
}

func startPeer(tb testing.TB, args ...string) *child {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "WSLIBS_PEER="+strings.Join(args, " "))
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		tb.Fatal(err)
	}
	return &child{cmd: cmd, stdin: stdin, line: strings.TrimSpace(line)}
}

func (c *child) stop() {
	_ = c.stdin.Close()
	_ = c.cmd.Wait()
}

// server is the side under test serving with l: each connection's handler
// gets it on conns.
type server struct {
	url   string
	conns chan wsConn
	srv   *http.Server
	wg    sync.WaitGroup
}

func startServer(tb testing.TB, l lib, serve func(wsConn)) *server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &server{url: "ws://" + ln.Addr().String()}
	s.srv = &http.Server{Handler: l.handler(func(c wsConn) {
		s.wg.Add(1)
		defer s.wg.Done()
		serve(c)
	})}
	go func() { _ = s.srv.Serve(ln) }()
	return s
}

func (s *server) stop() {
	_ = s.srv.Close()
}

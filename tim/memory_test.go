package tim

import (
	"bufio"
	"context"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tim-go/sdk/internal/conn"
	"github.com/tim-go/sdk/tim/timtest"
	"github.com/tim-go/sdk/tim/usersig"
)

// helperSecret is the key of the emulator that BenchmarkIdleInstances runs
// in a child process, so that the parent's heap holds the clients only.
const helperSecret = "0123456789abcdef0123456789abcdef"

// TestMain serves the emulator of BenchmarkIdleInstances when the test
// binary runs again as its child process (TIM_HELPER_SERVER set), and runs
// the tests otherwise.
func TestMain(m *testing.M) {
	if delivery := os.Getenv("TIM_HELPER_SERVER"); delivery != "" {
		if err := serveHelper(delivery); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serveHelper serves an emulator from the child process: it prints
// "URL ROOM SDKAPPID CERT" (CERT: the base64 DER certificate for a
// "-tls" delivery, "-" otherwise) and serves until its stdin closes.
func serveHelper(delivery string) error {
	mode, tlsOn := strings.CutSuffix(delivery, "-tls")
	srv := timtest.NewServer(timtest.Options{Delivery: mode, SecretKey: helperSecret, PollHold: 10 * time.Second, TLS: tlsOn})
	defer srv.Close()
	room, err := srv.CreateRoom(context.Background(), "", "Live Room")
	if err != nil {
		return err
	}
	cert := "-"
	if c := srv.Certificate(); c != nil {
		cert = base64.StdEncoding.EncodeToString(c.Raw)
	}
	fmt.Printf("%s %s %d %s\n", srv.URL, room, srv.SDKAppID, cert)
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	return nil
}

// BenchmarkIdleInstances measures what an idle viewer costs: N instances
// (TIM_BENCH_INSTANCES, default 200) log in and join one live room on an
// emulator in a child process; once they are idle (long poll held by the
// server, or push mode with nothing to push), the live heap and goroutine
// stacks they added are divided by N. Run with -benchtime=1x. The -tls
// variants connect over wss:// as to Tencent IM, whose TLS state each
// connection keeps.
func BenchmarkIdleInstances(b *testing.B) {
	for _, delivery := range []string{"poll", "push", "poll-tls", "push-tls"} {
		b.Run(delivery, func(b *testing.B) { benchmarkIdle(b, delivery) })
	}
}

// idleSettle is how long the idle benchmark waits after the joins: past one
// heartbeat interval and one poll hold, so every instance is really idle.
const idleSettle = conn.DefaultAliveIdle + 2*time.Second

func benchmarkIdle(b *testing.B, delivery string) {
	n := 200
	if v, err := strconv.Atoi(os.Getenv("TIM_BENCH_INSTANCES")); err == nil && v > 0 {
		n = v
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TIM_HELPER_SERVER="+delivery)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { stdin.Close(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	f := strings.Fields(line)
	url, room := f[0], f[1]
	appID, _ := strconv.ParseUint(f[2], 10, 64)
	var opts []Option
	if f[3] != "-" {
		der, _ := base64.StdEncoding.DecodeString(f[3])
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			b.Fatal(err)
		}
		opts = append(opts, WithTLSConfig(timtest.TLSConfigTrusting(cert)))
	}
	ctx := context.Background()

	before := settle()
	cs := make([]*TIM, n)
	for i := range cs {
		id := fmt.Sprint("viewer", i)
		sig, _ := usersig.Generate(appID, helperSecret, id, time.Hour)
		cs[i] = New(appID, append(opts, WithProxyServer(url))...)
		if err := cs[i].Login(ctx, id, sig); err != nil {
			b.Fatal(err)
		}
		if _, err := cs[i].JoinGroup(ctx, room); err != nil {
			b.Fatal(err)
		}
	}
	// Join tips delivered, then a quiet spell longer than the heartbeat's:
	// idle sockets get a heartbeat (or an empty poll reply), after which the
	// reader parks on a fresh stack (internal/conn's read).
	time.Sleep(idleSettle)
	after := settle()
	if path := os.Getenv("TIM_BENCH_HEAPPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	for b.Loop() {
	}
	b.ReportMetric(float64(after.heap-before.heap)/float64(n), "heap-B/instance")
	b.ReportMetric(float64(after.stack-before.stack)/float64(n), "stack-B/instance")
	b.ReportMetric(float64(after.goroutines-before.goroutines)/float64(n), "goroutines/instance")
	for _, c := range cs {
		_ = c.Destroy(ctx)
	}
}

type memSample struct {
	heap, stack int64
	goroutines  int
}

func settle() memSample {
	var ms runtime.MemStats
	for range 3 {
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	return memSample{heap: int64(ms.HeapAlloc), stack: int64(ms.StackInuse), goroutines: runtime.NumGoroutine()}
}

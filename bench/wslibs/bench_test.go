package wslibs

import (
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// settle collects garbage until the heap is steady and returns the live
// heap and the goroutine stacks in use.
func settle() (heap, stack uint64) {
	var ms runtime.MemStats
	for range 3 {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
	}
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc, ms.StackInuse
}

// BenchmarkIdleConn measures what one idle connection costs its side: N
// connections (WSLIBS_CONNS, default 1000) each carry one message each way,
// then their reader goroutine parks in a read; the live heap and the stacks
// they added are divided by N. It measures once, whatever b.N is.
func BenchmarkIdleConn(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("WSLIBS_CONNS")); err == nil && v > 0 {
		n = v
	}
	for _, side := range []string{"client", "server"} {
		for _, l := range libs {
			b.Run(side+"/"+l.name, func(b *testing.B) {
				for b.Loop() { // the metrics below are not per op
				}
				idle(b, side, l, n)
			})
		}
	}
}

func idle(b *testing.B, side string, l lib, n int) {
	var ready, done sync.WaitGroup
	ready.Add(n)
	serve := func(c wsConn) { // the side under test's half of modeIdle
		done.Add(1)
		defer done.Done()
		defer c.close()
		if c.read() != nil || c.write(payload) != nil {
			b.Error("idle exchange failed")
		}
		ready.Done()
		for c.read() == nil {
		}
	}
	heap0, stack0 := settle()
	var stop func()
	switch side {
	case "client":
		p := startPeer(b, "server")
		var cs []wsConn
		for range n {
			c, err := l.dial(p.line + "/" + modeIdle)
			if err != nil {
				b.Fatal(err)
			}
			cs = append(cs, c)
			go serve(c)
		}
		stop = func() {
			for _, c := range cs {
				c.close()
			}
			p.stop()
		}
	case "server":
		s := startServer(b, l, serve)
		p := startPeer(b, "client", s.url+"/"+modeIdle, strconv.Itoa(n))
		stop = func() { p.stop(); s.stop() }
	}
	ready.Wait()
	heap1, stack1 := settle()
	b.ReportMetric(float64(heap1-heap0)/float64(n), "heap-B/conn")
	b.ReportMetric(float64(stack1-stack0)/float64(n), "stack-B/conn")
	b.ReportMetric(float64(heap1+stack1-heap0-stack0)/float64(n), "B/conn")
	stop()
	done.Wait()
}

// cpuNow is the process's user and system CPU time.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFrame reads or writes 500-byte binary messages on one loopback
// connection, the side under test as client or server: read and write
// back to back (so a read system call may bring several frames), echo one
// read and one write per op (each frame alone, as in a room where frames
// come 25 ms apart; cpu-ns/frame is per op). cpu-ns/frame is the
// benchmark process's CPU time (the peer runs in a child process), ns/op
// the elapsed time, which overlaps with the peer's work.
func BenchmarkFrame(b *testing.B) {
	for _, mode := range []string{modeRead, modeWrite, modeEcho} {
		for _, side := range []string{"client", "server"} {
			for _, l := range libs {
				b.Run(mode+"/"+side+"/"+l.name, func(b *testing.B) { frames(b, mode, side, l) })
			}
		}
	}
}

func frames(b *testing.B, mode, side string, l lib) {
	var c wsConn
	switch side {
	case "client":
		p := startPeer(b, "server")
		defer p.stop()
		var err error
		if c, err = l.dial(p.line + "/" + mode); err != nil {
			b.Fatal(err)
		}
	case "server":
		conns := make(chan wsConn)
		hold := make(chan struct{})
		s := startServer(b, l, func(c wsConn) { conns <- c; <-hold })
		defer s.stop()
		p := startPeer(b, "client", s.url+"/"+mode, "1")
		defer p.stop()
		c = <-conns
		defer close(hold)
	}
	defer c.close()
	b.SetBytes(frameSize)
	b.ReportAllocs()
	cpu0 := cpuNow()
	for b.Loop() {
		var err error
		switch mode {
		case modeRead:
			err = c.read()
		case modeWrite:
			err = c.write(payload)
		case modeEcho:
			if err = c.read(); err == nil {
				err = c.write(payload)
			}
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuNow()-cpu0)/float64(b.N), "cpu-ns/frame")
}

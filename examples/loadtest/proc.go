package main

import (
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"time"
)

// procSample is one look at a process: its CPU so far, its peak RSS, and,
// after a GC, its live heap, goroutine stacks and goroutines.
type procSample struct {
	At         time.Time     `json:"-"`
	CPU        time.Duration `json:"cpu_ns"` // user + system since the process started
	MaxRSS     int64         `json:"max_rss"`
	Heap       int64         `json:"heap"`  // live heap objects after GC (bytes)
	Stack      int64         `json:"stack"` // goroutine stacks in use (bytes)
	Sys        int64         `json:"sys"`   // memory the Go runtime holds from the OS
	Goroutines int           `json:"goroutines"`
	Allocs     int64         `json:"allocs"`      // heap objects allocated since the start
	AllocBytes int64         `json:"alloc_bytes"` // bytes allocated since the start
}

// sampleSelf samples this process; with gc it collects garbage first, so
// that the heap is what is live.
func sampleSelf(gc bool) procSample {
	if gc {
		runtime.GC()
		runtime.GC() // finalizers and sweeps of the first
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	p := cpuSample()
	p.Heap, p.Stack, p.Sys = int64(ms.HeapAlloc), int64(ms.StackInuse), int64(ms.Sys)
	p.Goroutines = runtime.NumGoroutine()
	return p
}

// cpuSample is the CPU and allocations so far, without a GC or stopping
// the world, for the edges of timed phases.
func cpuSample() procSample {
	m := []metrics.Sample{{Name: "/gc/heap/allocs:objects"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(m)
	cpu, rss := rusage()
	return procSample{At: time.Now(), CPU: cpu, MaxRSS: rss,
		Allocs: int64(m[0].Value.Uint64()), AllocBytes: int64(m[1].Value.Uint64())}
}

// loadAverage is the 1-minute load average ("" where /proc has none): the
// machine may be shared, which the figures should be read against.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

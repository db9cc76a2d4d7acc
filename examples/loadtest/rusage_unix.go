//go:build linux || darwin

package main

import (
	"fmt"
	"runtime"
	"syscall"
	"time"
)

// rusage is this process's user + system CPU so far and its peak RSS in
// bytes.
func rusage() (time.Duration, int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	rss := int64(ru.Maxrss)
	if runtime.GOOS != "darwin" { // darwin counts bytes, the others KiB
		rss *= 1024
	}
	return cpu, rss
}

// raiseFileLimit lifts the open-file limit to at least n (every viewer holds
// a socket, and the embedded emulator the other end): the soft limit up to
// the hard one, and the hard one too where the process may (root).
func raiseFileLimit(n uint64) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return nil // nothing to learn; let the dials say so
	}
	if uint64(lim.Cur) >= n {
		return nil
	}
	want := lim
	want.Cur = max(lim.Cur, n)
	want.Max = max(lim.Max, n)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err == nil {
		return nil
	}
	want.Cur, want.Max = lim.Max, lim.Max
	_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want)
	if uint64(lim.Max) < n {
		return fmt.Errorf("the open-file limit is %d, the run needs about %d: raise it (ulimit -n %d) or run the emulator in a child process (-emulator child)", lim.Max, n, n)
	}
	return nil
}

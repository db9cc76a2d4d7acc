package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// maxChildLine bounds one line a child prints: a longer one is an error,
// not a reason to grow the harness's memory.
const maxChildLine = 1 << 20

// lineChild is a child process that answers each command line written to
// its stdin with one JSON line on its stdout: the sender child and the
// Node viewers. One exchange runs at a time. Each read has a deadline;
// after a failed one the child's stdout may be mid-line, so every later
// exchange fails at once.
type lineChild struct {
	name  string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
	outF  *os.File // the read end of the child's stdout

	mu     sync.Mutex
	broken error
	done   chan struct{} // closed when the process has exited
}

// startLineChild starts cmd (its Stdout and Stdin must be unset). The
// child's stdout is a pipe of the harness's own, not cmd.StdoutPipe: Wait
// closes that one as soon as the child exits, under a read that has not
// yet taken the child's last line.
func startLineChild(name string, cmd *exec.Cmd) (*lineChild, error) {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		stdin.Close()
		return nil, err
	}
	cmd.Stdout = outW
	err = cmd.Start()
	outW.Close() // the child holds its copy; reads end with EOF when it exits
	if err != nil {
		outR.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c := &lineChild{name: name, cmd: cmd, stdin: stdin, out: bufio.NewReaderSize(outR, maxChildLine), outF: outR, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(c.done) }()
	return c, nil
}

// read decodes the child's next line into v, waiting at most timeout.
func (c *lineChild) read(ctx context.Context, timeout time.Duration, v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.readLocked(ctx, timeout, v)
}

// call writes one command line and decodes the answer into v.
func (c *lineChild) call(ctx context.Context, timeout time.Duration, command string, v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.broken != nil {
		return c.broken
	}
	if _, err := io.WriteString(c.stdin, command+"\n"); err != nil {
		c.broken = fmt.Errorf("%s: %q: %w", c.name, command, err)
		return c.broken
	}
	return c.readLocked(ctx, timeout, v)
}

func (c *lineChild) readLocked(ctx context.Context, timeout time.Duration, v any) error {
	if c.broken != nil {
		return c.broken
	}
	type result struct {
		line []byte
		err  error
	}
	got := make(chan result, 1) // the read ends at the latest when the child exits
	go func() {
		l, err := c.out.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			err = fmt.Errorf("a line longer than %d bytes", maxChildLine)
		}
		got <- result{append([]byte(nil), l...), err}
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r := <-got:
		if r.err != nil {
			c.broken = fmt.Errorf("%s: %w", c.name, r.err)
			return c.broken
		}
		if err := json.Unmarshal(r.line, v); err != nil {
			c.broken = fmt.Errorf("%s: %w in %.200q", c.name, err, r.line)
			return c.broken
		}
		return nil
	case <-t.C:
		c.broken = fmt.Errorf("%s: no answer within %v", c.name, timeout)
	case <-ctx.Done():
		c.broken = fmt.Errorf("%s: %w", c.name, ctx.Err())
	}
	return c.broken
}

// stop closes the child's stdin, which tells it to clean up and exit, and
// kills it if it has not exited within wait.
func (c *lineChild) stop(wait time.Duration) {
	c.stdin.Close()
	select {
	case <-c.done:
	case <-time.After(wait):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
	c.outF.Close() // a read still waiting ends
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"
)

// The Node side of -sidebyside lives in js/ beside this file: viewers.js
// and env.js, with tim-js-sdk and ws pinned by js/package-lock.json.
const (
	jsScript   = "viewers.js"
	npmTimeout = 5 * time.Minute
)

// jsPinned is what js/package-lock.json pins; an install of anything else
// is refused rather than measured.
var jsPinned = map[string]string{"tim-js-sdk": "2.27.6", "ws": "8.18.3"}

// findJSDir is -nodedir, or else the js directory beside this source file
// (go run keeps its path), examples/loadtest/js or js under the working
// directory.
func findJSDir(flagDir string) (string, error) {
	var candidates []string
	if flagDir != "" {
		candidates = []string{flagDir}
	} else {
		if _, file, _, ok := runtime.Caller(0); ok {
			candidates = append(candidates, filepath.Join(filepath.Dir(file), "js"))
		}
		candidates = append(candidates, filepath.Join("examples", "loadtest", "js"), "js")
	}
	for _, d := range candidates {
		if _, err := os.Stat(filepath.Join(d, jsScript)); err == nil {
			return filepath.Abs(d)
		}
	}
	return "", fmt.Errorf("no %s in %v: run from the repository, or point -nodedir at examples/loadtest/js", jsScript, candidates)
}

// ensureNodeModules checks for node and npm and runs `npm ci` in dir when
// the pinned packages are not installed there.
func ensureNodeModules(ctx context.Context, dir string) error {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("-sidebyside runs tim-js-sdk in Node: install Node.js 20 and npm (%w)", err)
		}
	}
	if pinnedInstalled(dir) == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, npmTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm ci in %s: %v\n%s", dir, err, out)
	}
	return pinnedInstalled(dir)
}

// pinnedInstalled reports the first pinned package missing from dir, or
// installed at another version.
func pinnedInstalled(dir string) error {
	for pkg, want := range jsPinned {
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", pkg, "package.json"))
		var p struct{ Version string }
		if err == nil {
			err = json.Unmarshal(b, &p)
		}
		if err == nil && p.Version != want {
			err = errors.New("version " + p.Version)
		}
		if err != nil {
			return fmt.Errorf("%s %s in %s: %w", pkg, want, dir, err)
		}
	}
	return nil
}

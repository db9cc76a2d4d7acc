package readme_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const modulePath = "github.com/tim-go/sdk"

// deps is every package of this module that pkg (a directory below the
// module root) imports, directly or not, in its non-test files.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	seen := map[string]bool{}
	var walk func(dir string)
	walk = func(dir string) {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", dir, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, im := range src.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				rel, ok := strings.CutPrefix(p, modulePath+"/")
				if !ok || seen[rel] {
					continue
				}
				seen[rel] = true
				walk(filepath.FromSlash(rel))
			}
		}
	}
	walk(pkg)
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// TestImportRules holds the package picture of ARCHITECTURE.md: the
// emulator never imports the client side, internal/wire and types import
// nothing of ours, the group and profile models import types only, and
// each protocol fact's one home is reachable from both sides without a
// cycle.
func TestImportRules(t *testing.T) {
	if _, err := os.Stat("go.mod"); err != nil {
		t.Fatal("run from the module root")
	}
	for pkg, allowed := range map[string][]string{
		"types":           nil,
		"internal/wire":   nil,
		"message":         {"types", "internal/wire"},
		"group":           {"types"},
		"profile":         {"types"},
		"internal/conn":   {"internal/wire", "internal/renew", "types"},
		"internal/server": {"internal/wire", "internal/renew", "types", "tim/usersig"},
		"tim/restapi":     {"internal/wire", "types", "tim/usersig"},
		"tim/webhook":     {"internal/wire"},
		// test tools: a TCP proxy that knows no protocol, and a fake server
		// that speaks only wire's
		"internal/faultproxy": nil,
		"internal/hostile":    {"internal/wire"},
	} {
		for _, d := range deps(t, pkg) {
			if !slices.Contains(allowed, d) {
				t.Errorf("%s imports %s (allowed: %v)", pkg, d, allowed)
			}
		}
	}
}

package books_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/relance-app/relance/"

// TestOneCallerOfThePlanner: outside tests, only package books imports the
// planner, and the store imports neither the planner nor its callers (it
// speaks SQL and decides nothing).
func TestOneCallerOfThePlanner(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string]map[string]bool{} // package dir → imported module paths
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if imports[dir] == nil {
				imports[dir] = map[string]bool{}
			}
			imports[dir][strings.TrimPrefix(p, module)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var callers []string
	for dir, ims := range imports {
		if ims["internal/schedule"] {
			callers = append(callers, dir)
		}
	}
	if len(callers) != 1 || callers[0] != filepath.Join("internal", "books") {
		t.Errorf("packages importing the planner: %v, want only internal/books", callers)
	}
	for _, bad := range []string{"internal/schedule", "internal/books", "internal/engine"} {
		if imports[filepath.Join("internal", "store")][bad] {
			t.Errorf("internal/store imports %s", bad)
		}
	}
}

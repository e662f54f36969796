package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/relance-app/relance/internal/store"
)

// TestSQLiteFileIsPrivate: a new database file and its WAL are readable by
// their owner only, whatever the umask; a bad URL's error does not print
// it (it may hold a password).
func TestSQLiteFileIsPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "relance.db")
	s, err := store.OpenAndMigrate(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range []string{path, path + "-wal"} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o600 {
			t.Errorf("%s: mode %o, want 600", filepath.Base(f), m)
		}
	}
	if _, err := store.Open(context.Background(), "mysql://root:Hunter2@db/relance"); err == nil || strings.Contains(err.Error(), "Hunter2") {
		t.Errorf("bad URL: %v", err)
	}
}

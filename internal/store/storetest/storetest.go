// Package storetest gives tests a fresh store on each database: a SQLite
// file in a temporary folder and, when reachable, a new PostgreSQL database.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/store"
)

// PostgresAdminURL is the server fresh test databases are created on:
// RELANCE_TEST_POSTGRES, else config.DefaultTestPostgres.
func PostgresAdminURL() string {
	if u := os.Getenv("RELANCE_TEST_POSTGRES"); u != "" {
		return u
	}
	return config.DefaultTestPostgres
}

// Required reports whether PostgreSQL tests must run (CI sets it).
func Required() bool { return os.Getenv("RELANCE_REQUIRE_POSTGRES") == "1" }

// Each runs fn once per database, as subtests named sqlite and postgres.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a migrated store on a new file.
func SQLite(t testing.TB) *store.Store {
	t.Helper()
	return open(t, SQLiteURL(t))
}

// SQLiteURL is a URL for a new SQLite file removed after the test.
func SQLiteURL(t testing.TB) string {
	return "sqlite:" + t.TempDir() + "/relance.db"
}

// Postgres opens a migrated store on a new database, dropped after the
// test. It skips when the server is unreachable, unless Required.
func Postgres(t testing.TB) *store.Store {
	t.Helper()
	return open(t, PostgresURL(t))
}

// PostgresURL creates a new empty database and returns its URL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := PostgresAdminURL()
	db, err := sql.Open("pgx", admin)
	if err == nil {
		err = db.PingContext(context.Background())
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		if Required() {
			t.Fatalf("PostgreSQL required (RELANCE_REQUIRE_POSTGRES=1) but unreachable at %s: %v", admin, err)
		}
		t.Skipf("PostgreSQL not reachable at %s (%v): skipping; set RELANCE_TEST_POSTGRES or start it, CI requires it", admin, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "relance_t_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		db.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("parse %s: %v", admin, err)
	}
	u.Path = "/" + name
	return u.String()
}

func open(t testing.TB, u string) *store.Store {
	t.Helper()
	s, err := store.OpenAndMigrate(context.Background(), u)
	if err != nil {
		t.Fatalf("open store %s: %v", u, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Name is a short label for a store in benchmark output.
func Name(s *store.Store) string { return fmt.Sprint(s.Dialect()) }

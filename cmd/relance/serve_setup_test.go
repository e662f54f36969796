package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/store/storetest"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServeLogsSetupURL: while no account exists, serve's log says where
// to finish the first run.
func TestServeLogsSetupURL(t *testing.T) {
	s := storetest.SQLite(t)
	var logs syncBuffer
	a := &app{log: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- serve(ctx, a, config.Config{Addr: "127.0.0.1:0", ScanInterval: 3600e9}, s, ready) }()
	addr := <-ready
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if want := "http://" + addr + "/setup?code="; !strings.Contains(logs.String(), want) {
		t.Errorf("log lacks %q:\n%s", want, logs.String())
	}
}

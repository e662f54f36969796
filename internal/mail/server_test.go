package mail

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// received is one message as the test server got it.
type received struct {
	From  string
	Rcpts []string
	Data  []byte
}

// testServer is a real SMTP server on 127.0.0.1:0 that records messages,
// counts sessions, and answers with scripted errors when asked to.
type testServer struct {
	addr string
	srv  *smtp.Server

	mu       sync.Mutex
	sessions int
	msgs     []received
	// dataErrs are returned, in order, by the next DATA commands.
	dataErrs []error
	rcptErr  func(to string) error
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	ts := &testServer{}
	s := smtp.NewServer(ts)
	s.Domain = "mx.test"
	s.AllowInsecureAuth = true
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr, ts.srv = l.Addr().String(), s
	go func() { _ = s.Serve(l) }()
	t.Cleanup(func() { _ = s.Close() })
	return ts
}

func (ts *testServer) url() string { return "smtp://" + ts.addr + "?tls=none" }

func (ts *testServer) NewSession(*smtp.Conn) (smtp.Session, error) {
	ts.mu.Lock()
	ts.sessions++
	ts.mu.Unlock()
	return &session{ts: ts}, nil
}

func (ts *testServer) snapshot() (int, []received) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.sessions, append([]received(nil), ts.msgs...)
}

type session struct {
	ts  *testServer
	cur received
}

func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.cur.From = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.ts.mu.Lock()
	f := s.ts.rcptErr
	s.ts.mu.Unlock()
	if f != nil {
		if err := f(to); err != nil {
			return err
		}
	}
	s.cur.Rcpts = append(s.cur.Rcpts, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	if len(s.ts.dataErrs) > 0 {
		e := s.ts.dataErrs[0]
		s.ts.dataErrs = s.ts.dataErrs[1:]
		if e != nil {
			return e
		}
	}
	s.cur.Data = bytes.Clone(b)
	s.ts.msgs = append(s.ts.msgs, s.cur)
	return nil
}

var _ = errors.New

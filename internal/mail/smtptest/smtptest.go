// Package smtptest is a real SMTP server (go-smtp) for tests: it records
// every message with its Message-ID and can be told to fail in the ways
// real servers do — refuse, answer 4xx/5xx, drop the connection mid-DATA.
package smtptest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one accepted message.
type Message struct {
	From      string
	Rcpts     []string
	MessageID string
	Data      []byte
}

// Server records messages; its fault hooks may be changed at any time.
type Server struct {
	Addr string
	srv  *smtp.Server

	mu       sync.Mutex
	msgs     []Message
	sessions int
	// DataErr, when set, is asked before accepting each message; a
	// non-nil answer refuses it (e.g. a 451 *smtp.SMTPError).
	dataErr func(m Message) error
	rcptErr func(to string) error
	// dropData closes the connection in the middle of DATA when true.
	dropData func() bool
}

// Start runs a server on 127.0.0.1:0 until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{}
	srv := smtp.NewServer(s)
	srv.Domain = "mx.test"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxRecipients = 100
	srv.MaxMessageBytes = 20 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr, s.srv = l.Addr().String(), srv
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// URL is the RELANCE_SMTP_URL of this server (plain, on loopback).
func (s *Server) URL() string { return "smtp://" + s.Addr + "?tls=none" }

// Temp and Perm are SMTP answers for fault hooks.
func Temp(msg string) error {
	return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: msg}
}

func Perm(msg string) error {
	return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: msg}
}

// OnData sets the hook asked before accepting each message.
func (s *Server) OnData(f func(m Message) error) { s.mu.Lock(); s.dataErr = f; s.mu.Unlock() }

// OnRcpt sets the hook asked for each recipient.
func (s *Server) OnRcpt(f func(to string) error) { s.mu.Lock(); s.rcptErr = f; s.mu.Unlock() }

// DropData sets the hook that, when it answers true, closes the connection
// in the middle of DATA.
func (s *Server) DropData(f func() bool) { s.mu.Lock(); s.dropData = f; s.mu.Unlock() }

// Messages returns a copy of what was accepted.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Sessions counts SMTP connections.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// ByMessageID counts accepted messages per Message-ID.
func (s *Server) ByMessageID() map[string]int {
	out := map[string]int{}
	for _, m := range s.Messages() {
		out[m.MessageID]++
	}
	return out
}

func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	s.sessions++
	s.mu.Unlock()
	return &session{s: s, conn: c}, nil
}

type session struct {
	s    *Server
	conn *smtp.Conn
	cur  Message
}

func (x *session) Reset()        { x.cur = Message{} }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.cur.From = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	f := x.s.rcptErr
	x.s.mu.Unlock()
	if f != nil {
		if err := f(to); err != nil {
			return err
		}
	}
	x.cur.Rcpts = append(x.cur.Rcpts, to)
	return nil
}

var errDropped = errors.New("smtptest: connection dropped mid-DATA")

func (x *session) Data(r io.Reader) error {
	x.s.mu.Lock()
	drop := x.s.dropData
	x.s.mu.Unlock()
	if drop != nil && drop() {
		buf := make([]byte, 512)
		io.ReadFull(r, buf)
		x.conn.Conn().Close()
		return errDropped
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.cur.Data = bytes.Clone(b)
	if m, err := mail.ReadMessage(bytes.NewReader(b)); err == nil {
		x.cur.MessageID = m.Header.Get("Message-Id")
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.dataErr != nil {
		if err := x.s.dataErr(x.cur); err != nil {
			return err
		}
	}
	x.s.msgs = append(x.s.msgs, x.cur)
	return nil
}

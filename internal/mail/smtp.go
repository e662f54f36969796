package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// Transport sends composed messages. SMTP is one; the outbox (in the
// store) is the other.
type Transport interface {
	Send(ctx context.Context, msg *gomail.Msg) error
	Close() error
}

// SMTP sends over a small pool of kept-open connections: each Send takes
// an idle connection (or dials one), and puts it back after go-mail's RSET.
// Safe for concurrent use; MaxIdle bounds the connections kept.
type SMTP struct {
	client  *gomail.Client // configuration and dialing; connections are ours
	addr    string
	MaxIdle int // idle connections kept (default 4)
	// NoPipelining sends every message through go-mail's unpipelined
	// transaction even when the server offers PIPELINING.
	NoPipelining bool
	IdleFor      time.Duration // an idle connection older than this is closed, not reused (default 30s)

	mu     sync.Mutex
	idle   []*conn
	closed bool
}

type conn struct {
	c        *smtp.Client
	lastUsed time.Time
}

// sendTimeout bounds each exchange with the server.
const sendTimeout = 30 * time.Second

// NewSMTP configures a transport from RELANCE_SMTP_URL:
//
//	smtp://user:pass@host:587     STARTTLS, required
//	smtps://user:pass@host:465    implicit TLS
//	smtp://host:2525?tls=none     no TLS (a relay on loopback)
//
// User info turns on SMTP AUTH (the strongest mechanism the server offers;
// PLAIN and LOGIN only over TLS). insecure_skip_verify=1 accepts any
// certificate, for tests. No connection is made until the first Send.
//
// No error carries the password: a URL that does not parse is shown with
// its password replaced by xxxxx, and the parser's own message (which
// quotes the URL, or the bad escape inside the password) is not passed on.
func NewSMTP(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp url %q does not parse: check the port and the %%-escapes of user and password", RedactURL(rawURL))
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("mail: smtp url %q: no host", u.Redacted())
	}
	q := u.Query()
	for k := range q {
		if k != "tls" && k != "insecure_skip_verify" {
			return nil, fmt.Errorf("mail: smtp url %q: unknown parameter %q", u.Redacted(), k)
		}
	}
	tlsConf := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	switch v := q.Get("insecure_skip_verify"); v {
	case "", "0", "false":
	case "1", "true":
		tlsConf.InsecureSkipVerify = true
	default:
		return nil, fmt.Errorf("mail: smtp url: insecure_skip_verify=%q: want 1 or 0", v)
	}
	opts := []gomail.Option{
		gomail.WithTLSConfig(tlsConf),
		gomail.WithTimeout(sendTimeout),
		// No NOOP before each message: a dead pooled connection shows up
		// as an error at MAIL FROM instead, and Send redials once.
		gomail.WithoutNoop(),
	}
	port := 587
	switch u.Scheme {
	case "smtp":
		switch q.Get("tls") {
		case "", "starttls":
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		case "none":
			if !loopback(host) {
				return nil, fmt.Errorf("mail: smtp url %q: tls=none is only for a relay on this machine (localhost, 127.0.0.1, ::1): the password and every message would cross the network in clear", u.Redacted())
			}
			opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		default:
			return nil, fmt.Errorf("mail: smtp url: tls=%q: want none or starttls", q.Get("tls"))
		}
	case "smtps":
		if t := q.Get("tls"); t != "" {
			return nil, fmt.Errorf("mail: smtp url: tls=%q makes no sense with smtps", t)
		}
		port = 465
		opts = append(opts, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("mail: smtp url: scheme %q: want smtp or smtps", u.Scheme)
	}
	if p := u.Port(); p != "" {
		port, err = strconv.Atoi(p)
		if err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("mail: smtp url: bad port %q", p)
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	c, err := gomail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp client: %w", err)
	}
	return &SMTP{client: c, addr: net.JoinHostPort(host, strconv.Itoa(port)), MaxIdle: 4, IdleFor: 30 * time.Second}, nil
}

// loopback reports whether host names this machine.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// RedactURL is raw with the password of its user info replaced by xxxxx,
// for error messages; it works on strings that do not parse as URLs (a
// password may hold "/", "?" or "#": everything up to the last "@" before
// the host is user info).
func RedactURL(raw string) string {
	prefix, rest := "", raw
	if i := strings.Index(raw, "://"); i >= 0 {
		prefix, rest = raw[:i+3], raw[i+3:]
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return raw
	}
	user, _, hasPass := strings.Cut(rest[:at], ":")
	if !hasPass {
		return raw
	}
	return prefix + user + ":xxxxx" + rest[at:]
}

// ConnectError is a failure to open a usable session (dial, TLS, AUTH):
// a problem of the server or of the settings, never of the message.
type ConnectError struct {
	Addr string
	Err  error
}

func (e *ConnectError) Error() string { return "mail: connect to " + e.Addr + ": " + e.Err.Error() }
func (e *ConnectError) Unwrap() error { return e.Err }

// Send delivers msg to every envelope recipient. A pooled connection that
// turns out dead before the server accepted anything is replaced once.
func (s *SMTP) Send(ctx context.Context, msg *gomail.Msg) error {
	for attempt := 0; ; attempt++ {
		cn, reused, err := s.get(ctx)
		if err != nil {
			return err
		}
		// Cancelling ctx aborts a send in progress by closing its connection.
		stop := context.AfterFunc(ctx, func() { _ = cn.c.Close() })
		err = s.transaction(cn.c, msg)
		cancelled := !stop()
		if err == nil && !cancelled {
			s.put(cn)
			return nil
		}
		if err == nil { // delivered, but the connection is gone
			return nil
		}
		if !cancelled && sessionUsable(err) {
			s.put(cn)
		} else {
			_ = cn.c.Close()
		}
		if reused && attempt == 0 && !cancelled && deadBeforeMail(err) {
			continue
		}
		if cancelled {
			return fmt.Errorf("mail: send %s: %w (%w)", msg.GetMessageID(), ctx.Err(), err)
		}
		return fmt.Errorf("mail: send %s: %w", msg.GetMessageID(), err)
	}
}

// transaction sends one message over an open session: pipelined when the
// server offers it (pipeline.go), else through go-mail.
func (s *SMTP) transaction(c *smtp.Client, msg *gomail.Msg) error {
	if !s.NoPipelining {
		from, ferr := msg.GetSender(false)
		rcpts, rerr := msg.GetRecipients()
		if ferr == nil && rerr == nil && pipelining(c, from, rcpts) {
			return sendPipelined(c, msg, from, rcpts, sendTimeout)
		}
	}
	return s.client.SendWithSMTPClient(c, msg)
}

// sessionUsable: the server refused the sender or a recipient and the
// transaction was reset; the connection itself is fine.
func sessionUsable(err error) bool {
	var te *TransactionError
	if errors.As(err, &te) {
		return te.usable
	}
	var se *gomail.SendError
	return errors.As(err, &se) && se.ErrorCode() != 0 &&
		(se.Reason == gomail.ErrSMTPMailFrom || se.Reason == gomail.ErrSMTPRcptTo)
}

// deadBeforeMail: the connection failed at its first command for this
// message, with no reply or with 421 (the server closing an idle session),
// so nothing can have been delivered.
func deadBeforeMail(err error) bool {
	var te *TransactionError
	if errors.As(err, &te) {
		return te.Stage == stageMail && (te.Code == 0 || te.Code == 421)
	}
	var se *gomail.SendError
	if !errors.As(err, &se) || (se.Reason != gomail.ErrSMTPMailFrom && se.Reason != gomail.ErrConnCheck) {
		return false
	}
	return se.ErrorCode() == 0 || se.ErrorCode() == 421
}

func (s *SMTP) get(ctx context.Context) (*conn, bool, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, false, errors.New("mail: smtp transport closed")
	}
	var stale []*conn
	var cn *conn
	for len(s.idle) > 0 {
		last := s.idle[len(s.idle)-1]
		s.idle = s.idle[:len(s.idle)-1]
		if time.Since(last.lastUsed) > s.IdleFor {
			stale = append(stale, last)
			continue
		}
		cn = last
		break
	}
	s.mu.Unlock()
	for _, c := range stale {
		_ = c.c.Close()
	}
	if cn != nil {
		return cn, true, nil
	}
	c, err := s.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return nil, false, &ConnectError{Addr: s.addr, Err: err}
	}
	return &conn{c: c}, false, nil
}

func (s *SMTP) put(cn *conn) {
	cn.lastUsed = time.Now()
	s.mu.Lock()
	if !s.closed && len(s.idle) < max(s.MaxIdle, 1) {
		s.idle = append(s.idle, cn)
		cn = nil
	}
	s.mu.Unlock()
	if cn != nil {
		_ = s.client.CloseWithSMTPClient(cn.c)
	}
}

// Close says QUIT on every idle connection. Sends in progress finish and
// their connections are then closed.
func (s *SMTP) Close() error {
	s.mu.Lock()
	idle := s.idle
	s.idle, s.closed = nil, true
	s.mu.Unlock()
	var errs []error
	for _, cn := range idle {
		if err := s.client.CloseWithSMTPClient(cn.c); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

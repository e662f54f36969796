package inbound

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/prometheus/client_golang/prometheus"

	rmail "github.com/relance-app/relance/internal/mail"
)

// Handler records one failed delivery of a reminder. It must be idempotent:
// a report may arrive twice, at any of several processes.
type Handler func(ctx context.Context, reminderID int64, r Report) error

// Config tunes the listener.
type Config struct {
	Addr     string               // RELANCE_INBOUND_ADDR, e.g. ":2525"
	Bounce   *rmail.BounceAddress // the domain and MAC key; other recipients get 550
	Handle   Handler
	Log      *slog.Logger
	MaxBytes int64   // a report larger than this is refused (default 1 MiB)
	MaxRcpts int     // recipients per message (default 10)
	PerIP    float64 // messages per minute from one address (default 60), burst of as many
	MaxConns int     // sessions at once (default 100)
}

// Server is the running listener.
type Server struct {
	srv  *smtp.Server
	cfg  Config
	lim  *limiter
	ln   net.Listener
	conn chan struct{}
}

// Listen binds the address and returns a server ready to Serve.
func Listen(cfg Config) (*Server, error) {
	if cfg.Bounce == nil || cfg.Handle == nil {
		return nil, errors.New("inbound: a bounce domain and a handler are required")
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = 1 << 20
	}
	if cfg.MaxRcpts <= 0 {
		cfg.MaxRcpts = 10
	}
	if cfg.PerIP <= 0 {
		cfg.PerIP = 60
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 100
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("inbound: listen on %s: %w", cfg.Addr, err)
	}
	s := &Server{cfg: cfg, lim: newLimiter(cfg.PerIP), ln: ln, conn: make(chan struct{}, cfg.MaxConns)}
	srv := smtp.NewServer(s)
	srv.Domain = cfg.Bounce.Domain
	srv.MaxMessageBytes = cfg.MaxBytes
	srv.MaxRecipients = cfg.MaxRcpts
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.MaxLineLength = 4000
	srv.ErrorLog = errLog{cfg.Log}
	s.srv = srv
	return s, nil
}

// Addr is the bound address.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve accepts connections until ctx ends.
func (s *Server) Serve(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() {
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = s.srv.Shutdown(shut)
	})
	defer stop()
	err := s.srv.Serve(s.ln)
	if ctx.Err() != nil || errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops a server that is not serving (or stops it abruptly).
func (s *Server) Close() error { return s.ln.Close() }

// NewSession is go-smtp's backend hook.
func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	select {
	case s.conn <- struct{}{}:
	default:
		bouncesTotal.WithLabelValues("busy").Inc()
		return nil, &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 2}, Message: "Too busy, try again later"}
	}
	ip := ""
	if a, ok := c.Conn().RemoteAddr().(*net.TCPAddr); ok {
		ip = a.IP.String()
	}
	return &session{s: s, ip: ip}, nil
}

type session struct {
	s          *Server
	ip         string
	nullSender bool
	ids        []int64
	closed     bool
}

var (
	errNoSuchUser = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such recipient here"}
	errRate       = &smtp.SMTPError{Code: 450, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Too many messages, try again later"}
	errTemp       = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Could not record the report, try again later"}
)

func (x *session) Reset() { x.ids, x.nullSender = nil, false }

func (x *session) Logout() error {
	if !x.closed {
		x.closed = true
		<-x.s.conn
	}
	return nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if !x.s.lim.allow(x.ip, time.Now()) {
		bouncesTotal.WithLabelValues("rate_limited").Inc()
		return errRate
	}
	x.nullSender = from == ""
	return nil
}

// Rcpt accepts only b-<id>-<mac>@<bounce domain> with a valid MAC.
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	id, err := x.s.cfg.Bounce.Parse(to)
	if err != nil {
		bouncesTotal.WithLabelValues("refused").Inc()
		return errNoSuchUser
	}
	x.ids = append(x.ids, id)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err // go-smtp answers 552 for a message over MaxMessageBytes
	}
	rep := Parse(raw, x.nullSender)
	if !rep.Failed {
		bouncesTotal.WithLabelValues("not_failure").Inc()
		return nil
	}
	for _, id := range x.ids {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := x.s.cfg.Handle(ctx, id, rep)
		cancel()
		if err != nil {
			x.s.cfg.Log.Error("could not record a bounce", "reminder", id, "err", err)
			bouncesTotal.WithLabelValues("error").Inc()
			return errTemp // the sender retries; the handler is idempotent
		}
		bouncesTotal.WithLabelValues("recorded").Inc()
	}
	return nil
}

// limiter is a token bucket per remote address.
type limiter struct {
	mu      sync.Mutex
	perMin  float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(perMin float64) *limiter {
	return &limiter{perMin: perMin, buckets: map[string]*bucket{}}
}

func (l *limiter) allow(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buckets) > 10000 { // forget idle addresses
		for k, b := range l.buckets {
			if now.Sub(b.last) > 10*time.Minute {
				delete(l.buckets, k)
			}
		}
	}
	b := l.buckets[ip]
	if b == nil {
		b = &bucket{tokens: l.perMin, last: now}
		l.buckets[ip] = b
	}
	b.tokens = min(l.perMin, b.tokens+now.Sub(b.last).Minutes()*l.perMin)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

type errLog struct{ log *slog.Logger }

func (e errLog) Printf(format string, v ...any) {
	e.log.Warn("inbound smtp", "msg", fmt.Sprintf(format, v...))
}
func (e errLog) Println(v ...any) { e.log.Warn("inbound smtp", "msg", fmt.Sprint(v...)) }

var bouncesTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
	Name: "relance_inbound_reports_total", Help: "Inbound delivery reports by outcome (recorded, not_failure, refused, rate_limited, busy, error).",
}, []string{"outcome"})

func init() { prometheus.MustRegister(bouncesTotal) }

package mail

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"
)

func newTransport(t *testing.T, ts *testServer) *SMTP {
	t.Helper()
	tr, err := NewSMTP(ts.url())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tr.Close() })
	return tr
}

func TestSMTPDeliversAndReusesConnection(t *testing.T) {
	ts := newTestServer(t)
	tr := newTransport(t, ts)
	m := sampleFR(t)
	for i := 0; i < 3; i++ {
		msg, err := Compose(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Send(context.Background(), msg); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	sessions, msgs := ts.snapshot()
	if sessions != 1 || len(msgs) != 3 {
		t.Fatalf("sessions = %d, messages = %d; want 1 and 3", sessions, len(msgs))
	}
	got := msgs[0]
	if got.From != "billing@acme.test" {
		t.Errorf("MAIL FROM = %q", got.From)
	}
	if strings.Join(got.Rcpts, ",") != "elodie@cote.test,comptable@cote.test,archive@levesque.test" {
		t.Errorf("RCPT TO = %v (Bcc must be in the envelope)", got.Rcpts)
	}
	h, parts := parse(t, got.Data)
	if h.Get("Bcc") != "" || bytes.Contains(got.Data, []byte("archive@levesque.test")) {
		t.Error("Bcc visible in the received message")
	}
	if s, _ := h.Subject(); s != m.Subject {
		t.Errorf("subject = %q", s)
	}
	var pdfOK, textOK, htmlOK bool
	for _, p := range parts {
		switch p.ctype {
		case "application/pdf":
			pdfOK = bytes.Equal(p.body, m.Attachment.Data)
		case "text/plain":
			textOK = strings.Contains(string(p.body), "1 234,56 $") && strings.Contains(string(p.body), "Élodie Côté")
		case "text/html":
			htmlOK = strings.Contains(string(p.body), "10 €") && strings.Contains(string(p.body), "Élodie Côté")
		}
	}
	if !pdfOK || !textOK || !htmlOK {
		t.Errorf("received parts: pdf %v text %v html %v", pdfOK, textOK, htmlOK)
	}
}

func TestSMTPTemporaryThenOK(t *testing.T) {
	ts := newTestServer(t)
	ts.dataErrs = []error{&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}, nil}
	tr := newTransport(t, ts)
	msg, _ := Compose(sampleEN(t))
	err := tr.Send(context.Background(), msg)
	temp, text := Classify(err)
	if err == nil || !temp || !strings.Contains(text, "451") || !strings.Contains(text, "Try again later") {
		t.Fatalf("first send: err %v, temporary %v, text %q", err, temp, text)
	}
	msg, _ = Compose(sampleEN(t))
	if err := tr.Send(context.Background(), msg); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if _, msgs := ts.snapshot(); len(msgs) != 1 {
		t.Errorf("%d messages received", len(msgs))
	}
}

func TestSMTPPermanent(t *testing.T) {
	ts := newTestServer(t)
	ts.rcptErr = func(to string) error {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	tr := newTransport(t, ts)
	msg, _ := Compose(sampleEN(t))
	err := tr.Send(context.Background(), msg)
	temp, text := Classify(err)
	if err == nil || temp || !strings.Contains(text, "550") || !strings.Contains(text, "No such user here") {
		t.Fatalf("err %v, temporary %v, text %q", err, temp, text)
	}
	// The session survives a refused recipient: the next message reuses it.
	ts.mu.Lock()
	ts.rcptErr = nil
	ts.mu.Unlock()
	msg, _ = Compose(sampleEN(t))
	if err := tr.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	if sessions, msgs := ts.snapshot(); sessions != 1 || len(msgs) != 1 {
		t.Errorf("sessions %d, messages %d", sessions, len(msgs))
	}
}

func TestSMTPReconnectsAfterServerDrop(t *testing.T) {
	ts := newTestServer(t)
	tr := newTransport(t, ts)
	send := func() error {
		msg, _ := Compose(sampleEN(t))
		return tr.Send(context.Background(), msg)
	}
	if err := send(); err != nil {
		t.Fatal(err)
	}
	// Kill the pooled connection under the transport's feet.
	tr.mu.Lock()
	for _, c := range tr.idle {
		_ = c.c.Close()
	}
	tr.mu.Unlock()
	if err := send(); err != nil {
		t.Fatalf("send after drop: %v", err)
	}
	if sessions, msgs := ts.snapshot(); sessions != 2 || len(msgs) != 2 {
		t.Errorf("sessions %d, messages %d; want 2, 2", sessions, len(msgs))
	}
}

func TestSMTPConnectFailureIsTemporary(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0") // a port nobody listens on
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	tr, err := NewSMTP("smtp://" + addr + "?tls=none")
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := Compose(sampleEN(t))
	err = tr.Send(context.Background(), msg)
	var ce *ConnectError
	if temp, _ := Classify(err); err == nil || !temp || !errors.As(err, &ce) {
		t.Errorf("err %v, temporary %v", err, temp)
	}
	// STARTTLS is mandatory on smtp:// without tls=none.
	ts2 := newTestServer(t)
	tr2, _ := NewSMTP("smtp://" + ts2.addr)
	msg, _ = Compose(sampleEN(t))
	if err := tr2.Send(context.Background(), msg); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("plain server accepted without STARTTLS: %v", err)
	}
}

func TestNewSMTPURLs(t *testing.T) {
	for _, tc := range []struct {
		url  string
		addr string
		ok   bool
	}{
		{"smtp://user:p%40ss@mail.example.com:587", "mail.example.com:587", true},
		{"smtp://mail.example.com", "mail.example.com:587", true},
		{"smtps://user:pass@mail.example.com", "mail.example.com:465", true},
		{"smtp://127.0.0.1:2525?tls=none", "127.0.0.1:2525", true},
		{"smtp://h:25?insecure_skip_verify=1", "h:25", true},
		{"smtp://h:25?tls=maybe", "", false},
		{"smtp://h:25?tsl=none", "", false},
		{"smtps://h?tls=none", "", false},
		{"http://h", "", false},
		{"smtp://", "", false},
		{"smtp://h:99999", "", false},
	} {
		tr, err := NewSMTP(tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v", tc.url, err)
			continue
		}
		if err == nil && tr.addr != tc.addr {
			t.Errorf("%s: addr %q, want %q", tc.url, tr.addr, tc.addr)
		}
	}
}

func TestClassify(t *testing.T) {
	if temp, text := Classify(nil); temp || text != "" {
		t.Error("nil classified")
	}
	if temp, _ := Classify(context.Canceled); !temp {
		t.Error("cancel permanent")
	}
	_, err := Compose(Message{})
	if temp, _ := Classify(err); temp {
		t.Error("invalid message temporary")
	}
}

// TestSMTPURLErrorsHideThePassword: whatever is wrong with
// RELANCE_SMTP_URL, the error never carries the password (it is printed
// at start-up).
func TestSMTPURLErrorsHideThePassword(t *testing.T) {
	const secret = "S3cr%zzet"
	for _, raw := range []string{
		"smtp://user:" + secret + "@mail.example.com:587",    // bad escape in the password
		"smtp://user:S3cr3tpw@mail.example.com:port",         // invalid port
		"smtp://user:S3cr3tpw@mail.example.com:99999",        // port out of range
		"smtp://user:S3cr3tpw@mail.example.com:25?tls=maybe", // bad parameter value
		"smtp://user:S3cr3tpw@mail.example.com:25?foo=1",     // unknown parameter
		"ftp://user:S3cr3tpw@mail.example.com",               // bad scheme
		"smtp://user:S3cr3tpw@mail.example.com:25?tls=none",  // plain text off loopback
		"smtp://user:S3/cr?3t#pw%@mail.example.com:25",       // password with URL delimiters
		"smtp://user:S3cr3tpw@[::1",                          // broken IPv6 literal
		"smtp://user:S3cr3tpw@mail.example.com:587?insecure_skip_verify=maybe",
	} {
		_, err := NewSMTP(raw)
		if err == nil {
			t.Errorf("%s: accepted", RedactURL(raw))
			continue
		}
		for _, leak := range []string{"S3cr", "3tpw", "zzet", "%zz", "cr?3t"} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("error for a bad SMTP URL shows the password (%q): %v", leak, err)
			}
		}
	}
}

// TestTLSNoneOnlyOnLoopback: plain-text SMTP only to a relay on this
// machine.
func TestTLSNoneOnlyOnLoopback(t *testing.T) {
	for host, ok := range map[string]bool{"127.0.0.1": true, "127.0.0.2": true, "[::1]": true, "localhost": true,
		"mail.example.com": false, "10.0.0.5": false, "192.168.1.2": false, "localhost.attacker.test": false} {
		_, err := NewSMTP("smtp://" + host + ":2525?tls=none")
		if (err == nil) != ok {
			t.Errorf("tls=none to %s: err %v, want ok=%v", host, err, ok)
		}
	}
}

package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

func selfSigned(t *testing.T) *tls.Config {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

// authBackend wraps testServer sessions with PLAIN auth for user/secret.
type authBackend struct{ *testServer }

func (b authBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	s, _ := b.testServer.NewSession(c)
	return &authSession{session: s.(*session)}, nil
}

type authSession struct {
	*session
	authed bool
}

func (s *authSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *authSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "user" || pass != "s3cret" {
			return errors.New("bad credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *authSession) Mail(from string, o *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	return s.session.Mail(from, o)
}

func TestSMTPTLSAndAuth(t *testing.T) {
	conf := selfSigned(t)
	for _, implicit := range []bool{false, true} {
		ts := &testServer{}
		srv := smtp.NewServer(authBackend{ts})
		srv.Domain, srv.TLSConfig = "mx.test", conf
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		url := "smtp://user:s3cret@" + l.Addr().String() + "?insecure_skip_verify=1"
		if implicit {
			l = tls.NewListener(l, conf)
			url = "smtps://user:s3cret@" + l.Addr().String() + "?insecure_skip_verify=1"
		}
		go func() { _ = srv.Serve(l) }()
		t.Cleanup(func() { _ = srv.Close(); _ = l.Close() })

		tr, err := NewSMTP(url)
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := Compose(sampleEN(t))
		if err := tr.Send(context.Background(), msg); err != nil {
			t.Fatalf("implicit=%v: %v", implicit, err)
		}
		_ = tr.Close()
		if _, msgs := ts.snapshot(); len(msgs) != 1 {
			t.Errorf("implicit=%v: %d messages", implicit, len(msgs))
		}

		// Without insecure_skip_verify the self-signed certificate is refused.
		strict, _ := NewSMTP(url[:len(url)-len("?insecure_skip_verify=1")])
		msg, _ = Compose(sampleEN(t))
		err = strict.Send(context.Background(), msg)
		if temp, _ := Classify(err); err == nil || !temp {
			t.Errorf("implicit=%v: untrusted certificate: err %v temporary %v", implicit, err, temp)
		}
	}
}

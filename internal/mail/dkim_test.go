package mail

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"
)

// newTestDKIM generates a key the way `relance dkim keygen` does and
// returns a signer plus a DNS stub that answers with the printed record.
func newTestDKIM(t *testing.T) (*DKIMSigner, func(string) ([]string, error)) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dkim.pem")
	record, err := GenerateDKIMKey(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key mode = %v, want 0600", fi.Mode().Perm())
	}
	if _, err := GenerateDKIMKey(path); err == nil {
		t.Fatal("keygen overwrote an existing key")
	}
	d, err := LoadDKIM(path, "rel2026", "Acme Billing <billing@Acme.test>")
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(name string) ([]string, error) {
		if name != "rel2026._domainkey.acme.test" {
			return nil, errors.New("no such record: " + name)
		}
		return []string{record}, nil
	}
	return d, lookup
}

func verifyDKIM(t *testing.T, raw []byte, lookup func(string) ([]string, error)) error {
	t.Helper()
	vs, err := dkim.VerifyWithOptions(bytes.NewReader(raw), &dkim.VerifyOptions{LookupTXT: lookup})
	if err != nil {
		return err
	}
	if len(vs) != 1 {
		return errors.New("want exactly one signature")
	}
	if vs[0].Domain != "acme.test" {
		t.Errorf("signature domain = %q, want acme.test", vs[0].Domain)
	}
	return vs[0].Err
}

// TestDKIMSignatureVerifiesOverSMTP signs a message with a PDF and a logo,
// sends it through the SMTP transport to a real server, and verifies what
// the server received against the printed TXT record; a changed body, or a
// changed subject, fails.
func TestDKIMSignatureVerifiesOverSMTP(t *testing.T) {
	d, lookup := newTestDKIM(t)
	ts := newTestServer(t)
	tr := newTransport(t, ts)
	msg, err := Compose(sampleFR(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Sign(msg); err != nil {
		t.Fatal(err)
	}
	if err := tr.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	_, got := ts.snapshot()
	if len(got) != 1 {
		t.Fatalf("server got %d messages", len(got))
	}
	raw := got[0].Data
	if err := verifyDKIM(t, raw, lookup); err != nil {
		t.Fatalf("received message does not verify: %v\n%s", err, raw[:min(len(raw), 2000)])
	}
	stored, err := Raw(msg) // what the outbox would keep
	if err != nil {
		t.Fatal(err)
	}
	if err := verifyDKIM(t, stored, lookup); err != nil {
		t.Fatalf("outbox copy does not verify: %v", err)
	}

	i := bytes.Index(raw, []byte("\r\n\r\n"))
	body := bytes.Replace(raw[i:], []byte("Rappel"), []byte("Rapel"), 1)
	if bytes.Equal(body, raw[i:]) {
		body = append(append([]byte{}, raw[i:]...), []byte("tampered\r\n")...)
	}
	tampered := append(append([]byte{}, raw[:i]...), body...)
	if err := verifyDKIM(t, tampered, lookup); err == nil {
		t.Fatal("a tampered body verified")
	} else if !strings.Contains(err.Error(), "body hash") {
		t.Fatalf("tampered body: %v, want a body hash failure", err)
	}
	subj := bytes.Replace(raw, []byte("?q?Rappel_:"), []byte("?q?Rappel_urgent_:"), 1)
	if bytes.Equal(subj, raw) {
		t.Fatal("test bug: subject not found")
	}
	if err := verifyDKIM(t, subj, lookup); err == nil {
		t.Fatal("a changed subject verified")
	}
}

func TestDKIMWrongKeyFails(t *testing.T) {
	d, _ := newTestDKIM(t)
	_, otherLookup := newTestDKIM(t)
	msg, err := Compose(sampleEN(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Sign(msg); err != nil {
		t.Fatal(err)
	}
	raw, _ := Raw(msg)
	if err := verifyDKIM(t, raw, otherLookup); err == nil {
		t.Fatal("verified against another key's record")
	}
}

func TestLoadDKIMRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pem")
	if err := os.WriteFile(bad, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.pem")
	if _, err := GenerateDKIMKey(good); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, sel, want string }{
		{bad, "s1", "PEM"},
		{filepath.Join(dir, "missing.pem"), "s1", "read key"},
		{good, "", "go together"},
		{good, "a b", "selector"},
	} {
		_, err := LoadDKIM(c.path, c.sel, "billing@acme.test")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("LoadDKIM(%q, %q) = %v, want an error about %q", c.path, c.sel, err, c.want)
		}
	}
}

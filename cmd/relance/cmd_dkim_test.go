package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"

	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestDKIMKeygen: the command writes a 0600 key, prints a TXT record in
// zone-file form, and a message signed with the key verifies against the
// printed record; a second run refuses to overwrite the key.
func TestDKIMKeygen(t *testing.T) {
	url := storetest.SQLiteURL(t)
	t.Setenv("RELANCE_FROM", "Acme Billing <billing@acme.test>")
	key := filepath.Join(t.TempDir(), "k.pem")
	out, _, err := runCmd(t, url, "", "dkim", "keygen", "--selector", "rel1", "--out", key)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^rel1\._domainkey\.acme\.test\. IN TXT \( ((?:"[^"]{1,255}" ?)+) \)\n$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("printed %q", out)
	}
	record := strings.Join(regexp.MustCompile(`"([^"]*)"`).FindAllString(m[1], -1), "")
	record = strings.ReplaceAll(record, `"`, "")
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	signer, err := mail.LoadDKIM(key, "rel1", "Acme Billing <billing@acme.test>")
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.Compose(mail.Message{From: "billing@acme.test", To: []string{"c@example.test"}, Subject: "Hello",
		Text: "Hi", MessageID: "<x1@acme.test>"})
	if err != nil {
		t.Fatal(err)
	}
	if err := signer.Sign(msg); err != nil {
		t.Fatal(err)
	}
	raw, _ := mail.Raw(msg)
	lookup := func(name string) ([]string, error) {
		if name != "rel1._domainkey.acme.test" {
			return nil, errors.New("no record")
		}
		return []string{record}, nil
	}
	vs, err := dkim.VerifyWithOptions(bytes.NewReader(raw), &dkim.VerifyOptions{LookupTXT: lookup})
	if err != nil || len(vs) != 1 || vs[0].Err != nil {
		t.Fatalf("verify against the printed record: %v %+v", err, vs)
	}
	if _, _, err := runCmd(t, url, "", "dkim", "keygen", "--selector", "rel1", "--out", key); err == nil {
		t.Error("keygen overwrote the key")
	}
	if _, _, err := runCmd(t, url, "", "dkim", "keygen"); err == nil || !strings.Contains(err.Error(), "--selector") {
		t.Errorf("no selector: %v", err)
	}
}

package mail

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"strings"
	"time"

	"github.com/emersion/go-msgauth/dkim"
	gomail "github.com/wneessen/go-mail"
)

// DKIMSigner signs outgoing messages for one domain with one key
// (RELANCE_DKIM_KEY, RELANCE_DKIM_SELECTOR; the domain is RELANCE_FROM's).
type DKIMSigner struct {
	Domain, Selector string
	key              crypto.Signer
	// Now stamps the signature's t= tag; tests may replace it.
	Now func() time.Time
}

// signedHeaders are the header fields a signature covers. Listing a field
// the message lacks is deliberate: no one can add it later without
// breaking the signature (From is listed twice for the same reason).
var signedHeaders = []string{"From", "From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID",
	"MIME-Version", "Content-Type", "Content-Language", "Auto-Submitted"}

// LoadDKIM reads a PEM private key (PKCS#1 or PKCS#8, RSA or Ed25519) and
// takes the signing domain from the sender address.
func LoadDKIM(keyPath, selector, from string) (*DKIMSigner, error) {
	if keyPath == "" || selector == "" {
		return nil, errors.New("mail: dkim: RELANCE_DKIM_KEY and RELANCE_DKIM_SELECTOR go together")
	}
	if !ValidDKIMSelector(selector) {
		return nil, fmt.Errorf("mail: dkim: selector %q: letters, digits, '-', '_' and '.' only", selector)
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: dkim: sender %q: %w", from, err)
	}
	domain := strings.ToLower(a.Address[strings.LastIndexByte(a.Address, '@')+1:])
	b, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, fmt.Errorf("mail: dkim: read key: %w", err)
	}
	key, err := parseKey(b)
	if err != nil {
		return nil, fmt.Errorf("mail: dkim: key %s: %w", keyPath, err)
	}
	return &DKIMSigner{Domain: domain, Selector: selector, key: key, Now: time.Now}, nil
}

func parseKey(b []byte) (crypto.Signer, error) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("no PEM block")
	}
	if k, err := x509.ParsePKCS1PrivateKey(blk.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a PKCS#1 or PKCS#8 private key: %w", err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, errors.New("key cannot sign")
	}
	return s, nil
}

// ValidDKIMSelector says whether s can be a DKIM selector (a DNS label part).
func ValidDKIMSelector(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return false
		}
	}
	return s != "" && len(s) <= 63
}

// Sign adds a DKIM-Signature header computed over the message's final
// bytes. go-mail keeps the multipart boundaries of its first rendering, so
// the bytes written afterwards (by SMTP or the outbox) are the ones signed
// plus the new header; Sign checks that before returning.
func (d *DKIMSigner) Sign(msg *gomail.Msg) error {
	raw, err := Raw(msg)
	if err != nil {
		return err
	}
	opts := &dkim.SignOptions{Domain: d.Domain, Selector: d.Selector, Signer: d.key, Hash: crypto.SHA256,
		HeaderCanonicalization: dkim.CanonicalizationRelaxed, BodyCanonicalization: dkim.CanonicalizationRelaxed,
		HeaderKeys: signedHeaders}
	s, err := dkim.NewSigner(opts)
	if err != nil {
		return fmt.Errorf("mail: dkim: %w", err)
	}
	if _, err := s.Write(raw); err != nil {
		s.Close()
		return fmt.Errorf("mail: dkim sign: %w", err)
	}
	if err := s.Close(); err != nil {
		return fmt.Errorf("mail: dkim sign: %w", err)
	}
	h := s.Signature() // "DKIM-Signature: v=1; …\r\n", folded
	name, value, ok := strings.Cut(strings.TrimRight(h, "\r\n"), ":")
	if !ok || !strings.EqualFold(name, "DKIM-Signature") {
		return fmt.Errorf("mail: dkim: unexpected signature %q", h)
	}
	msg.SetGenHeaderPreformatted("DKIM-Signature", strings.TrimLeft(value, " "))
	again, err := Raw(msg)
	if err != nil {
		return err
	}
	if !bytes.Equal(withoutHeader(again, "DKIM-Signature"), raw) {
		return errors.New("mail: dkim: the message rendered differently after signing")
	}
	return nil
}

// withoutHeader removes one (possibly folded) header field from raw.
func withoutHeader(raw []byte, name string) []byte {
	prefix := []byte(strings.ToLower(name) + ":")
	var out bytes.Buffer
	lines := bytes.SplitAfter(raw, []byte("\r\n"))
	skipping, inHeader := false, true
	for _, l := range lines {
		if inHeader && len(bytes.TrimRight(l, "\r\n")) == 0 {
			inHeader = false
		}
		if inHeader {
			if skipping && (bytes.HasPrefix(l, []byte(" ")) || bytes.HasPrefix(l, []byte("\t"))) {
				continue
			}
			skipping = bytes.HasPrefix(bytes.ToLower(l), prefix)
			if skipping {
				continue
			}
		}
		out.Write(l)
	}
	return out.Bytes()
}

// GenerateDKIMKey writes a new RSA-2048 private key (PKCS#8 PEM, mode
// 0600) to path, refusing to overwrite a file, and returns the DNS TXT
// record value to publish at <selector>._domainkey.<domain>.
func GenerateDKIMKey(path string) (string, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", fmt.Errorf("mail: dkim keygen: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", fmt.Errorf("mail: dkim keygen: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("mail: dkim keygen: %w", err)
	}
	if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
		f.Close()
		return "", fmt.Errorf("mail: dkim keygen: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("mail: dkim keygen: write %s: %w", path, err)
	}
	return DKIMRecord(&key.PublicKey)
}

// DKIMRecord is the TXT record value for an RSA public key.
func DKIMRecord(pub *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("mail: dkim record: %w", err)
	}
	return "v=DKIM1; k=rsa; p=" + base64.StdEncoding.EncodeToString(der), nil
}

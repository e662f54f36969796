package mail

import (
	"bytes"
	"errors"
	"flag"
	"html/template"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gmail "github.com/emersion/go-message/mail"
	gomail "github.com/wneessen/go-mail"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func testLogo(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, 4, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sampleFR is a French reminder with accents, € and $ everywhere.
func sampleFR(t testing.TB) Message {
	return Message{
		From:        "Acme Billing <billing@acme.test>",
		CompanyName: "Ébénisterie Lévesque",
		ReplyTo:     "compta@levesque.test",
		To:          []string{"Élodie Côté <elodie@cote.test>"},
		Cc:          []string{"comptable@cote.test"},
		Bcc:         []string{"archive@levesque.test"},
		Subject:     "Rappel : facture F-42 — solde 1 234,56 $ (10 €)",
		Text:        "Bonjour Élodie Côté,\n\nLa facture F-42 (1 234,56 $) est échue depuis 5 jours.\n",
		HTML:        template.HTML("<p>Bonjour Élodie Côté,</p><p>La facture F-42 (1&nbsp;234,56&nbsp;$) est échue depuis 5 jours. Prix : 10 €.</p>"),
		Brand: Brand{
			Name: "Ébénisterie Lévesque", Address: "1234, rue Sainte-Catherine Est\nMontréal (Québec) H2L 2H5",
			Email: "compta@levesque.test", Color: "#0B6E4F", Logo: testLogo(t), LogoType: "image/png",
			Footer: "Merci de votre confiance.",
		},
		MessageID:  "<abc123@relance.test>",
		Date:       time.Date(2026, 12, 20, 9, 0, 0, 0, time.FixedZone("EST", -5*3600)),
		Auto:       true,
		Lang:       "fr",
		Attachment: &Attachment{Filename: "Facture F-42.pdf", Data: []byte("%PDF-1.3 fake\x00\xff binary")},
	}
}

func sampleEN(t testing.TB) Message {
	m := sampleFR(t)
	m.CompanyName, m.Brand.Name = "Acme Inc.", "Acme Inc."
	m.Brand.Address, m.Brand.Footer, m.Brand.Logo, m.Brand.LogoType = "1 Main St\nSpringfield", "", nil, ""
	m.To = []string{"client@example.test"}
	m.Cc, m.Bcc, m.Auto, m.Lang, m.Attachment = nil, nil, false, "en", nil
	m.Subject = "Reminder: invoice F-42 — $1,234.56 due"
	m.Text = "Dear Élodie Côté,\n\nInvoice F-42 ($1,234.56) is due.\n"
	m.HTML = "<p>Dear Élodie Côté,</p><p>Invoice F-42 ($1,234.56) is due.</p>"
	return m
}

type part struct {
	ctype, filename, disposition, cid string
	body                              []byte
}

// parse reads raw back with go-message and returns its header and every
// leaf part, decoded.
func parse(t *testing.T, raw []byte) (*gmail.Header, []part) {
	t.Helper()
	mr, err := gmail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, raw)
	}
	var parts []part
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatalf("read part: %v", err)
		}
		var pp part
		pp.body = body
		switch h := p.Header.(type) {
		case *gmail.InlineHeader:
			pp.ctype, _, _ = h.ContentType()
			pp.disposition, _, _ = h.ContentDisposition()
			pp.cid = h.Get("Content-Id")
		case *gmail.AttachmentHeader:
			pp.ctype, _, _ = h.ContentType()
			pp.filename, _ = h.Filename()
			pp.disposition = "attachment"
		}
		if strings.HasPrefix(pp.ctype, "text/") {
			pp.body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
		}
		parts = append(parts, pp)
	}
	return &mr.Header, parts
}

func composeRaw(t *testing.T, m Message) []byte {
	t.Helper()
	msg, err := Compose(m)
	if err != nil {
		t.Fatalf("compose: %v", err)
	}
	raw, err := Raw(msg)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestComposeStructureAndHeaders(t *testing.T) {
	m := sampleFR(t)
	raw := composeRaw(t, m)
	h, parts := parse(t, raw)

	if subj, err := h.Subject(); err != nil || subj != m.Subject {
		t.Errorf("subject = %q, %v", subj, err)
	}
	from, _ := h.AddressList("From")
	if len(from) != 1 || from[0].Name != "Ébénisterie Lévesque" || from[0].Address != "billing@acme.test" {
		t.Errorf("from = %v", from)
	}
	to, _ := h.AddressList("To")
	if len(to) != 1 || to[0].Name != "Élodie Côté" || to[0].Address != "elodie@cote.test" {
		t.Errorf("to = %v", to)
	}
	if cc, _ := h.AddressList("Cc"); len(cc) != 1 || cc[0].Address != "comptable@cote.test" {
		t.Errorf("cc = %v", cc)
	}
	if rt, _ := h.AddressList("Reply-To"); len(rt) != 1 || rt[0].Address != "compta@levesque.test" {
		t.Errorf("reply-to = %v", rt)
	}
	if id, _ := h.MessageID(); id != "abc123@relance.test" {
		t.Errorf("message-id = %q", id)
	}
	if d, err := h.Date(); err != nil || !d.Equal(m.Date) {
		t.Errorf("date = %v, %v", d, err)
	}
	for k, want := range map[string]string{"Auto-Submitted": "auto-generated", "Content-Language": "fr", "Bcc": ""} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if bytes.Contains(bytes.ToLower(raw), []byte("archive@levesque.test")) {
		t.Error("Bcc address appears in the message")
	}
	if mt, _, _ := h.ContentType(); mt != "multipart/mixed" {
		t.Errorf("top content type = %q", mt)
	}

	var text, html, logo, pdf *part
	for i := range parts {
		p := &parts[i]
		switch {
		case p.ctype == "text/plain":
			text = p
		case p.ctype == "text/html":
			html = p
		case p.ctype == "image/png":
			logo = p
		case p.ctype == "application/pdf":
			pdf = p
		}
	}
	if text == nil || html == nil || logo == nil || pdf == nil {
		t.Fatalf("parts: text %v html %v logo %v pdf %v", text != nil, html != nil, logo != nil, pdf != nil)
	}
	for _, want := range []string{"Bonjour Élodie Côté,", "1 234,56 $", "-- \nÉbénisterie Lévesque\n", "Montréal (Québec) H2L 2H5", "Merci de votre confiance."} {
		if !strings.Contains(string(text.body), want) {
			t.Errorf("text part lacks %q:\n%s", want, text.body)
		}
	}
	for _, want := range []string{"Bonjour Élodie Côté,", "10 €", `alt="Ébénisterie Lévesque"`, `src="cid:logo.png"`,
		"Montréal (Québec) H2L 2H5", "max-width:600px", "#0b6e4f", `<html lang="fr"`, "Rappel : facture F-42 — solde 1 234,56 $ (10 €)"} {
		if !strings.Contains(string(html.body), want) {
			t.Errorf("html part lacks %q", want)
		}
	}
	if strings.Contains(string(html.body), "<style") && !strings.Contains(string(html.body), "@media") {
		t.Error("style block kept without media query")
	}
	if !strings.Contains(string(html.body), `style="`) {
		t.Error("CSS not inlined")
	}
	if !bytes.Equal(logo.body, m.Brand.Logo) || logo.cid != "<logo.png>" {
		t.Errorf("logo: cid %q, %d bytes", logo.cid, len(logo.body))
	}
	if !bytes.Equal(pdf.body, m.Attachment.Data) || pdf.filename != "Facture F-42.pdf" {
		t.Errorf("pdf: name %q, bytes equal %v", pdf.filename, bytes.Equal(pdf.body, m.Attachment.Data))
	}
	rcpts, err := Envelope(mustCompose(t, m))
	if err != nil || strings.Join(rcpts, ",") != "elodie@cote.test,comptable@cote.test,archive@levesque.test" {
		t.Errorf("envelope = %v, %v", rcpts, err)
	}
}

func mustCompose(t testing.TB, m Message) *gomail.Msg {
	msg, err := Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

func TestComposeWithoutAttachmentIsAlternative(t *testing.T) {
	m := sampleEN(t)
	h, parts := parse(t, composeRaw(t, m))
	if mt, _, _ := h.ContentType(); mt != "multipart/alternative" {
		t.Errorf("content type = %q", mt)
	}
	if h.Get("Auto-Submitted") != "" {
		t.Error("manual reminder marked Auto-Submitted")
	}
	if len(parts) != 2 {
		t.Fatalf("%d parts", len(parts))
	}
	if html := string(parts[1].body); strings.Contains(html, "<img") || !strings.Contains(html, "Acme Inc.") {
		t.Errorf("no logo: want the name as heading, got\n%s", html)
	}
}

func TestComposeHostile(t *testing.T) {
	evil := `<script>alert(1)</script> "quoted" 'single'`
	m := sampleFR(t)
	m.CompanyName = evil
	m.Brand.Name = evil
	m.Brand.Address = evil + "\nBcc: x@evil.test"
	m.Subject = `Rappel "F-42" <b>bold</b>`
	m.Text = "Bonjour " + evil + "\r\nBcc: x@evil.test\n"
	m.HTML = template.HTML("<p>Bonjour " + template.HTMLEscapeString(evil+"\r\nBcc: x@evil.test") + "</p>")
	raw := composeRaw(t, m)
	h, parts := parse(t, raw)
	if from, _ := h.AddressList("From"); len(from) != 1 || from[0].Name != evil || from[0].Address != "billing@acme.test" {
		t.Errorf("from = %v", from)
	}
	if s, _ := h.Subject(); s != m.Subject {
		t.Errorf("subject = %q", s)
	}
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	if bytes.Contains(bytes.ToLower(head), []byte("evil.test")) || h.Get("Bcc") != "" {
		t.Errorf("injected header:\n%s", head)
	}
	for _, p := range parts {
		if p.ctype == "text/html" && (bytes.Contains(p.body, []byte("<script>")) || bytes.Contains(p.body, []byte("<b>bold"))) {
			t.Errorf("unescaped markup in HTML:\n%s", p.body)
		}
	}

	for name, mod := range map[string]func(*Message){
		"subject CRLF":    func(m *Message) { m.Subject = "Rappel\r\nBcc: x@evil.test" },
		"subject LF":      func(m *Message) { m.Subject = "Rappel\nBcc: x@evil.test" },
		"company CRLF":    func(m *Message) { m.CompanyName = "Acme\r\nBcc: x@evil.test" },
		"to CRLF":         func(m *Message) { m.To = []string{"a@b.test\r\nBcc: x@evil.test"} },
		"to name CRLF":    func(m *Message) { m.To = []string{"\"A\r\nBcc: x@evil.test\" <a@b.test>"} },
		"reply-to":        func(m *Message) { m.ReplyTo = "compta@levesque.test\nBcc: x@evil.test" },
		"bad address":     func(m *Message) { m.Cc = []string{"not an address"} },
		"trailing junk":   func(m *Message) { m.To = []string{"a@b.test, c@d.test"} },
		"no to":           func(m *Message) { m.To = nil },
		"bad message-id":  func(m *Message) { m.MessageID = "no-brackets@x" },
		"filename CRLF":   func(m *Message) { m.Attachment.Filename = "a.pdf\r\nBcc: x@evil.test" },
		"language header": func(m *Message) { m.Lang = "fr\r\nBcc: x@evil.test" },
	} {
		m := sampleFR(t)
		mod(&m)
		if _, err := Compose(m); err == nil || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

// TestGoldenHTML pins the HTML part; run with -update after a deliberate
// change of the layout.
func TestGoldenHTML(t *testing.T) {
	for name, m := range map[string]Message{"fr": sampleFR(t), "en": sampleEN(t)} {
		t.Run(name, func(t *testing.T) {
			_, parts := parse(t, composeRaw(t, m))
			var html []byte
			for _, p := range parts {
				if p.ctype == "text/html" {
					html = p.body
				}
			}
			path := filepath.Join("testdata", "reminder_"+name+".html.golden")
			if *update {
				if err := os.WriteFile(path, html, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(html, want) {
				t.Errorf("HTML differs from %s (go test -update to accept):\n%s", path, html)
			}
		})
	}
}

func TestNewMessageID(t *testing.T) {
	a, b := NewMessageID("relance.example"), NewMessageID("relance.example")
	if a == b || !strings.HasPrefix(a, "<") || !strings.HasSuffix(a, "@relance.example>") {
		t.Errorf("ids %q %q", a, b)
	}
	m := sampleEN(t)
	m.MessageID = a
	if _, err := Compose(m); err != nil {
		t.Errorf("generated id refused: %v", err)
	}
	if id := NewMessageID("bad host\r\n"); !strings.HasSuffix(id, "@relance.invalid>") {
		t.Errorf("bad host gave %q", id)
	}
}

func BenchmarkComposeRaw(b *testing.B) {
	pdf := bytes.Repeat([]byte("%PDF-1.3 0123456789abcdef"), 3600/25)
	for _, bc := range []struct {
		name string
		att  *Attachment
	}{{"nopdf", nil}, {"pdf", &Attachment{Filename: "Facture F-42.pdf", Data: pdf}}} {
		b.Run(bc.name, func(b *testing.B) {
			m := sampleFR(b)
			m.Attachment = bc.att
			b.ReportAllocs()
			size := 0
			for b.Loop() {
				msg, err := Compose(m)
				if err != nil {
					b.Fatal(err)
				}
				raw, err := Raw(msg)
				if err != nil {
					b.Fatal(err)
				}
				size = len(raw)
			}
			b.ReportMetric(float64(size), "bytes/msg")
		})
	}
}

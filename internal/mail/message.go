// Package mail builds reminder messages (text + branded HTML, optional PDF)
// and sends them over SMTP. The built-in outbox stores Raw bytes instead.
package mail

import (
	"bytes"
	"fmt"
	"html/template"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email as the engine wants it sent. Text and HTML are the
// body (greeting and message) already rendered by the reminder package; the
// layout, branding and footers are added here.
type Message struct {
	From        string // configured sender, "Acme Billing <billing@acme.test>"; display name replaced by CompanyName
	CompanyName string
	ReplyTo     string
	To, Cc, Bcc []string
	Subject     string
	Text        string
	HTML        template.HTML // body fragment: greeting and message paragraphs
	Brand       Brand
	MessageID   string // "<id@host>", stable across retries (NewMessageID)
	Date        time.Time
	Auto        bool // sent by the scheduler: Auto-Submitted: auto-generated
	Lang        string
	Attachment  *Attachment
	// Buttons are links under the message ("View invoice", "Pay now"): in
	// the HTML part as buttons, in the text part as "Label: URL" lines.
	Buttons []Button
}

// Button is one link of a message. URL must be http(s); others are dropped.
type Button struct {
	Label, URL string
}

// Brand is the company's look in the HTML part and its footer.
type Brand struct {
	Name, Address, Email string
	Color                string // "#rrggbb"
	Logo                 []byte
	LogoType             string // image/png or image/jpeg
	Footer               string // optional extra footer line
}

// Attachment is the invoice PDF.
type Attachment struct {
	Filename string
	Data     []byte
}

// Compose builds the MIME message: multipart/alternative (text, HTML with
// the logo inline), inside multipart/mixed with the PDF when there is one.
// It refuses any header value with CR or LF and any invalid address.
func Compose(m Message) (*gomail.Msg, error) {
	if err := checkHeaders(m); err != nil {
		return nil, err
	}
	from, err := parseAddr("from", m.From)
	if err != nil {
		return nil, err
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	name := m.CompanyName
	if name == "" {
		name = from.Name
	}
	// Not FromFormat: it pastes the name between quotes unescaped, so a
	// company called `Acme "The Best"` would lose its quotes.
	msg.FromMailAddress(&mail.Address{Name: name, Address: from.Address})
	if len(m.To) == 0 {
		return nil, fmt.Errorf("%w: no To recipient", ErrInvalid)
	}
	for _, h := range []struct {
		header gomail.AddrHeader
		list   []string
	}{{gomail.HeaderTo, m.To}, {gomail.HeaderCc, m.Cc}, {gomail.HeaderBcc, m.Bcc}} {
		addrs, err := parseAddrs(string(h.header), h.list)
		if err != nil {
			return nil, err
		}
		if len(addrs) > 0 {
			msg.SetAddrHeaderFromMailAddress(h.header, addrs...)
		}
	}
	if m.ReplyTo != "" {
		rt, err := parseAddr("reply-to", m.ReplyTo)
		if err != nil {
			return nil, err
		}
		msg.ReplyToMailAddress(rt)
	}
	msg.Subject(m.Subject)
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	msg.SetDateWithValue(date)
	msg.SetMessageIDWithValue(strings.TrimSuffix(strings.TrimPrefix(m.MessageID, "<"), ">"))
	if m.Auto {
		msg.SetGenHeader("Auto-Submitted", "auto-generated")
	}
	if m.Lang != "" {
		msg.SetGenHeader("Content-Language", m.Lang)
	}

	html, err := renderHTML(m)
	if err != nil {
		return nil, err
	}
	msg.SetBodyString(gomail.TypeTextPlain, textBody(m))
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	if logoUsable(m.Brand) {
		msg.EmbedReadSeeker(logoFile(m.Brand), bytes.NewReader(m.Brand.Logo),
			gomail.WithFileContentType(gomail.ContentType(m.Brand.LogoType)))
	}
	if a := m.Attachment; a != nil {
		msg.AttachReadSeeker(a.Filename, bytes.NewReader(a.Data), withPDFType)
	}
	return msg, nil
}

// withPDFType marks the attachment application/pdf whatever its name says.
var withPDFType gomail.FileOption = gomail.WithFileContentType("application/pdf")

// textBody is the plain part: the message, then a signature-style footer
// with who sent it, so that the text reader gets what the HTML footer says.
func textBody(m Message) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(m.Text, "\n"))
	if bs := usableButtons(m.Buttons); len(bs) > 0 {
		b.WriteString("\n")
		sep := ": "
		if m.Lang == "fr" {
			sep = " : " // French puts a space before the colon
		}
		for _, bt := range bs {
			b.WriteString("\n" + bt.Label + sep + bt.URL)
		}
	}
	b.WriteString("\n\n-- \n")
	name := m.Brand.Name
	if name == "" {
		name = m.CompanyName
	}
	b.WriteString(name)
	b.WriteByte('\n')
	for _, l := range addressLines(m.Brand.Address) {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	if m.Brand.Email != "" {
		b.WriteString(m.Brand.Email + "\n")
	}
	if f := strings.TrimSpace(m.Brand.Footer); f != "" {
		b.WriteString("\n" + f + "\n")
	}
	return b.String()
}

func addressLines(addr string) []string {
	var out []string
	for _, l := range strings.Split(addr, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

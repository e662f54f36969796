package mail

import (
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"strings"
	"sync"

	"github.com/vanng822/go-premailer/premailer"

	"github.com/relance-app/relance/internal/color"
)

//go:embed layout.html
var layoutSrc string

var layout = template.Must(template.New("layout").Parse(layoutSrc))

// The layout is rendered and CSS-inlined once per brand and language with
// these tokens in place of the per-message subject and body, then cached
// as the two halves around the body: premailer parses and re-serialises the
// whole document, far too slow to run for every message. The body fragment
// inherits its fonts from the inlined styles of its table cell.
const (
	subjectToken = "RELANCE-SUBJECT-9f2c41"
	bodyToken    = "RELANCE-BODY-9f2c41"
)

type layoutData struct {
	Lang, Name, Email, Footer string
	Address                   []string
	Color, HeadingColor       template.CSS
	LogoCID                   string
	SubjectToken, BodyToken   string
}

type layoutKey struct {
	lang, name, address, email, footer, color, logoCID string
}

type shell struct{ head, tail string } // before and after the body

var shells = struct {
	sync.Mutex
	m map[layoutKey]*shell
}{m: map[layoutKey]*shell{}}

const maxShells = 512

// renderHTML is the full HTML part of m.
func renderHTML(m Message) (string, error) {
	sh, err := shellFor(m)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(sh.head) + len(m.HTML) + len(sh.tail) + len(m.Subject))
	head, rest, _ := strings.Cut(sh.head, subjectToken)
	b.WriteString(head)
	b.WriteString(html.EscapeString(m.Subject))
	b.WriteString(rest)
	b.WriteString(string(m.HTML))
	writeButtons(&b, m)
	b.WriteString(sh.tail)
	return b.String(), nil
}

func shellFor(m Message) (*shell, error) {
	br := m.Brand
	name := br.Name
	if name == "" {
		name = m.CompanyName
	}
	k := layoutKey{lang: m.Lang, name: name, address: br.Address, email: br.Email,
		footer: br.Footer, color: color.OrDefault(br.Color).Hex()}
	if logoUsable(br) {
		k.logoCID = logoFile(br)
	}
	shells.Lock()
	sh, ok := shells.m[k]
	shells.Unlock()
	if ok {
		return sh, nil
	}
	sh, err := buildShell(k)
	if err != nil {
		return nil, err
	}
	shells.Lock()
	if len(shells.m) >= maxShells {
		clear(shells.m)
	}
	shells.m[k] = sh
	shells.Unlock()
	return sh, nil
}

func buildShell(k layoutKey) (*shell, error) {
	lang := k.lang
	if lang == "" {
		lang = "en"
	}
	d := layoutData{
		Lang: lang, Name: k.name, Email: k.email, Footer: strings.TrimSpace(k.footer),
		Address: addressLines(k.address), LogoCID: k.logoCID,
		Color: template.CSS(k.color), HeadingColor: template.CSS(headingColor(k.color)),
		SubjectToken: subjectToken, BodyToken: bodyToken,
	}
	var b strings.Builder
	if err := layout.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("mail: render layout: %w", err)
	}
	pm, err := premailer.NewPremailerFromString(b.String(), premailer.NewOptions())
	if err != nil {
		return nil, fmt.Errorf("mail: inline css: %w", err)
	}
	out, err := pm.Transform()
	if err != nil {
		return nil, fmt.Errorf("mail: inline css: %w", err)
	}
	head, tail, ok := strings.Cut(out, bodyToken)
	if !ok || !strings.Contains(head, subjectToken) {
		return nil, fmt.Errorf("mail: inline css: layout lost its placeholders")
	}
	return &shell{head: head, tail: tail}, nil
}

// headingColor is the brand colour c ("#rrggbb"), unless it is too pale to
// read as text on white, in which case near-black.
func headingColor(c string) string {
	if color.OrDefault(c).TooPaleForText() {
		return "#1f2328"
	}
	return c
}

func logoUsable(b Brand) bool {
	return len(b.Logo) > 0 && (b.LogoType == "image/png" || b.LogoType == "image/jpeg")
}

// logoFile names the inline logo; its Content-ID is <logoFile>.
func logoFile(b Brand) string {
	if b.LogoType == "image/jpeg" {
		return "logo.jpg"
	}
	return "logo.png"
}

// usableButtons keeps the buttons with a label and an http(s) URL on one
// line.
func usableButtons(bs []Button) []Button {
	var out []Button
	for _, b := range bs {
		b.Label = strings.TrimSpace(b.Label)
		if b.Label == "" || strings.ContainsAny(b.URL+b.Label, "\r\n") ||
			!(strings.HasPrefix(b.URL, "https://") || strings.HasPrefix(b.URL, "http://")) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// writeButtons lays the buttons out as one row of bulletproof links
// (inline styles: mail clients drop <style> blocks), in the brand colour
// or near-black when it is too pale for white text.
func writeButtons(b *strings.Builder, m Message) {
	bs := usableButtons(m.Buttons)
	if len(bs) == 0 {
		return
	}
	bg := headingColor(color.OrDefault(m.Brand.Color).Hex())
	b.WriteString(`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin: 8px 0 4px 0;"><tr>`)
	for _, bt := range bs {
		fmt.Fprintf(b, `<td style="padding: 0 8px 8px 0;"><a href="%s" style="display: inline-block; background-color: %s; `+
			`color: #ffffff; font-family: Helvetica, Arial, sans-serif; font-size: 15px; font-weight: bold; `+
			`text-decoration: none; padding: 10px 18px; border-radius: 4px;">%s</a></td>`,
			html.EscapeString(bt.URL), bg, html.EscapeString(bt.Label))
	}
	b.WriteString("</tr></table>\n")
}

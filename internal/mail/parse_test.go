package mail

import (
	"bytes"
	"strings"
	"testing"
)

// TestParseReadsWhatComposeWrites: Parse (the outbox page's and the
// preview's reader) gets back the decoded headers, bodies and parts of a
// composed French message, as go-message's mail reader sees them.
func TestParseReadsWhatComposeWrites(t *testing.T) {
	m := sampleFR(t)
	raw := composeRaw(t, m)
	p, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	headers := map[string]string{}
	var names []string
	for _, h := range p.Headers {
		headers[h.Name] = h.Value
		names = append(names, h.Name)
	}
	if want := "From Reply-To To Cc Subject Date Message-ID Auto-Submitted"; strings.Join(names, " ") != want {
		t.Errorf("headers %v, want %s", names, want)
	}
	if headers["Subject"] != m.Subject || headers["Message-ID"] != m.MessageID || !strings.Contains(headers["From"], "Ébénisterie Lévesque") {
		t.Errorf("headers not decoded: %q", headers)
	}
	if got := strings.ReplaceAll(p.Text, "\r\n", "\n"); !strings.Contains(got, m.Text) {
		t.Errorf("text part %q lacks %q", got, m.Text)
	}
	if !strings.Contains(p.HTML, "Bonjour Élodie Côté") || !strings.Contains(p.HTML, "cid:") {
		t.Errorf("HTML part: %.300s", p.HTML)
	}
	_, want := parse(t, raw)
	if len(p.Parts) != len(want) {
		t.Fatalf("%d parts, want %d", len(p.Parts), len(want))
	}
	var pdf, logo bool
	for i, got := range p.Parts {
		if got.Index != i || got.Type != want[i].ctype || got.Size != len(got.Data) {
			t.Errorf("part %d = %s (index %d, %d bytes), want %s", i, got.Type, got.Index, got.Size, want[i].ctype)
		}
		if got.Attachment {
			pdf = got.Filename == m.Attachment.Filename && bytes.Equal(got.Data, m.Attachment.Data)
		}
		if got.ContentID != "" && strings.HasPrefix(got.Type, "image/") {
			logo = bytes.Equal(got.Data, m.Brand.Logo) && strings.Contains(p.HTML, "cid:"+got.ContentID)
		}
	}
	if !pdf || !logo {
		t.Errorf("attachment read back: %v, inline logo read back and referenced: %v", pdf, logo)
	}
}

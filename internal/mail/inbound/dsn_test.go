package inbound

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fixture(t *testing.T, name, bounce string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return []byte(strings.ReplaceAll(strings.ReplaceAll(s, "{{BOUNCE}}", bounce), "\n", "\r\n"))
}

// TestParseFixtures: the standard report, the Gmail and Outlook shapes, a
// malformed report, a delay and a vacation notice.
func TestParseFixtures(t *testing.T) {
	for _, c := range []struct {
		file       string
		nullSender bool
		want       Report
	}{
		{"standard.eml", true, Report{Failed: true, Status: "5.1.1", Recipient: "ap@harbour.test",
			Diagnostic: "550 5.1.1 <ap@harbour.test>: Recipient address rejected: User unknown in local recipient table"}},
		{"gmail.eml", true, Report{Failed: true, Status: "5.1.1", Recipient: "harbour.cafe.ap@gmail.com",
			Diagnostic: "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the " +
				"recipient's email address for typos or unnecessary spaces. For more information, go to " +
				"https://support.google.com/mail/?p=NoSuchUser d2e1a72fcca58-6c3d1a2b3c4si123456b3a.321 - gsmtp"}},
		{"outlook.eml", true, Report{Failed: true, Status: "5.1.10", Recipient: "ap@harbour.test",
			Diagnostic: "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ap@harbour.test not found by SMTP address lookup"}},
		{"malformed.eml", true, Report{Failed: true, Diagnostic: UnknownReason}},
		{"malformed.eml", false, Report{Failed: true, Diagnostic: UnknownReason}}, // from a mailer daemon
		// Exim and qmail send plain-text reports (no message/delivery-status):
		// failed, reason unknown, the recipient when a header names it.
		{"exim.eml", true, Report{Failed: true, Recipient: "ap@harbour.test", Diagnostic: UnknownReason}},
		{"qmail.eml", true, Report{Failed: true, Diagnostic: UnknownReason}},
		{"ses.eml", true, Report{Failed: true, Status: "5.1.1", Recipient: "ap@harbour.test", Diagnostic: "550 5.1.1 user unknown"}},
		// Two recipients, the first delivered: the failed one is reported.
		{"expired_multi.eml", true, Report{Failed: true, Status: "4.4.7", Recipient: "ap@harbour.test",
			Diagnostic: "delivery temporarily suspended: connect to store.harbour.test[10.0.0.5]:25: Connection timed out"}},
		{"delayed.eml", true, Report{}},
		{"vacation.eml", true, Report{}},
	} {
		got := Parse(fixture(t, c.file, "b-1-00@bounces.relance.test"), c.nullSender)
		if got != c.want {
			t.Errorf("%s: got %+v\nwant %+v", c.file, got, c.want)
		}
	}
}

func TestParseOddInput(t *testing.T) {
	for _, c := range []struct {
		name, raw  string
		nullSender bool
		failed     bool
	}{
		{"empty, null sender", "", true, true},
		{"garbage, null sender", "\x00\xff not mail at all", true, true},
		{"plain mail with a sender", "From: someone@example.test\r\nSubject: hi\r\n\r\nhello\r\n", false, false},
		{"x-failed-recipients", "From: a@b.test\r\nX-Failed-Recipients: c@d.test\r\n\r\nsorry\r\n", false, true},
	} {
		r := Parse([]byte(c.raw), c.nullSender)
		if r.Failed != c.failed || (r.Failed && r.Diagnostic != UnknownReason) {
			t.Errorf("%s: %+v, want failed=%v", c.name, r, c.failed)
		}
	}
	long := "Action: failed\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; 550 " + strings.Repeat("x\x07", 600) + "\r\n"
	raw := "From: MAILER-DAEMON@x.test\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x.test\r\n\r\n" + long + "\r\n--B--\r\n"
	r := Parse([]byte(raw), true)
	if !r.Failed || len(r.Diagnostic) > 510 || strings.ContainsRune(r.Diagnostic, '\x07') {
		t.Errorf("long diagnostic: %q", r.Diagnostic)
	}
}

// FuzzParse starts from every report in testdata (RFC 3464 from Postfix
// and Amazon SES, Gmail's and Outlook's shapes, Exim's and qmail's plain
// text, a multi-recipient one, a delay, a vacation notice, a malformed
// one), each with a null and a non-null envelope sender.
func FuzzParse(f *testing.F) {
	names, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil || len(names) < 10 {
		f.Fatalf("seed reports: %v %v", names, err)
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		b = []byte(strings.ReplaceAll(strings.ReplaceAll(string(b), "{{BOUNCE}}", "b-1-00@bounces.relance.test"), "\n", "\r\n"))
		f.Add(b, true)
		f.Add(b, false)
	}
	f.Fuzz(func(t *testing.T, raw []byte, null bool) {
		r := Parse(raw, null)
		if r.Failed && r.Diagnostic == "" {
			t.Fatalf("a failure without a diagnostic: %+v", r)
		}
		if len(r.Diagnostic) > 520 {
			t.Fatalf("diagnostic of %d bytes", len(r.Diagnostic))
		}
	})
}

// Package pdftest reads back the PDFs the tests produce with poppler's
// pdftotext, a real PDF parser. For tests only.
package pdftest

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// Words is the text of a PDF read back by pdftotext, every run of spaces
// (no-break ones included) folded to one plain space, so that comparisons
// do not depend on how pdftotext writes the no-break space. Without
// pdftotext the test is skipped.
func Words(t testing.TB, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found: install Debian's poppler-utils to run PDF read-back tests")
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.FieldsFunc(string(out), func(r rune) bool {
		return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\n' || r == '\t' || r == '\f'
	}), " ")
}

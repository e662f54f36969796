package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBinaryLinksNoTestCode: the shipped binary links neither the testing
// package nor the project's test helpers (storetest, smtptest) nor
// net/http/httptest. What a command needs from them (a default URL, say)
// belongs in a non-test package such as internal/config.
func TestBinaryLinksNoTestCode(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list the binary's packages: %v", err)
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		switch {
		case pkg == "testing", strings.HasPrefix(pkg, "testing/"), pkg == "net/http/httptest",
			strings.HasPrefix(pkg, "github.com/relance-app/relance/") && strings.HasSuffix(pkg, "test"):
			t.Errorf("cmd/relance links %s", pkg)
		}
	}
}

package ui

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// axeSource is axe-core's axe.min.js: RELANCE_AXE_JS, else where
// scripts/axe.sh puts it. Missing, the check is skipped, or fails when
// RELANCE_REQUIRE_BROWSER=1 (CI runs scripts/axe.sh first).
func axeSource(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		p := os.Getenv("RELANCE_AXE_JS")
		if p == "" {
			p = filepath.Join(os.TempDir(), "relance-axe", "node_modules", "axe-core", "axe.min.js")
		}
		var b []byte
		b, axeErr = os.ReadFile(p)
		axeJS = string(b)
	})
	if axeErr != nil {
		if os.Getenv("RELANCE_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core: %v (run scripts/axe.sh, or set RELANCE_AXE_JS)", axeErr)
		}
		t.Logf("axe-core not found (%v): accessibility check skipped; run scripts/axe.sh", axeErr)
	}
	return axeJS
}

// axeViolations is the JavaScript that runs axe-core's WCAG 2.0 and 2.1 A
// and AA rules on the page and lists what fails.
const axeViolations = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
	.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + n.failureSummary)}))))`

// checkAxe fails the test when axe-core finds a WCAG 2 A/AA violation on
// the current page.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	src := axeSource(t)
	if src == "" {
		return
	}
	if _, err := run(ctx, chromedp.Evaluate[bool](src+";true")); err != nil {
		t.Fatalf("%s: load axe-core: %v", page, err)
	}
	// axe-core takes seconds on a long page of a loaded machine.
	actx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	res, err := chromedp.Run(actx, chromedp.Evaluate[string](axeViolations, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe-core: %v", page, err)
	}
	if res != "[]" {
		t.Errorf("%s: axe-core WCAG 2 A/AA violations: %s", page, res)
	}
}

package faults_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// peakRSSMB is the peak resident memory (VmHWM) of a running process,
// read from /proc. Not ru_maxrss: a child forked by a big test process
// counts the parent's pages until it calls exec.
func peakRSSMB(t *testing.T, pid int) float64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("read the RSS of %d: %v", pid, err)
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no VmHWM in /proc/%d/status", pid)
	}
	var kb float64
	fmt.Sscan(string(m[1]), &kb)
	return kb / 1024
}

// hugePNG is a small file of a huge image: w×h pixels of 16-bit RGBA,
// all one colour, so that it compresses to a few hundred kilobytes.
func hugePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := png.Encode(&out, image.NewNRGBA64(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestLogoMemoryBound: a company whose stored logo is a 4000×4000 16-bit
// PNG (as an older version accepted) renders 24 invoice PDFs, eight at a
// time, in a real `relance serve`; the process's peak RSS stays under
// 200 MB (before the fix: every render decoded the 128 MB image, eight in
// parallel took over a gigabyte).
func TestLogoMemoryBound(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	s, err := store.OpenAndMigrate(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	co := storetest.Company(t, s, "Logo Lourd")
	co.Logo, co.LogoType = hugePNG(t, 4000, 4000), "image/png"
	t.Logf("logo file: %d KB", len(co.Logo)/1024)
	if err := storetest.Books(s).UpdateCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	cu := storetest.Customer(t, s, co.ID, "Client")
	day := invoice.LocalDate(time.Now(), time.UTC)
	inv := storetest.Invoice(co.ID, cu.ID, "LOGO-1", day.AddDays(-30), day, 12345)
	if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
		t.Fatal(err)
	}
	tok, hash := auth.NewToken()
	if _, err := s.CreateToken(ctx, co.ID, "rss", hash); err != nil {
		t.Fatal(err)
	}
	s.Close()

	p := startServe(t, "logo", serveEnv(dbURL, "", "1m"))
	base := listenURL(t, p)
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/invoices/%d/pdf", base, inv.ID), nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				r, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				b, _ := io.ReadAll(r.Body)
				r.Body.Close()
				if r.StatusCode != 200 || !bytes.HasPrefix(b, []byte("%PDF")) {
					t.Errorf("PDF: %d", r.StatusCode)
				}
			}()
		}
		wg.Wait()
	}
	rss := peakRSSMB(t, p.cmd.Process.Pid)
	p.stop()
	t.Logf("relance serve peak RSS after 24 PDFs (8 in parallel) with a 4000×4000 16-bit logo: %.0f MB", rss)
	if rss > 200 {
		t.Errorf("peak RSS %.0f MB, want under 200 MB: the logo is decoded per render", rss)
	}
}

var listenRe = regexp.MustCompile(`msg="relance listening" url=(http://[0-9.:]+)`)

// listenURL is the address a serve process logged.
func listenURL(t *testing.T, p *server) string {
	t.Helper()
	b, _ := os.ReadFile(p.log)
	m := listenRe.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no listening address in the log of %s", p.name)
	}
	return m[1]
}

// runPeakRSS runs the relance binary to its end and returns its output and
// the peak RSS seen (VmHWM, polled from /proc while it runs; a peak
// reached in its last milliseconds may be missed, never over-counted).
func runPeakRSS(t *testing.T, env []string, args ...string) (string, float64, error) {
	t.Helper()
	cmd := exec.Command(relanceBin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	peak := 0.0
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	hwm := regexp.MustCompile(`VmHWM:\s+(\d+) kB`)
	for {
		select {
		case err := <-done:
			return out.String(), peak, err
		case <-time.After(2 * time.Millisecond):
		}
		if b, err := os.ReadFile(status); err == nil {
			if m := hwm.FindSubmatch(b); m != nil {
				var kb float64
				fmt.Sscan(string(m[1]), &kb)
				peak = max(peak, kb/1024)
			}
		}
	}
}

// TestCSVMemoryBound: `relance import customers` of a file holding a row
// of 19 MB of commas (19 million cells) reports that row by its line,
// imports the good row after it, and its peak RSS stays under 200 MB
// (before the fix: 1.5 GB). A header of 19 MB of commas refuses the file.
func TestCSVMemoryBound(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	s, err := store.OpenAndMigrate(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	co := storetest.Company(t, s, "CSV Lourd")
	s.Close()
	dir := t.TempDir()
	commas := bytes.Repeat([]byte{','}, 19<<20)
	rowFile := filepath.Join(dir, "row.csv")
	body := append([]byte("display_name,email\nFirst,first@example.com\n"), commas...)
	body = append(body, "\nLast,last@example.com\n"...)
	if err := os.WriteFile(rowFile, body, 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"RELANCE_DATABASE_URL=" + dbURL}
	out, rss, err := runPeakRSS(t, env, "import", "customers", "--company", fmt.Sprint(co.ID), rowFile)
	t.Logf("import of a 19 MB row of commas: peak RSS %.0f MB; output: %s", rss, trim(out))
	if err != nil || !strings.Contains(out, "2 created") || !strings.Contains(out, "line 3:") {
		t.Errorf("import: %v, want the 2 good rows created and line 3 refused: %s", err, trim(out))
	}
	if rss > 200 {
		t.Errorf("peak RSS %.0f MB, want under 200 MB", rss)
	}
	headFile := filepath.Join(dir, "head.csv")
	if err := os.WriteFile(headFile, append(append([]byte("display_name,email"), commas...), "\nA,a@example.com\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	out, rss, err = runPeakRSS(t, env, "import", "customers", "--company", fmt.Sprint(co.ID), headFile)
	t.Logf("import of a header of 19 MB of commas: peak RSS %.0f MB; output: %s", rss, trim(out))
	if err == nil || !strings.Contains(out, "line 1") {
		t.Errorf("a header of 19 million columns: %v %s, want refused naming line 1", err, trim(out))
	}
	if rss > 200 {
		t.Errorf("peak RSS %.0f MB, want under 200 MB", rss)
	}
}

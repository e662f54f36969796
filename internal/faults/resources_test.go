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
	"regexp"
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
	if err := s.UpdateCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	cu := storetest.Customer(t, s, co.ID, "Client")
	day := invoice.LocalDate(time.Now(), time.UTC)
	inv := storetest.Invoice(co.ID, cu.ID, "LOGO-1", day.AddDays(-30), day, 12345)
	if err := s.CreateInvoice(ctx, inv); err != nil {
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

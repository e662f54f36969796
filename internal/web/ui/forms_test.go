package ui

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestInvoiceFormKeepsInputAndExplains: refused input comes back as typed,
// each reason next to its field, in the user's language.
func TestInvoiceFormKeepsInputAndExplains(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		cu := storetest.Customer(t, s, b.company.ID, "Élodie Côté")
		b.c.signin("owner@example.com")
		b.c.submit("/language", url.Values{"lang": {"fr"}})
		form := url.Values{"rows": {"5"}, "customer_id": {itoa(cu.ID)}, "number": {"F-<b>1</b>"}, "issue_date": {"2026-12-10"},
			"due_date": {"2026-12-01"}, "currency": {"CAD"}, "email": {"pas-une-adresse"},
			"line0_description": {"Réparation"}, "line0_quantity": {"deux"}, "line0_unit_price": {"125,50"},
			"line2_description": {"Pièces"}, "line2_unit_price": {"10"}, "line2_tax_rate": {"140"}}
		r := b.c.submit("/invoices", form)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad invoice: %d", r.code)
		}
		mustContain(t, r, `value="F-&lt;b&gt;1&lt;/b&gt;"`, `value="deux"`, `value="125,50"`, `value="pas-une-adresse"`, `value="Pièces"`,
			"Entrez un nombre", "La date d&#39;échéance précède la date de facturation", "Adresse courriel invalide",
			"Doit être entre 0 et 100", `name="line2_tax_rate" value="140"`)
		if strings.Contains(r.body, "<b>1</b>") {
			t.Error("user text not escaped")
		}
		// "More lines" adds rows without saving.
		form.Set("more", "1")
		r = b.c.submit("/invoices", form)
		if r.code != 200 || !strings.Contains(r.body, `name="line9_description"`) || strings.Contains(r.body, `class="err"`) {
			t.Errorf("more lines: %d", r.code)
		}
		// Fixed, it saves and shows the invoice; a French amount is accepted.
		form.Del("more")
		form.Set("number", "F-1")
		form.Set("due_date", "2026-12-31")
		form.Set("email", "")
		form.Set("line0_quantity", "2")
		form.Set("line2_tax_rate", "14,975")
		r = b.c.submit("/invoices", form)
		if r.code != http.StatusSeeOther {
			t.Fatalf("good invoice: %d %s", r.code, r.body)
		}
		inv, err := s.InvoiceByNumber(context.Background(), b.company.ID, "F-1")
		if err != nil {
			t.Fatal(err)
		}
		if inv.Email != "elodie@example.com" || len(inv.Lines) != 2 || inv.Lines[0].UnitPrice != 12550 || inv.Lines[1].TaxRate != 149750 {
			t.Errorf("stored %+v %+v", inv, inv.Lines)
		}
		// A duplicate number is a conflict shown on the number field.
		form.Set("number", "F-1")
		r = b.c.submit("/invoices", form)
		mustContain(t, r, "Le numéro de facture F-1 est déjà utilisé")

		// Editing the invoice keeps the external_id a sync gave it (the
		// form does not show it).
		if _, err := s.DB().Exec(s.DB().Rebind(`UPDATE invoices SET external_id = ? WHERE id = ?`), "in_42", inv.ID); err != nil {
			t.Fatal(err)
		}
		form.Set("memo", "Edited")
		if r := b.c.submit("/invoices/"+itoa(inv.ID), form); r.code != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", r.code, r.body)
		}
		if got, err := s.GetInvoice(context.Background(), b.company.ID, inv.ID); err != nil || got.Memo != "Edited" || got.ExternalID != "in_42" {
			t.Errorf("after the edit: memo %q, external_id %q (%v)", got.Memo, got.ExternalID, err)
		}
	})
}

func TestCustomerAndPaymentForms(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	b.c.signin("owner@example.com")
	r := b.c.submit("/customers", url.Values{"display_name": {""}, "email": {"a@b"}, "language": {"en"}, "first_name": {"Ann"}})
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("bad customer: %d", r.code)
	}
	mustContain(t, r, "Required.", "domain looks incomplete: a@b", `value="Ann"`, `value="a@b"`)
	r = b.c.submit("/customers", url.Values{"display_name": {"Ann Lee"}, "email": {"ann@lee.test"}, "language": {"en"},
		"external_id": {" cus_1 "}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("customer: %d", r.code)
	}
	// A second customer with the same external ID: the form says why.
	r = b.c.submit("/customers", url.Values{"display_name": {"Bo"}, "email": {"bo@lee.test"}, "language": {"en"},
		"external_id": {"cus_1"}})
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate external ID: %d", r.code)
	}
	mustContain(t, r, "External ID cus_1 is already used.", `value="Bo"`)
	cs, _ := b.s.ListCustomers(context.Background(), b.company.ID, store.Page{})
	if len(cs) != 1 || cs[0].ExternalID != "cus_1" {
		t.Fatalf("customers %+v", cs)
	}
	inv := b.invoiceFor(b.company.ID, cs[0].ID, "P-1", 5, 10000)
	r = b.c.submit("/invoices/"+itoa(inv.ID)+"/payments", url.Values{"amount": {"150.00"}, "date": {"2026-11-01"}})
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("overpayment: %d", r.code)
	}
	mustContain(t, r, "More than the balance due", `value="150.00"`)
	r = b.c.submit("/invoices/"+itoa(inv.ID)+"/payments", url.Values{"amount": {"40"}, "date": {"2026-11-01"}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("payment: %d", r.code)
	}
	mustContain(t, b.c.get(r.loc), "Payment recorded.", "Partially paid", "$60.00")
	// Pause the customer from their page.
	if r := b.c.submit("/customers/"+itoa(cs[0].ID)+"/pause", url.Values{"paused": {"1"}}); r.code != http.StatusSeeOther {
		t.Fatalf("pause: %d", r.code)
	}
	if c, _ := b.s.GetCustomer(context.Background(), b.company.ID, cs[0].ID); !c.RemindersPaused {
		t.Error("customer not paused")
	}
}

func multipartForm(t *testing.T, fields map[string]string, file []byte) (string, *bytes.Buffer) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if file != nil {
		fw, _ := w.CreateFormFile("logo", "logo.png")
		fw.Write(file)
	}
	w.Close()
	return w.FormDataContentType(), &body
}

// TestLogoUpload: a file that does not decode as PNG or JPEG is refused,
// whatever its name; a real PNG is stored and served back.
func TestLogoUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		b.c.signin("owner@example.com")
		fields := map[string]string{"csrf": b.c.csrf(), "name": "Plomberie Tremblay", "timezone": "America/Toronto",
			"language": "fr", "currency": "CAD", "brand_color": "#1a6b5c", "email": "billing@example.com"}
		send := func(file []byte) resp {
			ct, body := multipartForm(t, fields, file)
			req, _ := http.NewRequest("POST", b.srv.URL+"/settings/company", body)
			req.Header.Set("Content-Type", ct)
			return b.c.do(req)
		}
		r := send([]byte("<?php echo 'not an image'; ?>"))
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("non-image logo: %d", r.code)
		}
		mustContain(t, r, "must be a PNG or JPEG image", `value="Plomberie Tremblay"`)
		r = send(append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 2<<10)...))
		if r.code != http.StatusUnprocessableEntity {
			t.Errorf("truncated PNG accepted: %d", r.code)
		}
		if co, _ := s.GetCompany(context.Background(), b.company.ID); len(co.Logo) != 0 {
			t.Fatal("refused logo stored")
		}
		img := image.NewRGBA(image.Rect(0, 0, 40, 20))
		img.Set(1, 1, color.RGBA{200, 0, 0, 255})
		var pngb bytes.Buffer
		png.Encode(&pngb, img)
		if r := send(pngb.Bytes()); r.code != http.StatusSeeOther {
			t.Fatalf("png logo: %d %s", r.code, r.body)
		}
		r = b.c.get("/settings/company/logo")
		cfg, err := png.DecodeConfig(strings.NewReader(r.body))
		if r.code != 200 || r.hdr.Get("Content-Type") != "image/png" || err != nil || cfg.Width != 40 || cfg.Height != 20 {
			t.Errorf("logo served: %d %s %+v %v", r.code, r.hdr.Get("Content-Type"), cfg, err)
		}
		// A small file of a huge 16-bit image is refused before decoding;
		// a large but allowed one is stored scaled down, in 8 bits.
		big := func(w, h int) []byte {
			var out bytes.Buffer
			// 16-bit grey: a deep image that is quick to encode.
			if err := png.Encode(&out, image.NewGray16(image.Rect(0, 0, w, h))); err != nil {
				t.Fatal(err)
			}
			return out.Bytes()
		}
		huge := pngHeader(4000, 4000, 16) // what decoding would cost is read from the header
		if len(huge) > 1<<20 {
			t.Fatalf("test image is %d bytes: over the file limit, it would not test the pixel limit", len(huge))
		}
		if r := send(huge); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "4 million pixels") {
			t.Errorf("4000×4000 16-bit logo: %d, want 422 naming the pixel limit", r.code)
		}
		if r := send(big(1200, 750)); r.code != http.StatusSeeOther {
			t.Fatalf("1200×750 logo: %d", r.code)
		}
		co, _ := s.GetCompany(context.Background(), b.company.ID)
		cfg, err = png.DecodeConfig(bytes.NewReader(co.Logo))
		if err != nil || cfg.Width != 600 || cfg.Height != 375 || cfg.ColorModel != color.RGBAModel || co.LogoType != "image/png" {
			t.Errorf("stored logo: %+v %v %s, want 600×375 8-bit RGB PNG", cfg, err, co.LogoType)
		}
	})
}

// pngHeader is the start of a PNG of w×h pixels of depth bits (RGBA): its
// signature and IHDR chunk, which is all a check before decoding reads.
func pngHeader(w, h int, depth byte) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, depth, 6, 0, 0, 0)
	chunk := append([]byte("IHDR"), ihdr...)
	out := append([]byte("\x89PNG\r\n\x1a\n"), binary.BigEndian.AppendUint32(nil, uint32(len(ihdr)))...)
	out = append(out, chunk...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
}

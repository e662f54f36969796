package ui

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/relance-app/relance/internal/store/storetest"
)

// TestBrowserFirstRun walks the first run in Chromium, in English and
// French, at 1280 and 360 px: the set-up page asks for the reply-to email
// and the postal address and offers a time-zone list (a select, not free
// text); a form with several mistakes shows every reason at once; once set
// up, the invoice list shows the getting-started checklist. Each page is
// checked for hidden errors and English on French pages.
func TestBrowserFirstRun(t *testing.T) {
	s := storetest.SQLite(t)
	const code = "482913"
	u := New(Deps{Store: s, Log: quietLog(), SetupCode: code, BaseURL: "http://127.0.0.1"})
	mux := http.NewServeMux()
	u.Register(mux)
	srv := newServer(t, mux)
	frags := englishFragments(t)
	ctx := browser(t, 1280, 900)
	for _, lang := range []string{"en", "fr"} {
		for _, width := range []int64{1280, 360} {
			tag := fmt.Sprintf("%s-%d", lang, width)
			steps(t, ctx, "setup "+tag, chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(srv.URL+"/setup?lang="+lang+"&code="+code), chromedp.WaitVisible(css(`select#timezone`)),
				chromedp.WaitVisible(css(`#reply_to`)), chromedp.WaitVisible(css(`#address`)))
			checkPage(t, ctx, lang, "setup "+tag, frags)
			// Several mistakes at once: each reason shows, none hidden.
			steps(t, ctx, "setup errors "+tag, setValue("#company_name", ""), setValue("#reply_to", "pas une adresse"),
				setValue("#email", "admin@atelier.test"), setValue("#password", "court"),
				chromedp.Submit(css(`#company_name`)), chromedp.WaitVisible(css(`#company_name-err`)),
				chromedp.WaitVisible(css(`#reply_to-err`)), chromedp.WaitVisible(css(`#password-err`)))
			checkPage(t, ctx, lang, "setup errors "+tag, frags)
		}
	}
	// Set up in French; the list then shows the checklist.
	steps(t, ctx, "setup done", chromedp.EmulateViewport(360, 900),
		chromedp.Navigate(srv.URL+"/setup?lang=fr&code="+code), chromedp.WaitVisible(css(`select#timezone`)),
		setValue("#company_name", "Atelier Lévesque"), setValue("#reply_to", "facturation@atelier.test"),
		setValue("#address", "1234, rue Saint-Jean\\nQuébec (Québec) G1R 1R5"),
		setValue("#email", "admin@atelier.test"), setValue("#password", "une phrase de passe solide"),
		chromedp.Submit(css(`#company_name`)), chromedp.WaitVisible(css(`.checklist`)))
	wantText(t, ctx, tr("fr", "check_title"))
	checkPage(t, ctx, "fr", "checklist fr-360", frags)
	if n, err := s.CountUsers(context.Background()); err != nil || n != 1 {
		t.Errorf("users after set-up: %d (%v)", n, err)
	}
}

// setValue sets a form field's value as typing would leave it.
func setValue(sel, v string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = %q`, sel, v))
}

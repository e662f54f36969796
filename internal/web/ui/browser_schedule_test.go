package ui

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestBrowserSchedule sets a five-step schedule with a late fee, a repeat
// and Quebec's business days in Chromium, in English and in French: "Add
// reminder" twice, a three-decimal fee refused next to its field (the fee
// section open, the error visible), then saved. Every form state is checked
// for hidden errors, English on the French page and axe-core's WCAG rules.
func TestBrowserSchedule(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	ctx0 := context.Background()
	frags := englishFragments(t)
	ctx := browser(t, 1280, 900)
	base := b.srv.URL
	steps(t, ctx, "sign in", chromedp.Navigate(base+"/signin"), chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "owner@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), testPassword),
		chromedp.Click(css(`button.primary`)), chromedp.WaitVisible(css(`a[href="/invoices/new"]`)))
	for _, lang := range []string{"en", "fr"} {
		if err := s.SetUserLanguage(ctx0, b.user.ID, lang); err != nil {
			t.Fatal(err)
		}
		def := reminder.DefaultSettings("America/Toronto")
		if err := storetest.Books(s).PutReminderSettings(ctx0, b.company.ID, &def); err != nil {
			t.Fatal(err)
		}
		steps(t, ctx, "settings "+lang, chromedp.Navigate(base+"/settings/reminders"), chromedp.WaitVisible(css(`#add-step`)))
		steps(t, ctx, "add reminder 4 "+lang, chromedp.Click(css(`#add-step`)), chromedp.WaitVisible(css(`input[name="steps[3].days"]`)))
		steps(t, ctx, "add reminder 5 "+lang, chromedp.Click(css(`#add-step`)), chromedp.WaitVisible(css(`input[name="steps[4].days"]`)))
		wantText(t, ctx, tr(lang, "step_n", "Step", 5), tr(lang, "add_step"))
		setChecked(t, ctx, `input[name="enabled"]`, true)
		setChecked(t, ctx, `input[name="repeat.on"]`, true)
		setChecked(t, ctx, `input[name="business_days.skip_weekends"]`, true)
		steps(t, ctx, "fill "+lang,
			chromedp.SetValue(css(`input[name="steps[4].days"]`), "45"),
			chromedp.SetValue(css(`select[name="steps[4].action"]`), reminder.ActionBoth),
			chromedp.SetValue(css(`select[name="steps[1].late_fee.kind"]`), reminder.FeeFixed),
			chromedp.SetValue(css(`input[name="steps[1].late_fee.amount"]`), "10.005"),
			chromedp.SetValue(css(`input[name="repeat.every_days"]`), "14"),
			chromedp.SetValue(css(`input[name="repeat.max"]`), "4"),
			chromedp.SetValue(css(`select[name="business_days.holidays"]`), "CA-QC"),
		)
		checkPage(t, ctx, lang, "schedule form "+lang, frags)
		checkAxe(t, ctx, "schedule form "+lang)
		steps(t, ctx, "save with a bad fee "+lang, chromedp.Click(css(`.sticky-save button.primary`)),
			chromedp.WaitVisible(css(`input[name="steps[1].late_fee.amount"][aria-invalid="true"]`)))
		wantText(t, ctx, tr(lang, "form_has_errors"))
		checkPage(t, ctx, lang, "schedule form with an error "+lang, frags)
		checkAxe(t, ctx, "schedule form with an error "+lang)
		shot(t, ctx, "schedule-error-"+lang)
		steps(t, ctx, "fix the fee "+lang, chromedp.SetValue(css(`input[name="steps[1].late_fee.amount"]`), "10.00"),
			chromedp.Click(css(`.sticky-save button.primary`)), chromedp.WaitVisible(css(`p.flash`)))
		wantText(t, ctx, tr(lang, "flash_saved"))
		checkPage(t, ctx, lang, "schedule saved "+lang, frags)
		shot(t, ctx, "schedule-saved-"+lang)
		st, err := s.ReminderSettings(ctx0, b.company.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Enabled || len(st.Steps) != 5 || st.Steps[4].Days != 45 || st.Steps[4].Action != reminder.ActionBoth ||
			st.Steps[1].LateFee == nil || st.Steps[1].LateFee.Amount != "10.00" || st.Repeat == nil || st.Repeat.EveryDays != 14 ||
			st.BusinessDays != (reminder.BusinessDays{SkipWeekends: true, Holidays: "CA-QC"}) {
			t.Fatalf("%s: not saved from the page: %+v", lang, st)
		}
	}
}

// Package i18n holds the web UI's words in English and French (Canadian
// usage) and looks them up with go-i18n: plural rules come from CLDR, and a
// regional tag such as fr-CA falls back to fr.
package i18n

import (
	"embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed en.toml fr.toml
var catalogues embed.FS

// Languages are the UI languages, default first.
var Languages = []string{"en", "fr"}

var (
	bundle     *goi18n.Bundle
	localizers = map[string]*goi18n.Localizer{}
	ids        = map[string][]string{}
	loadOnce   sync.Once
	loadErr    error
)

func load() {
	bundle = goi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", unmarshalTOML)
	for _, l := range Languages {
		f, err := bundle.LoadMessageFileFS(catalogues, l+".toml")
		if err != nil {
			loadErr = fmt.Errorf("i18n: load %s: %w", l, err)
			return
		}
		for _, m := range f.Messages {
			ids[l] = append(ids[l], m.ID)
		}
		sort.Strings(ids[l])
		localizers[l] = goi18n.NewLocalizer(bundle, l)
	}
}

// Must panics if a catalogue does not parse; call it at start-up so that a
// broken catalogue fails loudly instead of page by page.
func Must() {
	loadOnce.Do(load)
	if loadErr != nil {
		panic(loadErr)
	}
}

// IDs lists the message ids of a language's catalogue, sorted.
func IDs(lang string) []string {
	Must()
	return slices.Clone(ids[lang])
}

// Lang maps any tag ("fr-CA", "FR", "") to a supported UI language.
func Lang(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(tag), "-")
	if slices.Contains(Languages, base) {
		return base
	}
	return Languages[0]
}

// T is the message id in lang with data substituted ({{.Name}} in the
// catalogue). A "Count" key in data selects the plural form. A missing id
// yields the id itself, so that a gap shows on the page rather than an
// empty label (and the catalogue test catches it first).
func T(lang, id string, data map[string]any) string {
	Must()
	lc := localizers[Lang(lang)]
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := lc.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// Has reports whether lang's catalogue defines id.
func Has(lang, id string) bool {
	Must()
	_, found := slices.BinarySearch(ids[Lang(lang)], id)
	return found
}

// TaskText words a To-do task (the page and the email to the company):
// the kinds with a message of their own ("task_<kind>") get it, with the
// title (an invoice number) as {{.Number}}; any other kind shows its title.
func TaskText(lang, kind, title string) string {
	id := "task_" + kind
	if !Has(lang, id) {
		return title
	}
	return T(lang, id, map[string]any{"Number": title})
}

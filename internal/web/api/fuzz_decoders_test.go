package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/relance-app/relance/internal/store/storetest"
)

// fuzzBodies is what every JSON decoder of the API is seeded with.
var fuzzBodies = []string{
	`{}`, `null`, `[]`, `"x"`, ``, `{`, `{"a":1}`, `{"x":1}{"y":2}`, `{"display_name":1e400}`, "\x00", `{"enabled":"yes"}`,
	`{"display_name":"<script>alert(1)</script>","email":"a@example.com"}`,
	`{"display_name":"x\r\nBcc: x@evil.test","email":"a@example.com\r\nBcc: x@evil.test"}`,
	`{"display_name":"\"quoted\"","email":"a@example.com","cc":"b@example.com, c@example.com","language":"fr"}`,
	`{"display_name":"\ud800","email":"a@example.com","language":"xx"}`,
}

// fuzzDecoder posts (or puts) arbitrary bodies to one endpoint: never a
// 5xx nor a panic, and every refusal is in the error format.
func fuzzDecoder(f *testing.F, method, target string, seeds ...string) {
	en := newEnv(f, storetest.SQLite(f))
	for _, s := range append(fuzzBodies, seeds...) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		en := *en
		en.t = t
		r := en.call(method, target, body)
		if r.status >= 500 {
			t.Fatalf("body %q: %s", body, r)
		}
		if r.status >= 400 {
			var e apiErr
			if err := json.Unmarshal(r.body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("body %q: error not in the error format: %s", body, r)
			}
		}
	})
}

// FuzzCustomerCreate: POST /api/v1/customers with arbitrary bodies.
func FuzzCustomerCreate(f *testing.F) {
	fuzzDecoder(f, http.MethodPost, "/api/v1/customers",
		`{"display_name":"Élodie Côté","first_name":"Élodie","last_name":"Côté","email":"elodie@example.com","language":"fr"}`)
}

// FuzzSettingsPut: PUT /api/v1/settings/reminders with arbitrary bodies.
func FuzzSettingsPut(f *testing.F) {
	fuzzDecoder(f, http.MethodPut, "/api/v1/settings/reminders",
		`{"enabled":true,"attach_pdf":true,"send_time":"09:00","timezone":"America/Toronto","catch_up_days":7,"steps":[`+
			`{"enabled":true,"days":3,"when":"before","templates":{"en":{"subject":"Reminder {{invoice_number}}","message":"Hi"},"fr":{"subject":"Rappel","message":"Bonjour"}}},`+
			`{"enabled":false,"days":5,"when":"after","templates":{}},{"enabled":false,"days":99,"when":"later","templates":{}}]}`,
		`{"send_time":"25:61","timezone":"Mars/Olympus","catch_up_days":-1}`)
}

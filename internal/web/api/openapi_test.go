package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store/storetest"
)

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// openAPIDoc is the part of the document the tests read.
type openAPIDoc struct {
	OpenAPI string                                `json:"openapi"`
	Paths   map[string]map[string]json.RawMessage `json:"paths"`
}

type openAPIParam struct {
	Name     string `json:"name"`
	In       string `json:"in"`
	Required bool   `json:"required"`
}

type openAPIOp struct {
	Parameters []openAPIParam    `json:"parameters"`
	Security   []json.RawMessage `json:"security"`
	Responses  map[string]any    `json:"responses"`
}

// documented lists "METHOD /path" for every operation of the document.
func documented(doc openAPIDoc) []string {
	var out []string
	for p, item := range doc.Paths {
		for m := range item {
			if slices.Contains(httpMethods, m) {
				out = append(out, strings.ToUpper(m)+" "+p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// routeDiff compares registered mux patterns with documented operations.
// Path parameters are compared by name, {id} to {id}: a document saying
// {invoiceId} where the mux says {id} is both missing and extra.
func routeDiff(registered, documented []string) (missing, extra []string) {
	reg := map[string]bool{}
	for _, p := range registered {
		reg[p] = true
	}
	doc := map[string]bool{}
	for _, p := range documented {
		doc[p] = true
		if !reg[p] {
			extra = append(extra, p)
		}
	}
	for _, p := range registered {
		if !doc[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}

func fetchOpenAPI(t *testing.T, en *env) ([]byte, openAPIDoc) {
	t.Helper()
	r := en.do("", "GET", "/api/v1/openapi.json", nil)
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json: %s (%s)", r, r.header.Get("Content-Type"))
	}
	var doc openAPIDoc
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return r.body, doc
}

// TestOpenAPIMatchesRoutes: the document served describes exactly the
// registered routes, with their path parameters, auth and $refs.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	en := newEnv(t, storetest.SQLite(t))
	raw, doc := fetchOpenAPI(t, en)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	registered := en.api.Patterns()
	missing, extra := routeDiff(registered, documented(doc))
	for _, m := range missing {
		t.Errorf("registered route %q is not in openapi.json", m)
	}
	for _, e := range extra {
		t.Errorf("openapi.json documents %q, which is not registered", e)
	}

	paramRE := regexp.MustCompile(`\{([^}]+)\}`)
	for p, item := range doc.Paths {
		var shared []openAPIParam
		if b, ok := item["parameters"]; ok {
			if err := json.Unmarshal(b, &shared); err != nil {
				t.Errorf("%s parameters: %v", p, err)
			}
		}
		want := map[string]bool{}
		for _, m := range paramRE.FindAllStringSubmatch(p, -1) {
			want[m[1]] = true
		}
		for m, b := range item {
			if !slices.Contains(httpMethods, m) {
				continue
			}
			op := strings.ToUpper(m) + " " + p
			var o openAPIOp
			if err := json.Unmarshal(b, &o); err != nil {
				t.Errorf("%s: %v", op, err)
				continue
			}
			got := map[string]bool{}
			for _, prm := range append(append([]openAPIParam(nil), shared...), o.Parameters...) {
				if prm.In != "path" {
					continue
				}
				got[prm.Name] = true
				if !prm.Required {
					t.Errorf("%s: path parameter %q is not required", op, prm.Name)
				}
				if !want[prm.Name] {
					t.Errorf("%s: declares path parameter %q that the path lacks", op, prm.Name)
				}
			}
			for name := range want {
				if !got[name] {
					t.Errorf("%s: path parameter {%s} is not declared", op, name)
				}
			}
			if len(o.Security) == 0 {
				t.Errorf("%s: no security requirement, yet every API route needs a token", op)
			}
			if _, ok := o.Responses["401"]; !ok {
				t.Errorf("%s: no 401 response documented", op)
			}
		}
	}

	// Every local $ref resolves.
	var whole map[string]any
	json.Unmarshal(raw, &whole)
	for _, m := range regexp.MustCompile(`"\$ref":\s*"#/([^"]+)"`).FindAllStringSubmatch(string(raw), -1) {
		var node any = whole
		for _, part := range strings.Split(m[1], "/") {
			obj, ok := node.(map[string]any)
			if !ok {
				node = nil
				break
			}
			node = obj[strings.NewReplacer("~1", "/", "~0", "~").Replace(part)]
		}
		if node == nil {
			t.Errorf("$ref #/%s does not resolve", m[1])
		}
	}
}

// TestRouteDiffCatchesDrift shows that the comparison above can fail: a
// route dropped from the document, one documented but not registered, and
// a renamed path parameter are all reported.
func TestRouteDiffCatchesDrift(t *testing.T) {
	t.Parallel()
	en := newEnv(t, storetest.SQLite(t))
	_, doc := fetchOpenAPI(t, en)
	registered := en.api.Patterns()

	dropped := documented(doc)[1:]
	if missing, extra := routeDiff(registered, dropped); len(missing) != 1 || len(extra) != 0 {
		t.Errorf("a route missing from the document: missing %v extra %v", missing, extra)
	}
	added := append(documented(doc), "DELETE /api/v1/invoices/{id}")
	if missing, extra := routeDiff(registered, added); len(missing) != 0 || !slices.Equal(extra, []string{"DELETE /api/v1/invoices/{id}"}) {
		t.Errorf("a route only in the document: missing %v extra %v", missing, extra)
	}
	var renamed []string
	for _, p := range documented(doc) {
		renamed = append(renamed, strings.Replace(p, "/invoices/{id}/pdf", "/invoices/{invoiceId}/pdf", 1))
	}
	if missing, extra := routeDiff(registered, renamed); !slices.Equal(missing, []string{"GET /api/v1/invoices/{id}/pdf"}) ||
		!slices.Equal(extra, []string{"GET /api/v1/invoices/{invoiceId}/pdf"}) {
		t.Errorf("a renamed parameter: missing %v extra %v", missing, extra)
	}
}

// TestOpenAPIForClientGenerators: what a client generator needs from each
// operation — a unique operationId (method names), a summary, a typed
// request body when it takes one, a typed 2xx answer and its error
// answers — and a licence in info.
func TestOpenAPIForClientGenerators(t *testing.T) {
	t.Parallel()
	en := newEnv(t, storetest.SQLite(t))
	raw, doc := fetchOpenAPI(t, en)
	var whole struct {
		Info struct {
			License *struct {
				Name string `json:"name"`
			} `json:"license"`
		} `json:"info"`
	}
	if err := json.Unmarshal(raw, &whole); err != nil {
		t.Fatal(err)
	}
	if whole.Info.License == nil || whole.Info.License.Name == "" {
		t.Error("info has no license name")
	}
	seen := map[string]string{}
	for _, op := range documented(doc) {
		method, p, _ := strings.Cut(op, " ")
		var o struct {
			OperationID string `json:"operationId"`
			Summary     string `json:"summary"`
			RequestBody *struct {
				Content map[string]struct {
					Schema map[string]any `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Ref     string `json:"$ref"`
				Content map[string]struct {
					Schema map[string]any `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		}
		if err := json.Unmarshal(doc.Paths[p][strings.ToLower(method)], &o); err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		switch {
		case !regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`).MatchString(o.OperationID):
			t.Errorf("%s: operationId %q is not a camelCase identifier", op, o.OperationID)
		case seen[o.OperationID] != "":
			t.Errorf("%s: operationId %q already names %s", op, o.OperationID, seen[o.OperationID])
		}
		seen[o.OperationID] = op
		if strings.TrimSpace(o.Summary) == "" {
			t.Errorf("%s: no summary", op)
		}
		if o.RequestBody != nil {
			for ct, c := range o.RequestBody.Content {
				if len(c.Schema) == 0 {
					t.Errorf("%s: request body %s has no schema", op, ct)
				}
			}
		}
		ok, errs := false, 0
		for code, r := range o.Responses {
			switch {
			case code[0] == '2':
				ok = true
				for ct, c := range r.Content {
					if len(c.Schema) == 0 {
						t.Errorf("%s: %s answer %s has no schema", op, code, ct)
					}
				}
			case code[0] == '4' && code != "401":
				errs++
				if r.Ref != "#/components/responses/Error" {
					t.Errorf("%s: error answer %s is not the Error response", op, code)
				}
			}
		}
		if !ok {
			t.Errorf("%s: no 2xx answer", op)
		}
		if errs == 0 && len(regexp.MustCompile(`\{`).FindAllString(p, -1)) > 0 {
			t.Errorf("%s: takes an id yet documents no 404", op)
		}
	}
}

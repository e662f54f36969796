package importer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestImportLimits: a header with millions of columns refuses the file;
// rows over the column, cell or record limits are refused by line while
// the good rows around them are imported (with the right line numbers);
// the ignored-columns list names at most MaxIgnoredListed.
func TestImportLimits(t *testing.T) {
	s := storetest.SQLite(t)
	co := storetest.Company(t, s, "Limites")
	ctx := context.Background()

	wide := "display_name,email" + strings.Repeat(",", 2_000_000) + "\nA,a@example.com\n"
	if _, err := importer.ImportCustomers(ctx, storetest.Books(s), co.ID, strings.NewReader(wide), importer.Options{}); err == nil ||
		!strings.Contains(err.Error(), "line 1") || !strings.Contains(err.Error(), fmt.Sprint(importer.MaxColumns)) {
		t.Errorf("header of 2 million columns: %v, want refused naming line 1 and the limit", err)
	}

	var b strings.Builder
	b.WriteString("display_name,email")
	for i := 0; i < 150; i++ {
		fmt.Fprintf(&b, ",extra %d", i)
	}
	b.WriteString("\nGood One,one@example.com\n")                                              // line 2
	b.WriteString("Too Wide,w@example.com" + strings.Repeat(",x", importer.MaxColumns) + "\n") // line 3
	b.WriteString("\"Long\ncell\"," + strings.Repeat("y", importer.MaxFieldBytes+1) + "\n")    // lines 4-5
	b.WriteString("Good Two,two@example.com\n")                                                // line 6
	rep, err := importer.ImportCustomers(ctx, storetest.Books(s), co.ID, strings.NewReader(b.String()), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 2 {
		t.Errorf("created %d customers, want the 2 good rows", rep.Created)
	}
	want := map[int]string{3: "columns", 4: "cell"}
	if len(rep.Errors) != len(want) {
		t.Errorf("errors %v, want lines 3 and 4", rep.Errors)
	}
	for _, e := range rep.Errors {
		if w, ok := want[e.Line]; !ok || !strings.Contains(e.Reason, w) {
			t.Errorf("error %v: want one of %v", e, want)
		}
	}
	if len(rep.IgnoredColumns) != importer.MaxIgnoredListed || rep.IgnoredMore != 150-importer.MaxIgnoredListed {
		t.Errorf("ignored columns: %d named, %d more; want %d and %d", len(rep.IgnoredColumns), rep.IgnoredMore,
			importer.MaxIgnoredListed, 150-importer.MaxIgnoredListed)
	}
	huge := "display_name\n" + strings.Repeat("z", importer.MaxFileBytes)
	if _, err := importer.ImportCustomers(ctx, storetest.Books(s), co.ID, strings.NewReader(huge), importer.Options{}); err == nil {
		t.Error("a file over MaxFileBytes was read")
	}
}

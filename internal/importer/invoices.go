package importer

import (
	"context"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
)

// ImportInvoices creates the invoices of a CSV file, one row per invoice
// line: rows with the same number form one invoice, wherever they are in
// the file. An invoice is stored whole or not at all: if any of its rows is
// bad, every one of its rows is reported and none is kept. An invoice whose
// number the company already has is counted as unchanged, even if the file
// says something else about it: an import never overwrites.
// The error is for a file that cannot be read at all (or a database
// failure); bad rows are in the report.
func ImportInvoices(ctx context.Context, bk *books.Books, companyID int64, r io.Reader, opt Options) (Report, error) {
	s := bk.Store()
	if err := opt.check(); err != nil {
		return Report{}, err
	}
	co, err := s.GetCompany(ctx, companyID)
	if err != nil {
		return Report{}, fmt.Errorf("importer: %w", err)
	}
	t, err := readTable(r, invoiceAliases)
	if err != nil {
		return Report{}, err
	}
	cols := t.cols
	if !cols.has(fNumber) || !cols.has(fCustomer) || !(cols.has(fUnitPrice) || cols.has(fAmount)) {
		return Report{}, fmt.Errorf("importer: the header needs an invoice number column (number, InvoiceNo, N° de facture), " +
			"a customer column (customer, Customer, Client) and a price column (unit_price, ItemRate, ItemAmount, Prix unitaire)")
	}
	rep := Report{IgnoredColumns: t.ignored, IgnoredMore: t.more, Errors: t.bad}
	groups := groupRows(t.rows, cols, &rep)

	existing, err := loadInvoiceRefs(ctx, s, companyID)
	if err != nil {
		return rep, err
	}
	idx, err := loadCustomers(ctx, s, companyID)
	if err != nil {
		return rep, err
	}
	b := builder{co: co, cols: cols, idx: idx, opt: opt, extUsed: map[string]string{}}
	for _, ref := range existing {
		if ref.ExternalID != "" {
			b.extUsed[ref.ExternalID] = ref.Number
		}
	}
	rec := reconciler{cols: cols, day: invoice.LocalDate(bk.Now(), co.Location()), actor: opt.Actor}
	var todo []*group
	for _, g := range groups {
		if ref := existing[g.number]; ref != nil {
			if rec.existing(g, ref, &rep) {
				rep.Unchanged++
			}
			continue
		}
		b.build(g)
		if len(g.errs) == 0 {
			b.claimExternalID(g)
		}
		if len(g.errs) == 0 {
			rec.check(g)
		}
		if len(g.errs) > 0 {
			g.report(&rep)
			continue
		}
		todo = append(todo, g)
	}
	todo = b.createCustomers(ctx, s, todo, &rep)
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	done := len(groups) - len(todo)
	opt.progress(done, len(groups))

	for start := 0; start < len(todo); start += batchSize {
		batch := todo[start:min(start+batchSize, len(todo))]
		created, refused, err := insert(ctx, bk, companyID, batch, &rep)
		if err != nil {
			rep.sortErrors()
			return rep, err
		}
		rep.Created += created
		rep.Unchanged += len(batch) - created - refused
		done += len(batch)
		opt.progress(done, len(groups))
		if created == len(batch) {
			rec.created(batch)
		}
	}
	n, err := writePayments(ctx, bk, companyID, rec.todo, &rep, Options{})
	rep.Reconciled += n
	rep.sortErrors()
	return rep, err
}

// group is the rows of one invoice and what was made of them.
type group struct {
	number string
	rows   []row
	errs   map[int]string // row index → why it is bad
	inv    *invoice.Invoice
	// newCustomer is the display name of a customer to create first.
	newCustomer string
}

func (g *group) fail(i int, format string, args ...any) {
	if g.errs == nil {
		g.errs = map[int]string{}
	}
	msg := fmt.Sprintf(format, args...)
	if prev, ok := g.errs[i]; ok {
		msg = prev + "; " + msg
	}
	g.errs[i] = msg
}

// report lists every row of a refused invoice: the bad ones with their
// reason, the others pointing at the first bad one, so that the user sees
// exactly which lines of the file did not go in.
func (g *group) report(rep *Report) {
	first := -1
	for i := range g.rows {
		if _, bad := g.errs[i]; bad {
			first = i
			break
		}
	}
	for i, rw := range g.rows {
		if msg, bad := g.errs[i]; bad {
			rep.addError(rw.line, "%s", msg)
		} else {
			rep.addError(rw.line, "not imported: invoice %q has an error on line %d", g.number, g.rows[first].line)
		}
	}
}

// groupRows gathers rows by invoice number, in order of first appearance.
func groupRows(rows []row, cols columns, rep *Report) []*group {
	byNumber := map[string]*group{}
	var out []*group
	for _, rw := range rows {
		n := cols.get(rw, fNumber)
		if n == "" {
			rep.addError(rw.line, "%s: is required", cols.label(fNumber))
			continue
		}
		g := byNumber[n]
		if g == nil {
			g = &group{number: n}
			byNumber[n] = g
			out = append(out, g)
		}
		g.rows = append(g.rows, rw)
	}
	return out
}

// builder turns a group of rows into a validated invoice.
type builder struct {
	co   *invoice.Company
	cols columns
	idx  *customerIndex
	opt  Options
	// extUsed: external_id → the number of the invoice that has it (the
	// company's, then the file's accepted ones).
	extUsed map[string]string
}

// claimExternalID refuses an invoice whose external_id another invoice
// already has (stored, or earlier in the file), and keeps it for the
// invoices after.
func (b *builder) claimExternalID(g *group) {
	id := g.inv.ExternalID
	if id == "" {
		return
	}
	if other, used := b.extUsed[id]; used {
		g.fail(0, "%s: %q is already used by invoice %q", b.cols.label(fExternalID), id, other)
		return
	}
	b.extUsed[id] = g.number
}

// headFields are the invoice-level columns: the same on every row of an
// invoice, or given on one row only.
var headFields = []string{fCustomer, fEmail, fIssueDate, fDueDate, fCurrency, fTerms, fMemo, fOpenBalance, fExternalID}

func (b *builder) build(g *group) {
	cols := b.cols
	head, from := map[string]string{}, map[string]int{}
	for i, rw := range g.rows {
		for _, f := range headFields {
			v := cols.get(rw, f)
			prev, seen := head[f]
			switch {
			case v == "":
			case !seen:
				head[f], from[f] = v, i
			case prev != v:
				g.fail(i, "%s: %q differs from %q on line %d of the same invoice", cols.label(f), v, prev, g.rows[from[f]].line)
			}
		}
	}
	inv := &invoice.Invoice{CompanyID: b.co.ID, Number: g.number, Currency: strings.ToUpper(head[fCurrency]), Memo: head[fMemo],
		ExternalID: head[fExternalID]}
	if inv.Currency == "" {
		inv.Currency = b.co.Currency
	}
	g.inv = inv

	if name := head[fCustomer]; name == "" {
		g.fail(0, "%s: is required", cols.label(fCustomer))
	} else if c := b.idx.byDisplayName(name); c != nil {
		inv.CustomerID, inv.Email, inv.Cc, inv.Bcc = c.ID, c.Email, c.Cc, c.Bcc
	} else if b.opt.CreateCustomers {
		g.newCustomer = name
		inv.CustomerID = pendingCustomer
	} else {
		g.fail(from[fCustomer], "%s: unknown customer %q", cols.label(fCustomer), name)
	}
	if v := head[fEmail]; v != "" {
		inv.Email = addressList(v)
	}
	b.dates(g, head, from)
	digits, err := money.Digits(inv.Currency)
	if err != nil {
		g.fail(from[fCurrency], "%s: unknown currency %q", cols.label(fCurrency), inv.Currency)
		return
	}
	for i, rw := range g.rows {
		inv.Lines = append(inv.Lines, b.line(g, i, rw, digits))
	}
	if len(g.errs) > 0 {
		return
	}
	if err := inv.Validate(); err != nil {
		b.mapInvalid(g, err)
		return
	}
	inv.Compute()
}

// pendingCustomer stands for a customer created once the invoice is known
// to be good, so that a bad file creates no orphan customers.
const pendingCustomer = 1 << 62

func (b *builder) dates(g *group, head map[string]string, from map[string]int) {
	cols, inv := b.cols, g.inv
	var err error
	if v := head[fIssueDate]; v == "" {
		g.fail(0, "%s: is required", cols.label(fIssueDate))
	} else if inv.IssueDate, err = parseDate(v, b.opt.DateFormat); err != nil {
		g.fail(from[fIssueDate], "%s: %v", cols.label(fIssueDate), err)
	}
	v := head[fDueDate]
	if v != "" {
		if inv.DueDate, err = parseDate(v, b.opt.DateFormat); err != nil {
			g.fail(from[fDueDate], "%s: %v", cols.label(fDueDate), err)
		}
		return
	}
	// QuickBooks leaves DueDate empty when Terms say it: "Net 30".
	if days, ok := termsDays(head[fTerms]); ok {
		if !inv.IssueDate.IsZero() {
			inv.DueDate = inv.IssueDate.AddDays(days)
		}
		return
	}
	g.fail(0, "%s: is required (or payment terms such as \"Net 30\")", cols.label(fDueDate))
}

// line reads one invoice line. Quantity defaults to 1; the unit price may
// be given as the line amount alone; when both are given they must agree,
// since a mismatch means the file is not what the user thinks.
func (b *builder) line(g *group, i int, rw row, digits int) invoice.Line {
	cols := b.cols
	l := invoice.Line{Description: cols.get(rw, fDescription), Quantity: 1 * qtyOne}
	if l.Description == "" {
		l.Description = cols.get(rw, fItem)
	}
	bad := func(f, format string, args ...any) {
		g.fail(i, "%s: "+format, append([]any{cols.label(f)}, args...)...)
	}
	var err error
	if v := cols.get(rw, fQuantity); v != "" {
		if l.Quantity, err = parseNumber(v, invoice.QtyScale); err != nil {
			bad(fQuantity, "%v", err)
			return l
		}
	}
	rate, amount := cols.get(rw, fUnitPrice), cols.get(rw, fAmount)
	if rate != "" {
		if l.UnitPrice, err = parseNumber(rate, digits); err != nil {
			bad(fUnitPrice, "%v", err)
			return l
		}
	}
	switch {
	case rate == "" && amount == "":
		f := fUnitPrice
		if !cols.has(fUnitPrice) {
			f = fAmount
		}
		bad(f, "is required")
	case amount != "":
		a, err := parseNumber(amount, digits)
		if err != nil {
			bad(fAmount, "%v", err)
			break
		}
		if rate == "" && l.Quantity != 0 {
			l.UnitPrice = money.MulDivRound(a, qtyOne, l.Quantity)
		}
		// A line too large for int64 is refused by invoice.Validate
		// (which owns the line cap); only compare what can be computed.
		if p := new(big.Int).Mul(big.NewInt(l.Quantity), big.NewInt(l.UnitPrice)); !p.Quo(p, big.NewInt(qtyOne)).IsInt64() {
			break
		}
		if got := money.MulDivRound(l.Quantity, l.UnitPrice, qtyOne); got != a {
			bad(fAmount, "%s is not quantity × price (%s)", money.FormatDecimal(a, digits), money.FormatDecimal(got, digits))
		}
	}
	taxable, err := parseBool(cols.get(rw, fTaxable))
	if err != nil {
		bad(fTaxable, "%v", err)
	}
	if cols.get(rw, fTaxable) != "" && !taxable {
		return l // "Taxable: N" wins over a rate column filled for every row
	}
	if v := cols.get(rw, fTaxRate); v != "" {
		if l.TaxRate, err = parseNumber(v, invoice.RateScale); err != nil {
			bad(fTaxRate, "%v", err)
		}
	} else if taxable {
		bad(fTaxRate, "is required when %s is yes", cols.label(fTaxable))
	}
	return l
}

// qtyOne is a quantity of 1 at invoice.QtyScale.
const qtyOne = 10000

// mapInvalid reports Validate's field errors on the rows they come from:
// lines[i].x on row i, invoice fields on the first row.
func (b *builder) mapInvalid(g *group, err error) {
	lineFields := map[string]string{"description": fDescription, "quantity": fQuantity, "unit_price": fUnitPrice, "tax_rate": fTaxRate}
	e, ok := err.(*invoice.Error)
	if !ok {
		g.fail(0, "%v", err)
		return
	}
	for _, k := range sortedKeys(e.Fields) {
		i, field := 0, k
		if strings.HasPrefix(k, "lines[") {
			if n, rest, ok := strings.Cut(strings.TrimPrefix(k, "lines["), "]."); ok {
				fmt.Sscan(n, &i)
				field = lineFields[rest]
				if field == "" {
					field = rest
				}
			}
		}
		if field == "customer_id" {
			field = fCustomer
		}
		if i >= len(g.rows) {
			i = 0
		}
		g.fail(i, "%s: %s", b.cols.label(field), e.Fields[k])
	}
}

// createCustomers creates, for the good invoices only, the customers they
// name that do not exist yet; an invoice whose customer cannot be created
// is refused.
func (b *builder) createCustomers(ctx context.Context, s *store.Store, todo []*group, rep *Report) []*group {
	kept := todo[:0]
	for _, g := range todo {
		if g.newCustomer != "" {
			c := b.idx.byDisplayName(g.newCustomer)
			if c == nil {
				c = &invoice.Customer{CompanyID: b.co.ID, DisplayName: g.newCustomer, Email: g.inv.Email, Language: b.co.Language}
				if err := s.CreateCustomer(ctx, c); err != nil {
					g.fail(0, "%s: cannot create customer %q: %s", b.cols.label(fCustomer), g.newCustomer, reason(err, b.cols, nil))
					g.report(rep)
					continue
				}
				b.idx.add(c)
			}
			g.inv.CustomerID = c.ID
			if g.inv.Email == "" {
				g.inv.Email = c.Email
			}
			g.inv.Cc, g.inv.Bcc = c.Cc, c.Bcc
		}
		kept = append(kept, g)
	}
	return kept
}

// Package pdf renders an invoice as a one-or-more page A4 PDF with maroto
// and the PDF core fonts (no embedded font: small files, fast renders).
package pdf

import (
	"errors"
	"fmt"
	"strings"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/image"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"github.com/relance-app/relance/internal/color"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// Doc is everything one invoice PDF shows. Invoice must have its Lines and
// Payments filled and its totals computed (invoice.Compute).
type Doc struct {
	Company  *invoice.Company
	Customer *invoice.Customer
	Invoice  *invoice.Invoice
	Lang     string       // "en" or "fr"; anything else prints English
	Today    invoice.Date // company-local day, for the OVERDUE mark
}

// family is Helvetica spelled so that maroto skips its slow code-page
// translation; see cp1252.
const family = "Helvetica"

var (
	black = &props.Color{Red: 0, Green: 0, Blue: 0}
	grey  = &props.Color{Red: 90, Green: 90, Blue: 90}
	red   = &props.Color{Red: 200, Green: 30, Blue: 30}
	rule  = &props.Color{Red: 210, Green: 210, Blue: 210}
)

// newRenderer is a renderer for d in the company's brand colour.
func newRenderer(d Doc) renderer {
	brand := color.OrDefault(d.Company.BrandColor)
	r := renderer{Doc: d, l: labelsFor(d.Lang), brand: propsColor(brand)}
	r.onBrand = contrastOn(brand)
	r.heading = r.brand
	if brand.TooPaleForText() {
		// A pale brand colour cannot carry text on white paper.
		r.heading = black
	}
	return r
}

// newDocument is an A4 page set-up shared by the invoice and the statement.
func newDocument(title string) core.Maroto {
	cfg := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(15).WithRightMargin(15).WithTopMargin(15).
		// Compressed: ~3 KB instead of ~12 KB per PDF, which every reminder
		// mail and outbox row carries. gofpdf's zlib writers are pooled
		// (third_party/README.md): compression costs its pass, not 1 MB.
		WithCompression(true).
		WithDefaultFont(&props.Font{Family: family, Size: 9, Color: black}).
		WithTitle(title, true).
		WithCreator("Relance", false).
		Build()
	return maroto.New(cfg)
}

// Render draws the invoice. It fails only on missing input or if maroto
// cannot produce the document.
func Render(d Doc) ([]byte, error) {
	if d.Company == nil || d.Customer == nil || d.Invoice == nil {
		return nil, errors.New("pdf: render: company, customer and invoice are required")
	}
	r := newRenderer(d)
	m := newDocument(d.Company.Name + " — " + d.Invoice.Number)
	m.AddRows(r.header()...)
	m.AddRows(r.parties()...)
	m.AddRows(r.lines()...)
	m.AddRows(r.totals()...)

	doc, err := m.Generate()
	if err != nil {
		return nil, fmt.Errorf("pdf: render invoice %s: %w", d.Invoice.Number, err)
	}
	return doc.GetBytes(), nil
}

type renderer struct {
	Doc
	l                       labels
	brand, onBrand, heading *props.Color
}

func (r *renderer) money(minor int64) string {
	return money.Format(minor, r.Invoice.Currency, r.Lang)
}

func txt(s string, p props.Text) core.Component {
	if p.Family == "" {
		p.Family = family
	}
	return text.New(cp1252(s), p)
}

// header: the company header with the title INVOICE and the OVERDUE mark.
func (r *renderer) header() []core.Row {
	return r.companyHeader(r.l.Invoice, r.statusMark())
}

// companyHeader: logo on the left, the company's name and contact on the
// right, then the document title with an optional mark on the right.
func (r *renderer) companyHeader(titleText string, mark []core.Component) []core.Row {
	c := r.Company
	right := col.New(7)
	lines := []string{}
	for _, s := range strings.Split(c.Address, "\n") {
		if s = strings.TrimSpace(s); s != "" {
			lines = append(lines, s)
		}
	}
	if c.Email != "" {
		lines = append(lines, c.Email)
	}
	right.Add(txt(c.Name, props.Text{Size: 13, Style: fontstyle.Bold, Align: align.Right, Color: r.heading}))
	for i, s := range lines {
		right.Add(txt(s, props.Text{Top: 7 + float64(i)*4, Size: 9, Align: align.Right, Color: grey}))
	}
	height := max(22, 8+float64(len(lines))*4)

	left := col.New(5)
	if lg := cachedLogo(c.Logo, c.LogoType); lg != nil {
		left.Add(image.NewFromBytes(lg.data, lg.ext, props.Rect{Percent: 100}))
	}
	rows := []core.Row{row.New(height).Add(left, right), row.New(6)}

	title := row.New(12).Add(
		col.New(6).Add(txt(titleText, props.Text{Size: 20, Style: fontstyle.Bold, Color: r.heading})),
		col.New(6).Add(mark...),
	)
	return append(rows, title, row.New(2).WithStyle(&props.Cell{BackgroundColor: r.brand}), row.New(5))
}

// statusMark is the red OVERDUE stamp, or PAID, or nothing.
func (r *renderer) statusMark() []core.Component {
	st := invoice.StatusOf(r.Invoice, r.Today)
	switch st.Code {
	case invoice.StatusOverdue:
		return []core.Component{txt(r.l.Overdue, props.Text{Size: 16, Style: fontstyle.Bold, Align: align.Right, Color: red, Top: 1})}
	case invoice.StatusPaid:
		return []core.Component{txt(r.l.PaidMark, props.Text{Size: 16, Style: fontstyle.Bold, Align: align.Right, Color: grey, Top: 1})}
	}
	return nil
}

// parties: who is billed on the left, the invoice's number and dates on the right.
func (r *renderer) parties() []core.Row {
	cu, inv := r.Customer, r.Invoice
	left := col.New(6).Add(txt(r.l.BillTo, props.Text{Style: fontstyle.Bold, Color: r.heading}))
	y := 5.0
	parts := []string{cu.DisplayName, cu.CompanyName}
	parts = append(parts, strings.Split(cu.Address, "\n")...) // the postal address, line by line
	for _, s := range append(parts, cu.Email) {
		if s = strings.TrimSpace(s); s == "" || (s == cu.DisplayName && y > 5) {
			continue
		}
		left.Add(txt(s, props.Text{Top: y}))
		y += 4.5
	}
	keys := col.New(3)
	vals := col.New(3)
	for i, kv := range [][2]string{
		{r.l.Number, inv.Number},
		{r.l.IssueDate, invoice.FormatDate(inv.IssueDate, r.Lang)},
		{r.l.DueDate, invoice.FormatDate(inv.DueDate, r.Lang)},
	} {
		top := float64(i) * 5
		keys.Add(txt(kv[0], props.Text{Top: top, Style: fontstyle.Bold, Align: align.Right, Right: 2}))
		vals.Add(txt(kv[1], props.Text{Top: top, Align: align.Right}))
	}
	return []core.Row{row.New(max(y, 15)+2).Add(left, keys, vals), row.New(6)}
}

// tableStyles are the styles of the invoice's and the statement's tables:
// a heading on the brand colour, cells padded alike, numbers right-aligned,
// a thin rule under each row.
type tableStyles struct {
	head, headR, cell, num props.Text
	sep                    *props.Cell
}

func (r *renderer) tableStyles() tableStyles {
	t := tableStyles{
		head: props.Text{Style: fontstyle.Bold, Color: r.onBrand, Top: 1.5, Left: 1.5, Right: 1.5},
		cell: props.Text{Top: 1.5, Bottom: 1.5, Left: 1.5, Right: 1.5},
		sep:  &props.Cell{BorderType: border.Bottom, BorderColor: rule, BorderThickness: 0.2},
	}
	t.headR, t.num = t.head, t.cell
	t.headR.Align, t.num.Align = align.Right, align.Right
	return t
}

// Grid of the lines table: description, quantity, unit price, tax, amount.
var lineCols = [5]int{5, 1, 2, 2, 2}

func (r *renderer) lines() []core.Row {
	ts := r.tableStyles()
	head, headR := ts.head, ts.headR
	rows := []core.Row{row.New(7).WithStyle(&props.Cell{BackgroundColor: r.brand}).Add(
		col.New(lineCols[0]).Add(txt(r.l.Description, head)),
		col.New(lineCols[1]).Add(txt(r.l.Quantity, headR)),
		col.New(lineCols[2]).Add(txt(r.l.UnitPrice, headR)),
		col.New(lineCols[3]).Add(txt(r.l.TaxRate, headR)),
		col.New(lineCols[4]).Add(txt(r.l.Amount, headR)),
	)}
	cell, num, sep := ts.cell, ts.num, ts.sep
	for _, ln := range r.Invoice.Lines {
		rows = append(rows, row.New().WithStyle(sep).Add(
			col.New(lineCols[0]).Add(txt(ln.Description, cell)),
			col.New(lineCols[1]).Add(txt(r.decimal(ln.Quantity, invoice.QtyScale), num)),
			col.New(lineCols[2]).Add(txt(r.money(ln.UnitPrice), num)),
			col.New(lineCols[3]).Add(txt(r.lineTaxes(&ln), num)),
			col.New(lineCols[4]).Add(txt(r.money(ln.Amount), num)),
		))
	}
	return append(rows, row.New(4))
}

// lineTaxes is a line's tax column: its taxes' names ("TPS + TVQ"), or the
// rate of an unnamed one ("14,975 %"), "0 %" for none.
func (r *renderer) lineTaxes(ln *invoice.Line) string {
	ts := ln.Taxes()
	var names []string
	for _, t := range ts {
		if t.Name != "" {
			names = append(names, t.Name)
		}
	}
	if len(names) > 0 {
		return strings.Join(names, " + ")
	}
	return r.decimal(ln.TaxRate, invoice.RateScale) + r.percent()
}

// decimal prints a scaled quantity or rate with the language's decimal
// separator: "1.5" in English, "1,5" in French.
func (r *renderer) decimal(v int64, scale int) string {
	s := money.FormatDecimalTrim(v, scale)
	if r.Lang == "fr" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// percent is the sign with its CLDR spacing: "14,975 %" in French.
func (r *renderer) percent() string {
	if r.Lang == "fr" {
		return "\u00a0%"
	}
	return "%"
}

// totals: subtotal, tax, total, each payment, and the balance due in bold.
func (r *renderer) totals() []core.Row {
	inv := r.Invoice
	line := func(label, value string, bold bool, c *props.Color) core.Row {
		p := props.Text{Align: align.Right, Top: 1, Right: 1.5}
		if bold {
			p.Style, p.Size = fontstyle.Bold, 11
		}
		v := p
		v.Color = c
		return row.New(6).Add(
			col.New(8).Add(txt(label, p)),
			col.New(4).Add(txt(value, v)),
		)
	}
	rows := []core.Row{line(r.l.Subtotal, r.money(inv.Subtotal), false, nil)}
	// One line per tax (TPS, then TVQ), each the sum of the lines' rounded
	// amounts; an invoice without tax keeps its zero "Tax" line.
	taxes := inv.TaxTotals()
	if len(taxes) == 0 {
		rows = append(rows, line(r.l.Tax, r.money(0), false, nil))
	}
	for _, t := range taxes {
		rows = append(rows, line(t.Label(r.l.Tax, r.Lang), r.money(t.Amount), false, nil))
	}
	rows = append(rows, line(r.l.Total, r.money(inv.Total), true, nil))
	for _, p := range inv.Payments {
		rows = append(rows, line(r.l.Payment+" "+invoice.FormatDate(p.Date, r.Lang), r.money(-p.Amount), false, grey))
	}
	rows = append(rows,
		row.New(1),
		row.New(0.6).Add(col.New(6), col.New(6).WithStyle(&props.Cell{BackgroundColor: r.brand})),
		row.New(1),
		line(r.l.BalanceDue, r.money(inv.Balance), true, r.heading),
	)
	if nums := r.Company.TaxNumbers(r.Lang); len(nums) > 0 {
		rows = append(rows, row.New(4), row.New().Add(col.New(12).Add(
			txt(r.l.TaxNumbers+" "+strings.Join(nums, " · "), props.Text{Align: align.Right, Right: 1.5, Color: grey}))))
	}
	if memo := strings.TrimSpace(inv.Memo); memo != "" {
		rows = append(rows, row.New(8))
		for _, s := range strings.Split(memo, "\n") {
			rows = append(rows, row.New().Add(col.New(12).Add(txt(s, props.Text{Color: grey}))))
		}
	}
	return rows
}

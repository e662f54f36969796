package pdf

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/report"
)

// StatementDoc is everything a customer statement shows.
type StatementDoc struct {
	Company   *invoice.Company
	Customer  *invoice.Customer
	Statement report.Statement
	Lang      string // "en" or "fr"; anything else prints English
}

// RenderStatement draws a customer's statement: the open invoices with
// their balances and days overdue, the aging summary and the total due,
// one section per currency.
func RenderStatement(d StatementDoc) ([]byte, error) {
	if d.Company == nil || d.Customer == nil {
		return nil, errors.New("pdf: render statement: company and customer are required")
	}
	r := newRenderer(Doc{Company: d.Company, Customer: d.Customer, Lang: d.Lang})
	m := newDocument(d.Company.Name + " — " + r.l.Statement)
	m.AddRows(r.companyHeader(r.l.Statement, nil)...)
	m.AddRows(r.statementParties(d.Statement.AsOf)...)
	if len(d.Statement.Sections) == 0 {
		m.AddRows(row.New(10).Add(col.New(12).Add(txt(r.l.NothingDue, props.Text{Size: 11}))))
	}
	for _, sec := range d.Statement.Sections {
		m.AddRows(r.statementSection(sec)...)
	}
	doc, err := m.Generate()
	if err != nil {
		return nil, fmt.Errorf("pdf: render statement of customer %d: %w", d.Customer.ID, err)
	}
	return doc.GetBytes(), nil
}

func (r *renderer) statementParties(asOf invoice.Date) []core.Row {
	cu := r.Customer
	left := col.New(8).Add(txt(r.l.BillTo, props.Text{Style: fontstyle.Bold, Color: r.heading}))
	y := 5.0
	for _, s := range []string{cu.DisplayName, cu.CompanyName, cu.Email} {
		if s = strings.TrimSpace(s); s == "" || (s == cu.DisplayName && y > 5) {
			continue
		}
		left.Add(txt(s, props.Text{Top: y}))
		y += 4.5
	}
	right := col.New(4).Add(
		txt(r.l.AsOf, props.Text{Style: fontstyle.Bold, Align: align.Right}),
		txt(invoice.FormatDate(asOf, r.Lang), props.Text{Top: 5, Align: align.Right}),
	)
	return []core.Row{row.New(max(y, 15)+2).Add(left, right), row.New(6)}
}

// Grid of the statement table: number, issue date, due date, days overdue, total, balance.
var stmtCols = [6]int{3, 2, 2, 1, 2, 2}

func (r *renderer) statementSection(sec report.StatementSection) []core.Row {
	fm := func(v int64) string { return money.Format(v, sec.Currency, r.Lang) }
	ts := r.tableStyles()
	head, headR := ts.head, ts.headR
	rows := []core.Row{row.New(7).WithStyle(&props.Cell{BackgroundColor: r.brand}).Add(
		col.New(stmtCols[0]).Add(txt(r.l.Number, head)),
		col.New(stmtCols[1]).Add(txt(r.l.IssueDate, head)),
		col.New(stmtCols[2]).Add(txt(r.l.DueDate, head)),
		col.New(stmtCols[3]).Add(txt(r.l.DaysOverdue, headR)),
		col.New(stmtCols[4]).Add(txt(r.l.Total, headR)),
		col.New(stmtCols[5]).Add(txt(r.l.BalanceDue, headR)),
	)}
	cell, num, sep := ts.cell, ts.num, ts.sep
	for _, ln := range sec.Lines {
		days := num
		if ln.DaysOverdue > 0 {
			days.Color = red
		}
		rows = append(rows, row.New().WithStyle(sep).Add(
			col.New(stmtCols[0]).Add(txt(ln.Number, cell)),
			col.New(stmtCols[1]).Add(txt(invoice.FormatDate(ln.IssueDate, r.Lang), cell)),
			col.New(stmtCols[2]).Add(txt(invoice.FormatDate(ln.DueDate, r.Lang), cell)),
			col.New(stmtCols[3]).Add(txt(strconv.Itoa(ln.DaysOverdue), days)),
			col.New(stmtCols[4]).Add(txt(fm(ln.Total), num)),
			col.New(stmtCols[5]).Add(txt(fm(ln.Balance), num)),
		))
	}
	rows = append(rows, row.New(6))
	// Aging summary: one column per bucket, then the total due.
	bh := props.Text{Style: fontstyle.Bold, Align: align.Right, Top: 1, Right: 1.5}
	bv := props.Text{Align: align.Right, Top: 1, Right: 1.5}
	hr := row.New(6)
	vr := row.New(6)
	for k := range report.Buckets {
		hr.Add(col.New(2).Add(txt(r.l.Buckets[k], bh)))
		vr.Add(col.New(2).Add(txt(fm(sec.Buckets[k]), bv)))
	}
	hr.Add(col.New(2).Add(txt(r.l.TotalDue, bh)))
	tv := bv
	tv.Style, tv.Color = fontstyle.Bold, r.heading
	vr.Add(col.New(2).Add(txt(fm(sec.Total), tv)))
	rows = append(rows, row.New(7).Add(col.New(12).Add(txt(r.l.Aging+" ("+sec.Currency+")", props.Text{Style: fontstyle.Bold, Color: r.heading, Size: 11}))),
		hr, row.New(0.6).Add(col.New(12).WithStyle(&props.Cell{BackgroundColor: r.brand})), vr, row.New(8))
	return rows
}

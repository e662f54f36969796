package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// InvoiceRef names one invoice of one company.
type InvoiceRef struct{ CompanyID, InvoiceID int64 }

// LoadSendContexts is LoadSendContext for the invoices of a batch of
// claimed reminders, by invoice id: the same reads in nine queries per
// company instead of eight per reminder. An invoice not found is absent.
// Settings are shared as in LoadSendContext.
func (s *Store) LoadSendContexts(ctx context.Context, refs []InvoiceRef) (map[int64]*SendContext, error) {
	byCompany := map[int64][]int64{}
	for _, r := range refs {
		if !slices.Contains(byCompany[r.CompanyID], r.InvoiceID) {
			byCompany[r.CompanyID] = append(byCompany[r.CompanyID], r.InvoiceID)
		}
	}
	out := make(map[int64]*SendContext, len(refs))
	for companyID, ids := range byCompany {
		for start := 0; start < len(ids); start += maxPadded {
			if err := s.loadSendContexts(ctx, companyID, ids[start:min(start+maxPadded, len(ids))], out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (s *Store) loadSendContexts(ctx context.Context, companyID int64, ids []int64, out map[int64]*SendContext) error {
	q := prep{s: s}
	co, err := s.getCompany(ctx, q, companyID)
	if err != nil {
		return err
	}
	st, err := s.settingsShared(ctx, q, companyID)
	if err != nil {
		return err
	}
	named, err := s.schedules(ctx, q, companyID)
	if err != nil {
		return err
	}
	var invs []invoice.Invoice
	if err := s.selectIn(ctx, &invs, `SELECT `+invoiceCols+` FROM invoices WHERE company_id = ? AND id IN (?)`, companyID, ids); err != nil {
		return fmt.Errorf("store: load invoices to send: %w", err)
	}
	var lines []invoice.Line
	if err := s.selectIn(ctx, &lines, `SELECT `+lineCols+` FROM invoice_lines WHERE invoice_id IN (?) ORDER BY invoice_id, position`, ids); err != nil {
		return fmt.Errorf("store: load invoice lines to send: %w", err)
	}
	var pays []invoice.Payment
	if err := s.selectIn(ctx, &pays, `SELECT `+paymentCols+` FROM payments WHERE invoice_id IN (?) ORDER BY id`, ids); err != nil {
		return fmt.Errorf("store: load payments to send: %w", err)
	}
	var hist []reminder.Reminder
	if err := s.selectIn(ctx, &hist, `SELECT `+planHistoryCols+` FROM reminders WHERE invoice_id IN (?) ORDER BY id`, ids); err != nil {
		return fmt.Errorf("store: load reminder history to send: %w", err)
	}
	var custIDs []int64
	for _, inv := range invs {
		if !slices.Contains(custIDs, inv.CustomerID) {
			custIDs = append(custIDs, inv.CustomerID)
		}
	}
	custs := map[int64]*invoice.Customer{}
	if len(custIDs) > 0 {
		var cs []invoice.Customer
		if err := s.selectIn(ctx, &cs, `SELECT `+customerCols+` FROM customers WHERE company_id = ? AND id IN (?)`,
			companyID, custIDs); err != nil {
			return fmt.Errorf("store: load customers to send: %w", err)
		}
		ptrs := make([]*invoice.Customer, len(cs))
		for i := range cs {
			ptrs[i] = &cs[i]
			custs[cs[i].ID] = &cs[i]
		}
		if err := s.loadTags(ctx, q, companyID, ptrs); err != nil {
			return err
		}
	}
	for i := range invs {
		inv := &invs[i]
		cu, ok := custs[inv.CustomerID]
		if !ok {
			return fmt.Errorf("store: load invoice %d to send: %w", inv.ID, notFoundErr("customer"))
		}
		for _, l := range lines {
			if l.InvoiceID == inv.ID {
				inv.Lines = append(inv.Lines, l)
			}
		}
		for _, p := range pays {
			if p.InvoiceID == inv.ID {
				inv.Payments = append(inv.Payments, p)
			}
		}
		var h []reminder.Reminder
		for _, r := range hist {
			if r.InvoiceID == inv.ID {
				h = append(h, r)
			}
		}
		c, cust, set := *co, *cu, *st
		out[inv.ID] = &SendContext{Company: &c, Customer: &cust, Invoice: inv, Settings: &set, History: h, Schedules: named}
	}
	return nil
}

// selectIn runs a query with one IN list, the list given last.
func (s *Store) selectIn(ctx context.Context, dest any, query string, args ...any) error {
	q, ids := s.inList(s.db, args[len(args)-1].([]int64))
	args[len(args)-1] = ids
	query, a, err := inQuery(query, args...)
	if err != nil {
		return err
	}
	return sqlx.SelectContext(ctx, q, dest, s.q(query), a...)
}

package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// ImportCustomers creates the customers of a CSV file that the company does
// not have yet. A row whose display name or email address matches an
// existing customer (or whose external_id one has) is counted as
// unchanged and never modifies it: an
// import adds, it does not overwrite what the user edited since.
// The error is for a file that cannot be read at all (or a database
// failure); bad rows are in the report.
func ImportCustomers(ctx context.Context, bk *books.Books, companyID int64, r io.Reader, opt Options) (Report, error) {
	s := bk.Store()
	if err := opt.check(); err != nil {
		return Report{}, err
	}
	co, err := s.GetCompany(ctx, companyID)
	if err != nil {
		return Report{}, fmt.Errorf("importer: %w", err)
	}
	t, err := readTable(r, customerAliases)
	if err != nil {
		return Report{}, err
	}
	cols := t.cols
	if !cols.has(fDisplayName) && !cols.has(fCompanyName) && !cols.has(fFirstName) && !cols.has(fLastName) {
		return Report{}, fmt.Errorf("importer: no customer name column in the header (want one of display_name, Customer, Name, Client, Nom d'affichage, Company, First name, Last name)")
	}
	rep := Report{IgnoredColumns: t.ignored, IgnoredMore: t.more, Errors: t.bad}
	idx, err := loadCustomers(ctx, s, companyID)
	if err != nil {
		return rep, err
	}
	for i, rw := range t.rows {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		c, err := customerFromRow(cols, rw, co)
		if err == nil {
			err = c.Validate()
		}
		switch {
		case err != nil:
			rep.addError(rw.line, "%s", reason(err, cols, nil))
		case idx.byExternalID(c.ExternalID) != nil || idx.find(c.DisplayName, c.Email) != nil:
			rep.Unchanged++
		default:
			if err := s.CreateCustomer(ctx, c); err != nil {
				if invoice.ErrorCode(err) == "" {
					return rep, fmt.Errorf("importer: line %d: %w", rw.line, err)
				}
				rep.addError(rw.line, "%s", reason(err, cols, nil))
				continue
			}
			idx.add(c)
			rep.Created++
		}
		opt.progress(i+1, len(t.rows))
	}
	rep.sortErrors()
	return rep, nil
}

// customerFromRow reads one customer. A row without a display name gets
// one from the company name or the person's name, as address books do.
func customerFromRow(cols columns, rw row, co *invoice.Company) (*invoice.Customer, error) {
	c := &invoice.Customer{
		CompanyID:   co.ID,
		DisplayName: cols.get(rw, fDisplayName),
		CompanyName: cols.get(rw, fCompanyName),
		FirstName:   cols.get(rw, fFirstName),
		LastName:    cols.get(rw, fLastName),
		Title:       cols.get(rw, fTitle),
		Email:       addressList(cols.get(rw, fEmail)),
		Cc:          addressList(cols.get(rw, fCc)),
		Bcc:         addressList(cols.get(rw, fBcc)),
		ExternalID:  cols.get(rw, fExternalID),
	}
	if c.DisplayName == "" {
		c.DisplayName = c.CompanyName
	}
	if c.DisplayName == "" {
		c.DisplayName = strings.TrimSpace(c.FirstName + " " + c.LastName)
	}
	f := invoice.FieldErrors{}
	var err error
	if c.Language, err = parseLanguage(cols.get(rw, fLanguage), co.Language); err != nil {
		f.Add(fLanguage, "%s", err.Error())
	}
	if c.RemindersPaused, err = parseBool(cols.get(rw, fPaused)); err != nil {
		f.Add(fPaused, "%s", err.Error())
	}
	return c, f.Err()
}

// reason renders a domain error for the report, naming each field by the
// file's own column header; lines[i].x fields are left to the caller
// through sub (nil: keep them as they are).
func reason(err error, cols columns, sub func(field string) string) string {
	var e *invoice.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err.Error()
	}
	keys := sortedKeys(e.Fields)
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := cols.label(k)
		if sub != nil {
			name = sub(k)
		}
		parts[i] = name + ": " + e.Fields[k]
	}
	return strings.Join(parts, "; ")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// customerIndex finds a company's customers by display name (without
// regard to case or repeated spaces) and by any of their email addresses.
type customerIndex struct {
	byName  map[string]*invoice.Customer
	byEmail map[string]*invoice.Customer
	byExt   map[string]*invoice.Customer // by external_id
}

func nameKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}

func loadCustomers(ctx context.Context, s *store.Store, companyID int64) (*customerIndex, error) {
	idx := &customerIndex{byName: map[string]*invoice.Customer{}, byEmail: map[string]*invoice.Customer{},
		byExt: map[string]*invoice.Customer{}}
	var after int64
	for {
		page, err := s.ListCustomers(ctx, companyID, store.Page{After: after, Limit: 500})
		if err != nil {
			return nil, fmt.Errorf("importer: load customers: %w", err)
		}
		for i := range page {
			idx.add(&page[i])
		}
		if len(page) < 500 {
			return idx, nil
		}
		after = page[len(page)-1].ID
	}
}

// add indexes c; the oldest customer keeps a name or address shared by
// several, like store.FindCustomerByName.
func (x *customerIndex) add(c *invoice.Customer) {
	if k := nameKey(c.DisplayName); x.byName[k] == nil {
		x.byName[k] = c
	}
	if c.ExternalID != "" {
		x.byExt[c.ExternalID] = c
	}
	addrs, _ := invoice.ParseAddressList(c.Email)
	for _, a := range addrs {
		if k := strings.ToLower(a); x.byEmail[k] == nil {
			x.byEmail[k] = c
		}
	}
}

// byExternalID is the customer with this external_id (none for "").
func (x *customerIndex) byExternalID(id string) *invoice.Customer {
	if id = invoice.NormalizeExternalID(id); id == "" {
		return nil
	}
	return x.byExt[id]
}

func (x *customerIndex) byDisplayName(name string) *invoice.Customer { return x.byName[nameKey(name)] }

// find matches on display name first, then on any email address.
func (x *customerIndex) find(name, email string) *invoice.Customer {
	if c := x.byDisplayName(name); c != nil {
		return c
	}
	addrs, _ := invoice.ParseAddressList(email)
	for _, a := range addrs {
		if c := x.byEmail[strings.ToLower(a)]; c != nil {
			return c
		}
	}
	return nil
}

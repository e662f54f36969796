package report

import (
	"context"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// LoadStatement reads a customer of the company (not found: an error) and
// builds its statement as of asOf from its open invoices.
func LoadStatement(ctx context.Context, s *store.Store, companyID, customerID int64, asOf invoice.Date) (*invoice.Customer, Statement, error) {
	cu, err := s.GetCustomer(ctx, companyID, customerID)
	if err != nil {
		return nil, Statement{}, err
	}
	invs, err := s.OpenInvoicesOfCustomer(ctx, companyID, customerID)
	if err != nil {
		return nil, Statement{}, err
	}
	return cu, BuildStatement(asOf, invs), nil
}

package store_test

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestCustomerAddress: the postal address is stored and changed on both
// databases; an over-long one is refused, naming the field.
func TestCustomerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		co := storetest.Company(t, s, "Atelier")
		c := &invoice.Customer{CompanyID: co.ID, DisplayName: "Côté", Language: "fr", Address: "88, rue du Pont\nQuébec (Québec) G1K 5X9"}
		if err := s.CreateCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetCustomer(ctx, co.ID, c.ID)
		if err != nil || got.Address != c.Address {
			t.Fatalf("address %q (%v)", got.Address, err)
		}
		got.Address = "1 rue Neuve"
		if err := storetest.Books(s).UpdateCustomer(ctx, got); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.GetCustomer(ctx, co.ID, c.ID); again.Address != "1 rue Neuve" {
			t.Errorf("updated address %q", again.Address)
		}
		long := make([]byte, 501)
		for i := range long {
			long[i] = 'a'
		}
		bad := &invoice.Customer{CompanyID: co.ID, DisplayName: "X", Language: "fr", Address: string(long)}
		var e *invoice.Error
		if err := s.CreateCustomer(ctx, bad); !asInvoiceError(err, &e) || e.Fields["address"] == "" {
			t.Errorf("long address: %v", err)
		}
	})
}

func asInvoiceError(err error, e **invoice.Error) bool {
	v, ok := err.(*invoice.Error)
	if ok {
		*e = v
	}
	return ok
}

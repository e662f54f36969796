package storetest

import (
	"time"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/store"
)

// Books writes to s through the books, planning on s.Now as it is at each
// write (tests move the store's clock).
func Books(s *store.Store) *books.Books {
	return books.New(s, func() time.Time { return s.Now() })
}

package portal

import "github.com/relance-app/relance/internal/invoice"

func isNotFound(err error) bool { return invoice.IsNotFound(err) }

package store

import "github.com/relance-app/relance/internal/invoice"

func notFoundErr(what string) error { return invoice.NotFound(what) }

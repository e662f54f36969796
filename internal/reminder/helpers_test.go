package reminder

import "github.com/relance-app/relance/internal/invoice"

func day(s string) invoice.Date {
	d, err := invoice.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

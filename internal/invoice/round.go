package invoice

import "github.com/relance-app/relance/internal/money"

func mulDivRound(a, b, c int64) int64 { return money.MulDivRound(a, b, c) }

package store

// For the plan tests of package store_test.
const (
	ClaimSQL = claimSQL
	Fence    = fence
)

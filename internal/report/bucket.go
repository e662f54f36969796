// Package report computes what reminders achieve. This file holds the
// aging buckets used by customer statements; it is the same arithmetic as
// issue 17's report/aging.go (BucketOf, Buckets, BucketKeys): when both
// land, keep that one and delete this file.
package report

// Buckets is the number of aging buckets: current, 1–30, 31–60, 61–90 and
// over 90 days past due.
const Buckets = 5

// BucketKeys name the buckets in the API (and the catalogues' aging_* ids).
var BucketKeys = [Buckets]string{"current", "d1_30", "d31_60", "d61_90", "d90_plus"}

// bucketDays are the first day past due of buckets 1..4.
var bucketDays = [Buckets - 1]int{1, 31, 61, 91}

// BucketOf is the bucket of an invoice days past due on the report's day
// (0 or less, not yet due: current).
func BucketOf(daysPastDue int) int {
	b := 0
	for k, d := range bucketDays {
		if daysPastDue >= d {
			b = k + 1
		}
	}
	return b
}

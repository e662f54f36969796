package api

import (
	"encoding/base64"
	"slices"
	"strconv"
	"testing"
)

func TestTrimPage(t *testing.T) {
	ids := func(n int) []int64 {
		out := make([]int64, n)
		for i := range out {
			out[i] = int64(i + 1)
		}
		return out
	}
	id := func(v int64) int64 { return v }
	for _, tc := range []struct {
		rows, limit, want int
		cursorAfter       int64 // 0: no cursor
	}{
		{0, 3, 0, 0},
		{2, 3, 2, 0},
		{3, 3, 3, 0}, // read with fetchLimit: no fourth row, so this is the last page
		{4, 3, 3, 3},
		{499, 500, 499, 0},
		{500, 500, 500, 500}, // at the cap no extra row is read: keep a cursor
	} {
		if got := fetchLimit(tc.limit); got != min(tc.limit+1, maxLimit) {
			t.Errorf("fetchLimit(%d) = %d", tc.limit, got)
		}
		rows, cur := trimPage(ids(tc.rows), tc.limit, id)
		if len(rows) != tc.want || !slices.Equal(rows, ids(tc.want)) {
			t.Errorf("%d rows by %d: kept %v", tc.rows, tc.limit, rows)
		}
		want := ""
		if tc.cursorAfter > 0 {
			want = base64.RawURLEncoding.EncodeToString([]byte("id:" + strconv.FormatInt(tc.cursorAfter, 10)))
		}
		if cur != want {
			t.Errorf("%d rows by %d: cursor %q, want %q", tc.rows, tc.limit, cur, want)
		}
	}
}

#!/usr/bin/env bash
# Regenerates BENCHMARKS.md: runs `relance bench` (SQLite and PostgreSQL,
# 1 000 000 invoices, 10 000 reminders into postfix's smtp-sink) and the Go
# benchmarks, then rewrites the figures part of BENCHMARKS.md. The analysis
# part (below the "analysis" marker) is kept as it is.
#
#   scripts/benchmarks.sh            # everything (about 30 minutes on 2 cores)
#   BENCH_ARGS='--db sqlite --keep' scripts/benchmarks.sh
#   GO_BENCH=keep scripts/benchmarks.sh   # relance bench only; the Go benchmarks' rows are kept as they are
#
# Needs smtp-sink/smtp-source (Debian package postfix, see README
# "Benchmarks"; RELANCE_POSTFIX_DIR) and PostgreSQL at RELANCE_TEST_POSTGRES.
# Before each measure it waits (up to LOAD_WAIT seconds) for the 1-minute
# load average to fall below MAX_LOAD, and records the load next to the figure.
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_LOAD=${MAX_LOAD:-1.5}
LOAD_WAIT=${LOAD_WAIT:-300}
BENCH_ARGS=${BENCH_ARGS:-}
OUT=$(mktemp -d /tmp/relance-benchmarks.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

load() { cut -d' ' -f1 /proc/loadavg; }
wait_load() {
	local waited=0
	while awk -v l="$(load)" -v m="$MAX_LOAD" 'BEGIN { exit !(l >= m) }' && [ "$waited" -lt "$LOAD_WAIT" ]; do
		sleep 10
		waited=$((waited + 10))
	done
	load
}

go build -o "$OUT/relance" ./cmd/relance
echo "== relance bench $BENCH_ARGS" >&2
# shellcheck disable=SC2086
"$OUT/relance" bench --max-load "$MAX_LOAD" --load-wait "${LOAD_WAIT}s" --markdown "$OUT/bench.md" $BENCH_ARGS | tee "$OUT/bench.txt" >&2 ||
	echo "relance bench exited with an error (see above); what it measured is kept" >&2
[ -s "$OUT/bench.md" ] || echo "**relance bench did not finish**: see the script's output." > "$OUT/bench.md"

# name|package|-bench regexp|benchtime|extra flags
GOBENCH=(
	"store bulk insert|./internal/store/|BulkInsert100k|1x|"
	"engine scan at 1 000 000|./internal/engine/|^BenchmarkScan$|1x|-timeout 60m"
	"named schedules in the scan at 1 000 000|./internal/engine/|ScanNamedSchedules|1x|-timeout 60m"
	"CSV import|./internal/importer/|ImportInvoices|1x|"
	"payments import|./internal/importer/|ImportPayments|1x|"
	"PDF render|./internal/pdf/|Render|1s|"
	"compose + raw MIME|./internal/mail/|ComposeRaw|1s|"
	"reports at 1 000 000|./internal/report/|Reports1M|3x|-timeout 80m"
)
if [ "${GO_BENCH:-}" = keep ]; then
	GOBENCH=()
fi
if [ "${GO_BENCH:-}" != keep ] && grep -qs 'func BenchmarkInvoiceList1M' internal/web/ui/*_test.go; then
	GOBENCH+=("invoice list page at 1 000 000|./internal/web/ui/|InvoiceList1M|1s|-timeout 30m")
fi
: > "$OUT/go.md"
for b in "${GOBENCH[@]}"; do
	IFS='|' read -r name pkg re bt extra <<< "$b"
	l=$(wait_load)
	cmd="go test -run '^\$' -bench '$re' -benchtime $bt $extra $pkg"
	echo "== $cmd (load $l)" >&2
	when=$(date -u '+%Y-%m-%d %H:%M UTC')
	# shellcheck disable=SC2086
	go test -run '^$' -bench "$re" -benchtime "$bt" $extra "$pkg" 2>&1 | tee "$OUT/go.txt" >&2 ||
		echo "| $name | **failed** (see the script's output) | | | \`$cmd\` | $when | $l |" >> "$OUT/go.md"
	awk -v cmd="$cmd" -v when="$when" -v ld="$l" '
	function target(n, unit, v) {
		if (n ~ /BulkInsert100k\/sqlite/ && unit == "ns/op") return sprintf("< 10 s | %s", v < 10e9 ? "yes" : "NO")
		if (n ~ /ImportInvoices/ && unit == "ns/op") return sprintf("< 30 s | %s", v < 30e9 ? "yes" : "NO")
		if (n ~ /ImportPayments/ && unit == "ns/op") return sprintf("< 15 s | %s", v < 15e9 ? "yes" : "NO")
		if (n ~ /InvoiceList1M/ && unit == "ns/op") return sprintf("< 100 ms | %s", v < 100e6 ? "yes" : "NO")
		if (n ~ /Scan\/sqlite/ && unit == "s/due-scan") return sprintf("due scan < 2 s | %s", v < 2 ? "yes" : "NO")
		if (n ~ /ScanNamedSchedules\// && unit == "x-cpu") return sprintf("≤ 1.2× | %s", v <= 1.2 ? "yes" : "NO")
		if (n ~ /Scan\// && unit == "ms/empty-scan") return sprintf("empty scan < 50 ms | %s", v < 50 ? "yes" : "NO")
		if (n ~ /Reports1M\/[a-z]+\/aging$/ && unit == "ms/aging") return sprintf("< 1 s | %s", v < 1000 ? "yes" : "NO")
		if (n ~ /Reports1M\/.*effectiveness/ && unit == "ms/report") return sprintf("< 1 s | %s", v < 1000 ? "yes" : "NO")
		if (n ~ /Reports1M\/.*upcoming/ && unit == "ms/report") return sprintf("< 0.5 s | %s", v < 500 ? "yes" : "NO")
		return ""
	}
	function human(v, unit) {
		if (unit == "ns/op" && v >= 1e9) return sprintf("%.2f s/op", v / 1e9)
		if (unit == "ns/op" && v >= 1e6) return sprintf("%.1f ms/op", v / 1e6)
		if (unit == "ns/op" && v >= 1e3) return sprintf("%.1f µs/op", v / 1e3)
		return v " " unit
	}
	/^Benchmark/ {
		n = $1; sub(/-[0-9]+$/, "", n)
		vals = ""; tg = ""; met = ""
		for (i = 3; i < NF; i += 2) {
			vals = vals (vals == "" ? "" : ", ") human($i, $(i + 1))
			t = target(n, $(i + 1), $i)
			if (t != "") {
				split(t, tm, " [|] ")
				tg = tg (tg == "" ? "" : "; ") tm[1]; met = met (met == "" ? "" : "; ") tm[2]
			}
		}
		printf "| `%s` | %s | %s | %s | `%s` | %s | %s |\n", n, vals, tg, met, cmd, when, ld
	}' "$OUT/go.txt" >> "$OUT/go.md"
done

analysis=$(awk 'f; /^<!-- analysis: kept by scripts\/benchmarks.sh -->$/ { f = 1 }' BENCHMARKS.md 2>/dev/null || true)
if [ "${GO_BENCH:-}" = keep ]; then
	# The rows of the current table, dated as they were.
	awk '/^<!-- analysis: kept by scripts\/benchmarks.sh -->$/ { f = 0 } f && /^\| `/; /^## Go benchmarks$/ { f = 1 }' BENCHMARKS.md > "$OUT/go.md"
fi
{
	echo "# Benchmarks"
	echo
	echo "Every figure of the project, with the command that produced it, the date, the"
	echo "machine and the 1-minute load average when it was taken. Regenerate all of it"
	echo "with \`scripts/benchmarks.sh\` (it rewrites this file above the analysis marker)."
	echo "Targets are reported met or not; a missed one is explained in the analysis."
	echo
	echo "## \`relance bench\`: scans, the send path, memory"
	echo
	cat "$OUT/bench.md"
	echo
	echo "## Go benchmarks"
	echo
	echo "| benchmark | result | target | met | command | date | load |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	cat "$OUT/go.md"
	echo
	echo "<!-- analysis: kept by scripts/benchmarks.sh -->"
	if [ -n "$analysis" ]; then printf '%s\n' "$analysis"; fi
} > BENCHMARKS.md.new
mv BENCHMARKS.md.new BENCHMARKS.md
echo "BENCHMARKS.md rewritten" >&2

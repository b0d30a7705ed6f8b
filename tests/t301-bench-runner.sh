#!/bin/bash
# t301-bench-runner: bench/runner, which times the benchmarks' commands:
# the median and peak memory of a command, and with -B N a baseline run
# right before each run of it and the median of the pairs' ratios.  Its
# timings are not checked against the clock beyond what sleep guarantees
# (at least the time asked): speed is measured by "make bench".  Also the
# SQL of the bench's storage floor (floor_sql in bench/lib.sh): the
# sqlite3 shell writing an ingest's rows into an empty database of the
# same schema.

# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"

runner=$TMP/runner
check "runner compiles" gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$runner" \
	"$REPO_DIR/bench/runner.c"

expect_success "a command timed" "$runner" -n 3 -w 0 -- sleep 0.02
read -r med rss lo hi extra <"$OUT"
check "median, peak memory, fastest and slowest ($med $rss $lo $hi)" \
	awk -v m="$med" -v r="$rss" -v l="$lo" -v h="$hi" -v x="${extra:-}" \
	'BEGIN { exit !(m >= 0.02 && r > 0 && l <= m && m <= h && x == "") }'

# the baseline sleeps 0.01 s, the command 0.2 s: no pair's ratio is
# above the slowest command's time over 0.01 s (sleep never returns
# early), and the median is well above 1 unless the baseline takes ten
# times its sleep
expect_success "a command paired with a baseline (-B 2)" \
	"$runner" -n 3 -w 1 -B 2 -- sleep 0.01 sleep 0.2
read -r med rss lo hi ratio base <"$OUT"
check "the command's median is its own, not the baseline's ($med)" \
	awk -v m="$med" 'BEGIN { exit !(m >= 0.2) }'
check "the median ratio of the pairs ($ratio)" \
	awk -v r="$ratio" -v h="$hi" 'BEGIN { exit !(r > 1.5 && r <= h / 0.01) }'
check "and the baseline's median ($base)" \
	awk -v b="$base" 'BEGIN { exit !(b >= 0.01 && b < 0.2) }'

expect_exit 1 "a baseline that fails fails the run" \
	"$runner" -n 1 -w 0 -B 3 -- sh -c "exit 3" sleep 0
expect_exit 2 "-B taking every word leaves no command: usage" \
	"$runner" -n 1 -B 2 -- sleep 0

require_callreach
# shellcheck source=bench/lib.sh
. "$REPO_DIR/bench/lib.sh"
cp -r "$TESTS_DIR/example" "$TMP/src"
check "the example builds" build_sources "$TMP/src"
expect_success "the example ingested" cr -d "$TMP/x.db" ingest "$TMP/src"
floor_sql "$TMP/x.db" >"$TMP/floor.sql"
expect_success "the storage floor's SQL runs in the sqlite3 shell" \
	sqlite3 "$TMP/floor.db" ".read $TMP/floor.sql"
# schema and rows: every table, index and view the same, row for row
dump() {
	sqlite3 "$1" "SELECT type, name, sql FROM sqlite_schema ORDER BY name" &&
		sqlite3 "$1" "SELECT name FROM sqlite_schema WHERE type = 'table'
			AND name NOT LIKE 'sqlite_%' ORDER BY name" |
		while read -r t; do
			echo "== $t"
			sqlite3 "$1" "SELECT * FROM \"$t\" ORDER BY 1, 2"
		done
}
dump "$TMP/x.db" >"$TMP/x.dump"
dump "$TMP/floor.db" >"$TMP/floor.dump"
check "... and writes the same schema and rows as the ingest" \
	cmp "$TMP/x.dump" "$TMP/floor.dump"
calls=$(sqlite3 "$TMP/floor.db" 'SELECT count(*) FROM calls')
check "... the example's calls among them ($calls)" test "$calls" -gt 0
check "... with the ingest's page size" test \
	"$(sqlite3 "$TMP/floor.db" 'PRAGMA page_size')" = \
	"$(sqlite3 "$TMP/x.db" 'PRAGMA page_size')"
finish

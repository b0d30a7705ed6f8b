# bench/lib.sh: helpers sourced by bench/bench.sh and bench/scale.sh.
#
#   measure NAME [-p PREPARE] -- CMD...   time CMD with the runner; sets
#                                         T_NAME (median s), M_NAME (max RSS KiB)
#   measure_paired NAME [-p PREPARE] -- CMD...
#                                         the same, each run right after a run
#                                         of the baseline in the array PAIR;
#                                         also sets R_NAME, the median of the
#                                         per-pair ratios CMD / baseline
#   ratio A B                             A / B with 2 significant digits
#   lt A B                                A < B (floating point)
#   floor_sql DB                          SQL for the sqlite3 shell that
#                                         writes DB's rows into an empty
#                                         database (the storage floor)
#
#   RUNS     timed runs per operation (default 7; the median is kept)
#   RUNNER   the runner binary (build/bench/runner)

set -u

: "${RUNS:=7}"

die() {
	echo "bench: $*" >&2
	exit 1
}

measure() {
	local name=$1 out
	shift
	out=$("$RUNNER" -n "$RUNS" -w 1 "$@") || die "'$name' failed"
	read -r med rss _min _max pratio _pbase <<<"$out"
	printf -v "T_$name" '%s' "$med"
	printf -v "M_$name" '%s' "$rss"
	# the runner's median ratio, with -B
	[ -z "${pratio:-}" ] || printf -v "R_$name" '%s' "$pratio"
}

measure_paired() {
	local name=$1 opts=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	measure "$name" "${opts[@]}" -B "${#PAIR[@]}" -- "${PAIR[@]}" "$@"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (b <= 0) { print "-"; exit }
		r = a / b
		if (r >= 100) printf "%.0f", r
		else if (r >= 10) printf "%.1f", r
		else printf "%.2f", r
	}'
}

lt() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}

# Seconds and MiB, for the tables.
secs() {
	awk -v a="$1" 'BEGIN { printf "%.4f", a }'
}

mib() {
	awk -v a="$1" 'BEGIN { printf "%.1f", a / 1024 }'
}

# floor_sql DB: SQL (for the sqlite3 shell) that writes the rows of DB into
# an empty database of its schema: its page size, the rollback journal of a
# first load, the tables, their rows in one transaction, then the indexes
# and views.
floor_sql() {
	local src=$1
	echo "PRAGMA page_size = $(sqlite3 "$src" 'PRAGMA page_size');"
	echo "PRAGMA journal_mode = DELETE; PRAGMA synchronous = NORMAL;"
	echo "PRAGMA cache_size = -262144;"
	sqlite3 "$src" "SELECT sql || ';' FROM sqlite_schema
		WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
	echo "ATTACH '$src' AS src; BEGIN;"
	sqlite3 "$src" "SELECT 'INSERT INTO main.\"' || name ||
		'\" SELECT * FROM src.\"' || name || '\";' FROM sqlite_schema
		WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
	sqlite3 "$src" "SELECT sql || ';' FROM sqlite_schema
		WHERE type IN ('index', 'view') AND sql IS NOT NULL ORDER BY rowid"
	echo "COMMIT;"
}

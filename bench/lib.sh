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

#!/bin/bash
# bench/scale.sh: the benchmark of "make bench-scale".  Writes synthetic .ci
# trees with bench/gen-ci at 1, 10 and 100 times the size of Xen
# allyesconfig (100x is about a Linux kernel), times a cold ingest and the
# queries on each (median of $RUNS runs; one run of the ingest at the
# largest size), prints a table of time and peak memory against size, and
# plots both as an SVG (log-log, one line per operation).
#
#   SCALES   the sizes (default "1 10 100")
#   RUNS     timed runs per operation (default 3)
#   OUT      the SVG (default $BUILD/bench-scale.svg)
#   BUILD    the build directory (default build)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
: "${RUNS:=3}"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

: "${BUILD:=build}"
case $BUILD in /*) ;; *) BUILD=$repo/$BUILD ;; esac
CR=$BUILD/callreach
RUNNER=$BUILD/bench/runner
GEN=$BUILD/bench/gen-ci
: "${SCALES:=1 10 100}"
: "${OUT:=$BUILD/bench-scale.svg}"
export LC_ALL=C
unset CALLREACH_DB

for x in "$CR" "$RUNNER" "$GEN"; do
	[ -x "$x" ] || die "no $x: run 'make bench-scale'"
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/callreach-scale.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

ops="ingest reach export count"
data=$tmp/data
: >"$data"
echo "# callreach bench-scale: synthetic trees (bench/gen-ci), $(nproc) CPUs"
echo "# median of $RUNS runs (one run for the ingest at the largest size)"
echo
echo "| size | .ci files | MiB | functions | call sites | cold ingest s | MiB RSS | reach s | export s | paths --count s | max query RSS MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
last=${SCALES##* }
for s in $SCALES; do
	tree=$tmp/tree$s
	db=$tmp/scale$s.db
	"$GEN" -s "$s" "$tree" || die "gen-ci -s $s failed"
	files=$(find "$tree" -name '*.ci' | wc -l)
	mib_in=$(du -sm "$tree" | cut -f1)
	runs=$RUNS warm=1
	if [ "$s" = "$last" ]; then
		runs=1 warm=0
	fi
	out=$("$RUNNER" -n "$runs" -w "$warm" \
		-p "rm -f '$db' '$db-wal' '$db-shm'" -- "$CR" -d "$db" ingest "$tree") ||
		die "ingest at ${s}x failed"
	read -r T_ingest M_ingest _ _ <<<"$out"
	[ -f "$db" ] || "$CR" -d "$db" ingest "$tree" >/dev/null
	funcs=$(sqlite3 "$db" 'SELECT count(*) FROM functions')
	sites=$(sqlite3 "$db" 'SELECT count(*) FROM call_sites')
	rm -rf "$tree"	# the queries need only the database
	measure reach -- "$CR" -d "$db" reach do_memory_op _xmalloc
	measure export -- "$CR" -d "$db" export --to alloc_domheap_pages
	measure count -- "$CR" -d "$db" paths --count --to alloc_domheap_pages
	qrss=$M_reach
	for m in "$M_export" "$M_count"; do
		[ "$m" -gt "$qrss" ] && qrss=$m
	done
	echo "$s $T_ingest $T_reach $T_export $T_count $M_ingest $M_reach $M_export $M_count" >>"$data"
	printf '| %sx | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
		"$s" "$files" "$mib_in" "$funcs" "$sites" "$(secs "$T_ingest")" \
		"$(mib "$M_ingest")" "$(secs "$T_reach")" "$(secs "$T_export")" \
		"$(secs "$T_count")" "$(mib "$qrss")"
	rm -f "$db" "$db-wal" "$db-shm"
done

# Per tenfold size: how much time and memory grow (10 is linear).
echo
awk 'NR > 1 {
	k = $1 / s0
	printf "# %gx -> %gx: ingest time x%.1f, memory x%.1f; reach x%.1f, export x%.1f, paths --count x%.1f\n",
		s0, $1, $2 / t0, $6 / m0, $3 / r0, $4 / e0, $5 / c0
} { s0 = $1; t0 = $2; r0 = $3; e0 = $4; c0 = $5; m0 = $6 }' "$data"

# The plot: time (left) and peak memory (right) against size, log-log.
awk -v ops="$ops" '
function lx(v) { return log(v) / log(10) }
function px(panel, v) { return panel * 460 + 70 + (lx(v) - xmin) / (xmax - xmin) * 360 }
function py(v, lo, hi) { return 330 - (lx(v) - lo) / (hi - lo) * 280 }
{ n++; S[n] = $1; for (i = 2; i <= 9; i++) V[n, i] = $i }
END {
	xmin = lx(S[1]) - 0.2; xmax = lx(S[n]) + 0.2
	tlo = 1e9; thi = -1e9; mlo = 1e9; mhi = -1e9
	for (k = 1; k <= n; k++) {
		for (i = 2; i <= 5; i++) { v = lx(V[k, i]); if (v < tlo) tlo = v; if (v > thi) thi = v }
		for (i = 6; i <= 9; i++) { v = lx(V[k, i] / 1024); if (v < mlo) mlo = v; if (v > mhi) mhi = v }
	}
	tlo = int(tlo - 1); thi = int(thi + 1); mlo = int(mlo - 1); mhi = int(mhi + 1)
	split("ingest reach export paths&#160;--count", name, " ")
	split("#d62728 #1f77b4 #2ca02c #9467bd", color, " ")
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"920\" height=\"400\" font-family=\"sans-serif\" font-size=\"12\">\n"
	printf "<rect width=\"920\" height=\"400\" fill=\"white\"/>\n"
	for (p = 0; p < 2; p++) {
		lo = p ? mlo : tlo; hi = p ? mhi : thi
		printf "<text x=\"%d\" y=\"30\" font-size=\"14\">%s</text>\n", p * 460 + 70, p ? "peak memory (MiB) against size" : "time (s) against size"
		printf "<rect x=\"%d\" y=\"50\" width=\"360\" height=\"280\" fill=\"none\" stroke=\"black\"/>\n", p * 460 + 70
		for (e = lo; e <= hi; e++) {
			y = py(10 ^ e, lo, hi)
			printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", p * 460 + 70, p * 460 + 430, y, y
			printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", p * 460 + 65, y + 4, 10 ^ e
		}
		for (k = 1; k <= n; k++)
			printf "<text x=\"%.1f\" y=\"348\" text-anchor=\"middle\">%gx</text>\n", px(p, S[k]), S[k]
		for (i = 2; i <= 5; i++) {
			pts = ""
			for (k = 1; k <= n; k++) {
				v = p ? V[k, i + 4] / 1024 : V[k, i]
				pts = pts sprintf("%.1f,%.1f ", px(p, S[k]), py(v, lo, hi))
				printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px(p, S[k]), py(v, lo, hi), color[i - 1]
			}
			printf "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", pts, color[i - 1]
		}
	}
	for (i = 1; i <= 4; i++)
		printf "<text x=\"%d\" y=\"385\" fill=\"%s\">%s</text>\n", 70 + (i - 1) * 150, color[i], name[i]
	printf "<text x=\"640\" y=\"385\">size: times the Xen allyesconfig corpus</text>\n"
	printf "</svg>\n"
}' "$data" >"$OUT" || die "cannot write '$OUT'"
echo "# plot: $OUT"

#!/bin/bash
# Nightly job: build, ingest, check every path, save a baseline, and keep
# the results in a dated folder.
#
#   ci-scripts/nightly.sh [--rules FILE]... [--arch ARCH] [--config CONFIG]
#                         [--label LABEL] [--source-url URL] [--no-report]
#                         SOURCE-TREE OUT-ROOT
#
# OUT-ROOT/DATE/ receives callreach.db, stats.json, check.txt, check.json,
# baseline.json and, for the targets' subgraph, graph.dot. A line of counts
# per verdict is appended to OUT-ROOT/history.jsonl for trend reports.
# Then OUT-ROOT/DATE/report/ receives the static site of "callreach
# report" (open report/index.html), with the trend of history.jsonl and
# the changes since the last night before DATE that left a baseline.json;
# --source-url is its template for links to the source (%f file, %l line).
# --no-report stops after the baseline: no history line, no report (the
# pipeline's fan-in job, nightly-report.sh, writes them for all builds).
set -eu
# shellcheck source=ci-scripts/lib.sh
. "$(dirname "$0")/lib.sh"
usage="[--rules FILE]... [--arch ARCH] [--config CONFIG] [--label LABEL] [--source-url URL] [--no-report] SOURCE-TREE OUT-ROOT"
build_opts=()
report_opts=()
report=1
opt_rules() { rules+=(--rules "$1"); }
opt_source_url() { report_opts+=(--source-url "$1"); }
opt_arch() { build_opts+=(--arch "$1"); }
opt_config() { build_opts+=(--config "$1"); }
opt_label() { build_opts+=(--label "$1"); }
flag_no_report() { report=0; }
parse_args 2 2 "$@"
src=${operands[0]}
root=${operands[1]}
default_rules
day=${NIGHTLY_DATE:-$(date -u +%Y-%m-%d)}
out=$root/$day
mkdir -p "$out"
db=$out/callreach.db
rm -f "$db" "$db-wal" "$db-shm"

"$top/ci-scripts/build-callgraph.sh" "${build_opts[@]}" "$src" "$db"
"$CALLREACH" -d "$db" stats --format json >"$out/stats.json"
"$CALLREACH" -d "$db" check "${rules[@]}" >"$out/check.txt"
"$CALLREACH" -d "$db" check "${rules[@]}" --format json >"$out/check.json"
"$CALLREACH" -d "$db" baseline save "${rules[@]}" "$out/baseline.json"
"$CALLREACH" -d "$db" export "${rules[@]}" --format dot -o "$out/graph.dot" || true
if [ "$report" = 0 ]; then
	echo "nightly results in $out"
	exit 0
fi
history_line "$out/check.json" "$day" >>"$root/history.jsonl"

# report: the static site, against the last earlier night's baseline
prev=$(for b in "$root"/*/baseline.json; do
	d=$(basename "$(dirname "$b")")
	[ -f "$b" ] && [[ $d < $day ]] && echo "$b"
done | sort | tail -n 1)
[ -n "$prev" ] && report_opts+=(--baseline "$prev")
rm -rf "$out/report"
"$CALLREACH" -d "$db" report "${rules[@]}" "${report_opts[@]}" \
	--history "$root/history.jsonl" --out "$out/report"
echo "nightly results in $out (report: $out/report/index.html)"

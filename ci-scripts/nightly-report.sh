#!/bin/bash
# The nightly's fan-in: one report over the builds of the night, and each
# build's line in its history for the trend.
#
#   ci-scripts/nightly-report.sh [--rules FILE]... [--source-url URL]
#                                [--state DIR] OUT-DIR BUILD-ROOT...
#
# Each BUILD-ROOT is the OUT-ROOT of a "nightly.sh --no-report" job; its
# latest dated folder holding callreach.db is the build's night. The builds
# are reported in the order given (for releases: oldest first, so that the
# report's "first in" names the release that introduced a path).
# The state DIR (default OUT-DIR/state), which the pipeline keeps from one
# night to the next, holds per build label LABEL.history.jsonl (one line
# per night) and LABEL.baseline.json (the last night's baseline, which the
# report compares with, then replaced by tonight's).
# OUT-DIR/index.html is the report (with one build: that build's report).
set -eu
# shellcheck source=ci-scripts/lib.sh
. "$(dirname "$0")/lib.sh"
usage="[--rules FILE]... [--source-url URL] [--state DIR] OUT-DIR BUILD-ROOT..."
report_opts=()
state=
opt_rules() { rules+=(--rules "$1"); }
opt_source_url() { report_opts+=(--source-url "$1"); }
opt_state() { state=$1; }
parse_args 2 "" "$@"
out=${operands[0]}
builds=("${operands[@]:1}")
default_rules
: "${state:=$out/state}"
mkdir -p "$out" "$state"

dbs=()
nights=()
labels=()
for root in "${builds[@]}"; do
	night=$(for d in "$root"/*/callreach.db; do
		[ -f "$d" ] && dirname "$d"
	done | sort | tail -n 1)
	if [ -z "$night" ]; then
		echo "nightly-report.sh: $root holds no night (no */callreach.db)" >&2
		exit 3
	fi
	label=$(jq -r '.label // empty' "$night/stats.json")
	case $label in
	""|*/*|.*)
		echo "nightly-report.sh: $night/stats.json: the build needs a label usable as a file name (nightly.sh --label)" >&2
		exit 3 ;;
	esac
	history_line "$night/check.json" "$(basename "$night")" \
		>>"$state/$label.history.jsonl"
	report_opts+=(--history "$state/$label.history.jsonl")
	if [ -f "$state/$label.baseline.json" ]; then
		report_opts+=(--baseline "$state/$label.baseline.json")
	else
		report_opts+=(--baseline "")
	fi
	dbs+=("$night/callreach.db")
	nights+=("$night")
	labels+=("$label")
done

rm -rf "$out/report"
"$CALLREACH" report "${rules[@]}" "${report_opts[@]}" --out "$out/report" \
	"${dbs[@]}"
for i in "${!dbs[@]}"; do
	cp "${nights[$i]}/baseline.json" "$state/${labels[$i]}.baseline.json"
done
echo "nightly report of ${#dbs[@]} builds: $out/report/index.html"

#!/bin/bash
# Merge gate: build the base and the head of a change, ingest both, compare
# the head with the base's baseline, and write the reports CI displays.
#
#   ci-scripts/merge-gate.sh [--rules FILE]... [--arch ARCH] [--config CONFIG]
#                            BASE-TREE HEAD-TREE OUT-DIR
#
# OUT-DIR receives base.db, head.db, baseline.json, gate.txt, gate.md
# (merge request comment), junit.xml, gate.sarif and status (the exit
# status, for gate-summary.sh). The exit status is the
# gate's: 0 pass, 1 something new lacks a SAFE or PROB_SAFE verdict, other
# values are errors (see callreach(1), EXIT STATUS).
# shellcheck disable=SC2317  # the opt_ functions are called by parse_args
set -eu
# shellcheck source=ci-scripts/lib.sh
. "$(dirname "$0")/lib.sh"
usage="[--rules FILE]... [--arch ARCH] [--config CONFIG] BASE-TREE HEAD-TREE OUT-DIR"
build_opts=()
opt_rules() { rules+=(--rules "$1"); }
opt_arch() { build_opts+=(--arch "$1"); }
opt_config() { build_opts+=(--config "$1"); }
parse_args 3 3 "$@"
base=${operands[0]}
head=${operands[1]}
out=${operands[2]}
default_rules
mkdir -p "$out"
rm -f "$out"/base.db* "$out"/head.db*

"$top/ci-scripts/build-callgraph.sh" "${build_opts[@]}" --label base "$base" "$out/base.db"
"$top/ci-scripts/build-callgraph.sh" "${build_opts[@]}" --label head "$head" "$out/head.db"
"$CALLREACH" -d "$out/base.db" baseline save "${rules[@]}" "$out/baseline.json"
set +e
"$CALLREACH" -d "$out/head.db" gate "${rules[@]}" --baseline "$out/baseline.json" \
	--markdown "$out/gate.md" --junit "$out/junit.xml" --sarif "$out/gate.sarif" \
	| tee "$out/gate.txt"
status=${PIPESTATUS[0]}
set -e
echo "$status" >"$out/status"
exit "$status"

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
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
: "${CALLREACH:=$top/build/callreach}"
export CALLREACH
rules=()
build_opts=()
while [ $# -gt 0 ]; do
	case $1 in
	--rules) rules+=(--rules "$2"); shift 2 ;;
	--arch|--config) build_opts+=("$1" "$2"); shift 2 ;;
	--) shift; break ;;
	-*) echo "merge-gate.sh: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ $# -ne 3 ]; then
	echo "usage: merge-gate.sh [--rules FILE]... [--arch ARCH] [--config CONFIG] BASE-TREE HEAD-TREE OUT-DIR" >&2
	exit 2
fi
base=$1
head=$2
out=$3
[ ${#rules[@]} -gt 0 ] || rules=(--rules "$top/rules/xen/xen.rules")
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

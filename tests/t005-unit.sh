#!/bin/bash
# t005-unit.sh: run the C unit tests of the parser and the graph algorithms
# (built by "make check" and named in $UNIT_TESTS).
set -u
repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${UNIT_TESTS:=$(ls "$repo_dir"/build/tests/test_* 2>/dev/null)}"
status=0
n=0
if [ -z "$UNIT_TESTS" ]; then
	echo "not ok 1 - no unit test binaries (run 'make check')"
	exit 1
fi
err=$(mktemp "${TMPDIR:-/tmp}/callreach-unit.XXXXXX") || exit 1
trap 'rm -f "$err"' EXIT
for t in $UNIT_TESTS; do
	case $t in /*) ;; *) t=$repo_dir/$t ;; esac
	n=$((n + 1))
	# Each binary prints its own ok/not ok lines; its diagnostics (and a
	# sanitizer's report) go to stderr, shown after them as "# " lines,
	# which are not counted (kept apart, so that no line is cut in two).
	"$t" 2>"$err" ||
		{ status=1; echo "# $(basename "$t") failed"; }
	sed 's/^/# /' "$err"
done
exit $status

#!/bin/bash
# tests/run.sh: run every tests/tNNN-*.sh script and add up their checks.
#
# Each script prints "ok N - what" / "not ok N - what" lines and exits
# non-zero when one of its checks failed.  This prints every script's
# output, then a last line "N passed, M failed", and exits non-zero if a
# check failed, a script failed without saying which check, or no check
# ran at all.  A "skip: reason" line is reported but never counted as a
# pass.  Arguments, if any, name the scripts to run instead of all.

set -u

# (Each script finds the binary under test itself, through tests/lib.sh.)
tests_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ $# -gt 0 ]; then
	scripts=("$@")
else
	scripts=("$tests_dir"/t[0-9]*.sh)
fi

passed=0
failed=0
skipped=0
log=$(mktemp "${TMPDIR:-/tmp}/callreach-run.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT

for script in "${scripts[@]}"; do
	[ -f "$script" ] || continue
	name=$(basename "$script")
	echo "# $name"
	bash "$script" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -cE '^ok [0-9]+' "$log")
	f=$(grep -cE '^not ok [0-9]+' "$log")
	s=$(grep -cE '^skip:' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc"
		f=1
	fi
	if [ "$rc" -eq 0 ] && [ "$f" -ne 0 ]; then
		echo "not ok - $name reported failures but exited with status 0"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
done

if [ "$skipped" -ne 0 ]; then
	echo "# $skipped skipped (not counted as passed)"
fi
if [ $((passed + failed)) -eq 0 ]; then
	echo "# no test ran"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ $((passed + failed)) -ne 0 ]

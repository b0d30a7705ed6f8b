#!/bin/bash
# t010-cases: run the case folders of tests/cases/.
#
# A case folder holds small C sources (compiled by build_case, with the
# flags in an optional file "cflags"), a file "cmd" and a file "expected",
# and optionally a file "ci-expect": strings that must appear in the .ci
# files GCC writes (lines the case depends on, such as a clone's title).
# Each line of "cmd" is one callreach invocation: the arguments after
# "callreach -d DB", split at spaces (no quoting, no globbing).  Blank lines
# and lines starting with "#" are ignored.  A line may end with
# " | FILTER": the command's stdout is then passed through "jq -cS FILTER";
# otherwise stdout is passed through "jq -cS ." when the line contains
# "--format json" and kept as it is else.  "expected" is the transcript of
# all commands: for each, "$ LINE", its (filtered) stdout, "[exit N]".
# Arguments, if any, name the cases to run instead of all.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

# run_cmd DB LINE: print the transcript of one cmd line; its stderr goes to
# $STDERR_LOG, shown when the transcript differs from the expected one.
run_cmd() {
	local db=$1 line=$2 args filter="" rc raw=$TMP/.raw
	args=$line
	case $line in
	*" | "*)
		args=${line%% | *}
		filter=${line#* | }
		;;
	*--format\ json*)
		filter=.
		;;
	esac
	echo "\$ $line"
	set -f
	# shellcheck disable=SC2086
	cr -d "$db" $args >"$raw" 2>"$TMP/.stderr" </dev/null
	rc=$?
	set +f
	if [ -s "$TMP/.stderr" ]; then
		{
			echo "\$ $line"
			cat "$TMP/.stderr"
		} >>"$STDERR_LOG"
	fi
	if [ -n "$filter" ] && [ -s "$raw" ]; then
		if ! jq -cS "$filter" "$raw" 2>/dev/null; then
			cat "$raw"
			echo "[not JSON, or jq filter failed]"
		fi
	else
		cat "$raw"
	fi
	echo "[exit $rc]"
}

# ci_has_all LIST DIR: every line of LIST (but comments) is in some .ci file
# under DIR.
ci_has_all() {
	local want status=0
	while IFS= read -r want; do
		case $want in
		"" | "#"*) continue ;;
		esac
		if ! find "$2" -name "*.ci" -exec cat {} + | grep -qF -- "$want"; then
			echo "#  not in any .ci file: $want"
			status=1
		fi
	done <"$1"
	return $status
}

if [ $# -gt 0 ]; then
	cases=()
	for c in "$@"; do
		cases+=("$TESTS_DIR/cases/$c/")
	done
else
	cases=("$TESTS_DIR"/cases/*/)
fi

for dir in "${cases[@]}"; do
	dir=${dir%/}
	name=$(basename "$dir")
	work=$TMP/$name
	mkdir -p "$work"
	if ! check "$name: sources compile" build_case "$dir" "$work/src"; then
		continue
	fi
	if [ -f "$dir/ci-expect" ]; then
		check "$name: gcc wrote the .ci lines the case relies on" \
			ci_has_all "$dir/ci-expect" "$work/src"
	fi
	db=$work/db
	STDERR_LOG=$work/stderr
	: >"$STDERR_LOG"
	expect_success "$name: ingest" cr -d "$db" ingest "$work/src" ||
		continue
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		"" | "#"*) continue ;;
		esac
		run_cmd "$db" "$line"
	done <"$dir/cmd" >"$work/actual"
	if ! check "$name: output matches expected" \
		compare "$dir/expected" "$work/actual"; then
		echo "#  stderr of the commands:"
		diag_file "$STDERR_LOG"
	fi
done

finish

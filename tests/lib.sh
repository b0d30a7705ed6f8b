# tests/lib.sh: helpers sourced by every tests/tNNN-*.sh script.
#
# A test script sources this file, runs checks and ends with finish.  Each
# check prints one line, "ok N - what" or "not ok N - what" (with "# "
# diagnostics after a failure); tests/run.sh adds them up.  Each script
# gets its own temporary directory $TMP, removed on exit, and makes its
# own databases in it with "-d".
#
#   expect_success DESC CMD...    CMD exits 0
#   expect_exit CODE DESC CMD...  CMD exits CODE
#   check DESC CMD...             CMD (any shell condition) succeeds
#   compare EXPECTED ACTUAL       files equal, else diff -u (use with check)
#   grep_out RE, grep_err RE      the last stdout/stderr matches RE
#   jq_is FILTER JSON             jq -cS FILTER of the last stdout is JSON
#   json_is FILE FILTER JSON      jq -c FILTER of FILE is JSON
#   cr ARGS...                    callreach, with a time limit
#   build_case DIR OUTDIR         compile a case folder into .ci files
#   unpack_corpus NAME...         unpack Xen corpora into $TMP
#   good_build DB                 a good build to try bad input on
#   traces_program DIR            the program and logs of tests/traces
#   fnv1a64 STRING                the path id of callreach(1)
#   finish                        print the summary and exit
#
# After expect_success/expect_exit the command's stdout and stderr are in
# the files "$OUT" and "$ERR"; they are shown on failure.
#
#   CALLREACH         the binary under test (default: build/callreach of
#                     this repository)
#   CALLREACH_TIMEOUT seconds one callreach run may take (default 60)
#   TEST_KEEP_TMP     if set, keep the temporary directory and say where

set -u

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$TESTS_DIR")

: "${CALLREACH:=$REPO_DIR/build/callreach}"
case $CALLREACH in
/*) ;;
*) CALLREACH=$PWD/$CALLREACH ;;
esac
: "${CALLREACH_TIMEOUT:=60}"
# the Xen corpora (see unpack_corpus)
CORPUS=$REPO_DIR/../shared/corpus
export LC_ALL=C
unset CALLREACH_DB

test_count=0
fail_count=0

TMP=$(mktemp -d "${TMPDIR:-/tmp}/callreach-test.XXXXXX") || exit 1
if [ -n "${TEST_KEEP_TMP:-}" ]; then
	echo "# temporary files kept in $TMP"
else
	trap 'rm -rf "$TMP"' EXIT
fi
OUT=$TMP/.out
ERR=$TMP/.err
: >"$OUT"
: >"$ERR"

ok() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $*"
}

fail() {
	test_count=$((test_count + 1))
	fail_count=$((fail_count + 1))
	echo "not ok $test_count - $*"
}

# Indent a file as a diagnostic ("# " prefix), at most 40 lines of it.
diag_file() {
	[ -s "$1" ] || return 0
	head -n 40 "$1" | sed 's/^/#   /'
}

# Show what the last command printed, after a failed check.
diag_last() {
	if [ -s "$OUT" ]; then
		echo "#  stdout:"
		diag_file "$OUT"
	fi
	if [ -s "$ERR" ]; then
		echo "#  stderr:"
		diag_file "$ERR"
	fi
}

# cr ARGS...: run callreach with a time limit.
cr() {
	timeout "$CALLREACH_TIMEOUT" "$CALLREACH" "$@"
}

# cr_env VAR=VALUE ARGS...: run callreach with VAR set in its environment.
cr_env() {
	env "$1" timeout "$CALLREACH_TIMEOUT" "$CALLREACH" "${@:2}"
}

# in_dir DIR CMD...: run CMD (a function too) with DIR as current directory.
in_dir() {
	(cd "$1" && shift && "$@")
}

# expect_exit CODE DESC CMD...: CMD must exit with CODE.
expect_exit() {
	local want=$1 desc=$2 rc
	shift 2
	"$@" >"$OUT" 2>"$ERR" </dev/null
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$desc"
		return 0
	fi
	fail "$desc"
	echo "#  command: $*"
	echo "#  exit status $rc, expected $want"
	diag_last
	return 1
}

# expect_success DESC CMD...: CMD must exit with 0.
expect_success() {
	local desc=$1
	shift
	expect_exit 0 "$desc" "$@"
}

# check DESC CMD...: like expect_success, for shell conditions; the
# command's output is not captured (so $OUT and $ERR are kept).
check() {
	local desc=$1
	shift
	if "$@"; then
		ok "$desc"
		return 0
	fi
	fail "$desc"
	echo "#  failed: $*"
	return 1
}

# compare EXPECTED ACTUAL: silent if equal, else show diff -u and fail.
compare() {
	if cmp -s "$1" "$2"; then
		return 0
	fi
	diff -u "$1" "$2" | head -n 200 | sed 's/^/# /'
	return 1
}

# grep_out REGEX: the last stdout matches the extended REGEX.
grep_out() {
	grep -Eq -- "$1" "$OUT"
}

# grep_err REGEX: the last stderr matches the extended REGEX.
grep_err() {
	grep -Eq -- "$1" "$ERR"
}

# jq_out FILTER: print FILTER applied to the last stdout, compact.
jq_out() {
	jq -c "$1" "$OUT" 2>/dev/null
}

# json_is FILE FILTER VALUE [OPTION]: FILE, passed through jq -c FILTER
# (and jq's OPTION, if given), is exactly VALUE (compact JSON).
json_is() {
	local got
	got=$(jq -c ${4:+"$4"} "$2" "$1" 2>&1)
	if [ "$got" = "$3" ]; then
		return 0
	fi
	echo "#  jq '$2': got $got"
	echo "#  expected:    $3"
	return 1
}

# jq_is FILTER VALUE: the last stdout, passed through jq -cS FILTER (keys
# sorted), is exactly VALUE (compact JSON).
jq_is() {
	json_is "$OUT" "$1" "$2" -S
}

# build_case DIR OUTDIR: compile every *.c under DIR (a copy of it, made
# in OUTDIR) with gcc -fcallgraph-info=su,da, from inside the copy, so
# that .ci titles are relative names such as "a.c" or "sub/b.c".  The
# flags are "-O1 -fno-inline" unless DIR/cflags holds others.  The .ci
# files end up next to the sources in OUTDIR.
build_case() {
	local dir=$1 out=$2 flags="-O1 -fno-inline"
	if [ -f "$dir/cflags" ]; then
		flags=$(tr '\n' ' ' <"$dir/cflags")
	fi
	mkdir -p "$out" && out=$(cd "$out" && pwd) || return 1
	(cd "$dir" && find . -name '*.c' -print0 |
		xargs -0 -r cp --parents -t "$out") || return 1
	build_sources "$out" "$flags"
}

# build_sources DIR [FLAGS]: compile, inside DIR, every *.c under it as
# build_case does (FLAGS default to "-O1 -fno-inline").
build_sources() {
	local dir=$1 flags=${2:--O1 -fno-inline}
	(
		cd "$dir" || exit 1
		find . -name '*.c' | sed 's|^\./||' | sort | {
			status=0
			while read -r src; do
				# shellcheck disable=SC2086
				gcc $flags -fcallgraph-info=su,da -c "$src" \
					-o "${src%.c}.o" || status=1
			done
			exit $status
		}
	)
}

# fnv1a64 STRING: the 16 lowercase hex digits of the 64-bit FNV-1a hash of
# STRING (the path id of callreach(1), for names joined by newlines).
fnv1a64() {
	local s=$1 h=-3750763034362895579 i c
	# 0xcbf29ce484222325 as a signed 64-bit number; bash wraps modulo 2^64
	for ((i = 0; i < ${#s}; i++)); do
		printf -v c '%d' "'${s:i:1}"
		h=$(((h ^ (c & 255)) * 1099511628211))
	done
	printf '%016x\n' "$h"
}

# traces_program DIR: the trace fixtures (tests/traces) in DIR: the logs in
# DIR/logs, the program of tests/traces/prog built in DIR/src and ingested
# into DIR/x.db (two checks).
traces_program() {
	mkdir -p "$1/logs"
	cp "$TESTS_DIR"/traces/{x86.log,arm.log,plain.txt} "$1/logs/"
	cp -r "$TESTS_DIR/traces/prog" "$1/src"
	check "the test program builds" build_sources "$1/src"
	expect_success "ingest the test program" cr -d "$1/x.db" ingest "$1/src"
}

# traces_program_changed DIR: a function added to DIR/src/common/memory.c
# before the others (the function ids move), then DIR/src rebuilt and
# ingested again into DIR/x.db with --rebuild (two checks).
traces_program_changed() {
	cat >>"$1/src/common/memory.c" <<'EOF'

/* added after the traces were imported: function ids move */
long aaa_first_function(long arg)
{
	return arg + 1;
}
EOF
	check "rebuild the changed program" build_sources "$1/src"
	expect_success "re-ingest with --rebuild" \
		cr -d "$1/x.db" ingest --rebuild "$1/src"
}

# unpack_corpus NAME...: unpack ../shared/corpus/xen-4.21.1-NAME.tar.xz
# into $TMP (as $TMP/xen-4.21.1-NAME), for each NAME; when one fails, fail
# "unpack the NAME corpus" and return 1 (callers stop: "|| finish").
unpack_corpus() {
	local name
	for name in "$@"; do
		if ! tar xJf "$CORPUS/xen-4.21.1-$name.tar.xz" -C "$TMP"; then
			fail "unpack the $name corpus"
			return 1
		fi
	done
}

# good_build DB: the good build the bad-input tests start from, with three
# checks: $good/good.c (entry -> alloc) and $extra/extra.c (extra_fn, a
# good unit to ingest along with a bad one) compiled in $TMP, good.c
# ingested into DB, and DB copied to DB.orig to compare with.
good_build() {
	good=$TMP/good
	extra=$TMP/extra
	mkdir -p "$good" "$extra"
	cat >"$good/good.c" <<'EOF'
/* The good build: entry -> alloc. */
extern void alloc(void);

void entry(void)
{
	alloc();
}
EOF
	check "good source compiles" build_sources "$good"
	cat >"$extra/extra.c" <<'EOF'
/* A good unit, ingested along with each bad one. */
void extra_fn(void)
{
}
EOF
	check "extra source compiles" build_sources "$extra"
	expect_success "ingest the good build" cr -d "$1" ingest "$good"
	cp "$1" "$1.orig"
}

# build_gen_ci: compile bench/gen-ci.c (the writer of synthetic .ci trees)
# into $TMP/gen-ci, as one check; its path is then in $GEN_CI.
build_gen_ci() {
	GEN_CI=$TMP/gen-ci
	check "gen-ci compiles" gcc -std=c11 -O2 -Wall -Wextra -Werror \
		-o "$GEN_CI" "$REPO_DIR/bench/gen-ci.c"
}

# require_callreach: fail (once) and stop the script if there is no binary.
require_callreach() {
	if [ ! -x "$CALLREACH" ]; then
		fail "callreach binary '$CALLREACH' exists and is executable"
		finish
	fi
}

# finish: print the summary and exit non-zero if a check failed or none ran.
finish() {
	echo "# $((test_count - fail_count)) passed, $fail_count failed"
	if [ "$test_count" -eq 0 ] || [ "$fail_count" -ne 0 ]; then
		exit 1
	fi
	exit 0
}

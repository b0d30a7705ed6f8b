#!/bin/bash
# t280-bounded-output: no name, label or log line read from a file is
# echoed longer than ECHO_MAX (200) bytes by a message or a text listing,
# and no message is longer than MESSAGE_MAX (2000) bytes: the text is cut
# at a character boundary and followed by "...[N bytes]", N its full
# length.  JSON output and the stored data keep whole names.  Cases: a
# 5 MB frame name in a console log (traces import, traces list, coverage),
# a 400 KB function name defined twice in a .ci file, a 100 KB name given
# on the command line, a 3,000-byte path in a message, a 301-byte name of
# multi-byte characters.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

FIX=$TESTS_DIR/traces
W=$TMP/w
mkdir -p "$W/logs"
cp -r "$FIX/prog" "$W/src"
check "the test program builds" build_sources "$W/src"
db=$W/x.db
expect_success "ingest" cr -d "$db" ingest "$W/src"

# longest FILE: the length in bytes of FILE's longest line
longest() { awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }' "$1"; }

big=$(head -c 5242880 /dev/zero | tr '\0' A)
{
	echo '(XEN) Xen call trace:'
	echo '(XEN)    [<ffff82d040226e1a>] R _xmalloc+0x1a/0x2c0'
	echo "(XEN)    [<ffff82d040226e1b>] F $big+0x1a/0x2c0"
	echo '(XEN)    [<ffff82d040226e1c>] F do_memory_op+0x1a/0x2c0'
} >"$W/logs/big.log"
expect_success "import a log with a 5 MB frame name" \
	in_dir "$W" cr -d x.db traces import logs/big.log
check "  the 'unknown to the graph' listing cuts the name, stating its length" \
	grep_out '^  A{200}\.\.\.\[5242880 bytes\]  \(1 trace\)$'
check "  no line of the output is longer than 300 bytes ($(longest "$OUT"))" \
	test "$(longest "$OUT")" -le 300
check "  the stored frame keeps the whole name" \
	test "$(sqlite3 "$db" 'SELECT max(length(name)) FROM trace_frames')" = 5242880

expect_success "traces list" cr -d "$db" traces list
check "  cuts the name too ($(longest "$OUT") bytes)" \
	test "$(longest "$OUT")" -le 300
check "  stating its length" grep_out 'A\.\.\.\[5242880 bytes\] -> \?$'
expect_success "traces list --format json" cr -d "$db" traces list --format json
check "  keeps the whole name" \
	jq_is '[.[].frames[].name | length] | max' 5242880

expect_success "coverage" cr -d "$db" coverage --rules "$FIX/prog.rules"
check "  shows the unknown frame cut ($(longest "$OUT") bytes)" \
	test "$(longest "$OUT")" -le 500
check "  stating its length" grep_out '\.\.\.\[5242880 bytes\]'
expect_success "coverage --format json" \
	cr -d "$db" coverage --rules "$FIX/prog.rules" --format json
check "  keeps the whole name" jq_is '[.. | strings | length] | max >= 5242880' true

# a .ci file defining a 400 KB name twice: the error message is cut
mkdir -p "$W/dup"
name=$(head -c 409600 /dev/zero | tr '\0' b)
{
	echo 'graph: { title: "dup.c"'
	for i in 1 2; do
		echo "node: { title: \"$name\" label: \"$name\\ndup.c:$i:5\\n16 bytes (static)\\n0 dynamic objects\" }"
	done
	echo '}'
} >"$W/dup/dup.ci"
expect_exit 3 "a 400 KB function defined twice: exit 3" \
	cr -d "$W/dup.db" ingest "$W/dup"
check "  one message line" test "$(wc -l <"$ERR")" = 1
check "  naming the file and line" grep_err "dup.ci:3: function 'b{200}\.\.\.\[409600 bytes\]' defined twice"
check "  of at most 2100 bytes ($(longest "$ERR"))" \
	test "$(longest "$ERR")" -le 2100

long=$(head -c 102400 /dev/zero | tr '\0' c)
expect_exit 2 "an unknown 100 KB function on the command line: exit 2" \
	cr -d "$db" paths --to "$long"
check "  the message cuts it" \
	grep_err "unknown function 'c{200}\.\.\.\[102400 bytes\]'"
check "  of at most 2100 bytes ($(longest "$ERR"))" \
	test "$(longest "$ERR")" -le 2100

# a message holding a 3,000-byte path (not a name: not cut by echo) is
# cut as a whole at MESSAGE_MAX
dir=$W
for i in $(seq 1 15); do
	dir=$dir/$(head -c 200 /dev/zero | tr '\0' d)
done
expect_exit 4 "a database under a 3,000-byte path that does not exist: exit 4" \
	cr -d "$dir/x.db" stats
check "  one message line" test "$(wc -l <"$ERR")" = 1
check "  cut at 2000 bytes, stating its length" \
	grep_err "^callreach: error: no database '.{1987}\.\.\.\[[0-9]{4} bytes\]$"

# multi-byte characters across the limit: cut before a character
euro=$(printf '\342\202\254%.0s' $(seq 1 100))
expect_exit 2 "an unknown function named x and 100 euro signs (301 bytes)" \
	cr -d "$db" paths --to "x$euro"
check "  is cut before a character, at 199 bytes" \
	grep_err "unknown function 'x$(printf '\342\202\254%.0s' $(seq 1 66))\.\.\.\[301 bytes\]'"
check "  and the message is UTF-8" iconv -f UTF-8 -t UTF-8 "$ERR" -o /dev/null

finish

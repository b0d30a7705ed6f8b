#!/bin/bash
# t230-concurrency: queries running while an ingest commits see either the
# old or the new build, never a mix, and never fail; two ingests at once
# either serialize or one fails clearly (exit 4, "database is locked"),
# and the database then holds one whole build.
#
# The builds are the Xen defconfig (labelled A) and allyesconfig (B)
# corpora, ingested in turn by a background loop while the foreground runs
# "stats" and "export" (which read the database many times after loading
# the graph) and compares each answer with the quiet answers of A and B.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

unpack_corpus x86_64-defconfig x86_64-allyesconfig || finish
A=$TMP/xen-4.21.1-x86_64-defconfig
B=$TMP/xen-4.21.1-x86_64-allyesconfig
: "${TEST_SECONDS:=10}"

db=$TMP/t.db
# answers BUILD: the answers of the queries on a quiet database, in
# $TMP/BUILD.stats and $TMP/BUILD.export
stats_of() { jq -cS 'del(.ingested_at)' "$1"; }
answers() {
	cr -d "$db" stats --format json >"$TMP/$1.raw" &&
		stats_of "$TMP/$1.raw" >"$TMP/$1.stats" &&
		cr -d "$db" export --format json --to _xmalloc >"$TMP/$1.export"
}
expect_success "ingest A (defconfig)" cr -d "$db" ingest --label A "$A"
check "the answers of A" answers A
expect_success "ingest B (allyesconfig)" cr -d "$db" ingest --label B "$B"
check "the answers of B" answers B
check "the exports of A and B differ" eval '! cmp -s "$TMP/A.export" "$TMP/B.export"'

# the background writer: A, B, A, B... until $TMP/stop exists
(
	n=0
	while [ ! -e "$TMP/stop" ]; do
		for b in A B; do
			"$CALLREACH" -d "$db" ingest --label "$b" "${!b}" \
				>/dev/null 2>"$TMP/writer.err" ||
				echo "ingest $b failed: $(cat "$TMP/writer.err")" >>"$TMP/writer.fail"
			n=$((n + 1))
		done
	done
	echo "$n" >"$TMP/writer.count"
) &
writer=$!

queries=0
failed_q=0
mixed=0
seen_a=0
seen_b=0
end=$(($(date +%s) + TEST_SECONDS))
while [ "$(date +%s)" -lt "$end" ]; do
	queries=$((queries + 1))
	if ! cr -d "$db" stats --format json >"$OUT" 2>"$ERR" </dev/null; then
		failed_q=$((failed_q + 1))
		[ "$failed_q" -eq 1 ] && { echo "#  a stats failed:"; diag_last; }
		continue
	fi
	stats_of "$OUT" >"$TMP/now.stats"
	label=$(jq -r .label "$OUT")
	case $label in
	A) seen_a=$((seen_a + 1)) ;;
	B) seen_b=$((seen_b + 1)) ;;
	esac
	if ! cmp -s "$TMP/now.stats" "$TMP/$label.stats" 2>/dev/null; then
		mixed=$((mixed + 1))
		[ "$mixed" -eq 1 ] && { echo "#  stats of a mixed build:";
			diff "$TMP/$label.stats" "$TMP/now.stats" 2>&1 | head -5 | sed 's/^/#   /'; }
	fi
	queries=$((queries + 1))
	if ! cr -d "$db" export --format json --to _xmalloc >"$OUT" 2>"$ERR" </dev/null; then
		failed_q=$((failed_q + 1))
		[ "$failed_q" -eq 1 ] && { echo "#  an export failed:"; diag_last; }
		continue
	fi
	if ! cmp -s "$OUT" "$TMP/A.export" && ! cmp -s "$OUT" "$TMP/B.export"; then
		mixed=$((mixed + 1))
		[ "$mixed" -eq 1 ] && echo "#  an export that is neither A's nor B's:" \
			"$(jq -c '[(.nodes | length), (.edges | length), ([.edges[] | select(.sites == [])] | length)]' "$OUT")" \
			"nodes, edges, edges without a call site"
	fi
done
touch "$TMP/stop"
wait "$writer"
echo "# $queries queries during $(cat "$TMP/writer.count" 2>/dev/null) ingests; stats saw A $seen_a times, B $seen_b times"
check "the writer's ingests all succeeded" test ! -e "$TMP/writer.fail" ||
	diag_file "$TMP/writer.fail"
check "queries ran while the builds changed" test "$seen_a" -gt 0 -a "$seen_b" -gt 0
check "no query failed while an ingest committed ($failed_q of $queries)" \
	test "$failed_q" -eq 0
check "no query saw a mix of two builds ($mixed of $queries)" test "$mixed" -eq 0

# --- two ingests at once ---
serialized=0
clear_fail=0
for i in 1 2 3 4 5; do
	"$CALLREACH" -d "$db" ingest --rebuild --label A "$A" >"$TMP/i1.out" 2>"$TMP/i1.err" &
	p1=$!
	"$CALLREACH" -d "$db" ingest --rebuild --label B "$B" >"$TMP/i2.out" 2>"$TMP/i2.err" &
	p2=$!
	wait "$p1"
	r1=$?
	wait "$p2"
	r2=$?
	if [ "$r1" -eq 0 ] && [ "$r2" -eq 0 ]; then
		serialized=$((serialized + 1))
	elif [ $((r1 + r2)) -eq 4 ] &&
		grep -q 'callreach: error: .*locked' "$TMP/i1.err" "$TMP/i2.err"; then
		clear_fail=$((clear_fail + 1))
	else
		echo "#  round $i: exit $r1 and $r2"
		diag_file "$TMP/i1.err"
		diag_file "$TMP/i2.err"
	fi
	cr -d "$db" stats --format json >"$OUT" 2>"$ERR" </dev/null
	label=$(jq -r .label "$OUT")
	stats_of "$OUT" >"$TMP/now.stats"
	check "two ingests at once, round $i: one whole build ($label) remains" \
		cmp -s "$TMP/now.stats" "$TMP/$label.stats"
done
check "two ingests at once: serialized ($serialized) or one failed clearly ($clear_fail)" \
	test $((serialized + clear_fail)) -eq 5

# an ingest that waits longer than the busy timeout (10 s) fails clearly
cp "$db" "$TMP/before.db"
sqlite3 "$db" "BEGIN IMMEDIATE; DELETE FROM build WHERE key = 'nothing';" \
	".shell sleep 13" "COMMIT;" &
holder=$!
sleep 1
expect_exit 4 "an ingest blocked by another writer for too long: exit 4" \
	cr -d "$db" ingest --rebuild --label A "$A"
check "... with a clear message" grep_err '^callreach: error: .*database is locked'
wait "$holder"
check "... and the build is untouched" eval 'cr -d "$db" stats --format json | jq -e ".label == \"$label\"" >/dev/null'

finish

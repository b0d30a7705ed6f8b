#!/bin/bash
# t270-under-load: "gate", "report" and "coverage" run while another
# process ingests into the same database.  Each reads one snapshot of the
# database (a reader never waits for a writer in WAL mode, and an ingest
# is one transaction), so that its answer is byte for byte the answer of
# a run on the quiet database of one of the builds: 20 trials of each,
# while a background loop ingests build A and build B in turn (--rebuild:
# every unit re-parsed, every row deleted and written again).  A is the
# trace tests' program and 150 filler units, so that an ingest lasts long
# enough to overlap queries; B is A without common/event.c.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

FIX=$TESTS_DIR/traces
RULES=$FIX/prog.rules
W=$TMP/w
mkdir -p "$W/logs"
cp "$FIX"/x86.log "$FIX"/arm.log "$FIX"/plain.txt "$W/logs/"
cp -r "$FIX/prog" "$W/src"
mkdir -p "$W/src/filler"
for i in $(seq 1 150); do
	{
		for j in $(seq 1 30); do
			echo "int fill_${i}_$j(int x);"
		done
		for j in $(seq 1 30); do
			echo "int fill_${i}_$j(int x) { return x > $j ? fill_${i}_$(((j % 30) + 1))(x - 1) + $j : 0; }"
		done
	} >"$W/src/filler/f$i.c"
done
check "the program and the filler build" build_sources "$W/src" "-O0"
cp -r "$W/src" "$W/srcB"
rm "$W/srcB/common/event".*
db=$W/x.db
expect_success "ingest B" cr -d "$db" ingest --label B "$W/srcB"
expect_success "import the logs" in_dir "$W" cr -d x.db traces import \
	logs/x86.log logs/arm.log logs/plain.txt
expect_success "save a baseline" cr -d "$db" baseline save --rules "$RULES" \
	"$W/base.json"
# a baseline a little different from the build, so that gate says things
jq '.paths |= .[1:] | .pairs |= .[1:] | .edges |= .[1:]' "$W/base.json" \
	>"$W/old.json"

export SOURCE_DATE_EPOCH=1767225600
# answers NAME: gate, report and coverage into $W/NAME.{gate,report,coverage}
answers() {
	local n=$1 rc
	cr -d "$db" gate --rules "$RULES" --baseline "$W/old.json" \
		--format json >"$W/$n.gate" 2>"$W/$n.gate.err"
	rc=$?
	[ "$rc" -le 1 ] || return 1
	rm -rf "$W/site-$n"
	cr -d "$db" report --rules "$RULES" --out "$W/site-$n" \
		>/dev/null 2>"$W/$n.report.err" || return 1
	# every page of the site, in name order, without the date of the
	# ingest (each of the writer's ingests has its own)
	find "$W/site-$n" -type f | sort | while read -r f; do
		echo "== ${f#"$W/site-$n/"}"
		sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/(ingested)/g' "$f"
	done >"$W/$n.report"
	cr -d "$db" coverage --rules "$RULES" --format json \
		>"$W/$n.coverage" 2>"$W/$n.coverage.err"
}
check "the quiet answers of B" answers B
expect_success "ingest A" cr -d "$db" ingest --label A "$W/src"
check "the quiet answers of A" answers A
for k in gate report coverage; do
	check "the $k answers of A and B differ" \
		eval '! cmp -s "$W/A.$k" "$W/B.$k"'
done

check "gate finds changes" grep -q '"new_path"\|"kind"' "$W/A.gate"
check "the report has pages" test "$(grep -c '^== ' "$W/A.report")" -gt 3
check "  and only the ingest date was left out" \
	test "$(grep -c '(ingested)' "$W/A.report")" -ge 1
check "coverage sees paths" \
	test "$(jq .seen "$W/A.coverage")" -gt 0

# the background writer: B, A, B, A... until $W/stop
(
	n=0
	while [ ! -e "$W/stop" ]; do
		for b in B A; do
			tree=$W/src
			[ "$b" = B ] && tree=$W/srcB
			"$CALLREACH" -d "$db" ingest --rebuild --label "$b" \
				"$tree" >/dev/null 2>"$W/writer.err" ||
				cat "$W/writer.err" >>"$W/writer.fail"
			n=$((n + 1))
		done
	done
	echo "$n" >"$W/writer.count"
) &
writer=$!

same=0
seen_a=0
seen_b=0
for t in $(seq 1 20); do
	if ! answers "t$t"; then
		echo "#  trial $t: a command failed"
		diag_file "$W/t$t.gate.err"
		diag_file "$W/t$t.report.err"
		diag_file "$W/t$t.coverage.err"
		continue
	fi
	ok=1
	for k in gate report coverage; do
		if cmp -s "$W/A.$k" "$W/t$t.$k"; then
			seen_a=$((seen_a + 1))
		elif cmp -s "$W/B.$k" "$W/t$t.$k"; then
			seen_b=$((seen_b + 1))
		else
			ok=0
			echo "#  trial $t: $k is neither A's nor B's"
			diff "$W/A.$k" "$W/t$t.$k" | head -n 5 | sed 's/^/#   /'
		fi
	done
	same=$((same + ok))
done
touch "$W/stop"
wait "$writer"
ingests=$(cat "$W/writer.count")
echo "# 20 trials of gate, report and coverage during $ingests ingests:" \
	"$seen_a answers of A, $seen_b of B"
check "the ingests ran during the trials ($ingests)" test "$ingests" -ge 2
check "the writer's ingests all succeeded" test ! -e "$W/writer.fail" ||
	diag_file "$W/writer.fail"
check "both builds were seen" test "$seen_a" -gt 0 -a "$seen_b" -gt 0
check "20 of 20 trials answered as a quiet database ($same)" \
	test "$same" -eq 20
check "the database is intact" \
	test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok

finish

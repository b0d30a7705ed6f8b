#!/bin/bash
# t220-crash: crash safety.  "ingest" of the Xen allyesconfig corpus into a
# database holding the defconfig build is killed with SIGKILL at 20 random
# moments of its run.  After each kill the database must answer queries at
# once, pass PRAGMA integrity_check, and hold exactly the previous build
# (the same .dump), or, when the kill came after the commit, exactly the
# new one.  A kill during the first ingest into a new database leaves no
# build, and the next ingest works.
#
# The moments are drawn from [0, T], T the time of a whole run measured
# first (shortened when a run ends before its moment); set TEST_SEED to
# replay a run (the seed is printed).

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

unpack_corpus x86_64-defconfig x86_64-allyesconfig || finish
prev=$TMP/xen-4.21.1-x86_64-defconfig
next=$TMP/xen-4.21.1-x86_64-allyesconfig

seed=${TEST_SEED:-$(($(date +%s) % 32768))}
echo "# seed $seed"
RANDOM=$seed

db=$TMP/t.db
# dump DB: the logical content, but for the time of the ingest
dump() {
	sqlite3 "$1" .dump | grep -v "'ingested_at'"
}
# now_ms: milliseconds since the epoch
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

expect_success "ingest the previous build (defconfig)" \
	cr -d "$db" ingest --label prev "$prev"
dump "$db" >"$TMP/prev.dump"
cp "$db" "$TMP/prev.db"

# the whole run, timed, on a copy: T and the dump of the new build
cp "$TMP/prev.db" "$TMP/next.db"
t0=$(now_ms)
expect_success "ingest the new build (allyesconfig) over it" \
	cr -d "$TMP/next.db" ingest --rebuild --label next "$next"
T=$(($(now_ms) - t0))
echo "# a whole ingest takes $T ms"
dump "$TMP/next.db" >"$TMP/next.dump"
check "the two builds differ" eval '! cmp -s "$TMP/prev.dump" "$TMP/next.dump"'

# Kill at 20 moments when the ingest is running; a run that ended before
# its moment came is checked too, and makes the later moments earlier.
hits=0
tries=0
while [ "$hits" -lt 20 ] && [ "$tries" -lt 60 ]; do
	tries=$((tries + 1))
	ms=$((RANDOM * T / 32768))
	"$CALLREACH" -d "$db" ingest --rebuild --label next "$next" \
		>/dev/null 2>&1 </dev/null &
	pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	if kill -0 "$pid" 2>/dev/null; then
		hits=$((hits + 1))
		desc="kill $hits at $ms ms"
	else
		desc="run ended before $ms ms"
		T=$((ms * 9 / 10 + 1))
	fi
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# first a query (it opens the database read-only), then sqlite3
	if cr -d "$db" stats --format json >"$OUT" 2>"$ERR" </dev/null; then
		label=$(jq -r .label "$OUT")
		case $label in
		prev | next) ok "$desc: queries work at once (build '$label')" ;;
		*) fail "$desc: queries work at once (label '$label')" ;;
		esac
	else
		label=
		fail "$desc: queries work at once"
		diag_last
	fi
	check "$desc: integrity_check ok" \
		test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok
	dump "$db" >"$TMP/now.dump"
	if [ "$label" = next ]; then
		check "$desc: after the commit, exactly the new build" \
			compare "$TMP/next.dump" "$TMP/now.dump"
		# start over from the previous build
		rm -f "$db" "$db-wal" "$db-shm"
		cp "$TMP/prev.db" "$db"
	else
		check "$desc: exactly the previous build" \
			compare "$TMP/prev.dump" "$TMP/now.dump"
	fi
done
check "20 kills hit a running ingest ($tries runs)" test "$hits" -eq 20

expect_success "after the kills, an ingest completes" \
	cr -d "$db" ingest --rebuild --label next "$next"
dump "$db" >"$TMP/now.dump"
check "... and the database holds exactly the new build" \
	compare "$TMP/next.dump" "$TMP/now.dump"

# a kill during the very first ingest: no build, and the next one works
new=$TMP/new.db
ms=$((T / 2))
for _ in 1 2 3 4 5; do
	rm -f "$new" "$new-wal" "$new-shm"
	"$CALLREACH" -d "$new" ingest "$next" >/dev/null 2>&1 </dev/null &
	pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -0 "$pid" 2>/dev/null && running=1 || running=0
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$running" -eq 1 ] && break
	ms=$((ms / 2))
done
check "first ingest killed while running (at $ms ms)" test "$running" -eq 1
if [ -e "$new" ]; then
	check "first ingest killed: integrity_check ok" \
		test "$(sqlite3 "$new" 'PRAGMA integrity_check')" = ok
	cr -d "$new" stats >"$OUT" 2>"$ERR" </dev/null
	rc=$?
	check "first ingest killed: a query says there is no build" \
		test "$rc" -ne 0 -a "$rc" -ne 124 -a "$rc" -lt 128
	check "... and says to run ingest" grep_err "run 'callreach ingest' first"
else
	ok "first ingest killed before the database was made"
fi
expect_success "first ingest killed: the next ingest works" \
	cr -d "$new" ingest "$next"
expect_success "... and answers queries" cr -d "$new" reach do_memory_op _xmalloc

finish

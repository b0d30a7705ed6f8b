#!/bin/bash
# t250-schema: databases of other schema versions.  A database of schema
# version 1 (no object or trace tables, made here from a current one the
# way callreach 1 left it) is upgraded in place by any command, reader or
# writer, in one transaction, and then answers as before; a database of a
# newer version, or one callreach did not make, is refused by every
# command with exit 5 and a message saying what to do, and is left byte
# for byte as it was (nothing written to a journal either).

# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"

require_callreach

W=$TMP/w
mkdir -p "$W"
cp -r "$TESTS_DIR/traces/prog" "$W/src"
cp "$TESTS_DIR/traces/x86.log" "$W/"
check "the test program builds" build_sources "$W/src"
db=$W/x.db
expect_success "ingest" cr -d "$db" ingest "$W/src"
check "a new database is of schema version 2" \
	test "$(sqlite3 "$db" 'PRAGMA user_version')" = 2
tables() {
	sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table'
		ORDER BY name" | tr '\n' ' '
}
check "and holds the object and trace tables" \
	eval '(for t in obj_units obj_call_sites obj_registrars trace_frames trace_logs trace_reviews traces; do
		grep -qw "$t" <(tables "$db") || exit 1; done)'
expect_success "stats of the current database" cr -d "$db" stats --format json
jq -cS 'del(.ingested_at)' "$OUT" >"$W/stats.want"

# version1 DB: make DB look as callreach 1 left it after an ingest (the
# trace tables made by the first "traces import" only)
version1() {
	cp "$db" "$1" &&
		sqlite3 "$1" "DROP TABLE trace_frames; DROP TABLE traces;
		DROP TABLE trace_logs; PRAGMA user_version = 1"
}

# --- older: upgraded in place ---------------------------------------------
check "a version 1 database" version1 "$W/old.db"
expect_success "a reader (stats) on a version 1 database works" \
	cr -d "$W/old.db" stats --format json
check "  and its answer is the same" \
	compare "$W/stats.want" <(jq -cS 'del(.ingested_at)' "$OUT")
check "  and it says the database was upgraded" \
	grep_err "note: database '.*old.db' upgraded in place from schema version 1 to 2"
check "  to version 2" test "$(sqlite3 "$W/old.db" 'PRAGMA user_version')" = 2
check "  with every table" compare <(tables "$db") <(tables "$W/old.db")
check "  and passes the integrity check" \
	test "$(sqlite3 "$W/old.db" 'PRAGMA integrity_check')" = ok
expect_success "a second reader does not upgrade again" \
	cr -d "$W/old.db" stats
check "  and says nothing" test ! -s "$ERR"

check "another version 1 database" version1 "$W/old2.db"
expect_success "ingest into a version 1 database upgrades it" \
	cr -d "$W/old2.db" ingest "$W/src"
check "  (said once)" test "$(grep -c 'upgraded in place' "$ERR")" = 1
check "  to version 2" \
	test "$(sqlite3 "$W/old2.db" 'PRAGMA user_version')" = 2
check "  and keeps the object tables" \
	test "$(sqlite3 "$W/old2.db" 'SELECT count(*) FROM obj_units')" -gt 0
check "a third version 1 database" version1 "$W/old3.db"
expect_success "traces import into a version 1 database upgrades it" \
	cr -d "$W/old3.db" traces import "$W/x86.log"
check "  and stores the traces" \
	test "$(sqlite3 "$W/old3.db" 'SELECT count(*) FROM traces')" -gt 0

# --- newer, or not ours: refused, unchanged -------------------------------
cp "$db" "$W/new.db"
sqlite3 "$W/new.db" "PRAGMA user_version = 3"
cp "$W/new.db" "$W/new.before"
for c in "stats" "paths --to _xmalloc" "ingest $W/src" \
	"traces import $W/x86.log" "traces list"; do
	# shellcheck disable=SC2086
	expect_exit 5 "$c on a version 3 database: exit 5" \
		cr -d "$W/new.db" $c
	check "  saying it is newer and what to do" \
		grep_err "error: database '.*new.db' has schema version 3, newer than this callreach's 2: use a newer callreach"
	check "  and the database is byte for byte the same" \
		cmp -s "$W/new.before" "$W/new.db"
	check "  with nothing in a journal" test ! -s "$W/new.db-wal"
done

sqlite3 "$W/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1)"
cp "$W/other.db" "$W/other.before"
expect_exit 5 "a database callreach did not make: exit 5" \
	cr -d "$W/other.db" ingest "$W/src"
check "  saying so" grep_err "database '.*other.db' was not made by callreach"
check "  and it is unchanged" cmp -s "$W/other.before" "$W/other.db"

finish

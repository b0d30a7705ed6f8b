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
check "a new database is of schema version 3" \
	test "$(sqlite3 "$db" 'PRAGMA user_version')" = 3
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
	grep_err "note: database '.*old.db' upgraded in place from schema version 1 to 3"
check "  to version 3" test "$(sqlite3 "$W/old.db" 'PRAGMA user_version')" = 3
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
check "  to version 3" \
	test "$(sqlite3 "$W/old2.db" 'PRAGMA user_version')" = 3
check "  and keeps the object tables" \
	test "$(sqlite3 "$W/old2.db" 'SELECT count(*) FROM obj_units')" -gt 0
check "a third version 1 database" version1 "$W/old3.db"
expect_success "traces import into a version 1 database upgrades it" \
	cr -d "$W/old3.db" traces import "$W/x86.log"
check "  and stores the traces" \
	test "$(sqlite3 "$W/old3.db" 'SELECT count(*) FROM traces')" -gt 0

# version2 DB: make DB look as callreach 2 left it: a call_sites table of
# one row per site (version 3 keeps one row of calls per call, and
# call_sites is a view of them)
sites() {
	sqlite3 "$1" "SELECT u.path, a.name, b.name, s.file, s.line, s.col,
		s.internal FROM call_sites s JOIN units u ON u.id = s.unit_id
		JOIN functions a ON a.id = s.caller_id
		JOIN functions b ON b.id = s.callee_id ORDER BY 1, 2, 3, 4, 5, 6, 7"
}
version2() {
	cp "$db" "$1" &&
		sqlite3 "$1" "CREATE TABLE old_sites (id INTEGER PRIMARY KEY,
		unit_id INTEGER NOT NULL, caller_id INTEGER NOT NULL,
		callee_id INTEGER NOT NULL, file TEXT, line INTEGER, col INTEGER,
		internal INTEGER NOT NULL DEFAULT 0);
		INSERT INTO old_sites(unit_id, caller_id, callee_id, file, line,
		col, internal) SELECT * FROM call_sites;
		DROP VIEW call_edges; DROP VIEW call_sites; DROP TABLE calls;
		DROP TABLE site_files; ALTER TABLE old_sites RENAME TO call_sites;
		CREATE INDEX call_sites_pair ON call_sites(caller_id, callee_id);
		CREATE VIEW call_edges AS SELECT caller_id, callee_id,
		count(*) AS sites FROM call_sites WHERE NOT internal
		GROUP BY caller_id, callee_id; PRAGMA user_version = 2" &&
		test "$(sqlite3 "$1" "SELECT type FROM sqlite_master
			WHERE name = 'call_sites'")" = table
}
check "the test program has call sites" test -n "$(sites "$db")"
check "a version 2 database (a call_sites table)" version2 "$W/v2.db"
expect_success "a reader (stats) on a version 2 database works" \
	cr -d "$W/v2.db" stats --format json
check "  and its answer is the same" \
	compare "$W/stats.want" <(jq -cS 'del(.ingested_at)' "$OUT")
check "  and it says the database was upgraded" \
	grep_err "note: database '.*v2.db' upgraded in place from schema version 2 to 3"
check "  to version 3, every call site kept" \
	compare <(sites "$db") <(sites "$W/v2.db")
check "  with every table" compare <(tables "$db") <(tables "$W/v2.db")
check "  and passes the integrity check" \
	test "$(sqlite3 "$W/v2.db" 'PRAGMA integrity_check')" = ok
expect_success "an ingest of the same tree after the upgrade" \
	cr -d "$W/v2.db" ingest --rebuild "$W/src"
check "  holds the same call sites" compare <(sites "$db") <(sites "$W/v2.db")

# --- newer, or not ours: refused, unchanged -------------------------------
cp "$db" "$W/new.db"
sqlite3 "$W/new.db" "PRAGMA user_version = 4"
cp "$W/new.db" "$W/new.before"
for c in "stats" "paths --to _xmalloc" "ingest $W/src" \
	"traces import $W/x86.log" "traces list"; do
	# shellcheck disable=SC2086
	expect_exit 5 "$c on a version 4 database: exit 5" \
		cr -d "$W/new.db" $c
	check "  saying it is newer and what to do" \
		grep_err "error: database '.*new.db' has schema version 4, newer than this callreach's 3: use a newer callreach"
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

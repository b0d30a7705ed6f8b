#!/bin/bash
# t225-disk-full: an ingest that runs out of room (here, the size limit of
# files, "ulimit -f", which fails each write past it as a full disk does)
# fails with exit 4 and a message, and leaves the database as it was:
# none after a first load, the same bytes after a --rebuild. A first
# load writes its rows to the database before the indexes are built, the
# first writes to pass the limit. The tree is large enough (bench/gen-ci
# -s 4) that a --rebuild, which writes the database at commit, first
# passes it when SQLite sorts the keys of those indexes in temporary
# files; the note then names the temporary folder.

# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"

require_callreach

build_gen_ci
gen=$GEN_CI
expect_success "gen-ci writes a tree of SCALE 4" "$gen" -s 4 "$TMP/big"
expect_success "... and one of SCALE 0.1" "$gen" -s 0.1 "$TMP/small"

# limited CMD...: CMD with writes past 1 MiB failing (SIGXFSZ ignored, so
# that the write returns an error instead of ending the process).
limited() {
	(
		trap '' XFSZ
		ulimit -f 1024 || exit 99
		"$@"
	)
}

# SQLite's temporary files (deleted as soon as made) in the test's folder
export SQLITE_TMPDIR=$TMP/sort
mkdir -p "$SQLITE_TMPDIR"

db=$TMP/new.db
expect_exit 4 "a first load that runs out of room fails (exit 4)" \
	limited cr -d "$db" ingest "$TMP/big"
check "... with SQLite's error, naming the database" \
	grep_err "error: database '.*new\.db': cannot write it: "
check "... and a note asking whether its disk is full" \
	grep_err "note: is the disk it is on full\?"
check "... and no database is left" test ! -e "$db"
check "... nor a journal" test ! -e "$db-journal"

db=$TMP/old.db
expect_success "a database of a small tree" cr -d "$db" ingest "$TMP/small"
before=$(cksum <"$db")
expect_exit 4 "a --rebuild of the large tree that runs out of room fails" \
	limited cr -d "$db" ingest --rebuild "$TMP/big"
check "... with the note naming the temporary folder" \
	grep_err "note: the indexes are sorted in temporary files, in SQLITE_TMPDIR or TMPDIR"
check "... and the database keeps its bytes" test "$(cksum <"$db")" = "$before"
expect_success "... and answers as before" cr -d "$db" stats --format json
check "... the small tree's 44 units" jq_is '.units' 44

expect_success "with room, the same --rebuild works" \
	cr -d "$db" ingest --rebuild "$TMP/big"
expect_success "... and the database holds the large tree" \
	cr -d "$db" stats --format json
check "... its 1,776 units" jq_is '.units' 1776

finish

#!/bin/bash
# t052-export-ahead: an export of many calls reads the call-site image on
# a thread of its own connection while it opens the graph, and takes it
# only when the graph image names it (the stamp of the call sites stored
# with it, which ingest writes). A graph image that names another image,
# or none (an older ingest's), is exported the same, from the reader's own
# connection, and one of an older ingest's through the rows until the
# next ingest, which makes both images again even when nothing changed.
# A FIFO given as the database starts no thread.
#
#   hub.c: hub -> f0 .. f99 (one site each); each fN -> target

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

src=$TMP/src
mkdir -p "$src"
# write_hub PAD: the sources, PAD blank lines before hub's calls
write_hub() {
	{
		echo 'extern void target(void);'
		for i in $(seq 0 99); do
			echo "void f$i(void) { target(); }"
		done
		for _ in $(seq 1 "$1"); do echo; done
		echo 'void hub(void)'
		echo '{'
		for i in $(seq 0 99); do echo "	f$i();"; done
		echo '}'
	} >"$src/hub.c"
}
write_hub 0
check "sources compile" build_sources "$src"
db=$TMP/t.db
expect_success "ingest" cr -d "$db" ingest "$src"

# stamp: the graph image's record of its call sites' stamp, in hex
stamp() { sqlite3 "$db" "SELECT hex(substr(data, 21, 4)) FROM graph_image"; }
# put TABLE AT HEX: the image in TABLE with its bytes from AT on (0 the
# first) replaced by those of HEX
put() {
	local h
	h=$(sqlite3 "$db" "SELECT hex(data) FROM $1") &&
		sqlite3 "$db" "UPDATE $1 SET data =
			x'${h:0:$(($2 * 2))}$3${h:$(($2 * 2 + ${#3}))}'"
}
# set_stamp HEX: the graph image made to name another stamp
set_stamp() { put graph_image 20 "$1"; }
SITES='[.edges[] | select(.caller == "hub") | .sites[].line] | add'

s1=$(stamp)
check "ingest stamps the graph image with its call sites' ($s1)" \
	test -n "$s1" -a "$s1" != 00000000
expect_success "export json --to target (200 calls, the image read ahead)" \
	cr -d "$db" export --format json --to target
cp "$OUT" "$TMP/a.json"
check "  hub's 100 sites at lines 104 to 203" jq_is "$SITES" 15350

write_hub 3
check "sources with hub's calls 3 lines down compile" build_sources "$src"
expect_success "re-ingest" cr -d "$db" ingest "$src"
s2=$(stamp)
check "a new stamp for the moved sites ($s2)" \
	test -n "$s2" -a "$s2" != 00000000 -a "$s2" != "$s1"
expect_success "export json --to target" \
	cr -d "$db" export --format json --to target
cp "$OUT" "$TMP/b.json"
check "  hub's sites 3 lines down" jq_is "$SITES" 15650

check "a graph image naming other call sites" set_stamp 01020304
expect_success "export json --to target" \
	cr -d "$db" export --format json --to target
check "  the same export, the sites read by the reader itself" \
	cmp -s "$OUT" "$TMP/b.json"
check "a graph image naming none, with a call-site image of format 2 (an older ingest's)" \
	eval 'set_stamp 00000000 && put sites_image 7 02'
check "  (its format byte is 2)" eval '[ "$(sqlite3 "$db" "SELECT hex(substr(data, 1, 8)) FROM sites_image")" = 4352534954455302 ]'
expect_success "export json --to target" \
	cr -d "$db" export --format json --to target
check "  the same export, the sites read from the rows" \
	cmp -s "$OUT" "$TMP/b.json"
expect_success "re-ingest, nothing changed" cr -d "$db" ingest "$src"
check "  makes the images again, stamped" test "$(stamp)" = "$s2"
expect_success "export json --to target" \
	cr -d "$db" export --format json --to target
check "  the same export" cmp -s "$OUT" "$TMP/b.json"

# A database path that is a FIFO is refused at once: no thread waits to
# open it for reading (timeout's 124 if one did).
mkfifo "$TMP/fifo.db"
expect_exit 4 "export -d FIFO: refused at once" \
	timeout 20 "$CALLREACH" -d "$TMP/fifo.db" export --to target
check "  saying why" grep_err "cannot open database '.*fifo.db': not a regular file"

finish

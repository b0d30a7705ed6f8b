#!/bin/bash
# t300-gen-ci: bench/gen-ci writes a synthetic .ci tree that callreach
# ingests, with the features of the real corpus (static name collisions,
# clones, declared-only callees, indirect calls, a duplicate definition,
# cycles), the fixed names the benchmarks query, and the same bytes for the
# same size and seed.  No timing here: speed is measured by "make bench".

# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"

require_callreach

build_gen_ci
gen=$GEN_CI

expect_success "gen-ci writes a tree of SCALE 0.1" "$gen" -s 0.1 "$TMP/a"
nfiles=$(find "$TMP/a" -name '*.ci' | wc -l)
check "44 units ($nfiles)" test "$nfiles" -eq 44
expect_success "the same SCALE and seed again" "$gen" -s 0.1 "$TMP/b"
check "the same bytes" diff -r "$TMP/a" "$TMP/b"
expect_success "another seed" "$gen" -s 0.1 -r 7 "$TMP/c"
check "other bytes" bash -c "! diff -rq '$TMP/a' '$TMP/c' >/dev/null"
expect_exit 2 "a bad SCALE is a usage error" "$gen" -s 0 "$TMP/d"

db=$TMP/t.db
expect_success "callreach ingests the tree" cr -d "$db" ingest "$TMP/a"
expect_success "stats" cr -d "$db" stats --format json
check "functions, call sites and indirect sites" \
	jq_is '[.units, (.functions > 500), (.call_sites > 7000), (.indirect_call_sites > 30)]' \
	'[44,true,true,true]'
check "external functions" jq_is '.external > 0' true
check "memmove is defined twice" jq_is '.duplicates' '["memmove"]'
check "there are cycles" jq_is '.cycles > 0 and .largest_cycle > 2' true
names=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT base FROM functions
	WHERE is_static GROUP BY base HAVING count(*) > 1)")
check "static names defined in several units ($names)" test "$names" -gt 5
clones=$(sqlite3 "$db" "SELECT count(*) FROM nodes WHERE title GLOB '*.isra.0'
	OR title GLOB '*.constprop.0' OR title GLOB '*.part.0' OR title GLOB '*.cold'")
check "clones fold into their functions ($clones)" test "$clones" -gt 0
internal=$(sqlite3 "$db" "SELECT count(*) FROM call_sites WHERE internal")
check "calls between the parts of a function are internal" test "$internal" -gt 0
expect_success "do_memory_op reaches _xmalloc" cr -d "$db" reach do_memory_op _xmalloc
expect_success "export --to alloc_domheap_pages" \
	cr -d "$db" export --to alloc_domheap_pages
expect_success "paths --count --to alloc_domheap_pages" \
	cr -d "$db" paths --count --to alloc_domheap_pages

finish

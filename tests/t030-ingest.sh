#!/bin/bash
# t030-ingest: incremental re-ingest, --rebuild, .config, files named
# directly, symlinks, several PATHs, and --label.
#
# The tree: a.c (entry -> mid, shared; dup), b.c (mid; dup again),
# c.c (shared; orphan -> alloc).  Then b.c changes (mid -> alloc), then
# c.c goes away.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

tree=$TMP/tree
mkdir -p "$tree"
cat >"$tree/a.c" <<'EOF'
/* t030: entry -> mid (b.c), shared (c.c); dup is also defined in b.c. */
extern void mid(void), shared(void);
extern volatile int sink;

void entry(void)
{
	mid();
	shared();
	sink++;
}

void dup(void)
{
	sink++;
}
EOF
cat >"$tree/b.c" <<'EOF'
/* t030: mid, first version: calls nothing. */
extern volatile int sink;

void mid(void)
{
	sink++;
}

void dup(void)
{
	sink += 2;
}
EOF
cat >"$tree/c.c" <<'EOF'
/* t030: shared; orphan (called by nobody) -> alloc. */
extern void alloc(void);
extern volatile int sink;

void shared(void)
{
	sink++;
}

void orphan(void)
{
	alloc();
	sink++;
}
EOF
check "sources compile" build_sources "$tree"
db=$TMP/t.db
COUNTS='{units, functions, defined, external, call_edges, call_sites, duplicates}'

# The fields of "stats --format json" callreach(1) documents.
STATS='{"label": .label, units, functions, defined, external, call_edges, call_sites, indirect_call_sites, duplicates, cycles, largest_cycle, config}'

# stats_to FILE [DB]: the documented fields of "stats --format json" of DB
# (default $db), into FILE.
stats_to() {
	cr -d "${2:-$db}" stats --format json </dev/null 2>"$ERR" |
		jq -cS "$STATS" >"$1"
	test -s "$1"
}

expect_success "first ingest" cr -d "$db" ingest "$tree"
expect_success "stats" cr -d "$db" stats --format json &&
	check "stats of the first ingest" jq_is "$COUNTS" \
		'{"call_edges":3,"call_sites":3,"defined":5,"duplicates":["dup"],"external":1,"functions":6,"units":3}'
stats_to "$TMP/stats1"
expect_exit 1 "entry cannot reach alloc yet" cr -d "$db" reach entry alloc

# unchanged tree: nothing changes
expect_success "re-ingest of an unchanged tree" cr -d "$db" ingest "$tree"
stats_to "$TMP/stats2"
check "unchanged tree: same stats" compare "$TMP/stats1" "$TMP/stats2"

# a changed unit is replaced
cat >"$tree/b.c" <<'EOF'
/* t030: mid, second version: calls alloc. */
extern void alloc(void);
extern volatile int sink;

void mid(void)
{
	alloc();
	sink++;
}

void dup(void)
{
	sink += 2;
}
EOF
check "changed source compiles" build_sources "$tree"
expect_success "re-ingest after b.c changed" cr -d "$db" ingest "$tree"
expect_success "reach entry alloc after the change" \
	cr -d "$db" reach --format json entry alloc &&
	check "the new path goes through mid" jq_is .path '["entry","mid","alloc"]'
expect_success "show mid" cr -d "$db" show --format json mid &&
	check "mid: one definition, the new callee" \
		jq_is 'map({name, n: (.definitions | length), callees: [.callees[].name]})' \
		'[{"callees":["alloc"],"n":1,"name":"mid"}]'
expect_success "stats after the change" cr -d "$db" stats --format json &&
	check "changed unit: one more call edge, same units" jq_is "$COUNTS" \
		'{"call_edges":4,"call_sites":4,"defined":5,"duplicates":["dup"],"external":1,"functions":6,"units":3}'

# a vanished unit is dropped
rm -f "$tree/c.c" "$tree/c.ci" "$tree/c.o"
expect_success "re-ingest after c.ci vanished" cr -d "$db" ingest "$tree"
expect_success "stats after c.ci vanished" cr -d "$db" stats --format json &&
	check "vanished unit dropped" jq_is "$COUNTS" \
		'{"call_edges":3,"call_sites":3,"defined":3,"duplicates":["dup"],"external":2,"functions":5,"units":2}'
expect_success "show shared (still called by entry)" \
	cr -d "$db" show --format json shared &&
	check "shared is now external, with no trace of c.c" \
		jq_is 'map({name, defined, c: [.definitions[] | select(.unit == "c.c")]})' \
		'[{"c":[],"defined":false,"name":"shared"}]'
expect_exit 2 "orphan (defined in c.c only, called by nobody) is gone" \
	cr -d "$db" show orphan
expect_success "reach entry alloc still works" cr -d "$db" reach entry alloc

# --rebuild gives the same database as a fresh ingest
stats_to "$TMP/stats3"
expect_success "ingest --rebuild" cr -d "$db" ingest --rebuild "$tree"
stats_to "$TMP/stats4"
check "--rebuild: same stats as before" compare "$TMP/stats3" "$TMP/stats4"
fresh=$TMP/fresh.db
expect_success "fresh ingest of the same tree" cr -d "$fresh" ingest "$tree"
stats_to "$TMP/stats5" "$fresh"
check "--rebuild: same stats as a fresh database" \
	compare "$TMP/stats5" "$TMP/stats4"

# .config at the top of the PATH
printf '# Automatically generated file; DO NOT EDIT.\nCONFIG_X86_64=y\nCONFIG_CALLREACH_TEST=y\n# CONFIG_DEBUG is not set\n' \
	>"$tree/.config"
cfgdb=$TMP/cfg.db
expect_success "ingest a tree with .config" cr -d "$cfgdb" ingest "$tree"
expect_success "stats --format json with .config" \
	cr -d "$cfgdb" stats --format json &&
	check "stats shows the .config" \
		eval 'jq -r .config "$OUT" | grep -qx "CONFIG_CALLREACH_TEST=y"'
expect_success "stats (text) with .config" cr -d "$cfgdb" stats
sub=$TMP/subcfg
mkdir -p "$sub/inner"
cp "$tree/a.ci" "$sub/inner/"
cp "$tree/.config" "$sub/inner/.config"
expect_success "ingest a tree with .config only in a subfolder" \
	cr -d "$TMP/subcfg.db" ingest "$sub"
expect_success "stats of that tree" cr -d "$TMP/subcfg.db" stats --format json &&
	check "a .config below the top of PATH is not stored" jq_is .config null

# a file named directly, several PATHs
expect_success "ingest one file named directly" \
	cr -d "$TMP/one.db" ingest "$tree/a.ci"
expect_success "stats of one file" cr -d "$TMP/one.db" stats --format json &&
	check "one file: one unit" jq_is .units 1
expect_success "show entry from one file" \
	cr -d "$TMP/one.db" show --format json entry mid &&
	check "entry defined, mid external" \
		jq_is 'map({name, defined}) | sort_by(.name)' \
		'[{"defined":true,"name":"entry"},{"defined":false,"name":"mid"}]'
expect_success "ingest two files named directly" \
	cr -d "$TMP/two.db" ingest "$tree/a.ci" "$tree/b.ci"
expect_success "stats of two files" cr -d "$TMP/two.db" stats --format json &&
	check "two PATHs: two units" jq_is .units 2

# symlinks: to files followed, to directories not
links=$TMP/links
other=$TMP/other
mkdir -p "$links/real" "$other"
printf '/* t030: a unit only reachable through a directory symlink. */\nvoid d_only(void)\n{\n}\n' >"$other/d.c"
check "the other source compiles" build_sources "$other"
cp "$tree/b.ci" "$links/real/b.ci"
ln -s "$tree/a.ci" "$links/a-link.ci"
ln -s "$other" "$links/dir-link"
expect_success "ingest a tree with symlinks" cr -d "$TMP/links.db" ingest "$links"
expect_success "stats of the tree with symlinks" \
	cr -d "$TMP/links.db" stats --format json &&
	check "symlink to a file followed, to a folder not" jq_is .units 2
expect_exit 2 "nothing ingested through the directory symlink" \
	cr -d "$TMP/links.db" show d_only

# --label
expect_success "ingest --label" \
	cr -d "$TMP/label.db" ingest --label xen-4.21.1-test "$tree"
expect_success "stats --format json with a label" \
	cr -d "$TMP/label.db" stats --format json &&
	check "stats shows the label" jq_is .label '"xen-4.21.1-test"'
expect_success "stats (text) with a label" cr -d "$TMP/label.db" stats &&
	check "text stats shows the label" grep_out "xen-4\.21\.1-test"

finish

#!/bin/bash
# t600-objects: what the object files beside the .ci files add: function
# sections (--runtime and the "runtime" rule leave out boot-only code),
# the indirect call tiers (--indirect), registrations and the entry point
# directives, "entries", "matrix", the stats, and the marking of the added
# calls and of paths through unresolved indirect calls.
#
# The program (tests/objects/, built with -g -O1 -fno-inline):
#
#   shape.c     square_ops = { square_area, square_perimeter },
#               circle_ops = { circle_area, circle_perimeter };
#               only the *_area functions call obj_alloc
#   measure.c   measure_area(ops, x) calls ops->area(x): the only call
#               through the table
#   ops.c       dispatch -> do_alpha, do_beta (direct calls)
#               do_alpha -> measure_area (so obj_alloc only through ops)
#               start -> setup_tables (in .init.text) -> obj_alloc
#               boot_init (in .init.text) calls register_handler(on_event);
#               on_event -> obj_alloc
#   registry.c  register_handler stores into a table of plain pointers;
#               run_all calls through it (no tier but address-taken
#               resolves that) and calls obj_alloc directly
#   hooks.c     idle_hook = idle_default (a static initializer);
#               idle calls idle_hook(x); asm_area calls square_ops.area in
#               asm, a call GCC does not see

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

src=$TMP/src
mkdir -p "$src"
cp "$TESTS_DIR"/objects/*.c "$TESTS_DIR"/objects/*.h "$src"/
check "sources compile with -g" build_sources "$src" "-g -O1 -fno-inline"
check "objects sit beside the .ci files" test -f "$src/shape.o"
db=$TMP/t.db
expect_success "ingest" cr -d "$db" ingest "$src"

# --- sections and --runtime ---
expect_success "stats json" cr -d "$db" stats --format json &&
	check "stats: two init-only functions, five objects" \
		jq_is '[.init_only, .objects]' '[2,5]'
expect_success "without --runtime, start reaches obj_alloc" \
	cr -d "$db" reach start obj_alloc &&
	check "... through the boot-only setup_tables" grep_out 'ops.c:setup_tables'
expect_exit 1 "with --runtime, it does not" \
	cr -d "$db" reach --runtime start obj_alloc
printf 'runtime  # only what runs after boot\n' >"$TMP/runtime.rules"
expect_exit 1 "nor with the 'runtime' rule" \
	cr -d "$db" reach --rules "$TMP/runtime.rules" start obj_alloc
expect_success "--runtime leaves other paths alone" \
	cr -d "$db" reach --runtime do_alpha obj_alloc

# --- the fields tier (the default) ---
expect_success "show measure_area" cr -d "$db" show --format json measure_area &&
	check "fields: ops->area calls exactly the two area functions" \
		jq_is '[.[0].callees[].name] | sort' \
		'["shape.c:circle_area","shape.c:square_area"]' &&
	check "fields: marked with their tier and member" \
		jq_is '[.[0].callees[] | [.tier, (.reason | test("^member shape_ops.area called at measure.c:6:"))]] | unique' \
		'[["fields",true]]'
expect_success "reach do_alpha obj_alloc" cr -d "$db" reach do_alpha obj_alloc &&
	check "reach text names the tier" \
		grep_out 'by indirect call, fields tier \(member shape_ops\.area'
expect_success "reach json" cr -d "$db" reach --format json do_alpha obj_alloc &&
	check "reach json: the hop is marked" \
		jq_is '[.hops[] | select(.user) | [.caller, .tier]]' \
		'[["measure_area","fields"]]'
expect_success "paths text" cr -d "$db" paths --from do_alpha --to obj_alloc &&
	check "paths text: the hop says (fields)" grep_out 'measure_area > \(fields\) shape.c:'
expect_success "paths json" cr -d "$db" paths --format json --from do_alpha --to obj_alloc &&
	check "paths json: two paths, each with its fields edge" \
		jq_is '[.count, ([.paths[].user_edges[].tier] | unique)]' '[2,["fields"]]'
expect_success "export json" cr -d "$db" export --format json --from do_alpha --to obj_alloc &&
	check "export json: the edges into the table are marked" \
		jq_is '[.edges[] | select(.user) | [.caller, .callee, .tier]] | sort' \
		'[["measure_area","shape.c:circle_area","fields"],["measure_area","shape.c:square_area","fields"]]'
expect_success "callees tree" cr -d "$db" callees do_alpha &&
	check "callees: the table's functions are marked (fields)" \
		grep_out '^    shape.c:square_area  \(fields\)$'
expect_success "callers tree json" cr -d "$db" callers --format json shape.c:square_area &&
	check "callers json: the tier of the added call" \
		jq_is '[.children[] | [.name, .tier]]' '[["asm_area","fields"],["measure_area","fields"]]'
expect_success "export dot" cr -d "$db" export --format dot --from do_alpha --to obj_alloc &&
	check "export dot: a fields edge is dashed green and labelled" \
		grep -q 'fields: member shape_ops.area.*style=dashed, color="#208040"' "$OUT"

# --- the none and address-taken tiers ---
expect_success "show with --indirect=none" \
	cr -d "$db" show --format json --indirect=none measure_area &&
	check "none: no callees" jq_is '.[0].callees' '[]'
expect_exit 1 "none: do_alpha no longer reaches obj_alloc" \
	cr -d "$db" reach --indirect=none do_alpha obj_alloc
expect_success "show with --indirect=address-taken" \
	cr -d "$db" show --format json --indirect=address-taken measure_area &&
	check "address-taken: a superset, every function whose address is taken" \
		jq_is '[.[0].callees[].name] | sort' \
		'["hooks.c:idle_default","ops.c:on_event","shape.c:circle_area","shape.c:circle_perimeter","shape.c:square_area","shape.c:square_perimeter"]' &&
	check "address-taken: marked" \
		jq_is '[.[0].callees[].tier] | unique' '["address-taken"]'
expect_success "both tiers: a call found by both is the fields tier's" \
	cr -d "$db" show --format json --indirect=fields,address-taken measure_area &&
	check "... square_area by fields, square_perimeter by address-taken" \
		jq_is '[.[0].callees[] | select(.name | test("square")) | .tier]' \
		'["fields","address-taken"]'
expect_exit 2 "an unknown tier is a usage error" \
	cr -d "$db" reach --indirect=guess do_alpha obj_alloc

# --- global pointer variables and calls GCC did not see ---
expect_success "idle reaches obj_alloc through idle_hook" \
	cr -d "$db" reach --format json idle obj_alloc &&
	check "... a variable, fields tier" \
		jq_is '[.hops[0].tier, (.hops[0].reason | test("^variable idle_hook"))]' '["fields",true]'
expect_success "the asm call in asm_area is found in the object" \
	cr -d "$db" show --format json asm_area &&
	check "... and resolved by its member, as ops->area is" \
		jq_is '[.[0].callees[] | [.name, .tier]]' \
		'[["shape.c:circle_area","fields"],["shape.c:square_area","fields"]]'

# --- unresolved indirect calls flag a path (the registry tier left out) ---
expect_success "the registry tier resolves run_all's call" \
	cr -d "$db" reach --format json run_all ops.c:on_event &&
	check "... marked registry, with the registration call's line" \
		jq_is '[.hops[0].tier, (.hops[0].reason | test("^variable registry.c:handlers, set by register_handler\\(\\) at (.*/)?ops.c:[0-9]+$"))]' \
		'["registry",true]'
expect_success "run_all reaches obj_alloc" \
	cr -d "$db" reach --indirect=rules,fields run_all obj_alloc &&
	check "reach text flags the unresolved call in run_all" \
		grep_out '\[unresolved indirect calls in run_all\]'
expect_success "paths json through run_all" \
	cr -d "$db" paths --indirect=rules,fields --format json --from run_all --to obj_alloc &&
	check "paths json: unresolved_indirect" \
		jq_is '[.paths[].unresolved_indirect]' '[["run_all"]]'
expect_success "a path through resolved calls only is not flagged" \
	cr -d "$db" paths --format json --from do_alpha --to obj_alloc &&
	check "... no unresolved_indirect" jq_is '[.paths[].unresolved_indirect]' '[null,null]'
printf 'entry run_all do_alpha\ntarget obj_alloc\n' >"$TMP/check.rules"
expect_success "check json" cr -d "$db" check --indirect=rules,fields --format json --rules "$TMP/check.rules" &&
	check "check json: only the path through run_all is flagged" \
		jq_is '[.paths[] | [.functions[0], .unresolved_indirect]]' \
		'[["run_all",["run_all"]],["do_alpha",null],["do_alpha",null]]'
expect_success "check text" cr -d "$db" check --indirect=rules,fields --rules "$TMP/check.rules" &&
	check "check text: flagged" \
		grep_out 'run_all > obj_alloc \[unresolved indirect calls in run_all\]'
expect_success "with address-taken, run_all is resolved" \
	cr -d "$db" reach --indirect=address-taken --format json run_all obj_alloc &&
	check "... and not flagged" jq_is '.unresolved_indirect' 'null'

# --- stats ---
expect_success "stats json" cr -d "$db" stats --format json &&
	check "stats: 3 GCC sites; fields 2, registry 1, address-taken 3; 0 unresolved" \
		jq_is '.indirect | [.sites, .resolved.fields, .resolved.registry, .resolved."address-taken", .resolved.rules, .unresolved]' \
		'[3,2,1,3,0,0]' &&
	check "stats: one call GCC did not see, resolved" \
		jq_is '.indirect.in_code' '{"resolved":1,"sites":1,"unresolved":0}' &&
	check "stats: compiler edges do not count the tiers' edges" \
		jq_is '[.call_edges, .indirect.edges.fields]' '[11,5]'
expect_success "stats text" cr -d "$db" stats &&
	check "stats text: init-only and tiers" \
		grep_out '^init-only functions: +2$' &&
	check "stats text: unresolved" grep_out '^unresolved sites: +0 \(tiers rules,fields,registry\)'
printf 'edge run_all on_event "handlers[] holds on_event"\n' >"$TMP/edge.rules"
expect_success "stats with an edge rule" \
	cr -d "$db" stats --indirect=rules,fields --format json --rules "$TMP/edge.rules" &&
	check "stats: the rules tier resolves run_all's site" \
		jq_is '.indirect | [.resolved.rules, .unresolved]' '[1,0]'
expect_success "reach with the edge rule" \
	cr -d "$db" reach --rules "$TMP/edge.rules" run_all ops.c:on_event &&
	check "... marked as a rule edge" grep_out 'by rule edge \(.*edge.rules:1: handlers'
expect_exit 1 "--indirect=fields leaves the edge rules out" \
	cr -d "$db" reach --indirect=fields --rules "$TMP/edge.rules" run_all ops.c:on_event

# --- entry points ---
cat >"$TMP/entries.rules" <<'EOF'
# t600 entry points
entry start                        # named
entry-callees-of dispatch          # what the dispatcher calls
entry-registered-by register_handler  # handlers
target obj_alloc
EOF
expect_success "entries" cr -d "$db" entries --rules "$TMP/entries.rules" &&
	check "entries: each with its rule" \
		grep_out '^ops.c:on_event +.*entries.rules:4: entry-registered-by register_handler' &&
	check "entries: the callees of dispatch" \
		grep_out '^do_beta +.*entries.rules:3: entry-callees-of dispatch'
expect_success "entries json" cr -d "$db" entries --format json --rules "$TMP/entries.rules" &&
	check "entries json: names" \
		jq_is '[.entries[].name]' '["do_alpha","do_beta","ops.c:on_event","start"]' &&
	check "entries json: per rule" \
		jq_is '[.rules[] | [.directive, .entries]]' \
		'[["entry",1],["entry-callees-of",2],["entry-registered-by",1]]'
expect_success "the registered handler is an entry of reach" \
	cr -d "$db" reach --rules "$TMP/entries.rules" --format json &&
	check "... reach finds a path from an entry" jq_is '.reachable' 'true'
printf 'entry-registered-by no_such_registrar\n' >"$TMP/stale.rules"
expect_exit 1 "entries: a registrar naming nothing" \
	cr -d "$db" entries --rules "$TMP/stale.rules" &&
	check "... counts no entry point for it" grep_out "stale.rules:1: entry-registered-by no_such_registrar: 0" &&
	check "... and warns of nothing (one rule set serves several builds)" \
		test ! -s "$ERR"
printf 'entry start\ntarget obj_alloc\nentry-registered-by no_such_registrar\n' >"$TMP/stale2.rules"
expect_success "check: a registrar naming nothing" \
	cr -d "$db" check --rules "$TMP/stale2.rules" &&
	check "... is listed among the rules that matched nothing" \
		grep_out "^  .*stale2.rules:3: entry-registered-by no_such_registrar$"
printf 'entry-callees-of\n' >"$TMP/bad.rules"
expect_exit 3 "entry-callees-of without a function is an error" \
	cr -d "$db" entries --rules "$TMP/bad.rules"

# --- matrix ---
expect_success "matrix" cr -d "$db" matrix --rules "$TMP/entries.rules" &&
	check "matrix text: do_alpha has 2 paths, the shortest 3 calls" \
		grep_out '^do_alpha +2/3$' &&
	check "matrix text: do_beta is unreachable" grep_out '^do_beta +-$'
expect_success "matrix json" cr -d "$db" matrix --format json --rules "$TMP/entries.rules" &&
	check "matrix json: every pair" \
		jq_is '[.pairs[] | [.entry, .reachable, .paths, .paths_exact, .shortest]]' \
		'[["do_alpha",true,2,true,3],["do_beta",false,0,true,null],["ops.c:on_event",true,1,true,1],["start",true,1,true,2]]'
expect_success "matrix --runtime" \
	cr -d "$db" matrix --runtime --format json --rules "$TMP/entries.rules" &&
	check "matrix --runtime: start no longer reaches obj_alloc" \
		jq_is '[.pairs[] | select(.entry == "start") | .reachable]' '[false]'
expect_exit 2 "matrix needs rules" cr -d "$db" matrix

# --- the member from the source line alone (no debug information) ---
nodebug=$TMP/nodebug
mkdir -p "$nodebug"
cp "$src"/*.c "$src"/*.h "$nodebug"/
check "sources compile, measure.c without -g" build_sources "$nodebug" "-g -O1 -fno-inline"
check "measure.c again without -g" \
	in_dir "$nodebug" gcc -O1 -fno-inline -fcallgraph-info=su,da -c measure.c -o measure.o
expect_success "ingest" cr -d "$TMP/nodebug.db" ingest "$nodebug"
check "the member comes from the source line" \
	test "$(sqlite3 "$TMP/nodebug.db" "SELECT coalesce(struct, '-') || ' ' || member || ' ' || how FROM obj_indirect_calls WHERE caller = 'measure_area'")" = "- area source"
expect_success "show measure_area" cr -d "$TMP/nodebug.db" show --format json measure_area &&
	check "fields: still the two area functions" \
		jq_is '[.[0].callees[].name] | sort' \
		'["shape.c:circle_area","shape.c:square_area"]'
expect_success "--source names the tree when the sources moved" \
	cr -d "$TMP/moved.db" ingest --source "$nodebug" "$nodebug"

# --- the facts image: the object facts read once at ingest ---
facts() {
	cr -d "$1" show --format json measure_area run_all idle &&
		cr -d "$1" stats --format json
}
check "ingest stores the facts image" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM obj_facts_image")" = 1
facts "$db" >"$TMP/facts.image" 2>"$TMP/facts.err"
check "queries read it without a word" test ! -s "$TMP/facts.err"
cp "$db" "$TMP/older.db"
sqlite3 "$TMP/older.db" "DROP TABLE obj_facts_image"
facts "$TMP/older.db" >"$TMP/facts.tables" 2>"$TMP/facts.err"
check "a database without it (an older callreach's): the same answers" \
	cmp "$TMP/facts.image" "$TMP/facts.tables"
check "... from the tables, without a word" test ! -s "$TMP/facts.err"
expect_success "ingest, nothing changed" cr -d "$TMP/older.db" ingest "$src" &&
	check "... stores the image" \
		test "$(sqlite3 "$TMP/older.db" "SELECT count(*) FROM obj_facts_image")" = 1
facts "$TMP/older.db" >"$TMP/facts.stored" 2>/dev/null
sqlite3 "$TMP/older.db" "UPDATE obj_facts_image SET data = substr(data, 1, 40)"
facts "$TMP/older.db" >"$TMP/facts.damaged" 2>"$TMP/facts.err"
check "a damaged image: the same answers" \
	cmp "$TMP/facts.stored" "$TMP/facts.damaged"
check "... and a warning that says how to write it again" \
	grep -q "warning: database '.*older.db': the object facts image is damaged.*ingest --rebuild" \
	"$TMP/facts.err"
expect_success "ingest --rebuild" cr -d "$TMP/older.db" ingest --rebuild "$src"
facts "$TMP/older.db" >"$TMP/facts.rebuilt" 2>"$TMP/facts.err"
check "... writes it again" test ! -s "$TMP/facts.err"

# --- missing, garbage and removed objects ---
bare=$TMP/bare
mkdir -p "$bare"
cp "$src"/*.ci "$bare"/
expect_success "ingest without objects" cr -d "$TMP/bare.db" ingest "$bare" &&
	check "... says nothing" test ! -s "$ERR"
expect_success "stats" cr -d "$TMP/bare.db" stats --format json &&
	check "without objects: no init-only functions, every site unresolved" \
		jq_is '[.objects, .init_only, .indirect.unresolved]' '[0,0,3]'
printf 'not an ELF file\n' >"$bare/shape.o"
expect_success "a garbage object is a warning, not an error" \
	cr -d "$TMP/bare.db" ingest --rebuild "$bare" &&
	check "... naming it" grep_err "warning: cannot read object file '.*shape.o'"
expect_success "ingest again after removing a unit" \
	sh -c "rm '$src/hooks.ci' && '$CALLREACH' -d '$db' ingest '$src'"
check "the removed unit's object rows are gone" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM obj_functions WHERE symbol = 'asm_area'")" = 0
check "the other units' rows stay" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM obj_functions WHERE symbol = 'measure_area'")" = 1

# --- a rebuild and a changed unit replace their object rows ---
# every object table's rows, the unit named by its path (orphans: "")
dump_objects() {
	local t
	for t in obj_units obj_functions obj_address_taken obj_registrations \
		obj_field_stores obj_indirect_calls obj_call_sites \
		obj_registrars obj_dispatchers obj_registration_lines; do
		echo "== $t"
		sqlite3 "$1" "SELECT ifnull(u.path, ''), t.* FROM $t t
			LEFT JOIN units u ON u.id = t.unit_id" |
			sed 's/^\([^|]*\)|[0-9]*|/\1|/' | LC_ALL=C sort
	done
}
dump_objects "$db" >"$TMP/objects.before"
check "the object tables have rows" \
	test "$(grep -vc '^==' "$TMP/objects.before")" -gt 10
expect_success "ingest --rebuild" cr -d "$db" ingest --rebuild "$src"
dump_objects "$db" >"$TMP/objects.rebuild"
check "--rebuild leaves the same object rows" \
	cmp "$TMP/objects.before" "$TMP/objects.rebuild"
expect_success "a fresh ingest" cr -d "$TMP/fresh.db" ingest "$src"
dump_objects "$TMP/fresh.db" >"$TMP/objects.fresh"
check "a fresh ingest has the same object rows" \
	cmp "$TMP/objects.before" "$TMP/objects.fresh"
for f in "$src"/*.ci; do
	echo >>"$f"
done
expect_success "ingest with every unit changed" \
	cr -d "$TMP/fresh.db" ingest "$src"
dump_objects "$TMP/fresh.db" >"$TMP/objects.changed"
check "changed units replace their object rows" \
	cmp "$TMP/objects.before" "$TMP/objects.changed"

finish

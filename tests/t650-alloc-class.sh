#!/bin/bash
# t650-alloc-class: anonymous allocations and their sizes, from the
# argument values GCC records at call sites (DWARF call sites), the
# "anonymous" and "size" rules, along paths (check, paths, baseline) and
# by call site (sites).
#
# The program (tests/alloc/, built with -O2 -g):
#
#   alloc.c   page_alloc(d, order, flags): no one owns the pages when d is
#             NULL or flags has NO_OWNER (0x20); heap_alloc(size, align)
#   users.c   null_owner: page_alloc(0, 0, 0)
#             no_owner_flag(d): page_alloc(d, 1, NO_OWNER)
#             owned_static: page_alloc(&dom0, 2, 0)
#             computed(v, i): page_alloc(v[i], 0, 0)
#             from_global: page_alloc(current_dom, 0, 0)
#             top_null -> middle(0, 3) -> inner(d, order) -> page_alloc(d,
#               order, 0); top_owned -> middle(&dom0, 0) -> ...
#             twice: page_alloc(0, 0, 0), then page_alloc(&dom0, 0, 0)
#             fixed_size: heap_alloc(48, 8); var_size(n): heap_alloc(n *
#               3 + 1, 8)
#             uses_helper: helper() inlined, page_alloc(0, 4, 0)

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

src=$TMP/src
mkdir -p "$src"
cp "$TESTS_DIR"/alloc/*.c "$TESTS_DIR"/alloc/*.h "$src"/
rules=$TESTS_DIR/alloc/alloc.rules
check "sources compile with -O2 -g" build_sources "$src" "-O2 -g"
db=$TMP/t.db
expect_success "ingest" cr -d "$db" ingest "$src"

# --- the facts read from DWARF ---
args() {
	sqlite3 "$db" "SELECT args FROM obj_call_sites
		WHERE caller = '$1' AND callee = '$2' AND line = $3"
}
# caller callee line | the values recorded | what they are
while IFS='|' read -r at want what; do
	# shellcheck disable=SC2086 # the site is three words
	check "$what" test "$(args $at)" = "$want"
done <<'SITES'
null_owner page_alloc 11|1=const:0 2=const:0 3=const:0|a NULL constant and zero flags
inner page_alloc 41|1=passed:1 2=passed:2 3=const:0|a passed-through domain and order
owned_static page_alloc 23|1=address 2=const:2 3=const:0|the address of a static domain
var_size heap_alloc 79|1=other 2=const:8|a computed size
SITES
check "every site is on the x86_64 convention" \
	test "$(sqlite3 "$db" "SELECT DISTINCT abi FROM obj_call_sites")" = x86_64-sysv

# --- sites ---
expect_success "sites" cr -d "$db" sites --rules "$rules" --format json
site() { # CALLER LINE -> class size
	jq_out ".sites[] | select(.caller == \"$1\" and .line == $2) |
		[.class, .size]"
}
# caller line | [class, size] | what it is
while IFS='|' read -r at want what; do
	# shellcheck disable=SC2086 # the site is two words
	check "$what" test "$(site $at)" = "$want"
done <<'SITES'
null_owner 11|["anonymous",4096]|NULL constant: anonymous, 4096 bytes
no_owner_flag 17|["anonymous",8192]|no-owner flag: anonymous, 8192 bytes
owned_static 23|["attributed",16384]|a static domain: attributed, 16384 bytes
computed 29|["unknown",4096]|a computed domain: unknown
from_global 35|["unknown",4096]|a domain loaded from a global: unknown
SITES
check "... with the reason" \
	jq_is '.sites[] | select(.caller == "from_global") | .reason' \
	'"from_global records no value for argument 1"'
check "passed through: the site depends on the caller's argument 1" \
	jq_is '.sites[] | select(.caller == "inner") |
		[.class, .passed_arg, .size, .size_arg]' '["passed",1,null,2]'
check "... its paths by class, decided two calls up" \
	jq_is '.sites[] | select(.caller == "inner") | .paths' \
	'{"anonymous":1,"attributed":1,"unknown":0}'
check "... by entry point" \
	jq_is '.sites[] | select(.caller == "inner") | [.entries[] | [.name, .paths.anonymous, .paths.attributed]]' \
	'[["top_null",1,0],["top_owned",0,1]]'
check "one caller twice: two sites, two classes" \
	jq_is '[.sites[] | select(.caller == "twice") | [.line, .class]] | sort' \
	'[[65,"anonymous"],[68,"attributed"]]'
check "a constant size" test "$(site fixed_size 74)" = '["anonymous",48]'
check "a variable size" test "$(site var_size 79)" = '["anonymous",null]'
check "a call inlined into its caller is the caller's" \
	jq_is '.sites[] | select(.caller == "uses_helper" and .callee ==
		"page_alloc") | [.class, .size, .boot_only]' '["anonymous",65536,false]'
check "a site verdict covers its paths" \
	jq_is '.sites[] | select(.caller == "owned_static") | .verdict' '"SAFE"'
check "sites by class" \
	jq_is '.by_class' '{"anonymous":6,"attributed":2,"passed":1,"unknown":2}'
check "sites: no missing information" jq_is '.class_missing' 'null'
expect_success "sites --class attributed" \
	cr -d "$db" sites --rules "$rules" --class attributed --format json &&
	check "... the attributed sites and the passed one with attributed paths" \
		jq_is '[.sites[].caller] | sort' '["inner","owned_static","twice"]'
expect_success "sites text" cr -d "$db" sites --rules "$rules" &&
	check "text: class, size, run-time, caller and place" \
		grep_out '^  anonymous +4096 bytes +run-time +null_owner at users.c:11:9$' &&
	check "text: the summary" \
		grep_out '^11 sites: anonymous 6, attributed 2, passed 1, unknown 2$'

# --- along paths ---
expect_success "check json" cr -d "$db" check --rules "$rules" --format json
path() { # FUNCTIONS-AS-JSON -> [class, size]
	jq_out ".paths[] | select(.functions == $1) | [.class, .size]"
}
check "pass-through resolved two calls up: anonymous, 32768 bytes" \
	test "$(path '["top_null","middle","inner","page_alloc"]')" = '["anonymous",32768]'
check "... and attributed from the other entry" \
	test "$(path '["top_owned","middle","inner","page_alloc"]')" = '["attributed",4096]'
check "a caller with an anonymous and an attributed call: anonymous" \
	test "$(path '["twice","page_alloc"]')" = '["anonymous",4096]'
check "the deciding site" \
	jq_is '.paths[] | select(.functions[0] == "top_null") | .class_site' \
	'"inner at users.c:41:9"'
check "check: paths by class" \
	jq_is '.by_class' '{"anonymous":7,"attributed":2,"unknown":2}'
check "check: undecided paths grouped by the call into the target" \
	jq_is '.undecided_by_call[0]' \
	'{"anonymous":1,"attributed":1,"call":"inner > page_alloc","paths":2,"unknown":0}'
expect_success "paths --class anonymous --count" \
	cr -d "$db" paths --rules "$rules" --class anonymous --count &&
	check "... 7 paths" grep_out '^7 paths$'
expect_success "paths --class attributed --class unknown" \
	cr -d "$db" paths --rules "$rules" --class attributed --class unknown \
	--format json &&
	check "... the attributed and unknown paths" \
		jq_is '[.paths[] | [.functions[0], .class]] | sort' \
		'[["computed","unknown"],["from_global","unknown"],["owned_static","attributed"],["top_owned","attributed"]]'
expect_success "paths text" cr -d "$db" paths --rules "$rules" --from top_null &&
	check "text: class, size and site" \
		grep_out 'top_null > middle > inner > page_alloc \[anonymous, 32768 bytes at users.c:41:9\]$'
printf 'include %s\nentry inner\n' "$rules" >"$TMP/inner.rules"
expect_success "a value passed from an entry point" \
	cr -d "$db" paths --rules "$TMP/inner.rules" --from inner --format json &&
	check "... is unknown, and says why" \
		jq_is '.paths[0] | [.class, .class_reason]' \
		'["unknown","argument 1 is inner'"'"'s own argument 1, and inner is the entry point"]'
expect_success "matrix --class anonymous" \
	cr -d "$db" matrix --rules "$rules" --class anonymous --format json &&
	check "the matrix counts the anonymous paths only" \
		jq_is '[.pairs[] | select(.reachable and .paths == 0) | .entry]' \
		'["computed","from_global","owned_static","top_owned"]'
expect_exit 2 "an unknown --class" cr -d "$db" paths --rules "$rules" --class big
expect_success "baseline save" cr -d "$db" baseline save --rules "$rules" "$TMP/b.json" &&
	check "the baseline keeps class and size" \
		json_is "$TMP/b.json" '.paths[] | select(.functions[0] == "fixed_size") |
			[.class, .size]' '["anonymous",48]'
expect_success "gate against it" \
	cr -d "$db" gate --rules "$rules" --baseline "$TMP/b.json"
sed 's/^entry top_null top_owned /entry top_owned /' "$rules" >"$TMP/fewer.rules"
expect_success "baseline without top_null" \
	cr -d "$db" baseline save --rules "$TMP/fewer.rules" "$TMP/fewer.json"
expect_exit 1 "gate: a new anonymous path fails" \
	cr -d "$db" gate --rules "$rules" --baseline "$TMP/fewer.json" --format json &&
	check "... and the gate gives its class and size" \
		jq_is '[.changes[] | select(.kind == "new path") | [.witness[0], .class, .size, .class_site]]' \
		'[["top_null","anonymous",32768,"inner at users.c:41:9"]]'
expect_exit 1 "gate: the CI reports of that change" \
	cr -d "$db" gate --rules "$rules" --baseline "$TMP/fewer.json" \
	--markdown "$TMP/gate.md" --junit "$TMP/gate.xml" --sarif "$TMP/gate.sarif" &&
	check "... Markdown: the new path's class and size in its row" \
		grep -qE '^\| \*\*FAIL\*\* \| new path \| .*top\\_null.* \| UNDECIDED \| anonymous, 32768 bytes \| ' "$TMP/gate.md" &&
	check "... JUnit: in the failure message" \
		grep -q 'failure message="new path with verdict UNDECIDED (anonymous, 32768 bytes)"' "$TMP/gate.xml" &&
	check "... SARIF: in the result's properties and message" \
		json_is "$TMP/gate.sarif" '[.runs[0].results[] | select(.properties.class) | [.properties.class, .properties.size, (.message.text | test("; anonymous, 32768 bytes\\)$"))]] | unique' \
		'[["anonymous",32768,true]]'
expect_success "report" cr -d "$db" report --rules "$rules" --out "$TMP/report" &&
	check "the report leads with the anonymous run-time sites" \
		grep -q '<section id="anonymous">' "$TMP/report/index.html" &&
	check "... null_owner's among them, 4096 bytes, linking to its paths" \
		grep -Eq '<tr><td>null_owner</td><td>users.c:11:9</td><td>anonymous</td><td class="num" data-sort="4096">4096</td>.*<a href="p-[0-9a-f]+.html">null_owner</a> \(1\)' \
			"$TMP/report/index.html" &&
	check "a path's class and size on its page" \
		grep -q '<span class="class"> \[anonymous, 32768 bytes, inner at users.c:41:9\]</span>' \
			"$TMP"/report/t-*.html &&
	check "... not the attributed one" \
		sh -c "! grep -q '<tr><td>owned_static</td>' '$TMP/report/index.html'"

# --- coverage: run-time traces against the classified paths ---
printf 'page_alloc\ninner\nmiddle\ntop_null\n\n' >"$TMP/run.log"
expect_success "traces import" cr -d "$db" traces import "$TMP/run.log"
expect_success "coverage json" cr -d "$db" coverage --rules "$rules" --format json &&
	check "coverage: the seen path, with its class and size" \
		jq_is '[.static_paths[] | select(.seen) | [.functions[0], .class, .size]]' \
		'[["top_null","anonymous",32768]]'

# --- rule mistakes ---
for bad in 'anonymous f when arg 0 == 1' 'anonymous f when arg 1 = 1' \
	'anonymous f when arg 1 == ten' 'size f pages arg 1' 'size f bytes arg'; do
	printf 'target page_alloc\n%s\n' "$bad" >"$TMP/bad.rules"
	expect_exit 3 "rule '$bad' is refused" \
		cr -d "$db" sites --rules "$TMP/bad.rules" &&
		check "... at its line" grep_err 'bad.rules:2: '
done

# --- ingest --no-arguments reads no values, and the queries say so ---
expect_success "ingest --no-arguments" \
	cr -d "$TMP/noargs.db" ingest --no-arguments "$src"
check "... stores no call-site values" \
	test "$(sqlite3 "$TMP/noargs.db" "SELECT count(*) FROM obj_call_sites")" = 0
expect_success "sites" cr -d "$TMP/noargs.db" sites --rules "$rules" --format json &&
	check "... every page_alloc site unknown, and how to fix it" \
		jq_is '[([.sites[] | select(.callee == "page_alloc") | .class] | unique), (.class_missing | test("--rebuild"))]' \
		'[["unknown"],true]'

# --- without debug information every value is unknown, and it says why ---
nodebug=$TMP/nodebug
mkdir -p "$nodebug"
cp "$src"/*.c "$src"/*.h "$nodebug"/
check "sources compile without -g" build_sources "$nodebug" "-O2"
expect_success "ingest" cr -d "$TMP/nodebug.db" ingest "$nodebug"
expect_success "sites" cr -d "$TMP/nodebug.db" sites --rules "$rules" --format json &&
	check "every page_alloc site is unknown" \
		jq_is '[.sites[] | select(.callee == "page_alloc") | .class] | unique' \
		'["unknown"]' &&
	check "... and says how to fix it" \
		jq_is '.class_missing | test("-g")' 'true'
expect_success "check" cr -d "$TMP/nodebug.db" check --rules "$rules" &&
	check "check says so too" grep_out 'every value is unknown: .*-g'
expect_success "stats" cr -d "$TMP/nodebug.db" stats &&
	check "stats says so too" grep_out 'argument values: +unknown.*-g'

finish

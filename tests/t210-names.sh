#!/bin/bash
# t210-names: names are data.  Functions and files named with quotes,
# <script>, '; DROP TABLE, backslashes, newlines, tabs and printf formats
# are stored and printed faithfully (text), escaped correctly in JSON (jq
# reads back the exact names), DOT (Graphviz accepts it and its labels
# decode to the exact names), SVG (well-formed XML), the HTML report (no
# raw markup; the pages' text holds the exact names) and SARIF (valid JSON
# holding the exact path).
#
# The names come from a .ci file written by hand (VCG escapes \" \\ \n)
# and from gcc on source files with hostile names.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

# The unit and the function names, as JSON (the expectation) ...
unit_json='"dir/we\"ird <b>&amp; \\x.c"'
chain_json='["entry","dir/we\"ird <b>&amp; \\x.c:q\"uote","<script>alert('"'"'x'"'"')</script>","'"'"'; DROP TABLE functions;--","back\\slash\\","new\nline","tab\tname","%s%s%n%x","$(rm -rf /)"]'
sorted_json=$(jq -cnS "$chain_json | sort")
unit=$(jq -rn "$unit_json")

# ... and as VCG strings in the .ci file
vcg() { jq -rn "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }'; }
names=()
while IFS= read -r -d '' n; do
	names+=("$n")
done < <(jq -j '.[] | ., "\u0000"' <<<"$chain_json")
check "nine names" test "${#names[@]}" -eq 9

tree=$TMP/tree
mkdir -p "$tree"
{
	printf 'graph: { title: "%s"\n' "$(vcg "$unit_json")"
	for i in 0 1 2 3 4 5 6 7; do
		t=$(vcg "${chain_json}[$i]")
		printf 'node: { title: "%s" label: "x\\n%s:%d:6\\n16 bytes (static)\\n0 dynamic objects" }\n' \
			"$t" "$(vcg "$unit_json")" $((i + 1))
	done
	printf 'node: { title: "%s" label: "x\\nsink.h:1:1" shape : ellipse }\n' \
		"$(vcg "${chain_json}[8]")"
	for i in 0 1 2 3 4 5 6 7; do
		printf 'edge: { sourcename: "%s" targetname: "%s" label: "%s:%d:3" }\n' \
			"$(vcg "${chain_json}[$i]")" "$(vcg "${chain_json}[$((i + 1))]")" \
			"$(vcg "$unit_json")" $((i + 10))
	done
	echo '}'
} >"$tree/names.ci"

db=$TMP/t.db
expect_success "ingest a unit of hostile names" cr -d "$db" ingest "$tree"

# --- the database ---
# the schema is that of a database of harmless names
mkdir -p "$TMP/plain"
printf 'graph: { title: "p.c"\nnode: { title: "p" }\n}\n' >"$TMP/plain/p.ci"
schema="SELECT type, name FROM sqlite_master ORDER BY name"
expect_success "a database of harmless names" cr -d "$TMP/plain.db" ingest "$TMP/plain"
check "all tables, views and indexes are still there" \
	test "$(sqlite3 "$db" "$schema")" = "$(sqlite3 "$TMP/plain.db" "$schema")"
sqlite3 -json "$db" 'SELECT name FROM functions' >"$OUT" 2>"$ERR"
check "the functions table holds the exact names" \
	jq_is '[.[].name] | sort' "$sorted_json"
sqlite3 -json "$db" 'SELECT DISTINCT file FROM call_sites' >"$OUT" 2>"$ERR"
check "the call_sites table holds the exact file name" \
	jq_is '[.[].file]' "[$unit_json]"

# --- JSON ---
expect_success "reach --format json" \
	cr -d "$db" reach --format json entry "${names[8]}" &&
	check "reach: the path names round-trip" jq_is .path "$chain_json" &&
	check "reach: the hop files round-trip" jq_is '[.hops[].file] | unique' "[$unit_json]"
expect_success "paths --format json" \
	cr -d "$db" paths --format json --from entry --to "${names[8]}" &&
	check "paths: the path names round-trip" \
		jq_is '.paths[0].functions' "$chain_json" &&
	check "paths: the id hashes the exact names" \
		jq_is '.paths[0].id' "\"$(fnv1a64 "$(printf '%s\n' "${names[@]}" | head -c -1)")\""
expect_success "export --format json" \
	cr -d "$db" export --format json --to "${names[8]}" &&
	check "export: the node names round-trip" \
		jq_is '[.nodes[].name] | sort' "$sorted_json" &&
	check "export: the node and site files round-trip" \
		jq_is '[(.nodes[] | select(.defined) | .file), .edges[].sites[].file] | unique' "[$unit_json]"
expect_success "callers --format json --depth 0" \
	cr -d "$db" callers --format json --depth 0 "${names[8]}" &&
	check "callers: the tree's names round-trip" \
		jq_is '[.. | objects | .name] | sort' "$sorted_json"
expect_success "callees --format json --depth 0" \
	cr -d "$db" callees --format json --depth 0 entry &&
	check "callees: the tree's names round-trip" \
		jq_is '[.. | objects | .name] | sort' "$sorted_json"
all_shown=1
for n in "${names[@]}"; do
	cr -d "$db" show --format json -- "$n" >"$OUT" 2>"$ERR" </dev/null &&
		jq_is '.[0].name' "$(jq -cn --arg n "$n" '$n')" >/dev/null || {
		all_shown=0
		echo "#  show '$n' failed"
		diag_last
	}
done
check "show NAME finds every name, and prints it back exactly" test "$all_shown" -eq 1

# --- text: printed as they are ---
expect_success "reach (text)" cr -d "$db" reach entry "${names[8]}"
all_text=1
out_text=$(cat "$OUT")
for n in "${names[@]}" "$unit"; do
	case $out_text in
	*"$n"*) ;;
	*) all_text=0; echo "#  '$n' not in the text output" ;;
	esac
done
check "reach (text): every name and the file printed as they are" test "$all_text" -eq 1
expect_success "paths (text)" cr -d "$db" paths --from entry --to "${names[8]}"
check "paths (text): the format-string name printed as it is" grep_out '%s%s%n%x'

# --- DOT and SVG ---
# decode_dot: Graphviz escString labels -> the text they display
decode_dot='gsub("\\\\(?<c>[\\\\\"nlr])"; if .c == "n" or .c == "l" or .c == "r" then "\n" else .c end)'
expect_success "export --format dot" \
	cr -d "$db" export --format dot --to "${names[8]}" -o "$TMP/g.dot"
expect_success "dot reads the DOT back (dot -Tjson)" dot -Tjson "$TMP/g.dot" &&
	check "dot reads it without a warning" test ! -s "$ERR" &&
	check "DOT: node labels decode to the exact names" \
		jq_is "[.objects[] | select(.name | test(\"^n[0-9]+\$\")) | .[\"label\"] | $decode_dot] | sort" \
		"$sorted_json" &&
	check "DOT: the cluster label decodes to the exact file name" \
		jq_is "[.objects[] | select(.name | startswith(\"cluster\")) | .[\"label\"] | $decode_dot]" \
		"[$unit_json]" &&
	check "DOT: the edge labels decode to the exact call sites" \
		jq_is "[.edges[] | .[\"label\"] | $decode_dot | sub(\":[0-9]+:3\$\"; \"\")] | unique" \
		"[$unit_json]"
expect_success "export --format svg" \
	cr -d "$db" export --format svg --to "${names[8]}" -o "$TMP/g.svg"
if command -v xmllint >/dev/null; then
	expect_success "SVG: well-formed XML" xmllint --noout "$TMP/g.svg"
fi
check "SVG: <script> is escaped, never raw" \
	eval '! grep -qF "<script>" "$TMP/g.svg" && grep -qF "&lt;script&gt;" "$TMP/g.svg"'

# --- HTML (report) and SARIF (gate) ---
printf 'entry entry\ntarget "%s"\n' "${names[8]}" >"$TMP/r.rules"
expect_success "report: the HTML review of the hostile names" \
	cr -d "$db" report --rules "$TMP/r.rules" --out "$TMP/rep"
check "HTML: no raw <script> from a name in any page" \
	eval '! grep -qF "<script>alert" "$TMP"/rep/*.html'
check "HTML: the name is there, escaped" \
	grep -qF '&lt;script&gt;alert(' "$TMP/rep/functions.html"
if command -v xmllint >/dev/null; then
	html_text=$(for f in "$TMP"/rep/*.html; do
		xmllint --html --xpath 'string(//body)' "$f" 2>/dev/null
	done)
	all_html=1
	for n in "${names[@]}"; do
		case $html_text in
		*"$n"*) ;;
		*) all_html=0; echo "#  '$n' not in the text of the pages" ;;
		esac
	done
	check "HTML: the pages' text holds every exact name" test "$all_html" -eq 1
fi
mkdir -p "$TMP/nothing"
printf 'graph: { title: "z.c"\nnode: { title: "z" }\n}\n' >"$TMP/nothing/z.ci"
expect_success "a build without the names" cr -d "$TMP/nothing.db" ingest "$TMP/nothing"
expect_success "its baseline" \
	cr -d "$TMP/nothing.db" baseline save --rules "$TMP/r.rules" "$TMP/base.json"
expect_exit 1 "gate --sarif: the hostile path is new" \
	cr -d "$db" gate --rules "$TMP/r.rules" --baseline "$TMP/base.json" \
	--sarif "$TMP/g.sarif"
check "SARIF: valid JSON" eval 'jq -e . "$TMP/g.sarif" >/dev/null'
check "SARIF: a message holds the exact path" \
	eval 'jq -e --argjson c "$chain_json" "[.. | strings | select(contains(\$c | join(\" > \")))] | length > 0" "$TMP/g.sarif" >/dev/null'

# --- filters and arguments take names literally ---
expect_exit 1 "--exclude with the DROP TABLE name cuts the path" \
	cr -d "$db" reach --exclude "${names[3]}" entry "${names[8]}"
expect_exit 2 "an unknown hostile name: exit 2" \
	cr -d "$db" show "'; DROP TABLE units;--"
check "... and the database is intact" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM units")" -eq 1
# messages quote names escaped: one line, no control characters
one_clean_line() {
	test "$(wc -l <"$ERR")" -eq 1 && ! tr -d '\n' <"$ERR" | grep -q '[[:cntrl:]]'
}
expect_exit 2 "an unknown name with an escape sequence and a newline" \
	cr -d "$db" show "$(printf 'x\033[31m\nred')"
check "... is quoted on one line, escaped" one_clean_line &&
	check "... as C escapes" grep_err "'x\\\\x1b\\[31m\\\\nred'"
expect_exit 2 "an unknown name close to the one with a newline" \
	cr -d "$db" show "$(printf 'new\nlime')"
check "... suggests it escaped, on one line" one_clean_line &&
	check "... as 'new\\nline'" grep_err 'did you mean: new\\nline'

# --- files named by gcc ---
# GCC writes a file name into the .ci file as it is: a backslash and a
# newline stay raw (the string spans two lines), a '"' is not escaped.
gnames=$TMP/gcc
mkdir -p "$gnames"
src=$(printf '<script>'"'"'; DROP TABLE units;--\\b\nx.c')
printf 'static int s(void) { return 1; }\nint g(void) { return s(); }\n' >"$gnames/$src"
if (cd "$gnames" && gcc -O1 -fno-inline -fcallgraph-info=su,da -c "$src" -o g.o); then
	expect_success "gcc: ingest a unit whose source name is hostile" \
		cr -d "$TMP/g.db" ingest "$gnames"
	want=$(jq -cn --arg f "$src" '[$f + ":s", $f, $f]')
	expect_success "gcc: show g" cr -d "$TMP/g.db" show --format json g &&
		check "gcc: the static callee, the site and the definition file round-trip" \
			jq_is '[.[0].callees[0].name, .[0].callees[0].file, .[0].definitions[0].file]' "$want"
else
	fail "gcc compiles a source with a hostile name"
fi
quote=$TMP/gcc-quote
mkdir -p "$quote"
printf 'int g(int);\nint h(void) { return g(1); }\nstatic int s(void) { return g(2); }\nint k(void) { return s(); }\n' >"$quote/q\"uote.c"
if (cd "$quote" && gcc -O0 -fcallgraph-info=su,da -c 'q"uote.c' -o q.o); then
	# GCC writes the quote as it is: title: "q"uote.c", label: "h\nq"uote.c:2:5..."
	expect_success "gcc: a source name with '\"' (unescaped by GCC) is read" \
		cr -d "$TMP/q.db" ingest "$quote"
	expect_success "gcc: show h" cr -d "$TMP/q.db" show --format json h &&
		check "gcc: the definition and call site keep the quote" \
			jq_is '[.[0].definitions[0].file, .[0].callees[0].name, .[0].callees[0].file]' \
			'["q\"uote.c","g","q\"uote.c"]'
	expect_success "gcc: the static of that unit is reached" \
		cr -d "$TMP/q.db" reach k g
	# an unbalanced quote is still bad input, with its line
	printf 'graph: { title: "x.c"\nnode: { title: "f" label: "f\\nx.c:1:5 }\nnode: { title: "g" label: "g\\nx.c:2:5" }\n}\n' >"$TMP/unbal.ci"
	expect_exit 3 "an unbalanced quote is bad input" cr -d "$TMP/u.db" ingest "$TMP/unbal.ci" &&
		check "... named with its file and line" grep_err 'unbal\.ci:2: unterminated string'
else
	fail "gcc compiles a source named with a quote"
fi

finish

#!/bin/bash
# t050-export: export --format dot|svg|json, and -o FILE.
#
#   main.c: entry -> mid (two call sites), side;  other_root -> mid
#   lib.c:  mid -> lib.c:inner -> target_fn;  side -> unrelated (external)
#
# The DOT output is checked through Graphviz itself ("dot -Tjson0"), so
# that the exact spelling of the DOT text does not matter.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

src=$TMP/src
mkdir -p "$src"
cat >"$src/main.c" <<'EOF'
/* t050: entry -> mid (twice), side; other_root -> mid. */
extern void mid(void), side(void);
extern volatile int sink;

void entry(void)
{
	mid();
	if (sink)
		mid();
	side();
}

void other_root(void)
{
	mid();
	sink++;
}
EOF
cat >"$src/lib.c" <<'EOF'
/* t050: mid -> inner (static) -> target_fn; side -> unrelated. */
extern void unrelated(void);
extern volatile int sink;

void target_fn(void)
{
	sink++;
}

static void __attribute__((noinline)) inner(void)
{
	target_fn();
	sink++;
}

void mid(void)
{
	inner();
	sink++;
}

void side(void)
{
	unrelated();
	sink++;
}
EOF
check "sources compile" build_sources "$src"
db=$TMP/t.db
expect_success "ingest" cr -d "$db" ingest "$src"

NODES='[.nodes[].name] | sort'
EDGES='[.edges[] | [.caller, .callee]] | sort'

# JSON: which nodes and edges, for --to only, --from only, and both.
expect_success "export json --to target_fn" \
	cr -d "$db" export --format json --to target_fn &&
	check "--to only: the target and all its ancestors" jq_is "$NODES" \
		'["entry","lib.c:inner","mid","other_root","target_fn"]' &&
	check "--to only: edges" jq_is "$EDGES" \
		'[["entry","mid"],["lib.c:inner","target_fn"],["mid","lib.c:inner"],["other_root","mid"]]' &&
	check "--to only: target flag" \
		jq_is '[.nodes[] | select(.target) | .name]' '["target_fn"]' &&
	check "--to only: the static node in full" \
		jq_is '.nodes[] | select(.name == "lib.c:inner") | del(.source)' \
		'{"base":"inner","col":39,"defined":true,"file":"lib.c","indirect_calls":0,"line":10,"name":"lib.c:inner","static":true,"target":false,"unit":"lib.c"}' &&
	check "--to only: both call sites of entry -> mid" \
		jq_is '[.edges[] | select(.caller == "entry" and .callee == "mid") | .sites | sort_by(.line)[]]' \
		'[{"col":2,"file":"main.c","line":7},{"col":3,"file":"main.c","line":9}]'

expect_success "export json --from entry" \
	cr -d "$db" export --format json --from entry &&
	check "--from only: the source and all its descendants" jq_is "$NODES" \
		'["entry","lib.c:inner","mid","side","target_fn","unrelated"]' &&
	check "--from only: edges" jq_is "$EDGES" \
		'[["entry","mid"],["entry","side"],["lib.c:inner","target_fn"],["mid","lib.c:inner"],["side","unrelated"]]' &&
	check "--from only: source flag" \
		jq_is '[.nodes[] | select(.source) | .name]' '["entry"]' &&
	check "--from only: external function" \
		jq_is '.nodes[] | select(.name == "unrelated") | {defined, static}' \
		'{"defined":false,"static":false}' &&
	check "--from only: a global node" \
		jq_is '.nodes[] | select(.name == "mid") | {base, file, line, col, unit, defined, static}' \
		'{"base":"mid","col":6,"defined":true,"file":"lib.c","line":16,"static":false,"unit":"lib.c"}'

expect_success "export json --from entry --to target_fn" \
	cr -d "$db" export --format json --from entry --to target_fn &&
	check "both: the functions on some path" jq_is "$NODES" \
		'["entry","lib.c:inner","mid","target_fn"]' &&
	check "both: edges" jq_is "$EDGES" \
		'[["entry","mid"],["lib.c:inner","target_fn"],["mid","lib.c:inner"]]' &&
	check "both: source and target flags" \
		jq_is '[.nodes[] | {name, source, target}] | sort_by(.name)' \
		'[{"name":"entry","source":true,"target":false},{"name":"lib.c:inner","source":false,"target":false},{"name":"mid","source":false,"target":false},{"name":"target_fn","source":false,"target":true}]'
cp "$OUT" "$TMP/both.json"

expect_success "export json with a filter" \
	cr -d "$db" export --format json --from entry --exclude side &&
	check "--exclude removes the function and what only it reaches" \
		jq_is "$NODES" '["entry","lib.c:inner","mid","target_fn"]'

# DOT, read back through Graphviz.
JQ_DOT='
def ntext: if (.label // "\\N") == "\\N" then .name else .label + "\n" + .name end;
def nodes: .objects[(._subgraph_cnt // 0):][];
def gvid($f): [nodes | select(ntext | test("(^|[^A-Za-z0-9_])" + $f + "([^A-Za-z0-9_]|$)")) | ._gvid];
def node($f): (gvid($f)[0]) as $g | [nodes | select(._gvid == $g)][0];
def clusters($g): [.objects[:(._subgraph_cnt // 0)][]
	| select(.name | startswith("cluster"))
	| select(any(.nodes[]?; . == $g)) | .name];
def edge($a; $b): (gvid($a)[0]) as $x | (gvid($b)[0]) as $y |
	[.edges[]? | select(.tail == $x and .head == $y)];
'

# dot_is FILE FILTER VALUE: jq FILTER over "dot -Tjson0 FILE" is VALUE.
dot_is() {
	local got
	got=$(dot -Tjson0 "$1" 2>/dev/null | jq -cS "$JQ_DOT $2" 2>&1)
	if [ "$got" = "$3" ]; then
		return 0
	fi
	echo "#  $2: got $got, expected $3"
	return 1
}

expect_success "export dot --from entry --to target_fn" \
	cr -d "$db" export --format dot --from entry --to target_fn
both=$TMP/both.dot
cp "$OUT" "$both"
expect_success "dot -Tsvg accepts it" dot -Tsvg "$both"
check "it has clusters" grep -Eq 'subgraph[[:space:]]+"?cluster' "$both"
check "dot: one node per function" dot_is "$both" \
	'[gvid("entry"), gvid("mid"), gvid("inner"), gvid("target_fn")] | map(length)' \
	'[1,1,1,1]'
check "dot: four nodes, three edges" dot_is "$both" \
	'[([nodes] | length), (.edges // [] | length)]' '[4,3]'
check "dot: the source is a box" dot_is "$both" 'node("entry").shape' '"box"'
check "dot: the target is a double octagon" dot_is "$both" \
	'node("target_fn").shape' '"doubleoctagon"'
check "dot: main.c and lib.c functions in different clusters" dot_is "$both" \
	'(clusters(gvid("entry")[0]) | length > 0) and (clusters(gvid("entry")[0]) != clusters(gvid("mid")[0]))' \
	'true'
check "dot: lib.c functions in one cluster" dot_is "$both" \
	'[clusters(gvid("mid")[0]), clusters(gvid("inner")[0]), clusters(gvid("target_fn")[0])] | (.[0] | length > 0) and (unique | length == 1)' \
	'true'
check "dot: the edge entry -> mid is labelled with both call sites" \
	dot_is "$both" \
	'edge("entry"; "mid") | length == 1 and (.[0].label | test("7:2") and test("9:3"))' \
	'true'
check "dot: the edge mid -> inner is labelled with its call site" \
	dot_is "$both" 'edge("mid"; "inner")[0].label | test("18:2")' 'true'

# dot_one_way OPTION FUNCTION COUNTS WHAT NAME SHAPE: the DOT export with
# only --from or only --to FUNCTION has COUNTS ("[nodes,edges]"), "dot
# -Tsvg" accepts it, and the node NAME (WHAT) has the SHAPE.
dot_one_way() {
	local opt=$1 fn=$2 counts=$3 what=$4 name=$5 shape=$6 dot=$TMP/$1.dot
	expect_success "export dot --$opt $fn" \
		cr -d "$db" export --format dot "--$opt" "$fn"
	cp "$OUT" "$dot"
	expect_success "dot -Tsvg accepts the --$opt export" dot -Tsvg "$dot"
	check "dot --$opt: [nodes,edges] = $counts" dot_is "$dot" \
		'[([nodes] | length), (.edges // [] | length)]' "$counts"
	check "dot --$opt: $what has the shape $shape" dot_is "$dot" \
		"node(\"$name\").shape" "\"$shape\""
}
dot_one_way from entry '[6,5]' "the external function" unrelated ellipse
dot_one_way to target_fn '[5,4]' "the target" target_fn doubleoctagon

# SVG
expect_success "export svg" \
	cr -d "$db" export --format svg --from entry --to target_fn &&
	check "svg output is SVG" \
		eval 'head -c 200 "$OUT" | grep -q "^<?xml" || grep -q "<svg" "$OUT"' &&
	check "svg shows the functions" \
		eval 'grep -q entry "$OUT" && grep -q target_fn "$OUT"'

# -o FILE
expect_success "export dot -o FILE" \
	cr -d "$db" export --format dot --from entry --to target_fn -o "$TMP/o.dot"
check "-o wrote the DOT file" compare "$both" "$TMP/o.dot"
expect_success "export json -o FILE" \
	cr -d "$db" export --format json --from entry --to target_fn -o "$TMP/o.json"
jq -cS . "$TMP/both.json" >"$TMP/both.norm" 2>/dev/null
jq -cS . "$TMP/o.json" >"$TMP/o.norm" 2>/dev/null
check "-o wrote the JSON file" eval 'test -s "$TMP/o.norm" && compare "$TMP/both.norm" "$TMP/o.norm"'
expect_success "export svg -o FILE" \
	cr -d "$db" export --format svg --from entry --to target_fn -o "$TMP/o.svg"
check "-o wrote the SVG file" grep -q "<svg" "$TMP/o.svg"
check "-o leaves no temporary file" eval '! ls "$TMP" | grep -q "\.tmp\."'
mkfifo "$TMP/pipe"
timeout 60 cat "$TMP/pipe" >"$TMP/piped.dot" &
expect_success "export -o a pipe writes into the pipe" \
	cr -d "$db" export --format dot --from entry --to target_fn -o "$TMP/pipe"
wait
check "-o a pipe: the DOT file came through it" compare "$both" "$TMP/piped.dot"
check "-o a pipe: the pipe is still a pipe" test -p "$TMP/pipe"

finish

#!/bin/bash
# t060-paths: path ids and the search budget.
#
# A path id is the 64-bit FNV-1a hash of the path's canonical function
# names joined by newlines, as 16 hex digits: the same path in another
# build of the same code (here: only line numbers changed) has the same id.
# When --budget runs out, the listing is truncated and the count is a
# lower bound.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

cases=$TESTS_DIR/cases/paths-order
mkdir -p "$TMP/v1" "$TMP/v2" "$TMP/clique"
cp "$cases/order.c" "$TMP/v1/order.c"
{
	printf '/*\n * The same program as order.c, every line moved down\n'
	printf ' * by seven lines.\n *\n *\n *\n */\n'
	cat "$cases/order.c"
} >"$TMP/v2/order.c"
check "sources compile" build_sources "$TMP/v1"
check "shifted sources compile" build_sources "$TMP/v2"
expect_success "ingest build 1" cr -d "$TMP/v1.db" ingest "$TMP/v1"
expect_success "ingest build 2" cr -d "$TMP/v2.db" ingest "$TMP/v2"

expect_success "reach in build 1" cr -d "$TMP/v1.db" reach --format json root goal
line1=$(jq_out '.hops[0].line')
expect_success "reach in build 2" cr -d "$TMP/v2.db" reach --format json root goal
line2=$(jq_out '.hops[0].line')
check "the call sites moved by seven lines" \
	test "${line1:-x}" != x -a "${line2:-x}" = "$((${line1:-0} + 7))"

expect_success "paths in build 1" cr -d "$TMP/v1.db" paths --format json --to goal
cp "$OUT" "$TMP/p1.json"
expect_success "paths in build 2" cr -d "$TMP/v2.db" paths --format json --to goal
cp "$OUT" "$TMP/p2.json"
jq -c '[.paths[] | [.id, .functions]]' "$TMP/p1.json" >"$TMP/ids1" 2>/dev/null
jq -c '[.paths[] | [.id, .functions]]' "$TMP/p2.json" >"$TMP/ids2" 2>/dev/null
check "seven paths listed" test "$(jq -c '.paths | length' "$TMP/p1.json" 2>/dev/null)" = 7
check "same paths and ids in both builds" \
	eval 'test -s "$TMP/ids1" && compare "$TMP/ids1" "$TMP/ids2"'
check "ids are distinct" \
	test "$(jq -c '[.paths[].id] | unique | length' "$TMP/p1.json" 2>/dev/null)" = 7

# every id is the FNV-1a hash of the names joined by newlines
n=0
bad=0
while IFS=$'\t' read -r id names; do
	n=$((n + 1))
	want=$(fnv1a64 "$(printf '%s' "$names" | tr ' ' '\n')")
	if [ "$id" != "$want" ]; then
		echo "#  path '$names': id $id, expected $want"
		bad=$((bad + 1))
	fi
	case $id in
	[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]) ;;
	*)
		echo "#  id '$id' is not 16 lowercase hex digits"
		bad=$((bad + 1))
		;;
	esac
done < <(jq -r '.paths[] | [.id, (.functions | join(" "))] | @tsv' "$TMP/p1.json" 2>/dev/null)
check "ids are FNV-1a of the names joined by newlines" test "$n" -eq 7 -a "$bad" -eq 0

# ids use canonical names: a static function's id includes its unit
cat >"$TMP/clique/st.c" <<'EOF'
/* t060: a path through a static function: caller -> st.c:hidden -> sink_fn */
extern void sink_fn(void);

static void __attribute__((noinline)) hidden(void)
{
	sink_fn();
}

void caller(void)
{
	hidden();
}
EOF
cp "$cases/clique.c" "$TMP/clique/"
check "clique sources compile" build_sources "$TMP/clique"
expect_success "ingest the clique" cr -d "$TMP/c.db" ingest "$TMP/clique"
expect_success "paths through a static function" \
	cr -d "$TMP/c.db" paths --format json --from caller --to sink_fn &&
	check "the id hashes the canonical names" jq_is '[.paths[].id]' \
		"[\"$(fnv1a64 "$(printf 'caller\nst.c:hidden\nsink_fn')")\"]"

# --budget: the clique has 16 paths; a budget of one step cannot find them
cr -d "$TMP/c.db" paths --format json --budget 1 --from kr --to kgoal \
	>"$OUT" 2>"$ERR" </dev/null
rc=$?
check "--budget 1: exit 0 or 1" test "$rc" -eq 0 -o "$rc" -eq 1
check "--budget 1: truncated, and the count a lower bound" \
	jq_is '{truncated, count_exact, bound: (.count <= 16)}' \
	'{"bound":true,"count_exact":false,"truncated":true}'
expect_success "--budget large enough" \
	cr -d "$TMP/c.db" paths --format json --count --budget 1000000 --from kr --to kgoal &&
	check "--budget large enough: exact count" \
		jq_is '{count, count_exact, truncated}' \
		'{"count":16,"count_exact":true,"truncated":false}'
expect_exit 2 "--budget abc: exit 2" \
	cr -d "$TMP/c.db" paths --budget abc --from kr --to kgoal

finish

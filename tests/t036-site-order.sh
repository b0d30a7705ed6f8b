#!/bin/bash
# t036-site-order: the call sites of each edge in order of line and
# column, for a caller with 100 sites (sorted in runs, then merged) and
# one with 4, after a first load and after a re-ingest (which reads the
# sites back from the database and sorts them again).

# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"

require_callreach

tree=$TMP/tree
mkdir -p "$tree"
# many calls f1, f2 or f3 twice on each of 50 lines (4 to 53), the
# callees picked by a rule that mixes them; expected/fN lists the lines
# of its calls, in order, once per call
{
	echo "extern void f1(int), f2(int), f3(int);"
	echo "void many(int x)"
	echo "{"
	for i in $(seq 1 50); do
		a=$(((i * 7) % 3 + 1)) b=$(((i * 5) % 3 + 1))
		echo "    f$a(x + $i); f$b(x - $i);"
		echo "$((i + 3))" >>"$TMP/f$a.lines"
		echo "$((i + 3))" >>"$TMP/f$b.lines"
	done
	echo "}"
	echo "void few(int x)"
	echo "{"
	echo "    f3(x); f3(x + 1);"
	echo "    f3(x + 2);"
	echo "    f3(x + 3);"
	echo "}"
} >"$tree/many.c"
echo "void other(void) { }" >"$tree/other.c"
check "sources compile" build_sources "$tree"
db=$TMP/t.db

# sites_ok FROM CALLEE LINES: in the JSON export from FROM, the sites of
# the edge to CALLEE are in order of line and column, on the lines listed
# in the file LINES (as a JSON array), one per call
sites_ok() {
	local want
	want=$(jq -cs . "$3")
	jq_is "[.edges[] | select(.callee == \"$2\") | .sites[]]
		| ([.[] | [.line, .col]] | . == sort) and ([.[].line] == $want)" \
		true
}

for when in "a first load" "a re-ingest"; do
	if [ "$when" = "a re-ingest" ]; then
		echo "void other(void) { other(); }" >"$tree/other.c"
		check "other.c changed" build_sources "$tree"
	fi
	expect_success "ingest ($when)" cr -d "$db" ingest "$tree"
	expect_success "export from many ($when)" \
		cr -d "$db" export --format json --from many &&
		for f in f1 f2 f3; do
			check "many -> $f: its sites in order ($when)" \
				sites_ok many "$f" "$TMP/$f.lines"
		done
	check "many: 100 sites in all ($when)" \
		jq_is '[.edges[] | select(.caller == "many") | .sites[]] | length' 100
	printf '%s\n' 57 57 58 59 >"$TMP/few.lines"
	expect_success "export from few ($when)" \
		cr -d "$db" export --format json --from few &&
		check "few -> f3: its 4 sites in order ($when)" \
			sites_ok few f3 "$TMP/few.lines"
done

finish

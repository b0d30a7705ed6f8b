#!/bin/bash
# t080-gate: baseline save, gate and diff on builds of small programs.
#
# The gated program (entries api_*, target kalloc):
#
#   api.c    api_open -> work;  api_read -> log_it, side_path
#   work.c   work -> kalloc;  side_path -> kalloc;  log_it (no call)
#   alloc.c  kalloc
#
# Build A has two paths, api_open > work > kalloc (PROB_SAFE by rule) and
# api_read > side_path > kalloc (UNSAFE by rule).  Build B is A with
# comment lines added at the top of every file (line numbers move, names
# do not).  Build C adds the call log_it -> kalloc: one new path,
# api_read > log_it > kalloc, that no rule decides.
#
# The incomplete-listing program (entries api_*, targets kalloc, kzalloc):
#
#   api.c    api_a -> conv, deep;  api_b -> mid_b
#   mid.c    mid_b -> conv;  conv -> kzalloc  (head: conv -> deep too)
#   deep.c   deep -> kalloc, deep_sub;  deep_sub -> kalloc
#
# Its base has four paths; --limit 1 lists one, so the gate decides from
# reachable pairs and call edges.  The head's conv -> deep makes the pair
# (api_b, kalloc) reachable and adds one call edge, conv -> deep.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

A=$TMP/A
mkdir -p "$A"
cat >"$A/api.c" <<'EOF'
/* t080: the entry points. */
extern int work(int), log_it(int), side_path(int);

int api_open(int n)
{
	return work(n) + 1;
}

int api_read(int n)
{
	return log_it(n) + side_path(n);
}
EOF
cat >"$A/work.c" <<'EOF'
/* t080: work and side_path allocate; log_it does not (yet). */
extern void *kalloc(int);
extern volatile int sink;

int work(int n)
{
	return kalloc(n) != 0;
}

int log_it(int n)
{
	sink += n;
	return n * 2;
}

int side_path(int n)
{
	sink -= n;
	return kalloc(n) != 0;
}
EOF
cat >"$A/alloc.c" <<'EOF'
/* t080: the allocator. */
volatile int sink;
static char pool[256];

void *kalloc(int n)
{
	sink++;
	return pool + (n & 255);
}
EOF

# build B: the same code, every line moved down
B=$TMP/B
mkdir -p "$B"
for f in api.c work.c alloc.c; do
	{
		printf '/*\n * t080 build B: only the line numbers move.\n */\n\n'
		cat "$A/$f"
	} >"$B/$f"
done

# build C: log_it now allocates
C=$TMP/C
mkdir -p "$C"
cp "$A/api.c" "$A/alloc.c" "$C/"
sed -e 's/log_it does not (yet)/now log_it does too/' \
	-e 's|^\tsink += n;$|&\n\tif (kalloc(n)) /* the new call */\n\t\tsink++;|' \
	"$A/work.c" >"$C/work.c"
new_line=$(grep -n 'the new call' "$C/work.c" | cut -d: -f1)

for b in A B C; do
	check "build $b compiles" build_sources "$TMP/$b"
	expect_success "ingest build $b" cr -d "$TMP/$b.db" ingest "$TMP/$b"
done

G=$TMP/gate.rules
cat >"$G" <<'EOF'
entry api_*
target kalloc
triage PROB_SAFE "work is bounded" : api_open > ... > kalloc
triage UNSAFE "side_path allocates for the guest" : ... > side_path > kalloc
EOF

# ---- baselines of A and B ----

expect_success "baseline save of build A" \
	cr -d "$TMP/A.db" baseline save --rules "$G" "$TMP/base-A.json"
expect_success "baseline save of build B" \
	cr -d "$TMP/B.db" baseline save --rules "$G" "$TMP/base-B.json"
PATHS='[.paths[] | {id, functions, verdict, reason, rule}] | sort_by(.id)'
jq -cS "$PATHS" "$TMP/base-A.json" >"$TMP/paths-A" 2>/dev/null
jq -cS "$PATHS" "$TMP/base-B.json" >"$TMP/paths-B" 2>/dev/null
check "baseline A: the two paths with their verdicts" \
	test "$(jq -c '[.paths[] | [(.functions | join(" > ")), .verdict]] | sort' \
		"$TMP/base-A.json" 2>/dev/null)" = \
	'[["api_open > work > kalloc","PROB_SAFE"],["api_read > side_path > kalloc","UNSAFE"]]'
check "baseline A: a complete listing, exact count 2" \
	test "$(jq -c '[.callreach_baseline, .path_count, .count_exact, .paths_complete]' \
		"$TMP/base-A.json" 2>/dev/null)" = '[1,2,true,true]'
check "baseline A: path ids are FNV-1a of the names" \
	test "$(jq -r '.paths[] | select(.functions == ["api_open","work","kalloc"]) | .id' \
		"$TMP/base-A.json" 2>/dev/null)" = \
	"$(fnv1a64 "$(printf 'api_open\nwork\nkalloc')")"
check "baselines A and B: same path ids, names, verdicts and rules" \
	eval 'test -s "$TMP/paths-A" && compare "$TMP/paths-A" "$TMP/paths-B"'
check "baselines A and B: same pairs and edges" \
	test "$(jq -cS '{pairs, edges}' "$TMP/base-A.json" 2>/dev/null)" = \
	"$(jq -cS '{pairs, edges}' "$TMP/base-B.json" 2>/dev/null)"
expect_success "gate build B against baseline A" \
	cr -d "$TMP/B.db" gate --format json --rules "$G" --baseline "$TMP/base-A.json" &&
	check "gate B: passes with no change" \
		jq_is '{failed, decided_by_paths, changes}' \
		'{"changes":[],"decided_by_paths":true,"failed":false}'

# ---- build C: a new path ----

W='["api_read","log_it","kalloc"]'
W_ID=$(fnv1a64 "$(printf 'api_read\nlog_it\nkalloc')")
expect_exit 1 "gate build C against baseline A fails" \
	cr -d "$TMP/C.db" gate --rules "$G" --baseline "$TMP/base-A.json" \
	--markdown "$TMP/gate.md" --junit "$TMP/junit.xml" --sarif "$TMP/gate.sarif"
check "gate C (text): names the new path" \
	grep_out 'new path.*api_read > log_it > kalloc'
check "gate C (text): shows a witness" \
	grep_out 'witness:? *api_read > log_it > kalloc'
check "gate C (text): the new call site" grep_out "work\\.c:$new_line"
expect_exit 1 "gate build C --format json" \
	cr -d "$TMP/C.db" gate --format json --rules "$G" --baseline "$TMP/base-A.json"
check "gate C (json): failed, decided by paths" \
	jq_is '{failed, decided_by_paths}' '{"decided_by_paths":true,"failed":true}'
check "gate C (json): one failing new path, its witness, id and verdict" \
	jq_is '[.changes[] | select(.kind == "new path") | {witness, id, passes, verdict}]' \
	"[{\"id\":\"$W_ID\",\"passes\":false,\"verdict\":\"UNDECIDED\",\"witness\":$W}]"
check "gate C (json): only the new path fails" \
	jq_is '[.changes[] | select(.passes | not) | .kind]' '["new path"]'
check "gate C (json): the new path's site is the new call" \
	jq_is '[.changes[] | select(.kind == "new path") | .site | {file, line}]' \
	"[{\"file\":\"work.c\",\"line\":$new_line}]"

check "--markdown written, naming the new path" \
	eval 'test -s "$TMP/gate.md" && grep -q "new path" "$TMP/gate.md" &&
	grep -Eq "log\\\\?_it" "$TMP/gate.md" && grep -q "FAIL" "$TMP/gate.md"'
if command -v xmllint >/dev/null 2>&1; then
	check "--junit: well-formed XML (xmllint)" xmllint --noout "$TMP/junit.xml"
else
	echo "# xmllint is missing: checking the JUnit file with grep only"
	check "--junit: XML declaration, balanced testsuites (no xmllint)" \
		eval 'head -n 1 "$TMP/junit.xml" | grep -q "^<?xml " &&
		test "$(grep -c "<testsuites" "$TMP/junit.xml")" = 1 &&
		test "$(grep -c "</testsuites>" "$TMP/junit.xml")" = 1 &&
		test "$(grep -c "<testcase" "$TMP/junit.xml")" = "$(grep -c "</testcase>" "$TMP/junit.xml")" &&
		! grep -Eq "&([^a-z#]|$)" "$TMP/junit.xml"'
fi
check "--junit: one <failure" test "$(grep -c "<failure" "$TMP/junit.xml")" = 1
if command -v xmllint >/dev/null 2>&1; then
	check "--junit: the failing test case is the new path" \
		test "$(xmllint --xpath 'string(//testcase[failure]/@name)' "$TMP/junit.xml" 2>/dev/null)" = \
		"api_read > log_it > kalloc"
else
	check "--junit: the failing test case is the new path (no xmllint)" \
		grep -q 'name="api_read &gt; log_it &gt; kalloc"' "$TMP/junit.xml"
fi
check "--junit: failures=\"1\"" grep -q 'failures="1"' "$TMP/junit.xml"
check "--sarif: SARIF 2.1.0" \
	test "$(jq -r .version "$TMP/gate.sarif" 2>/dev/null)" = 2.1.0
check "--sarif: an error result at the new call site" \
	test "$(jq -c '[.runs[].results[] | select(.level == "error") | .locations[].physicalLocation | {uri: .artifactLocation.uri, line: .region.startLine}]' \
		"$TMP/gate.sarif" 2>/dev/null)" = "[{\"uri\":\"work.c\",\"line\":$new_line}]"
check "--sarif: the path id is a partial fingerprint" \
	eval 'jq -r ".runs[].results[] | select(.level == \"error\") | .partialFingerprints[]" "$TMP/gate.sarif" | grep -qx "$W_ID"'

# verdicts on the new path
printf 'include gate.rules\ntriage SAFE "log_it frees it at once" : api_read > log_it > kalloc\n' \
	>"$TMP/safe.rules"
printf 'include gate.rules\ntriage PROB_SAFE "log_it frees it, probably" : api_read > log_it > kalloc\n' \
	>"$TMP/probsafe.rules"
printf 'include gate.rules\ntriage UNSAFE "log_it leaks" : api_read > log_it > kalloc\n' \
	>"$TMP/unsafe.rules"
expect_success "gate C with a SAFE rule for the new path passes" \
	cr -d "$TMP/C.db" gate --format json --rules "$TMP/safe.rules" --baseline "$TMP/base-A.json" &&
	check "SAFE: the new path is listed, passing" \
		jq_is '[.changes[] | select(.kind == "new path") | {passes, verdict}]' \
		'[{"passes":true,"verdict":"SAFE"}]'
expect_success "gate C with a PROB_SAFE rule for the new path passes" \
	cr -d "$TMP/C.db" gate --rules "$TMP/probsafe.rules" --baseline "$TMP/base-A.json"
expect_exit 1 "gate C with an UNSAFE rule for the new path fails" \
	cr -d "$TMP/C.db" gate --rules "$TMP/unsafe.rules" --baseline "$TMP/base-A.json"

# diff decides as the gate does
expect_exit 1 "diff A.db C.db fails as the gate does" \
	cr diff --format json --rules "$G" "$TMP/A.db" "$TMP/C.db" &&
	check "diff A C (json): the same failing new path" \
		jq_is '{failed, f: [.changes[] | select(.passes | not) | {kind, witness}]}' \
		"{\"f\":[{\"kind\":\"new path\",\"witness\":$W}],\"failed\":true}"
expect_success "diff A.db C.db with the SAFE rule passes" \
	cr diff --rules "$TMP/safe.rules" "$TMP/A.db" "$TMP/C.db"
expect_exit 1 "diff A.db C.db with the UNSAFE rule fails" \
	cr diff --rules "$TMP/unsafe.rules" "$TMP/A.db" "$TMP/C.db"
expect_success "diff A.db B.db: nothing new" \
	cr diff --format json --rules "$G" "$TMP/A.db" "$TMP/B.db" &&
	check "diff A B: no change" jq_is '{failed, changes}' '{"changes":[],"failed":false}'

# ---- not a baseline ----

echo '{}' >"$TMP/empty.json"
echo 'this is not JSON {' >"$TMP/garbage.json"
echo '{"callreach_baseline": 1, "paths": [{"functions": ["a"]}]}' >"$TMP/noid.json"
expect_exit 3 "gate --baseline {}: exit 3" \
	cr -d "$TMP/C.db" gate --rules "$G" --baseline "$TMP/empty.json" &&
	check "gate --baseline {}: an error naming the file" grep_err 'error:.*empty\.json'
expect_exit 3 "gate --baseline garbage: exit 3" \
	cr -d "$TMP/C.db" gate --rules "$G" --baseline "$TMP/garbage.json"
expect_exit 3 "gate --baseline with a path without id: exit 3" \
	cr -d "$TMP/C.db" gate --rules "$G" --baseline "$TMP/noid.json"
expect_exit 3 "gate --baseline of a missing file: exit 3" \
	cr -d "$TMP/C.db" gate --rules "$G" --baseline "$TMP/no-such.json"

# ---- incomplete listings: pairs and edges decide ----

D=$TMP/D
mkdir -p "$D"
cat >"$D/api.c" <<'EOF'
/* t080 incomplete: api_a -> conv, deep; api_b -> mid_b. */
extern int conv(int), deep(int), mid_b(int);

int api_a(int n)
{
	return conv(n) + deep(n);
}

int api_b(int n)
{
	return mid_b(n) + 1;
}
EOF
cat >"$D/mid.c" <<'EOF'
/* t080 incomplete: mid_b -> conv -> kzalloc. */
extern void *kzalloc(int);
extern volatile int sink;

int conv(int n)
{
	return kzalloc(n) != 0;
}

int mid_b(int n)
{
	sink++;
	return conv(n);
}
EOF
cat >"$D/deep.c" <<'EOF'
/* t080 incomplete: deep -> kalloc, deep -> deep_sub -> kalloc. */
extern void *kalloc(int);
extern volatile int sink;

int deep_sub(int n)
{
	return kalloc(n) != 0;
}

int deep(int n)
{
	if (kalloc(n))
		sink++;
	return deep_sub(n);
}
EOF
cat >"$D/alloc.c" <<'EOF'
/* t080 incomplete: the allocators. */
volatile int sink;
static char pool[256];

void *kalloc(int n)
{
	sink++;
	return pool + (n & 255);
}

void *kzalloc(int n)
{
	sink--;
	return pool + (n & 127);
}
EOF
H=$TMP/H
mkdir -p "$H"
cp "$D/api.c" "$D/deep.c" "$D/alloc.c" "$H/"
sed -e '1s|.*|/* t080 incomplete, head: mid_b -> conv -> kzalloc; conv -> deep too. */|' \
	-e 's/^extern volatile int sink;$/extern int deep(int);\n&/' \
	-e 's/return kzalloc(n) != 0;/return (kzalloc(n) != 0) + deep(n);/' \
	"$D/mid.c" >"$H/mid.c"
check "incomplete: base compiles" build_sources "$D"
check "incomplete: head compiles" build_sources "$H"
expect_success "incomplete: ingest base" cr -d "$TMP/D.db" ingest "$D"
expect_success "incomplete: ingest head" cr -d "$TMP/H.db" ingest "$H"

I0=$TMP/inc.rules
printf 'entry api_*\ntarget kalloc kzalloc\n' >"$I0"
expect_success "incomplete: the base has four paths" \
	cr -d "$TMP/D.db" paths --count --format json --rules "$I0" &&
	check "incomplete: four paths, exactly" jq_is '{count, count_exact}' \
		'{"count":4,"count_exact":true}'
expect_success "incomplete: baseline save --limit 1" \
	cr -d "$TMP/D.db" baseline save --limit 1 --rules "$I0" "$TMP/base-D.json"
check "incomplete: the baseline says its listing is incomplete" \
	test "$(jq -c '[.paths_listed, (.paths | length), .paths_complete, (.pairs | length)]' \
		"$TMP/base-D.json" 2>/dev/null)" = '[1,0,false,3]'

# No rule: the new pair and the new edge fail.
expect_exit 1 "incomplete, no rule: the gate fails" \
	cr -d "$TMP/H.db" gate --limit 1 --format json --rules "$I0" --baseline "$TMP/base-D.json" &&
	check "incomplete: decided from pairs and edges; the new pair and edge fail" \
		jq_is '{failed, decided_by_paths, c: [.changes[] | {kind, what, passes}]}' \
		'{"c":[{"kind":"newly reachable pair","passes":false,"what":"api_b -> kalloc"},{"kind":"new call edge","passes":false,"what":"conv -> deep"}],"decided_by_paths":false,"failed":true}'
expect_exit 1 "incomplete (text)" \
	cr -d "$TMP/H.db" gate --limit 1 --rules "$I0" --baseline "$TMP/base-D.json" &&
	check "incomplete (text): says it decided from pairs and edges" \
		grep_out 'pairs and (call )?edges'

# The edge's witness starts at api_a (the only shortest way to conv);
# the pair's at api_b.  "... > conv > deep > ..." covers every path
# through the edge; "api_b > ... > kalloc", written later and as
# specific, decides the pair's witness and covers the pair.
printf 'include inc.rules\ntriage SAFE "conv may call deep" : ... > conv > deep > ...\n' \
	>"$TMP/inc-edge.rules"
printf 'include inc-edge.rules\ntriage SAFE "api_b may reach kalloc" : api_b > ... > kalloc\n' \
	>"$TMP/inc-pair.rules"
printf 'include inc-edge.rules\ntriage UNSAFE "api_b must not reach kalloc" : api_b > ... > kalloc\n' \
	>"$TMP/inc-pair-unsafe.rules"
expect_success "incomplete: a covered new pair (and edge) passes" \
	cr -d "$TMP/H.db" gate --limit 1 --format json --rules "$TMP/inc-pair.rules" \
	--baseline "$TMP/base-D.json" &&
	check "incomplete, covered: both changes pass" \
		jq_is '{failed, decided_by_paths, c: [.changes[] | {kind, passes, verdict}]}' \
		'{"c":[{"kind":"newly reachable pair","passes":true,"verdict":"SAFE"},{"kind":"new call edge","passes":true,"verdict":"SAFE"}],"decided_by_paths":false,"failed":false}'
expect_exit 1 "incomplete: a new pair decided by an edge rule is not covered" \
	cr -d "$TMP/H.db" gate --limit 1 --format json --rules "$TMP/inc-edge.rules" \
	--baseline "$TMP/base-D.json" &&
	check "incomplete, uncovered: the pair fails although its witness is SAFE" \
		jq_is '[.changes[] | {kind, passes, verdict}]' \
		'[{"kind":"newly reachable pair","passes":false,"verdict":"SAFE"},{"kind":"new call edge","passes":true,"verdict":"SAFE"}]'
expect_exit 1 "incomplete: a new pair with an UNSAFE pair rule fails" \
	cr -d "$TMP/H.db" gate --limit 1 --rules "$TMP/inc-pair-unsafe.rules" \
	--baseline "$TMP/base-D.json"
expect_exit 1 "incomplete: diff decides as the gate (uncovered)" \
	cr diff --limit 1 --rules "$TMP/inc-edge.rules" "$TMP/D.db" "$TMP/H.db"
expect_success "incomplete: diff decides as the gate (covered)" \
	cr diff --limit 1 --rules "$TMP/inc-pair.rules" "$TMP/D.db" "$TMP/H.db"

# A pair rule must cover every path of the pair: deep becomes an entry of
# the base build (no code change, so no new edge).  deep reaches kalloc
# directly and through deep_sub; "deep > kalloc" decides the witness
# (the direct call) but not deep > deep_sub > kalloc, so it does not
# cover the pair; "deep > ... > kalloc" does.
printf 'include inc.rules\nentry deep\ntriage SAFE "the direct call only" : deep > kalloc\n' \
	>"$TMP/deep-direct.rules"
printf 'include inc.rules\nentry deep\ntriage SAFE "every path" : deep > ... > kalloc\n' \
	>"$TMP/deep-all.rules"
expect_success "incomplete: a new entry's pair covered by 'deep > ... > kalloc' passes" \
	cr -d "$TMP/D.db" gate --limit 1 --format json --rules "$TMP/deep-all.rules" \
	--baseline "$TMP/base-D.json" &&
	check "incomplete, new entry: one passing new pair" \
		jq_is '[.changes[] | {kind, what, passes}]' \
		'[{"kind":"newly reachable pair","passes":true,"what":"deep -> kalloc"}]'
expect_exit 1 "incomplete: 'deep > kalloc' does not cover deep > deep_sub > kalloc" \
	cr -d "$TMP/D.db" gate --limit 1 --format json --rules "$TMP/deep-direct.rules" \
	--baseline "$TMP/base-D.json"

finish

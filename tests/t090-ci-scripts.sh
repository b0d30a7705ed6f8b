#!/bin/bash
# t090-ci-scripts: ci-scripts/merge-gate.sh, nightly.sh, build-callgraph.sh
# and gitlab-ci.yml, on the example program (tests/example).
#
# With example.rules (entries do_*, targets alloc_domheap_pages,
# alloc_xenheap_pages, _xmalloc, _xzalloc, stopping at _xmalloc, _xzalloc
# and alloc_xenheap_pages) the example has four paths:
#
#   do_memory_op > memory.c:populate_physmap > alloc_domheap_pages     PROB_SAFE
#   do_memory_op > memory.c:memory_exchange > _xmalloc                 SAFE
#   do_memory_op > memory.c:memory_exchange > memory.c:populate_physmap
#                > alloc_domheap_pages                                  PROB_SAFE
#   do_event_channel_op > event.c:get_bucket > _xzalloc                UNSAFE
#
# The head of the merge request makes do_xen_version call _xmalloc: one
# new path, do_xen_version > _xmalloc, that no rule decides.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

# The scripts run the binary under test, and build with their own flags
# (not those of a "make check" this may run under).
export CALLREACH
unset CALLREACH_BUILD CFLAGS MAKEFLAGS MFLAGS MAKELEVEL
SCRIPTS=$REPO_DIR/ci-scripts
EX=$TESTS_DIR/example
RULES=$EX/example.rules

# copy_example DIR: a clean copy of the example's sources in DIR.
copy_example() {
	mkdir -p "$1" &&
		cp "$EX"/*.c "$EX"/*.h "$EX"/Makefile "$1"/ &&
		rm -f "$1"/*.o "$1"/*.ci
}

base=$TMP/base
head=$TMP/head
check "copy the example as base" copy_example "$base"
check "copy the example as head" copy_example "$head"
sed -i '/^long do_xen_version(long arg)$/,/^}$/s/^\treturn arg;$/\treturn (long)_xmalloc((unsigned long)arg, 8); \/* new call *\//' \
	"$head/console.c"
new_line=$(grep -n 'new call' "$head/console.c" | cut -d: -f1)
check "head: do_xen_version now calls _xmalloc" test -n "$new_line"

# ---- merge-gate.sh ----

out=$TMP/out
expect_exit 1 "merge-gate.sh: the new path fails the gate" \
	"$SCRIPTS/merge-gate.sh" --rules "$RULES" "$base" "$head" "$out"
check "merge-gate.sh: gate output names the new path" \
	grep_out 'do_xen_version > _xmalloc'
missing=
for f in gate.md junit.xml gate.sarif baseline.json; do
	[ -s "$out/$f" ] || missing="$missing $f"
done
check "merge-gate.sh: OUT holds gate.md, junit.xml, gate.sarif, baseline.json${missing:+ (missing:$missing)}" \
	test -z "$missing"
check "baseline.json: the base's four paths and verdicts" \
	test "$(jq -c '[.paths[] | [(.functions | join(" > ")), .verdict]] | sort' \
		"$out/baseline.json" 2>/dev/null)" = \
	'[["do_event_channel_op > event.c:get_bucket > _xzalloc","UNSAFE"],["do_memory_op > memory.c:memory_exchange > _xmalloc","SAFE"],["do_memory_op > memory.c:memory_exchange > memory.c:populate_physmap > alloc_domheap_pages","PROB_SAFE"],["do_memory_op > memory.c:populate_physmap > alloc_domheap_pages","PROB_SAFE"]]'
if command -v xmllint >/dev/null 2>&1; then
	check "junit.xml: well-formed XML (xmllint)" xmllint --noout "$out/junit.xml"
	check "junit.xml: the failing test case is the new path" \
		test "$(xmllint --xpath 'string(//testcase[failure]/@name)' "$out/junit.xml" 2>/dev/null)" = \
		"do_xen_version > _xmalloc"
else
	echo "# xmllint is missing: checking junit.xml with grep only"
	check "junit.xml: an XML declaration and one <testsuites> (no xmllint)" \
		eval 'head -n 1 "$out/junit.xml" | grep -q "^<?xml " &&
		test "$(grep -c "</testsuites>" "$out/junit.xml")" = 1'
	check "junit.xml: the new path's test case (no xmllint)" \
		grep -q 'name="do_xen_version &gt; _xmalloc"' "$out/junit.xml"
fi
check "junit.xml: exactly one <failure" test "$(grep -c '<failure' "$out/junit.xml")" = 1
check "gate.md: names the new path" \
	grep -Eq 'do\\?_xen\\?_version' "$out/gate.md"
check "gate.sarif: an error result at the new call in console.c" \
	test "$(jq -c '[.runs[].results[] | select(.level == "error") | .locations[].physicalLocation | {uri: .artifactLocation.uri, line: .region.startLine}]' \
		"$out/gate.sarif" 2>/dev/null)" = "[{\"uri\":\"console.c\",\"line\":$new_line}]"

printf 'triage SAFE "the version buffer is freed by the caller" : do_xen_version > _xmalloc\n' \
	>"$TMP/safe.rules"
expect_success "merge-gate.sh with a second rules file making the new path SAFE" \
	"$SCRIPTS/merge-gate.sh" --rules "$RULES" --rules "$TMP/safe.rules" \
	"$base" "$head" "$TMP/out2"
check "merge-gate.sh, SAFE: junit.xml without a failure" \
	eval 'test -s "$TMP/out2/junit.xml" && ! grep -q "<failure" "$TMP/out2/junit.xml"'
expect_exit 2 "merge-gate.sh with two arguments: usage error" \
	"$SCRIPTS/merge-gate.sh" --rules "$RULES" "$base" "$head"

# ---- nightly.sh ----

root=$TMP/nightly
expect_success "nightly.sh, first night" \
	env NIGHTLY_DATE=2026-01-02 "$SCRIPTS/nightly.sh" --rules "$RULES" "$base" "$root"
day=$root/2026-01-02
missing=
for f in check.txt check.json baseline.json stats.json graph.dot; do
	[ -s "$day/$f" ] || missing="$missing $f"
done
check "nightly.sh: ROOT/2026-01-02 holds check.txt, check.json, baseline.json, stats.json, graph.dot${missing:+ (missing:$missing)}" \
	test -z "$missing"
check "nightly.sh: check.json: four paths, by verdict" \
	test "$(jq -cS '{count, by_verdict}' "$day/check.json" 2>/dev/null)" = \
	'{"by_verdict":{"PROB_SAFE":2,"SAFE":1,"UNDECIDED":0,"UNSAFE":1},"count":4}'
check "nightly.sh: check.txt lists the UNSAFE path" \
	grep -q 'do_event_channel_op > event.c:get_bucket > _xzalloc' "$day/check.txt"
check "nightly.sh: baseline.json is a baseline of four paths" \
	json_is "$day/baseline.json" '[.callreach_baseline, (.paths | length)]' '[1,4]'
check "nightly.sh: stats.json: five units" \
	test "$(jq -c .units "$day/stats.json" 2>/dev/null)" = 5
check "nightly.sh: graph.dot is a graph of the paths" \
	eval 'grep -q digraph "$day/graph.dot" && grep -q do_event_channel_op "$day/graph.dot"'
if command -v dot >/dev/null 2>&1; then
	check "nightly.sh: graph.dot is valid DOT" eval 'dot -Tcanon "$day/graph.dot" >/dev/null'
fi
check "nightly.sh: one line in history.jsonl" \
	test "$(wc -l <"$root/history.jsonl" 2>/dev/null)" = 1
expect_success "nightly.sh, second night" \
	env NIGHTLY_DATE=2026-01-03 "$SCRIPTS/nightly.sh" --rules "$RULES" "$base" "$root"
check "nightly.sh: ROOT/2026-01-03 made" test -s "$root/2026-01-03/check.json"
check "nightly.sh: two lines in history.jsonl, one per night" \
	test "$(jq -cS '{date, count, by_verdict}' "$root/history.jsonl" 2>/dev/null | tr '\n' ' ')" = \
	'{"by_verdict":{"PROB_SAFE":2,"SAFE":1,"UNDECIDED":0,"UNSAFE":1},"count":4,"date":"2026-01-02"} {"by_verdict":{"PROB_SAFE":2,"SAFE":1,"UNDECIDED":0,"UNSAFE":1},"count":4,"date":"2026-01-03"} '
check "nightly.sh: each history line is one JSON object" \
	test "$(wc -l <"$root/history.jsonl" 2>/dev/null)" = 2

# ---- build-callgraph.sh ----

tree=$TMP/tree
check "copy the example as a fresh tree" copy_example "$tree"
expect_success "build-callgraph.sh TREE DB" \
	"$SCRIPTS/build-callgraph.sh" --label example-tree "$tree" "$TMP/tree.db"
check "build-callgraph.sh: one .ci file per unit" \
	test "$(find "$tree" -name '*.ci' | wc -l)" = 5
expect_success "stats of the ingested tree" cr -d "$TMP/tree.db" stats --format json &&
	check "build-callgraph.sh: five units, the label" jq_is '{units, label: .label}' \
		'{"label":"example-tree","units":5}'
expect_success "the ingested tree answers do_memory_op -> _xmalloc" \
	cr -d "$TMP/tree.db" reach do_memory_op _xmalloc

# a Xen tree (xen/Makefile) for another architecture is cross-built
xen=$TMP/xen-tree
mkdir -p "$xen/xen" "$TMP/cross-bin"
printf 'void *_xmalloc(unsigned long n);\nlong do_memory_op(void) { return _xmalloc(8) != 0; }\n' \
	>"$xen/xen/a.c"
cat >"$xen/xen/Makefile" <<'EOF'
build:
	echo "$(XEN_TARGET_ARCH) $(CROSS_COMPILE)" >build.vars
	gcc -O1 $(EXTRA_CFLAGS_XEN_CORE) -c a.c -o a.o
defconfig:
	echo CONFIG_X=y >.config
EOF
case $(uname -m) in
aarch64) native=arm64 other=x86_64 cross=x86_64-linux-gnu- ;;
*) native=x86_64 other=arm64 cross=aarch64-linux-gnu- ;;
esac
printf '#!/bin/sh\nexit 0\n' >"$TMP/cross-bin/${cross}gcc"
chmod +x "$TMP/cross-bin/${cross}gcc"
expect_success "build-callgraph.sh: a Xen tree for $native" \
	env -u CROSS_COMPILE "$SCRIPTS/build-callgraph.sh" --arch "$native" \
	--config defconfig "$xen" "$TMP/xen-native.db"
check "... is built natively, with the call-graph flag" \
	test "$(cat "$xen/xen/build.vars")" = "$native " -a -s "$xen/xen/a.ci"
expect_success "build-callgraph.sh: a Xen tree for $other" \
	env -u CROSS_COMPILE PATH="$TMP/cross-bin:$PATH" \
	"$SCRIPTS/build-callgraph.sh" --arch "$other" "$xen" "$TMP/xen-other.db"
check "... is cross-built with $cross" \
	test "$(cat "$xen/xen/build.vars")" = "$other $cross"
check "... and labelled xen-$other" \
	test "$(cr -d "$TMP/xen-other.db" stats --format json | jq -r .label)" = "xen-$other"
expect_exit 3 "build-callgraph.sh: a missing cross compiler" \
	env CROSS_COMPILE=nosuch- "$SCRIPTS/build-callgraph.sh" --arch "$other" \
	"$xen" "$TMP/xen-none.db"
check "... says what to install" grep_err 'nosuch-gcc not found to build for .*install-deps.sh --cross'

# ---- gitlab-ci.yml ----

yml=$SCRIPTS/gitlab-ci.yml
check "gitlab-ci.yml mentions parallel:matrix" \
	eval 'grep -q "parallel:" "$yml" && grep -q "matrix:" "$yml"'
check "gitlab-ci.yml keeps a JUnit report" grep -q 'junit:' "$yml"
check "gitlab-ci.yml runs nightly.sh and merge-gate.sh" \
	eval 'grep -q "nightly\.sh" "$yml" && grep -q "merge-gate\.sh" "$yml"'
if python3 -c 'import yaml' 2>/dev/null; then
	check "gitlab-ci.yml is valid YAML, with a matrix, both scripts and a junit report" \
		python3 - "$yml" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
assert isinstance(doc, dict), "not a mapping"
jobs = {k: v for k, v in doc.items() if isinstance(v, dict)}
matrix = [v["parallel"]["matrix"] for v in jobs.values()
          if isinstance(v.get("parallel"), dict) and "matrix" in v["parallel"]]
assert matrix and all(isinstance(m, list) and m for m in matrix), "no parallel:matrix"
scripts = " ".join(" ".join(v.get("script", [])) for v in jobs.values())
assert "nightly.sh" in scripts and "merge-gate.sh" in scripts, "scripts missing"
junit = [v["artifacts"]["reports"]["junit"] for v in jobs.values()
         if isinstance(v.get("artifacts"), dict)
         and isinstance(v["artifacts"].get("reports"), dict)
         and "junit" in v["artifacts"]["reports"]]
assert junit, "no artifacts:reports:junit"
EOF
else
	echo "# python3 yaml is missing: gitlab-ci.yml checked with grep only"
fi

finish

#!/bin/bash
# "callreach report" over several databases: one site with a page per
# build, the overview of builds x targets and what some builds have and
# others lack, each with a witness path and the first build having it.
#   - two releases of a small program built here: a path new in the second
#     is "first in" it, a path gone from it is in the first only;
#   - bad input: builds without a label or sharing one, --baseline per
#     database, -d with databases, a missing database;
#   - one database as an argument is the report of "-d DB";
#   - the real Xen 4.21.1 x86_64 and arm64 defconfig builds: headless
#     Chromium shows every build's label and a site only arm64 has.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach
export SOURCE_DATE_EPOCH=1767225600

# --- two releases ----------------------------------------------------------------
mkdir -p "$TMP/r1" "$TMP/r2"
cat >"$TMP/r1/app.c" <<'EOS'
void *xalloc(unsigned long n);
static long helper(int x) { return xalloc((unsigned long)x) != 0; }
static long legacy(int x) { return xalloc(64) != 0 && x; }
long do_op(int x) { return x ? helper(x) : legacy(x); }
long do_query(int x) { return x; }
EOS
cat >"$TMP/r2/app.c" <<'EOS'
void *xalloc(unsigned long n);
static long helper(int x) { return xalloc((unsigned long)x) != 0; }
static long cache_fill(int x) { return xalloc(4096) != 0 && x; }
long do_op(int x) { return helper(x); }
long do_query(int x) { return cache_fill(x); }
EOS
cat >"$TMP/app.rules" <<'EOS'
target xalloc
entry do_*
triage SAFE "freed before the call returns" : do_op > app.c:helper > xalloc
EOS
build_sources "$TMP/r1" && build_sources "$TMP/r2"
cr -d "$TMP/r1.db" ingest --label app-1.0 "$TMP/r1" >/dev/null
cr -d "$TMP/r2.db" ingest --label app-1.1 "$TMP/r2" >/dev/null
expect_success "releases: a report of two builds" \
	cr report --rules "$TMP/app.rules" --out "$TMP/rel" "$TMP/r1.db" "$TMP/r2.db"
check "releases: it names the overview and both builds' sites" \
	grep_out '^report .*/rel/index.html: 2 builds$'
json=$TMP/rel/builds.json
check "releases: the builds in the order given" \
	json_is "$json" '[.builds[] | [.label, .page]]' \
	'[["app-1.0","build-1/index.html"],["app-1.1","build-2/index.html"]]'
check "releases: counts per build and target" \
	json_is "$json" '[.builds[].targets[] | [.target, .entries, .sites, .paths, .by_verdict.SAFE, .by_verdict.UNDECIDED]]' \
	'[["xalloc",1,2,2,1,1],["xalloc",2,2,2,1,1]]'
check "releases: the new path is first in 1.1, with its verdict" \
	json_is "$json" '.differences.paths[] | select(.first == "app-1.1") | [.calls, .in, .not_in, .verdict]' \
	'[["do_query","app.c:cache_fill","xalloc"],["app-1.1"],["app-1.0"],"UNDECIDED"]'
check "releases: the path gone in 1.1 is in 1.0 only" \
	json_is "$json" '[.differences.paths[] | select(.first == "app-1.0") | .calls]' \
	'[["do_op","app.c:legacy","xalloc"]]'
check "releases: the new pair, with a witness path" \
	json_is "$json" '.differences.pairs' \
	'[{"calls":["do_query","xalloc"],"first":"app-1.1","in":["app-1.1"],"not_in":["app-1.0"],"witness":["do_query","app.c:cache_fill","xalloc"],"verdict":"UNDECIDED"}]'
check "releases: the sites of each release" \
	json_is "$json" '[.differences.sites[] | [.calls[0], .first]]' \
	'[["app.c:legacy","app-1.0"],["app.c:cache_fill","app-1.1"]]'
check "releases: the path shared by both is no difference" \
	test "$(jq '[.differences.paths[] | select(.calls[1] == "app.c:helper")] | length' "$json")" = 0
check "releases: the page says which release has it first" \
	grep -q '<td class="first"><code>app-1.1</code></td>' "$TMP/rel/index.html"
check "releases: each build's page links back to the overview" \
	grep -q '<a href="../index.html">All builds</a>' "$TMP/rel/build-2/index.html"
broken=$(cd "$TMP/rel" && grep -oE 'href="[^"#:]+"' index.html | cut -d'"' -f2 |
	while read -r l; do [ -e "$l" ] || echo "$l"; done)
check "releases: every link of the overview resolves${broken:+ (not: $broken)}" \
	test -z "$broken"
expect_success "releases: the other order" \
	cr report --rules "$TMP/app.rules" --out "$TMP/rel2" "$TMP/r2.db" "$TMP/r1.db"
check "releases: first in follows the order given" \
	json_is "$TMP/rel2/builds.json" '[.differences.paths[] | .first]' \
	'["app-1.1","app-1.0"]'

# --- one database, bad input ---------------------------------------------------------
expect_success "one database as an argument" \
	cr report --rules "$TMP/app.rules" --out "$TMP/one-arg" "$TMP/r2.db"
expect_success "the same with -d" \
	cr -d "$TMP/r2.db" report --rules "$TMP/app.rules" --out "$TMP/one-d"
check "one database: the same site as -d, no overview" \
	diff -r "$TMP/one-arg" "$TMP/one-d"
check "one database: no builds.json" test ! -e "$TMP/one-arg/builds.json"
cr -d "$TMP/nolabel.db" ingest "$TMP/r1" >/dev/null
cp "$TMP/r1.db" "$TMP/r1-copy.db"
expect_exit 3 "a build without a label" \
	cr report --rules "$TMP/app.rules" --out "$TMP/bad" "$TMP/r1.db" "$TMP/nolabel.db"
check "... says how to give it one" grep_err 'nolabel.db: the build has no label \(ingest it with --label NAME\)'
expect_exit 3 "two builds with one label" \
	cr report --rules "$TMP/app.rules" --out "$TMP/bad" "$TMP/r1.db" "$TMP/r1-copy.db"
check "... names both" grep_err "r1.db and .*r1-copy.db are both labelled 'app-1.0'"
check "... and writes nothing" test ! -e "$TMP/bad"
expect_exit 2 "one --baseline for two databases" \
	cr report --rules "$TMP/app.rules" --out "$TMP/bad" --baseline x.json "$TMP/r1.db" "$TMP/r2.db"
check "... says one per database" grep_err 'one --baseline and one --history per database'
expect_exit 2 "-d and databases" \
	cr -d "$TMP/r1.db" report --rules "$TMP/app.rules" --out "$TMP/bad" "$TMP/r1.db" "$TMP/r2.db"
expect_exit 4 "a missing database" \
	cr report --rules "$TMP/app.rules" --out "$TMP/bad" "$TMP/r1.db" "$TMP/none.db"
check "... is named" grep_err 'none.db'
cr -d "$TMP/r1.db" baseline save --rules "$TMP/app.rules" "$TMP/r1.json" >/dev/null
expect_success "a baseline for one build, none for the other" \
	cr report --rules "$TMP/app.rules" --out "$TMP/base" --baseline "" \
	--baseline "$TMP/r1.json" "$TMP/r1.db" "$TMP/r2.db"
check "... the second build's page shows its changes" \
	grep -q 'do_query' "$TMP/base/build-2/index.html"

# --- the real corpora in the browser --------------------------------------------------
corpus=${CF_CORPUS_DIR:-$REPO_DIR/../shared/corpus}
x86=$corpus/xen-4.21.1-x86_64-defconfig-debug.tar.xz
arm=$corpus/xen-4.21.1-arm64-defconfig-debug.tar.xz
if [ ! -f "$x86" ] || [ ! -f "$arm" ]; then
	echo "skip: the Xen corpora are not in $corpus"
	finish
fi
mkdir -p "$TMP/xen"
tar xJf "$x86" -C "$TMP/xen" --wildcards '*.ci' '*/.config'
tar xJf "$arm" -C "$TMP/xen" --wildcards '*.ci' '*/.config'
# entry points and allocators both architectures have (rules/xen names
# x86 entry points)
cat >"$TMP/xen.rules" <<EOS
target alloc_xenheap_pages _xmalloc _xzalloc
entry do_memory_op do_xen_version do_grant_table_op do_event_channel_op do_vcpu_op
stop _xmalloc _xzalloc alloc_xenheap_pages
include $REPO_DIR/rules/xen/anonymous.rules
EOS
cr -d "$TMP/x86.db" ingest --label xen-4.21.1-x86_64 "$TMP/xen/xen-4.21.1-x86_64-defconfig-debug" >/dev/null
cr -d "$TMP/arm.db" ingest --label xen-4.21.1-arm64 "$TMP/xen/xen-4.21.1-arm64-defconfig-debug" >/dev/null
expect_success "corpus: a report of x86_64 and arm64" \
	cr report --rules "$TMP/xen.rules" --out "$TMP/xsite" "$TMP/x86.db" "$TMP/arm.db"
json=$TMP/xsite/builds.json
check "corpus: both listings are complete, so paths are compared" \
	test "$(jq '.differences.paths_compared' "$json")" = true
check "corpus: alloc_evtchn_bucket calls _xzalloc on arm64 only, with a witness" \
	json_is "$json" '.differences.sites[] | select(.calls == ["common/event_channel.c:alloc_evtchn_bucket","_xzalloc"]) | [.in, .not_in, .witness[0], .witness[-1]]' \
	'[["xen-4.21.1-arm64"],["xen-4.21.1-x86_64"],"do_event_channel_op","_xzalloc"]'
check "corpus: do_vcpu_op reaches _xmalloc on x86_64 only" \
	json_is "$json" '.differences.pairs[] | select(.calls == ["do_vcpu_op","_xmalloc"]) | .in' \
	'["xen-4.21.1-x86_64"]'

# the Xen heap allocators are always anonymous: every listed path is, and
# each anonymous site is a function calling the target
for t in _xmalloc _xzalloc; do
	check "corpus: every listed path into $t is anonymous, in both builds" \
		test "$(jq -c --arg t "$t" '[.builds[].targets[] | select(.target == $t) | .by_class.anonymous == .paths and .by_class.unknown == 0 and .anonymous_sites > 0 and .anonymous_sites <= .sites] | unique' "$json")" = '[true]'
done
check "corpus: the anonymous sites of _xzalloc on arm64 are its callers on listed paths" \
	test "$(jq --arg t _xzalloc '.builds[] | select(.label == "xen-4.21.1-arm64") | .targets[] | select(.target == $t) | .anonymous_sites' "$json")" = \
	"$(cr -d "$TMP/arm.db" paths --rules "$TMP/xen.rules" --to _xzalloc --format json --limit 100000 | jq '[.paths[].functions[-2]] | unique | length')"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
	fail "chromium is installed (ci-scripts/install-deps.sh installs Debian's chromium)"
	finish
fi
browser() {
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" \
		"$@"
}
browser --enable-logging=stderr --v=0 --dump-dom "file://$TMP/xsite/index.html" \
	>"$TMP/dom.html" 2>"$TMP/console.log"
check "browser: the page logs nothing to the console" \
	bash -c "! grep -q ':CONSOLE' '$TMP/console.log'"
for label in xen-4.21.1-x86_64 xen-4.21.1-arm64; do
	check "browser: the build list shows $label, linked to its page" \
		grep -qE "<tr data-build=\"$label\"><td><a href=\"build-[12]/index.html\">$label</a>" "$TMP/dom.html"
done
check "browser: the build list counts anonymous sites and paths per class" \
	grep -qE '<th[^>]*>anonymous sites</th><th[^>]*>anonymous</th><th[^>]*>unknown</th><th[^>]*>attributed</th>' "$TMP/dom.html"
check "browser: a row of the sites shows alloc_evtchn_bucket on arm64 only" \
	grep -qE '<tr data-present="xen-4.21.1-arm64"><td><code>common/event_channel.c:alloc_evtchn_bucket</code>.*<code>_xzalloc</code>' "$TMP/dom.html"
ART=$REPO_DIR/build/test-artifacts
mkdir -p "$ART"
rm -f "$ART/report-builds.png"
browser --window-size=1300,1800 --screenshot="$ART/report-builds.png" \
	"file://$TMP/xsite/index.html" >/dev/null 2>&1
check "browser: screenshot build/test-artifacts/report-builds.png" \
	test -s "$ART/report-builds.png"

finish

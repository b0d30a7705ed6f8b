#!/bin/bash
# t400-report: "callreach report" writes a static site that works offline
# from file://.  The example program, plus a hand-written unit whose
# function and file names hold <, ", & and ' (tests/report/hostile.vcg,
# copied as a .ci file: git ignores .ci files), plus a generated fan of
# functions to make a graph collapse, is reported with
# a baseline and a history.  Headless Chromium (Debian's chromium package,
# installed by ci-scripts/install-deps.sh) opens the pages from file://:
# tests/report/inspect.html reads what the browser made of them (matrix
# cells, names as text, no injected element, sorting and filtering), each
# page must log nothing to the console, and screenshots are kept in
# build/test-artifacts/.  Every relative link of every page must resolve.
# When the allyesconfig corpus is there, its report must lay out readable
# graphs (collapsed to at most --max-nodes nodes) in reasonable time.

# shellcheck disable=SC1091,SC2016,SC2028,SC2010,SC2012,SC2153
. "$(dirname "$0")/lib.sh"

require_callreach

ART=$REPO_DIR/build/test-artifacts
REPORT_DIR=$REPO_DIR/tests/report
mkdir -p "$ART"

# The hostile names of tests/report/hostile.vcg, as the browser must show them.
H_UNIT='dir/we"ird <img src=x onerror=alert(1)>&amp;.c'
H_ENTRY='do_<script>document.title="pwned"</script>'
H_MID="$H_UNIT:q\"uote&<b>bold</b>'s"
H_TARGET='"><svg onload=alert(2)>&lt;'
H_REASON='<b>not charged</b> & "quoted" <script>alert(3)</script>'

# --- the program: the example, the hostile unit and a fan -------------------
base_tree=$TMP/base
tree=$TMP/tree
mkdir -p "$base_tree"
cp "$REPO_DIR"/tests/example/*.c "$REPO_DIR"/tests/example/*.h "$base_tree"/
check "the example program compiles with -fcallgraph-info" build_sources "$base_tree"
cp -r "$base_tree" "$tree"
cp "$REPORT_DIR/hostile.vcg" "$tree/hostile.ci"
# do_fan calls 12 functions in 6 files of 3 directories, each calling
# _xzalloc: the subgraph of _xzalloc grows to 16 functions
{
	echo 'graph: { title: "fan/main.c"'
	echo 'node: { title: "do_fan" label: "do_fan\nfan/main.c:1:6\n16 bytes (static)\n0 dynamic objects" }'
	echo 'node: { title: "_xzalloc" label: "_xzalloc\nxmalloc.h:6:7" shape : ellipse }'
	for i in $(seq 0 11); do
		f="fan/d$((i % 3))/f$((i % 2)).c"
		echo "node: { title: \"fan_$i\" label: \"fan_$i\\n$f:$((i + 1)):6\\n16 bytes (static)\\n0 dynamic objects\" }"
		echo "edge: { sourcename: \"do_fan\" targetname: \"fan_$i\" label: \"fan/main.c:$((i + 2)):3\" }"
		echo "edge: { sourcename: \"fan_$i\" targetname: \"_xzalloc\" label: \"$f:$((i + 1)):20\" }"
	done
	echo '}'
} >"$tree/fan.ci"

rules=$REPORT_DIR/report.rules
db=$TMP/t.db
expect_success "ingest the example, the hostile unit and the fan" \
	cr -d "$db" ingest --label 'nightly <&> "label"' "$tree"
expect_success "ingest the example alone (the baseline's build)" \
	cr -d "$TMP/base.db" ingest "$base_tree"
expect_success "save the baseline" \
	cr -d "$TMP/base.db" baseline save --rules "$rules" "$TMP/base0.json"
# re-triage one path: the baseline thought memory_exchange > _xmalloc UNDECIDED
jq '(.paths[] | select(.functions[-1] == "_xmalloc") | .verdict) = "UNDECIDED"' \
	"$TMP/base0.json" >"$TMP/base.json"

hist=$TMP/history.jsonl
{
	echo '{"date":"2026-01-01","count":4,"count_exact":true,"by_verdict":{"UNSAFE":1,"UNDECIDED":0,"PROB_SAFE":2,"SAFE":1}}'
	echo 'this line is not JSON'
	echo '{"date":"2026-01-02","count":5,"count_exact":false,"by_verdict":{"UNSAFE":2,"UNDECIDED":0,"PROB_SAFE":2,"SAFE":1}}'
	echo '{"date":"2026-01-03 <b>&amp;</b>","count":19,"count_exact":true,"by_verdict":{"UNSAFE":5,"UNDECIDED":12,"PROB_SAFE":2,"SAFE":1}}'
} >"$hist"

site=$TMP/site
expect_success "report with a baseline, a history and a source URL" \
	cr -d "$db" report --rules "$rules" --baseline "$TMP/base.json" \
	--history "$hist" --source-url 'https://example.org/src/%f#L%l' --out "$site" &&
	check "... says how many pages it wrote" grep_out '^report .*/index\.html: [0-9]+ pages, [0-9]+ graphs' &&
	check "... warns about the history line that is not a night" \
		grep_err 'history\.jsonl:2: not a night'

# --- the files ---------------------------------------------------------------
for f in index.html functions.html style.css report.js trend.svg; do
	check "the site has $f" test -s "$site/$f"
done
bad_names=$(cd "$site" && ls | grep -Ev '^([tfp]-[0-9a-f]{16}(-[0-9]+)?\.(html|svg)|index\.html|functions\.html|style\.css|report\.js|trend\.svg)$')
check "page file names come from hashes, never from names" test -z "$bad_names"
t_page=t-$(fnv1a64 "$H_TARGET").html
f_page=f-$(fnv1a64 "$H_MID").html
p_page=p-$(fnv1a64 "$H_ENTRY"$'\n'"$H_TARGET").html
check "the hostile target has its page (t-HASH.html)" test -s "$site/$t_page"
check "... and its graph (t-HASH.svg)" test -s "$site/${t_page%.html}.svg"
check "the hostile static function has its page" test -s "$site/$f_page"
check "the (hostile entry, hostile target) pair has its page" test -s "$site/$p_page"
if command -v xmllint >/dev/null; then
	all_xml=1
	for f in "$site"/*.svg; do
		xmllint --noout "$f" 2>>"$ERR" || all_xml=0
	done
	check "every SVG (graphs, trend) is well-formed XML" test "$all_xml" -eq 1
fi
check "no name is written raw into a page or an SVG" \
	eval '! grep -lF -e "<script>document" -e "<img src=x" -e "<svg onload" \
		-e "<b>bold" -e "<b>not charged" -e "<i>pointer" "$site"/*.html "$site"/*.svg'
check "the trend chart escapes the date" grep -qF '2026-01-03 &lt;b&gt;&amp;amp;&lt;/b&gt;' "$site/trend.svg"
check "the trend chart has a line per verdict and one for all paths" \
	test "$(grep -c '<polyline' "$site/trend.svg")" -eq 5
check "source links percent-encode the file name" \
	grep -qF 'href="https://example.org/src/dir/we%22ird%20%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%26amp%3B.c#L12"' "$site/$t_page"

# every relative href and src names a file of the site, and every
# fragment an id of that file (the site's attribute values are escaped,
# so a '"' never ends one early)
check_links() {
	(
		cd "$1" || exit 1
		{
			ls | sed 's/^/FILE /'
			grep -oE ' id="[^"]*"' -- *.html *.svg | sed 's/^\([^:]*\): id="\(.*\)"$/ID \1#\2/'
			grep -oE '(href|src)="[^"]*"' -- *.html *.svg | sed 's/^\([^:]*\):[a-z]*="\(.*\)"$/LINK \1 \2/'
		} | awk '
		BEGIN { hex = "0123456789abcdef" }
		function decode(s,   out, i, c) {
			gsub(/&amp;/, "\\&", s)
			out = ""
			for (i = 1; i <= length(s); i++) {
				c = substr(s, i, 1)
				if (c == "%" && i + 2 <= length(s)) {
					out = out sprintf("%c", 16 * index(hex, tolower(substr(s, i + 1, 1))) + \
						index(hex, tolower(substr(s, i + 2, 1))) - 17)
					i += 2
				} else
					out = out c
			}
			return out
		}
		$1 == "FILE" { file[$2] = 1; next }
		$1 == "ID" { id[substr($0, 4)] = 1; next }
		$1 == "LINK" {
			page = $2
			link = substr($0, length("LINK " page " ") + 1)
			if (link ~ /^(https?|data|mailto):/)
				next
			f = link; frag = ""
			if ((k = index(link, "#")) > 0) {
				f = substr(link, 1, k - 1); frag = substr(link, k + 1)
			}
			if (f == "")
				f = page
			f = decode(f)
			if (!(f in file)) {
				printf "#  %s: \"%s\" names no file\n", page, link; bad++
			} else if (frag != "" && !((f "#" frag) in id)) {
				printf "#  %s: \"%s\" names no id of %s\n", page, link, f; bad++
			}
		}
		END { exit bad > 0 }'
	)
}
check "every link between pages resolves" check_links "$site"

# --- a small --max-nodes collapses the fan -----------------------------------
small=$TMP/small
expect_success "report --max-nodes 10" \
	cr -d "$db" report --rules "$rules" --max-nodes 10 --out "$small" &&
	check "... collapses a graph" grep_out 'graphs \([1-9][0-9]* collapsed\)'
z_page=t-$(fnv1a64 _xzalloc).html
check "the _xzalloc page says what was collapsed" \
	grep -qE 'class="note collapsed">The subgraph reaching this target has 16 functions' "$small/$z_page"
check "... and its graph lays out at most 10 nodes" \
	test "$(grep -c 'class="node"' "$small/${z_page%.html}.svg")" -le 10
check "... with the fan's functions folded into a folder node" \
	grep -qE '<text[^>]*>fan/</text>' "$small/${z_page%.html}.svg"
check "every link of the collapsed report resolves" check_links "$small"

# --- ci-scripts/nightly.sh publishes the report --------------------------------
nightly_tree=$TMP/nightly-src
mkdir -p "$nightly_tree"
cp "$REPO_DIR"/tests/example/*.c "$REPO_DIR"/tests/example/*.h \
	"$REPO_DIR"/tests/example/Makefile "$nightly_tree"/
nroot=$TMP/nightly
for night in 2026-02-01 2026-02-02; do
	expect_success "nightly.sh, night $night" \
		env -u CFLAGS -u MAKEFLAGS -u MFLAGS -u MAKELEVEL NIGHTLY_DATE=$night \
		CALLREACH="$CALLREACH" "$REPO_DIR/ci-scripts/nightly.sh" \
		--rules "$REPO_DIR/tests/example/example.rules" \
		--source-url 'https://example.org/%f#L%l' "$nightly_tree" "$nroot"
done
check "nightly.sh: DATE/report/index.html" test -s "$nroot/2026-02-02/report/index.html"
check "nightly.sh: the report's trend has both nights" \
	grep -qF 'Paths per verdict over 2 nights' "$nroot/2026-02-02/report/trend.svg"
check "nightly.sh: the second night compares with the first night's baseline" \
	grep -qF "$nroot/2026-02-01/baseline.json" "$nroot/2026-02-02/report/index.html"
check "nightly.sh: the first night has no baseline to compare with" \
	grep -qF 'No baseline was given' "$nroot/2026-02-01/report/index.html"
check "nightly.sh: the report links to the source" \
	grep -qF 'href="https://example.org/memory.c#L' "$nroot/2026-02-02/report/index.html" "$nroot"/2026-02-02/report/t-*.html

# --- usage errors ------------------------------------------------------------
expect_exit 2 "report without --out: usage error" cr -d "$db" report --rules "$rules"
expect_exit 2 "report without --rules: usage error" cr -d "$db" report --out "$TMP/x"
expect_exit 2 "a source URL template with an unknown escape" \
	cr -d "$db" report --rules "$rules" --out "$TMP/x" --source-url 'https://x/%q'
expect_exit 2 "--max-nodes below 10" \
	cr -d "$db" report --rules "$rules" --out "$TMP/x" --max-nodes 3
expect_exit 3 "a missing baseline: bad input" \
	cr -d "$db" report --rules "$rules" --out "$TMP/x" --baseline "$TMP/none.json"
expect_exit 3 "a missing history: bad input" \
	cr -d "$db" report --rules "$rules" --out "$TMP/x" --history "$TMP/none.jsonl"
expect_exit 4 "an output directory that cannot be made: system error" \
	cr -d "$db" report --rules "$rules" --out /dev/null/site

# --- in the browser ------------------------------------------------------------
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
browser() {
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" \
		"$@"
}
if [ -z "$CHROMIUM" ]; then
	fail "chromium is installed (ci-scripts/install-deps.sh installs Debian's chromium)"
	finish
fi

# console messages: a page that throws must be caught, the report's must not
printf '<!DOCTYPE html><title>t</title><script>console.error("x"); nosuch();</script>\n' >"$TMP/broken.html"
browser --enable-logging=stderr --v=0 --dump-dom "file://$TMP/broken.html" >/dev/null 2>"$TMP/broken.log"
check "the console check sees the errors of a page that throws" \
	grep -q ':CONSOLE.*Uncaught ReferenceError' "$TMP/broken.log"
quiet=1
for page in index.html functions.html "$t_page" "$f_page" "$p_page" \
	t-$(fnv1a64 alloc_domheap_pages).html; do
	browser --enable-logging=stderr --v=0 --dump-dom "file://$site/$page" \
		>"$TMP/dom.html" 2>"$TMP/console.log"
	if grep ':CONSOLE' "$TMP/console.log" >"$TMP/console.txt" || [ ! -s "$TMP/dom.html" ]; then
		quiet=0
		echo "#  $page:"
		diag_file "$TMP/console.txt"
	fi
done
browser --enable-logging=stderr --v=0 --dump-dom "file://$small/$z_page" \
	>/dev/null 2>"$TMP/console.log"
grep -q ':CONSOLE' "$TMP/console.log" && quiet=0
check "the pages log nothing to the console" test "$quiet" -eq 1

cp "$REPORT_DIR/inspect.html" "$TMP/inspect.html"
pages="site/index.html|site/functions.html|site/$t_page|site/$f_page|site/$p_page|small/$z_page"
browser --allow-file-access-from-files --dump-dom "file://$TMP/inspect.html#$pages" \
	>"$TMP/inspect.dom" 2>/dev/null
sed -n 's/.*<pre id="result">\([A-Za-z0-9+/=]*\)<\/pre>.*/\1/p' "$TMP/inspect.dom" |
	base64 -d >"$TMP/inspect.json" 2>/dev/null
cp "$TMP/inspect.json" "$OUT"
check "the browser loaded the six pages" jq_is 'map(select(.error == null and .title != null)) | length' 6
# jq filters on the inspection of one page
page_is() {
	jq_is "map(select(.page == \"$1\"))[0] | $2" "$3"
}
cells=$(jq -cnS --arg e "$H_ENTRY" --arg t "$H_TARGET" '[
	{entry: $e, target: $t, verdict: "UNSAFE", count: "1", text: "1"},
	{entry: $e, target: "_xmalloc", verdict: "UNSAFE", count: "1", text: "1"},
	{entry: $e, target: "alloc_xenheap_pages", verdict: "UNSAFE", count: "1", text: "1"},
	{entry: "do_event_channel_op", target: "_xzalloc", verdict: "UNSAFE", count: "1", text: "1"},
	{entry: "do_fan", target: "_xzalloc", verdict: "UNDECIDED", count: "12", text: "12"},
	{entry: "do_memory_op", target: "_xmalloc", verdict: "SAFE", count: "1", text: "1"},
	{entry: "do_memory_op", target: "alloc_domheap_pages", verdict: "PROB_SAFE", count: "2", text: "2"}
] | sort_by(.entry, .target)')
check "matrix: every cell, its count and its worst verdict" \
	page_is site/index.html '.cells | sort_by(.entry, .target)' "$cells"
check "matrix: the rows name the entries, hostile ones as text" \
	page_is site/index.html .rows "$(jq -cn --arg e "$H_ENTRY" '[$e, "do_event_channel_op", "do_fan", "do_memory_op"]')"
check "matrix: the columns name the targets, hostile ones as text" \
	page_is site/index.html .columns "$(jq -cn --arg t "$H_TARGET" '[$t, "_xmalloc", "_xzalloc", "alloc_domheap_pages", "alloc_xenheap_pages"]')"
check "index: changes since the baseline (new, removed, re-triaged)" \
	page_is site/index.html '[.changes[] | select(.[0] | test("path"))]' \
	'[["new path","15"],["removed path","0"],["re-triaged path","1"]]'
check "index: counts, with the indirect call site unresolved" \
	page_is site/index.html '[.counts[] | select(.[0] | test("^(units|indirect.*)$"))]' \
	'[["units","7"],["indirect","1"],["indirect-resolved","0"],["indirect-unresolved","1"]]'
for p in site/index.html site/functions.html "site/$t_page" "site/$f_page" "site/$p_page" "small/$z_page"; do
	check "$p: no element injected by a name, only report.js runs" \
		page_is "$p" '[.injected, .scripts, .title == "pwned"]' '[0,["report.js"],false]'
done
check "target page: the heading names the target as text" \
	page_is "site/$t_page" .h1 "$(jq -cn --arg t "$H_TARGET" '"Paths to " + $t')"
check "target page: the triage reason shows as text" \
	page_is "site/$t_page" .reasons "$(jq -cn --arg r "$H_REASON" '[$r]')"
check "target page: the path shows every hostile name as text" \
	page_is "site/$t_page" .chains "$(jq -cn --arg a "$H_ENTRY" --arg b "$H_MID" --arg c "$H_TARGET" '[$a + " › " + $b + " › " + $c]')"
svg_labels() {
	jq -e --arg p "site/$t_page" --arg e "$H_ENTRY" --arg t "$H_TARGET" \
		--arg m "q\"uote&<b>bold</b>'s" \
		'map(select(.page == $p))[0].svgtext | any(.[]; . == $e) and any(.[]; . == $t) and any(.[]; . == $m)' \
		"$OUT" >/dev/null
}
check "target page: the inline graph labels the functions as text" svg_labels
check "function page: the heading names the function as text" \
	page_is "site/$f_page" .h1 "$(jq -cn --arg m "$H_MID" '$m')"
check "pair page: the heading names the pair as text" \
	page_is "site/$p_page" .h1 "$(jq -cn --arg e "$H_ENTRY" --arg t "$H_TARGET" '"Paths from " + $e + " to " + $t')"
check "functions page: a click on a header sorts the table" page_is site/functions.html .sorted true
check "functions page: typing filters the table" page_is site/functions.html .filtered '["event.c:get_bucket"]'
check "collapsed page: it says what was collapsed" \
	page_is "small/$z_page" '.collapsed | test("collapsed into [0-9]+ nodes")' true

# screenshots, kept as test artifacts
browser --hide-scrollbars --window-size=1200,900 --screenshot="$ART/report-index.png" \
	"file://$site/index.html" >/dev/null 2>&1
browser --hide-scrollbars --window-size=1200,900 --screenshot="$ART/report-target.png" \
	"file://$site/$t_page" >/dev/null 2>&1
for png in report-index.png report-target.png; do
	check "screenshot build/test-artifacts/$png" \
		eval 'test "$(head -c 4 "$ART/$png" | od -An -c | tr -d " ")" = "211PNG" &&
			test "$(stat -c %s "$ART/$png")" -gt 10000'
done

# --- the allyesconfig corpus: readable graphs in reasonable time -------------
corpus=${CF_CORPUS_DIR:-$REPO_DIR/../shared/corpus}/xen-4.21.1-x86_64-allyesconfig.tar.xz
if [ ! -f "$corpus" ]; then
	echo "skip: $corpus not found: the corpus report is not checked"
else
	mkdir -p "$TMP/xen"
	tar xJf "$corpus" -C "$TMP/xen"
	expect_success "corpus: ingest allyesconfig" \
		cr -d "$TMP/xen.db" ingest "$TMP/xen"
	start=$(date +%s)
	expect_success "corpus: report" \
		cr -d "$TMP/xen.db" report --rules "$REPO_DIR/rules/xen/xen.rules" \
		--history "$hist" --out "$TMP/xsite"
	secs=$(($(date +%s) - start))
	check "corpus: the report takes less than a minute (took ${secs}s)" test "$secs" -lt 60
	check "corpus: some graph is collapsed" grep_out '\([1-9][0-9]* collapsed\)'
	big=0
	for svg in "$TMP/xsite"/t-*.svg; do
		n=$(grep -c 'class="node"' "$svg")
		[ "$n" -le 150 ] || { big=1; echo "#  $(basename "$svg"): $n nodes"; }
	done
	check "corpus: every graph lays out at most 150 nodes" test "$big" -eq 0
	collapsed=$(sed -n 's/.*(\([0-9]*\) collapsed).*/\1/p' "$OUT")
	check "corpus: every collapsed graph's page says what was collapsed ($collapsed)" \
		test "$(grep -l 'class="note collapsed"' "$TMP/xsite"/t-*.html | wc -l)" = "$collapsed"
	check "corpus: every link between pages resolves" check_links "$TMP/xsite"
	browser --hide-scrollbars --window-size=1200,900 --screenshot="$ART/report-xen-index.png" \
		"file://$TMP/xsite/index.html" >/dev/null 2>&1
	check "corpus: screenshot build/test-artifacts/report-xen-index.png" test -s "$ART/report-xen-index.png"
fi

finish

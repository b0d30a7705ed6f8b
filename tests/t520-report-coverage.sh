#!/bin/bash
# t520-report-coverage: "callreach report" over a database with imported
# traces shows their coverage: each matrix cell counts the listed paths
# seen (seen/listed), each listed path on the target and pair pages is
# marked seen (with its traces, domain and size) or never seen, and the
# overview has a "Run-time coverage" section with the counts and the traces
# no static path explains, with their first unexplained hop.  A log file
# name and a frame holding markup are shown as text.  Without traces the
# report has no trace of coverage.  The program and logs are those of t510.
. "$(dirname "$0")/lib.sh"
require_callreach

if ! command -v xmllint >/dev/null; then
	fail "xmllint is installed (libxml2-utils, ci-scripts/install-deps.sh)"
	finish
fi

FIX=$TESTS_DIR/traces
W=$TMP/w
RULES=$FIX/prog.rules
H_LOG="logs/h <i>&\"'.log"
H_FRAME='[<ffff82d040226e1b>] F <b>x</b>&amp;"q+0x1/0x10'
traces_program "$W"
# a trace through a frame no symbol names, printed with markup in it
printf '(XEN) d9v9 _xmalloc: size=1\n(XEN) Xen call trace:\n(XEN)    [<ffff82d040226e1a>] R _xmalloc+0x1a/0x2c0\n(XEN)    %s\n(XEN)    [<ffff82d040226e1c>] F do_memory_op+0x1/0x10\n' \
	"$H_FRAME" >"$W/$H_LOG"
cp "$W/x.db" "$W/none.db"
expect_success "import the logs, one with markup in its name and a frame" \
	in_dir "$W" cr -d x.db traces import logs/x86.log logs/arm.log \
	logs/plain.txt "$H_LOG"

id_of() { fnv1a64 "$(printf '%s\n' "$@")"; }
P_POPULATE=$(id_of do_memory_op common/memory.c:populate_physmap alloc_domheap_pages)
P_EXCHANGE_PAGES=$(id_of do_memory_op common/memory.c:memory_exchange common/memory.c:populate_physmap alloc_domheap_pages)
P_EXCHANGE=$(id_of do_memory_op common/memory.c:memory_exchange _xmalloc)
P_EVENT=$(id_of do_event_op common/event.c:alloc_bucket _xmalloc)

# xp_is PAGE XPATH VALUE: XPATH (a string expression) on PAGE is VALUE
xp_is() {
	local got
	got=$(xmllint --html --xpath "$2" "$1" 2>/dev/null)
	if [ "$got" = "$3" ]; then
		return 0
	fi
	echo "#  $(basename "$1"): $2"
	echo "#  got:      '$got'"
	echo "#  expected: '$3'"
	return 1
}
cell() {
	echo "//td[@data-entry=\"$1\"][@data-target=\"$2\"]"
}

site=$W/site
expect_success "report with traces" \
	in_dir "$W" cr -d x.db report --rules "$RULES" --out site
index=$site/index.html
x_page=$site/t-$(fnv1a64 _xmalloc).html
mx_page=$site/p-$(id_of do_memory_op _xmalloc).html
ma_page=$site/p-$(id_of do_memory_op alloc_domheap_pages).html

# --- the matrix ----------------------------------------------------------------
check "matrix: a cell shows how many of its listed paths traces saw" \
	xp_is "$index" "normalize-space($(cell do_memory_op alloc_domheap_pages)//span[@class=\"cov-cell\"])" '3/3 seen'
check "matrix: a cell no trace reached shows 0 seen" \
	xp_is "$index" "normalize-space($(cell do_event_op _xmalloc)//span[@class=\"cov-cell\"])" '0/1 seen'
check "matrix: the count of paths stays first in the cell" \
	xp_is "$index" "normalize-space($(cell do_event_op _xmalloc)/a/text())" '1'
check "matrix: seen and unexplained as data and in the title" \
	xp_is "$index" "concat($(cell do_memory_op _xmalloc)/@data-seen, ' ', $(cell do_memory_op _xmalloc)/@data-unexplained, ' ', $(cell do_memory_op _xmalloc)/a/@title)" \
	'2 2 do_memory_op to _xmalloc: 2 paths, 2 listed, worst UNDECIDED; run-time traces saw 2 of 2 listed, 2 traces follow no static path'

# --- the paths ------------------------------------------------------------------
check "target page: a path no trace saw is marked never seen" \
	xp_is "$x_page" "concat(//details[@id=\"p-$P_EVENT\"]/@data-coverage, ' ', normalize-space(//details[@id=\"p-$P_EVENT\"]/summary/span[contains(@class, 'cov')]))" \
	'never never seen'
check "  and names no trace" \
	xp_is "$x_page" "count(//details[@id=\"p-$P_EVENT\"]//p[@class=\"cov-traces\"])" '0'
check "target page: a path seen is marked with its number of traces" \
	xp_is "$x_page" "concat(//details[@id=\"p-$P_EXCHANGE\"]/@data-coverage, ' ', normalize-space(//details[@id=\"p-$P_EXCHANGE\"]/summary/span[contains(@class, 'cov')]))" \
	'seen seen by 2 traces'
check "  and lists them with domain and size when known" \
	xp_is "$x_page" "normalize-space(//details[@id=\"p-$P_EXCHANGE\"]/p[@class=\"cov-traces\"])" \
	'Seen at run time by 2 traces: logs/plain.txt:3 (d8, 128 bytes), logs/plain.txt:14.'
check "target page: how many listed paths traces saw" \
	xp_is "$x_page" 'concat(//p[@class="cov-note"]/@data-seen, "/", //p[@class="cov-note"]/@data-paths)' '2/3'
check "pair page: a path seen by a trace found twice, with domain and size" \
	xp_is "$ma_page" "normalize-space(//details[@id=\"p-$P_POPULATE\"]/p[@class=\"cov-traces\"])" \
	'Seen at run time by 1 trace, 2 times in all: logs/x86.log:5 (2 times, d1, 16384 bytes).'
check "pair page: a match with a function missing says so" \
	xp_is "$ma_page" "contains(//details[@id=\"p-$P_EXCHANGE_PAGES\"]/p[@class=\"cov-traces\"], '1 function of the path missing')" 'true'
check "pair page: every path of the pair is marked" \
	xp_is "$mx_page" 'concat(count(//details[@data-coverage="seen"]), " ", count(//details[@data-coverage="never"]), " ", count(//details))' '2 0 2'

# --- the overview -----------------------------------------------------------------
check "overview: a Run-time coverage section" \
	xp_is "$index" 'normalize-space(//section[@id="coverage"]/h2)' 'Run-time coverage'
check "overview: traces, static paths seen / total and the share" \
	xp_is "$index" 'concat(//td[@data-count="traces"], " ", //td[@data-count="seen"], "/", //td[@data-count="paths"], " ", //td[@data-count="share"])' \
	'12 5/6 83.3%'
check "overview: the unexplained traces are listed" \
	xp_is "$index" 'count(//table[@id="unexplained"]/tbody/tr)' '5'
check "overview: an unexplained trace with its first unexplained hop" \
	xp_is "$index" 'normalize-space(//table[@id="unexplained"]//tr[contains(td[1], "logs/x86.log:22")]/td[@class="hop"])' \
	'do_domctl → common/domctl.c:create_domain'
check "  and why, its verdict and its trace path" \
	xp_is "$index" 'concat(//tr[contains(td[1], "logs/x86.log:22")]/td[4], " | ", //tr[contains(td[1], "logs/x86.log:22")]/td[@class="why"], " | ", normalize-space(//tr[contains(td[1], "logs/x86.log:22")]/td[7]))' \
	'UNSAFE | unexplained hop: do_domctl makes 1 call through a pointer: add an edge rule if this call is real | do_domctl › common/domctl.c:create_domain › _xmalloc'
check "overview: a trace without an entry point says so" \
	xp_is "$index" 'concat(//tr[contains(td[1], "logs/arm.log:17")]/td[2], " | ", //tr[contains(td[1], "logs/arm.log:17")]/td[@class="why"])' \
	'none | no entry point: no entry point in the trace (it is truncated)'
check "overview: a log name holding markup is shown as text" \
	xp_is "$index" 'string((//table[@id="unexplained"]/tbody/tr)[last()]/td[1]/code)' "$H_LOG:2"
check "overview: a frame holding markup is shown as text" \
	xp_is "$index" 'string((//table[@id="unexplained"]/tbody/tr)[last()]//code[@class="callee"])' "$H_FRAME"
check "no trace writes markup into a page" \
	eval '! grep -lF -e "<b>x" -e "<i>&" "$site"/*.html'
check "the pages load nothing from the network" \
	eval '! grep -lE "(src|href)=\"(https?:)?//" "$site"/*.html'

# --- without traces -----------------------------------------------------------------
expect_success "report without traces" \
	cr -d "$W/none.db" report --rules "$RULES" --out "$W/site0"
check "  has no coverage section" eval '! grep -q "id=\"coverage\"" "$W/site0/index.html"'
check "  and nothing about coverage in any page" \
	eval '! grep -lE "cov-|class=\"cov|data-coverage|data-seen|data-unexplained|[Rr]un-time" "$W"/site0/*.html'
check "  with the same pages" compare <(ls "$W/site0") <(ls "$site")

finish

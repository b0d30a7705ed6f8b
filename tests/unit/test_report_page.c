/*
 * test_report_page.c - unit tests of the parts every page of the report
 * site shares: verdict names and chips, counts, shares, where a trace was
 * found, links to source lines and the head of a page.
 */
#include "unit.h"
#include "coverage.h"
#include "query.h"
#include "report_html.h"
#include "report_page.h"
#include "report_site.h"
#include "traces.h"

#include <stdlib.h>

static struct strbuf sb = STRBUF_INIT;

/* The text CALL, which writes into sb, writes there from empty. */
#define WRITTEN(call) (strbuf_reset(&sb), (call), strbuf_str(&sb))

static void test_words(void)
{
	CHECK_STR(page_vname(VERDICT_UNSAFE), "UNSAFE", "verdict 0 is named");
	CHECK_STR(page_vname(-1), "none", "no verdict is 'none'");
	CHECK_STR(page_vname(VERDICT_COUNT), "none", "out of range is 'none'");
	CHECK_STR(page_plural(1), "", "one takes no s");
	CHECK_STR(page_plural(0), "s", "zero takes an s");
	CHECK_STR(page_plural(2), "s", "two take an s");
}

static void test_counts(void)
{
	struct path_count exact = {12, 1}, bound = {7, 0};
	struct coverage_tally ct = {3, 1, 0}, ct2 = {4, 2, 1};
	size_t listed[VERDICT_COUNT] = {2, 0, 0, 1};
	const char *text;

	CHECK_STR(WRITTEN(page_count_text(&sb, &exact)), "12",
		  "an exact count is the number");
	CHECK_STR(WRITTEN(page_count_text(&sb, &bound)),
		  "\xe2\x89\xa5"
		  "7",
		  "a bound reads >=N");
	CHECK_STR(WRITTEN(page_share_text(&sb, 5, 6)), "83.3%",
		  "a share has one decimal");
	CHECK_STR(WRITTEN(page_share_text(&sb, 1, 100000)), "&lt;0.1%",
		  "a tiny share is not 0.0%");
	CHECK_STR(WRITTEN(page_share_text(&sb, 0, 0)), "0.0%",
		  "nothing of nothing is 0.0%");
	CHECK_STR(WRITTEN(page_chip(&sb, VERDICT_SAFE)),
		  "<span class=\"chip v-SAFE\">SAFE</span>",
		  "the chip of a verdict");
	CHECK_STR(WRITTEN(page_chip(&sb, -1)),
		  "<span class=\"chip v-none\">no listed path</span>",
		  "the chip of no path");
	CHECK_STR(WRITTEN(page_cov_title(&sb, &ct)),
		  "; run-time traces saw 1 of 3 listed",
		  "a cell title says what traces saw");
	CHECK_STR(WRITTEN(page_cov_title(&sb, &ct2)),
		  "; run-time traces saw 2 of 4 listed, 1 trace follows no "
		  "static path",
		  "and the traces no path explains");
	CHECK_STR(WRITTEN(page_verdict_counts_head(&sb)),
		  "<th>UNSAFE</th><th>UNDECIDED</th><th>PROB_SAFE</th>"
		  "<th>SAFE</th>",
		  "a head cell per verdict");
	text = WRITTEN(page_verdict_counts_row(&sb, listed));
	CHECK(strstr(text, "<td class=\"num v-UNSAFE\" "
			   "data-verdict=\"UNSAFE\">2</td>") &&
		      strstr(text, "<td class=\"num v-UNDECIDED zero\""),
	      "a row cell per verdict, zeros marked");
}

static void test_trace_where(void)
{
	struct trace t;

	memset(&t, 0, sizeof(t));
	t.log = "a<b>.log";
	t.line = 42;
	t.size = -1;
	t.count = 1;
	CHECK_STR(WRITTEN(page_trace_where(&sb, &t)),
		  "<code class=\"trace\">a&lt;b&gt;.log:42</code>",
		  "a trace seen once: its escaped log and line");
	t.count = 3;
	t.domain = "d1";
	t.size = 64;
	t.truncated = 1;
	CHECK_STR(
		WRITTEN(page_trace_where(&sb, &t)),
		"<code class=\"trace\">a&lt;b&gt;.log:42</code> (3 times, d1, "
		"64 bytes, truncated)",
		"times, domain, size and truncation");
}

static void test_links(void)
{
	struct report_input in;
	struct report_site s;
	const char *text;

	memset(&in, 0, sizeof(in));
	memset(&s, 0, sizeof(s));
	s.in = &in;
	CHECK_STR(WRITTEN(page_src_link(&s, &sb, "./xen/a&b.c", 7, 0)),
		  "<span class=\"src\">xen/a&amp;b.c:7</span>",
		  "a source line without --source-url");
	in.source_url = "https://x/%f#L%l";
	CHECK_STR(WRITTEN(page_src_link(&s, &sb, "xen/a.c", 7, 3)),
		  "<a class=\"src\" "
		  "href=\"https://x/xen/a.c#L7\">xen/a.c:7:3</a>",
		  "a source line linked through --source-url");
	text = WRITTEN(page_begin(&s, &sb, "T<1>"));
	CHECK(strstr(text, "<title>T&lt;1&gt; - callreach</title>") &&
		      strstr(text, "(no label)") && !strstr(text, "All builds"),
	      "the head of a page: escaped title, no label, no way up");
	in.up = "../index.html";
	s.label = "x86_64";
	text = WRITTEN(page_begin(&s, &sb, "T"));
	CHECK(strstr(text, "<a href=\"../index.html\">All builds</a>") &&
		      strstr(text, "<span class=\"build\">x86_64</span>"),
	      "the head of a page: the way up and the build's label");
}

int main(void)
{
	test_words();
	test_counts();
	test_trace_where();
	test_links();
	strbuf_release(&sb);
	return unit_done();
}

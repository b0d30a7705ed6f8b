/*
 * test_escape.c - unit tests of the escapers every output shares: UTF-8
 * sequences for HTML (non-characters refused), DOT strings as they are
 * and as Graphviz draws them, and the gate's JUnit XML, whose text goes
 * through html_escape().
 */
#include "unit.h"
#include "gate.h"
#include "html.h"
#include "review.h"

#include <stdlib.h>

static struct strbuf sb = STRBUF_INIT;

/*
 * What UTF-8 is, utf8_sequence() decides and test_util.c tests; here only
 * what utf8_seq_len() adds: the string's end, and non-characters refused.
 */
static void test_utf8_seq_len(void)
{
	CHECK(utf8_seq_len("\342\202\254") == 3, "the euro sign: three");
	CHECK(utf8_seq_len("\377") == 0, "0xff is not UTF-8");
	CHECK(utf8_seq_len("\342\202") == 0,
	      "a sequence cut by the string's end is refused");
	CHECK(utf8_seq_len("\357\267\220") == 0, "U+FDD0 is a non-character");
	CHECK(utf8_seq_len("\357\277\276") == 0, "U+FFFE is a non-character");
	CHECK(utf8_seq_len("\360\237\277\277") == 0,
	      "U+1FFFF is a non-character");
	CHECK(utf8_seq_len("\357\267\260") == 3, "U+FDF0 is a character");
}

static const char *dot(const char *s, enum dot_quote mode)
{
	strbuf_reset(&sb);
	dot_quote(&sb, s, mode);
	return strbuf_str(&sb);
}

static void test_dot_quote(void)
{
	CHECK_STR(dot("f\"a\\b\nc", DOT_AS_IS), "f\\\"a\\\\b\\nc",
		  "as is: quote, backslash and newline escaped");
	CHECK_STR(dot("a\rb&c\td\377", DOT_AS_IS), "ab&c\td\377",
		  "as is: '\\r' dropped, the rest kept");
	CHECK_STR(dot("f\"a\\b\nc", DOT_SHOWN), "f\\\"a\\\\b\\nc",
		  "shown: quote, backslash and newline escaped");
	CHECK_STR(dot("a&b\tc", DOT_SHOWN), "a&amp;b c",
		  "shown: '&' as an entity, tab as a blank");
	CHECK_STR(dot("x\ry\177z\377", DOT_SHOWN),
		  "x\357\277\275y\357\277\275z\357\277\275",
		  "shown: controls and invalid UTF-8 as U+FFFD");
	CHECK_STR(dot("caf\303\251", DOT_SHOWN), "caf\303\251",
		  "shown: UTF-8 kept");
}

static const char *html(const char *s)
{
	strbuf_reset(&sb);
	html_escape(&sb, s);
	return strbuf_str(&sb);
}

static void test_html_escape(void)
{
	CHECK_STR(html("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;",
		  "the five HTML specials as entities");
	CHECK_STR(html("x\ty\nz"), "x\ty\nz", "tab and newline kept");
	CHECK_STR(html("a\rb\177c"), "a\357\277\275b\357\277\275c",
		  "other controls as U+FFFD");
	CHECK_STR(html("caf\303\251 \342\202\254"), "caf\303\251 \342\202\254",
		  "UTF-8 kept");
	CHECK_STR(html("a\377b\357\267\220c"),
		  "a\357\277\275b\357\277\275\357\277\275\357\277\275c",
		  "each byte of invalid UTF-8 or a non-character as U+FFFD");
	CHECK_STR(html(""), "", "nothing is nothing");
}

/* What REP writes of C, in BUF; 0, or -1 when it failed. */
static int report(const struct gate_reporter *rep, const struct comparison *c,
		  char *buf, size_t size)
{
	FILE *f = tmpfile();
	size_t n;
	int ret;

	if (!f)
		return -1;
	ret = rep->write(f, c);
	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return ret;
}

static void test_junit(void)
{
	struct change ch;
	struct comparison c;
	char buf[4096];

	memset(&ch, 0, sizeof(ch));
	memset(&c, 0, sizeof(c));
	ch.kind = CHANGE_NEW_PATH;
	ch.title = "a > b\377<c>";
	ch.reason = "it's \"fine\"";
	ch.verdict = VERDICT_UNSAFE;
	strvec_push(&ch.witness, "e<1>");
	strvec_push(&ch.witness, "t&");
	c.v = &ch;
	c.nr = 1;
	CHECK(!report(&gate_junit, &c, buf, sizeof(buf)), "JUnit: written");
	CHECK(strstr(buf, "name=\"a &gt; b\357\277\275&lt;c&gt;\"") != NULL,
	      "JUnit: invalid UTF-8 in a name becomes U+FFFD");
	CHECK(!strchr(buf, '\377'), "JUnit: no invalid byte is left");
	CHECK(strstr(buf, "it&#39;s &quot;fine&quot;") != NULL,
	      "JUnit: quotes escaped");
	CHECK(strstr(buf, "failures=\"1\"") != NULL, "JUnit: one failure");
	CHECK(strstr(buf, "\">e&lt;1&gt; &gt; t&amp;</failure>") != NULL,
	      "JUnit: the witness, escaped, in the failure");
	CHECK(!report(&gate_markdown, &c, buf, sizeof(buf)),
	      "Markdown: written");
	CHECK(strstr(buf, " | e\\<1\\> > t& |\n") != NULL,
	      "Markdown: the witness, escaped, joined by ' > '");
	strvec_clear(&ch.witness);
}

int main(void)
{
	test_utf8_seq_len();
	test_html_escape();
	test_dot_quote();
	test_junit();
	strbuf_release(&sb);
	return unit_done();
}

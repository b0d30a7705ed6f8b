/*
 * test_ci_parse.c - unit tests of the .ci parser, labels, locations and
 * canonical names.
 */
#include "ci_parse.h"
#include "symbols.h"
#include "unit.h"
#include "util.h"

#include <stdlib.h>

static int parse(const char *text, struct ci_unit *u)
{
	return ci_parse("t.ci", text, strlen(text), u);
}

static void test_good(void)
{
	struct ci_unit u;
	const char *text = "graph: { title: \"a.c\"\n"
			   "node: { title: \"a.c:f\" label: \"f\\na.c:3:5\\n16 "
			   "bytes (dynamic,bounded)\\n2 dynamic objects\" }\n"
			   "node: { title: \"g\" label: \"g\\ninc.h:1:2\" "
			   "shape : ellipse }\n"
			   "edge: { sourcename: \"a.c:f\" targetname: \"g\" "
			   "label: \"a.c:4:7\" color: red }\n"
			   "}\n";
	struct ci_label l;

	CHECK(parse(text, &u) == 0, "a well-formed unit parses");
	CHECK_STR(u.title, "a.c", "graph title");
	CHECK(u.nr_nodes == 2 && u.nr_edges == 1, "two nodes, one edge");
	CHECK(!u.nodes[0].declared_only && u.nodes[1].declared_only,
	      "shape: ellipse marks a declaration");
	CHECK(u.edges[0].line == 4, "edge line number");
	ci_label_parse(u.nodes[0].label, &l);
	CHECK_STR(l.name, "f", "label name");
	CHECK_STR(l.file, "a.c", "label file");
	CHECK(l.line == 3 && l.col == 5, "label line and column");
	CHECK(l.stack_bytes == 16, "stack bytes");
	CHECK_STR(l.stack_kind, "dynamic,bounded", "stack kind");
	CHECK(l.dynamic_objects == 2, "dynamic objects");
	ci_label_release(&l);
	ci_unit_release(&u);
}

static void test_escapes(void)
{
	struct ci_unit u;
	const char *text = "graph: { title: \"q\\\"x\\\\y\"\n}\n";

	CHECK(parse(text, &u) == 0, "escaped quotes and backslashes parse");
	CHECK_STR(u.title, "q\"x\\y", "escapes decoded");
	ci_unit_release(&u);
}

/* Forty bytes of a string's text. */
#define FORTY "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"

/*
 * A title with an escape, a UTF-8 letter, a byte that is not UTF-8 or a
 * NUL at each offset of a long string: each is found whether the scan
 * meets it sixteen, eight or one byte at a time.
 */
static void test_long_strings(void)
{
	static const struct {
		const char *in, *out; /* OUT NULL: rejected */
		size_t len;
	} mid[] = {
		{"\\\"", "\"", 2},
		{"\\n", "\n", 2},
		{"\xc3\xa9", "\xc3\xa9", 2},
		{"\xff", NULL, 1},
		{"\0", NULL, 1},
	};
	size_t k, m;
	int ok = 1;

	for (m = 0; m < ARRAY_SIZE(mid); m++) {
		for (k = 0; k < 40; k++) {
			struct strbuf text = STRBUF_INIT, want = STRBUF_INIT;
			struct ci_unit u;
			int rc;

			strbuf_addstr(&text, "graph: { title: \"");
			strbuf_add(&text, FORTY, k);
			strbuf_add(&text, mid[m].in, mid[m].len);
			strbuf_addstr(&text, FORTY "\" }\n");
			strbuf_add(&want, FORTY, k);
			strbuf_addstr(&want, mid[m].out ? mid[m].out : "");
			strbuf_addstr(&want, FORTY);
			rc = ci_parse("t.ci", text.buf, text.len, &u);
			if (mid[m].out)
				ok &= rc == 0 && !strcmp(u.title, want.buf);
			else
				ok &= rc == -1;
			if (!rc)
				ci_unit_release(&u);
			strbuf_release(&text);
			strbuf_release(&want);
		}
	}
	CHECK(ok, "escapes, UTF-8, bad bytes and NULs at every offset of a "
		  "long string");
}

/* Whether units A and B hold the same nodes and edges, on the same lines. */
static int same_unit(const struct ci_unit *a, const struct ci_unit *b)
{
	size_t i;

	if (a->nr_nodes != b->nr_nodes || a->nr_edges != b->nr_edges)
		return 0;
	for (i = 0; i < a->nr_nodes; i++) {
		const struct ci_node *x = &a->nodes[i], *y = &b->nodes[i];

		if (strcmp(x->title, y->title) ||
		    strcmp_null(x->label, y->label) ||
		    x->declared_only != y->declared_only ||
		    x->line != y->line || x->first != y->first)
			return 0;
	}
	for (i = 0; i < a->nr_edges; i++) {
		const struct ci_edge *x = &a->edges[i], *y = &b->edges[i];

		if (strcmp(x->source, y->source) ||
		    strcmp(x->target, y->target) ||
		    strcmp_null(x->label, y->label) || x->line != y->line ||
		    x->source_node != y->source_node ||
		    x->target_node != y->target_node)
			return 0;
	}
	return 1;
}

/*
 * The nodes and edges GCC writes, each on its own line, are read without
 * tokens; what is read must be what the tokens read. Each line is parsed
 * as it is and with a tab after "node:" or "edge:", which the tokens
 * alone read, and the two units compared; some are also checked.
 */
static void test_lines(void)
{
	static const struct {
		const char *line, *desc;
	} lines[] = {
		{"node: { title: \"k\" label: \"k\\na.c:3:5\\n16 bytes "
		 "(static)\\n0 dynamic objects\" }",
		 "a definition"},
		{"node: { title: \"g\" label: \"g\\n./inc.h:1:2\" shape : "
		 "ellipse }",
		 "a declaration"},
		{"edge: { sourcename: \"f\" targetname: \"g\" label: "
		 "\"a.c:4:7\" }",
		 "an edge"},
		{"edge: { sourcename: \"f\" targetname: \"g\" label: "
		 "\"we\"ird.c:4:7\" }",
		 "a quote in a file name"},
		{"edge: { sourcename: \"f\" targetname: \"g\" label: "
		 "\"a\\\"b\\\\c.c:4:7\" }",
		 "escaped quote and backslash"},
		{"edge: { sourcename: \"f\" targetname: \"g\" label: "
		 "\"a\\tb.c:4:7\" }",
		 "an escape kept as it is"},
		{"edge: { sourcename: \"f\" targetname: \"g\" label: "
		 "\"\xc3\xa9.c:4:7\" }",
		 "UTF-8 in a file name"},
		{"edge: { sourcename: \"f\" targetname: \"g\" }", "no label"},
		{"edge: { sourcename: \"f\" targetname: \"g\" label: \"x\" "
		 "color: red }",
		 "another attribute"},
		{"node: { title: \"h\" label: \"h\\nb.c:1:1\" shape : box }",
		 "another shape"},
		{"node: { title: \"h\" label: \"h\\nb.c:1:1\" }\r", "CRLF"},
		{"node: { title: \"h\\nx\" label: \"h\\nb.c:1:1\" }",
		 "an escape in a title"},
		{"edge: { sourcename: \"f\" targetname: \"g\" label: "
		 "\"a.c:4:7\" }  ",
		 "spaces after"},
		{"edge: { sourcename: \"f\" targetname: \"g\" label: "
		 "\"a.c:4:7\" "
		 "} edge: { sourcename: \"g\" targetname: \"f\" label: "
		 "\"a.c:5:1\" }",
		 "two edges on a line"},
		{"edge: { sourcename: \"\" targetname: \"g\" label: "
		 "\"a.c:1:1\" }",
		 "an empty source (rejected)"},
		{"edge: { sourcename: \"f\" targetname: \"nowhere\" label: "
		 "\"a.c:1:1\" }",
		 "an undeclared target (rejected)"},
		{"node: { title: \"\" label: \"x\" }",
		 "an empty title (rejected)"},
		{"edge: { sourcename: \"f\" targetname: \"g\" label: "
		 "\"a.c:1:1\"",
		 "an edge cut short (rejected)"},
	};
	static const char head[] =
		"graph: { title: \"a.c\"\n"
		"node: { title: \"f\" label: \"f\\na.c:3:5\" }\n"
		"node: { title: \"g\" label: \"g\\nb.c:1:1\" shape : ellipse "
		"}\n";
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		struct strbuf fast = STRBUF_INIT, slow = STRBUF_INIT;
		struct ci_unit a, b;
		const char *colon;
		int ra, rb;

		strbuf_addf(&fast, "%s%s\n}\n", head, lines[i].line);
		/* a tab after each "node:" and "edge:" of the line */
		strbuf_addstr(&slow, head);
		for (colon = lines[i].line; *colon; colon++) {
			strbuf_addch(&slow, *colon);
			if (*colon == ':' && colon - lines[i].line >= 4 &&
			    (!strncmp(colon - 4, "node", 4) ||
			     !strncmp(colon - 4, "edge", 4)) &&
			    colon[1] == ' ' && colon[2] == '{') {
				strbuf_addch(&slow, '\t');
				colon++;
			}
		}
		strbuf_addstr(&slow, "\n}\n");
		ra = parse(fast.buf, &a);
		rb = parse(slow.buf, &b);
		CHECK(ra == rb && (ra || same_unit(&a, &b)),
		      "read as the tokens read it: %s", lines[i].desc);
		if (!ra)
			ci_unit_release(&a);
		if (!rb)
			ci_unit_release(&b);
		strbuf_release(&fast);
		strbuf_release(&slow);
	}
	{
		struct ci_unit u;
		struct strbuf t = STRBUF_INIT;

		strbuf_addf(&t, "%s%s\n%s\n%s\n}\n", head, lines[0].line,
			    lines[3].line, lines[4].line);
		CHECK(parse(t.buf, &u) == 0 && u.nr_nodes == 3 &&
			      u.nr_edges == 2,
		      "a unit of such lines parses");
		CHECK_STR(u.nodes[2].label,
			  "k\na.c:3:5\n16 bytes (static)\n0 dynamic objects",
			  "a label's \\n decoded");
		CHECK(!u.nodes[2].declared_only && u.nodes[1].declared_only,
		      "shape : ellipse read");
		CHECK_STR(u.edges[0].label, "we\"ird.c:4:7",
			  "a quote in a file name kept");
		CHECK_STR(u.edges[1].label, "a\"b\\c.c:4:7", "escapes decoded");
		CHECK(u.edges[0].line == 5 && u.edges[1].line == 6,
		      "edge lines");
		ci_unit_release(&u);
		strbuf_release(&t);
	}
}

static void test_bad(void)
{
	static const struct {
		const char *text;
		const char *desc;
	} bad[] = {
		{"", "empty file"},
		{"graph: { title: \"a.c\"\n", "missing closing brace"},
		{"graph: { title: \"a.c\n}\n", "unterminated string"},
		{"graph: {\nnode: { label: \"x\" }\n}\n", "node without title"},
		{"graph: { title: \"a\"\nedge: { sourcename: \"x\" targetname: "
		 "\"y\" }\n}\n",
		 "edge to undeclared nodes"},
		{"graph: { title: \"a\" }\ngarbage\n", "trailing garbage"},
		{"hello world\n", "not a call graph"},
		{"graph: { title: \"a\"\nnode: { title: \"x\" label: \"y\" }\n",
		 "truncated"},
		{"graph: { title: \"a\" \001 }\n", "control character"},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ci_unit u;

		CHECK(parse(bad[i].text, &u) == -1, "rejects: %s", bad[i].desc);
	}
	{
		struct ci_unit u;
		char text[] = "graph: { title: \"a\"\0 }\n";

		CHECK(ci_parse("t.ci", text, sizeof(text) - 1, &u) == -1,
		      "rejects a NUL byte");
	}
	{
		size_t n = CI_MAX_LINE + 100;
		char *text = xmalloc(n + 64);
		struct ci_unit u;

		strcpy(text, "graph: { title: \"");
		memset(text + strlen(text), 'x', n);
		strcpy(text + 17 + n, "\" }\n");
		CHECK(parse(text, &u) == -1, "rejects a line over 1 MiB");
		free(text);
	}
}

static void test_location(void)
{
	int line, col;
	char *f;

	f = ci_parse_location("dir/a.c:12:34", &line, &col);
	CHECK(!strcmp(f, "dir/a.c") && line == 12 && col == 34,
	      "file:line:col");
	free(f);
	f = ci_parse_location("<built-in>", &line, &col);
	CHECK(!strcmp(f, "<built-in>") && line == 0 && col == 0, "no line");
	free(f);
	f = ci_parse_location("a.c:7", &line, &col);
	CHECK(!strcmp(f, "a.c") && line == 7 && col == 0, "file:line");
	free(f);
	{
		/* numbers as strtol() reads them: spaces, signs, long runs */
		static const struct {
			const char *in, *file;
			int line, col;
		} c[] = {
			{"a.c: 12:3", "a.c", 12, 3},
			{"a.c:+5:6", "a.c", 5, 6},
			{"a.c:-1:2", "a.c:-1", 2, 0},
			{"a.c:1234567890:2", "a.c", 1234567890, 2},
			{"a.c:4294967296:2", "a.c", 0, 2},
			{"a.c:123456789012:2", "a.c", 0, 2},
			{"a.c:12:", "a.c:12:", 0, 0},
			{"a.c:12:34x", "a.c:12:34x", 0, 0},
			{"a.c:0012:007", "a.c", 12, 7},
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(c); i++) {
			f = ci_parse_location(c[i].in, &line, &col);
			CHECK(!strcmp(f, c[i].file) && line == c[i].line &&
				      col == c[i].col,
			      "'%s': '%s' %d %d", c[i].in, f, line, col);
			free(f);
		}
	}
}

static int has(const char *t, void *ctx)
{
	const char *const *titles = ctx;

	for (; *titles; titles++)
		if (!strcmp(*titles, t))
			return 1;
	return 0;
}

static void test_canonical(void)
{
	static const char *const cases[][2] = {
		{"foo", "foo"},
		{"foo.isra.0", "foo"},
		{"foo.constprop.12", "foo"},
		{"foo.part.0.isra.0", "foo"},
		{"foo.cold", "foo"},
		{"foo.part.0.cold", "foo"},
		{"a/b.c:foo.constprop.0", "a/b.c:foo"},
		{"a/b.c:foo", "a/b.c:foo"},
		{"foo.bar", "foo.bar"},
		{"foo.part", "foo.part"},
		{"foo.12", "foo.12"},
	};
	const char *unit_titles[] = {"_xmalloc", "x.c:s", NULL};
	size_t i;
	char *c;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		c = sym_canonical(cases[i][0]);
		CHECK_STR(c, cases[i][1], cases[i][0]);
		free(c);
	}
	c = sym_canonical_in_unit("x.c:_xmalloc.part.0", has, unit_titles);
	CHECK_STR(c, "_xmalloc",
		  "a local clone of a global folds onto the global");
	free(c);
	c = sym_canonical_in_unit("x.c:s.part.0", has, unit_titles);
	CHECK_STR(c, "x.c:s", "a clone of a static stays static");
	free(c);
	c = sym_canonical_in_unit("x.c:gone.isra.0", has, unit_titles);
	CHECK_STR(c, "x.c:gone", "a clone whose origin vanished stays static");
	free(c);
	CHECK(sym_is_static("a.c:f") && !sym_is_static("f"), "static names");
	CHECK_STR(sym_base("dir/a.c:f"), "f", "plain name");
}

int main(void)
{
	test_good();
	test_escapes();
	test_long_strings();
	test_lines();
	test_bad();
	test_location();
	test_canonical();
	return unit_done();
}

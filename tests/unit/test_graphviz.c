/*
 * test_graphviz.c - unit tests of laying out DOT with Graphviz as SVG.
 */
#include "unit.h"
#include "graphviz.h"
#include "util.h"

#include <stdlib.h>
#include <unistd.h>

/* graphviz_svg() of DOT, with its messages hidden. */
static int svg(const char *dot, struct strbuf *out, unsigned seconds)
{
	int saved = dup(STDERR_FILENO), ret;
	FILE *null = fopen("/dev/null", "w");

	fflush(stderr);
	dup2(fileno(null), STDERR_FILENO);
	ret = graphviz_svg(dot, out, seconds);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	fclose(null);
	return ret;
}

int main(void)
{
	struct strbuf buf = STRBUF_INIT, dot = STRBUF_INIT;
	int i;

	CHECK(svg("digraph g { a -> \"b&amp;c\" }", &buf, 0) == 0,
	      "a graph is laid out");
	CHECK(strstr(buf.buf, "<svg") && strstr(buf.buf, "</svg>"),
	      "the output is one SVG document");
	CHECK(strstr(buf.buf, ">a</text>") && strstr(buf.buf, "b&amp;c"),
	      "with its nodes' labels");
	strbuf_reset(&buf);
	strbuf_addstr(&buf, "kept");
	CHECK(svg("digraph g { a -> ", &buf, 0) == -1,
	      "a graph Graphviz cannot read is an error");
	CHECK(!strcmp(buf.buf, "kept"), "  and what was there stays");
	/*
	 * A layout of minutes, stopped after a second: Graphviz runs in a
	 * child, and the caller goes on with an error.
	 */
	strbuf_addstr(&dot, "digraph g {\n");
	for (i = 0; i < 1500; i++)
		strbuf_addf(&dot, "n%d -> n%d; n%d -> n%d; n%d -> n%d;\n", i,
			    (i * 7 + 3) % 1500, i, (i * 13 + 3) % 1500, i,
			    (i * 31 + 3) % 1500);
	strbuf_addstr(&dot, "}\n");
	CHECK(svg(dot.buf, &buf, 1) == -1,
	      "a layout past its time limit is an error");
	CHECK(!strcmp(buf.buf, "kept"), "  and what was there stays");
	strbuf_release(&dot);
	strbuf_release(&buf);
	return unit_done();
}

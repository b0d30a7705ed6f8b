/*
 * test_graphviz.c - unit tests of laying out DOT with Graphviz as SVG.
 */
#include "unit.h"
#include "graphviz.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/*
 * The clusters of DOT come out of the SVG in the order DOT names them,
 * whatever the addresses malloc() hands Graphviz: here a heap whose free
 * small chunks, kept apart by chunks still in use, were freed in a
 * shuffled order, and so come back in one.
 */
static void test_cluster_order(void)
{
	enum { CHUNKS = 4099, CLUSTERS = 12 };
	struct strbuf dot = STRBUF_INIT, out = STRBUF_INIT;
	void **chunk = xmalloc(CHUNKS * sizeof(*chunk));
	void **guard = xmalloc(CHUNKS * sizeof(*guard));
	const char *at;
	int i, in_order = 1;

	for (i = 0; i < CHUNKS; i++) {
		chunk[i] = xmalloc(24 + 8 * (size_t)(i % 7));
		guard[i] = xmalloc(8);
	}
	for (i = 0; i < CHUNKS; i++) /* 1543 is prime to CHUNKS */
		free(chunk[(size_t)i * 1543 % CHUNKS]);
	free(chunk);
	strbuf_addstr(&dot, "digraph g {\n");
	for (i = 0; i < CLUSTERS; i++)
		strbuf_addf(&dot,
			    "  subgraph cluster_%d { label=\"f%d.c\"; n%d; }\n",
			    i, i, i);
	for (i = 1; i < CLUSTERS; i++)
		strbuf_addf(&dot, "  n0 -> n%d;\n", i);
	strbuf_addstr(&dot, "}\n");
	CHECK(svg(dot.buf, &out, 0) == 0, "a graph of %d clusters is laid out",
	      CLUSTERS);
	at = out.buf ? out.buf : "";
	for (i = 0; i < CLUSTERS && in_order; i++) {
		char title[64];

		snprintf(title, sizeof(title), "<title>cluster_%d</title>", i);
		at = strstr(at, title);
		in_order = at != NULL;
	}
	CHECK(in_order, "its clusters in the order of the DOT (%d found so)",
	      i - !in_order);
	strbuf_release(&dot);
	strbuf_release(&out);
	for (i = 0; i < CHUNKS; i++)
		free(guard[i]);
	free(guard);
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
	test_cluster_order();
	return unit_done();
}

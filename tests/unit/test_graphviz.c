/*
 * test_graphviz.c - unit tests of laying out DOT with Graphviz as SVG.
 */
#include "unit.h"
#include "graphviz.h"

#include <stdlib.h>
#include <unistd.h>

/* graphviz_svg() of DOT into a temporary file, read back into BUF. */
static int svg(const char *dot, char *buf, size_t size)
{
	FILE *f = tmpfile();
	int saved = dup(STDERR_FILENO), ret;
	FILE *null = fopen("/dev/null", "w");
	size_t n;

	fflush(stderr);
	dup2(fileno(null), STDERR_FILENO);
	ret = graphviz_svg(dot, fileno(f));
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	fclose(null);
	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return ret;
}

int main(void)
{
	static char buf[1 << 16];

	CHECK(svg("digraph g { a -> \"b&amp;c\" }", buf, sizeof(buf)) == 0,
	      "a graph is laid out");
	CHECK(strstr(buf, "<svg") && strstr(buf, "</svg>"),
	      "the output is one SVG document");
	CHECK(strstr(buf, ">a</text>") && strstr(buf, "b&amp;c"),
	      "with its nodes' labels");
	CHECK(svg("digraph g { a -> ", buf, sizeof(buf)) == -1,
	      "a graph Graphviz cannot read is an error");
	return unit_done();
}

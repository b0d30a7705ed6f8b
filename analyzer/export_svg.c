/*
 * export_svg.c - SVG: the DOT graph laid out and rendered by Graphviz.
 */
#include "export.h"
#include "graphviz.h"
#include "util.h"

#include <errno.h>
#include <string.h>

static int write_svg(const struct export_graph *eg, FILE *out)
{
	struct strbuf dot = STRBUF_INIT;
	int ret;

	export_dot_text(eg, &dot);
	/* Graphviz writes to the file descriptor: what OUT holds goes first */
	if (fflush(out))
		ret = error("cannot write: %s", strerror(errno));
	else
		ret = graphviz_svg(strbuf_str(&dot), fileno(out));
	strbuf_release(&dot);
	return ret;
}

const struct exporter export_svg = {"svg", write_svg};

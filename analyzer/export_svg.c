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
	struct strbuf dot = STRBUF_INIT, svg = STRBUF_INIT;
	int ret;

	export_dot_text(eg, &dot);
	ret = graphviz_svg(strbuf_str(&dot), &svg, 0);
	if (!ret && (fwrite(svg.buf, 1, svg.len, out) != svg.len || fflush(out)))
		ret = error("cannot write: %s", strerror(errno));
	strbuf_release(&dot);
	strbuf_release(&svg);
	return ret;
}

const struct exporter export_svg = {"svg", write_svg};

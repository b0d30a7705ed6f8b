/*
 * export_svg.c - SVG: the DOT graph laid out and rendered by Graphviz.
 */
#include "export.h"
#include "util.h"

#include <graphviz/gvc.h>

static int write_svg(const struct export_graph *eg, FILE *out)
{
	struct strbuf dot = STRBUF_INIT;
	GVC_t *gvc = gvContext();
	Agraph_t *g = NULL;
	int ret = -1;

	if (!gvc)
		return error("cannot start Graphviz");
	export_dot_text(eg, &dot);
	g = agmemread(dot.buf);
	if (!g) {
		error("Graphviz could not read the graph");
		goto out;
	}
	if (gvLayout(gvc, g, "dot")) {
		error("Graphviz could not lay out the graph");
		goto out;
	}
	if (gvRender(gvc, g, "svg", out)) {
		error("Graphviz could not render SVG");
		gvFreeLayout(gvc, g);
		goto out;
	}
	gvFreeLayout(gvc, g);
	ret = 0;
out:
	if (g)
		agclose(g);
	gvFreeContext(gvc);
	strbuf_release(&dot);
	return ret;
}

const struct exporter export_svg = {"svg", write_svg};

/*
 * graphviz.c - laying out a DOT graph with Graphviz, in this process, and
 * writing it as SVG: for "export --format svg" and the report's graphs.
 */
#include "graphviz.h"
#include "util.h"

#include <errno.h>
#include <graphviz/gvc.h>
#include <string.h>
#include <unistd.h>

int graphviz_svg(const char *dot, int fd)
{
	GVC_t *gvc = gvContext();
	Agraph_t *g = NULL;
	char *data = NULL;
	unsigned int len = 0, done = 0;
	int ret = -1;

	if (!gvc)
		return error("cannot start Graphviz");
	g = agmemread(dot);
	if (!g) {
		error("Graphviz could not read the graph");
		goto out;
	}
	if (gvLayout(gvc, g, "dot")) {
		error("Graphviz could not lay out the graph");
		goto out;
	}
	if (gvRenderData(gvc, g, "svg", &data, &len)) {
		error("Graphviz could not render SVG");
		gvFreeLayout(gvc, g);
		goto out;
	}
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error("cannot write the SVG: %s", strerror(errno));
			break;
		}
		done += (unsigned int)n;
	}
	if (done == len)
		ret = 0;
	gvFreeRenderData(data);
	gvFreeLayout(gvc, g);
out:
	if (g)
		agclose(g);
	gvFreeContext(gvc);
	return ret;
}

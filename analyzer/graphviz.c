/*
 * graphviz.c - laying out a DOT graph with Graphviz, in this process, and
 * writing it as SVG: for "export --format svg" and the report's graphs.
 *
 * Graphviz (libgvc and the libraries it loads) is opened the first time an
 * SVG is asked for, not at start: it is a tenth of the libraries the
 * program maps, and every other command starts that much sooner.
 */
#include "graphviz.h"
#include "util.h"

#include <dlfcn.h>
#include <errno.h>
#include <graphviz/gvc.h>
#include <string.h>
#include <unistd.h>

#ifndef GVC_SONAME
#define GVC_SONAME "libgvc.so"
#endif

/* The functions of Graphviz this file calls, typed as gvc.h declares them. */
static struct {
	int loaded;
	__typeof__(gvContext) *context;
	__typeof__(gvFreeContext) *free_context;
	__typeof__(agmemread) *memread;
	__typeof__(agclose) *close;
	__typeof__(gvLayout) *layout;
	__typeof__(gvFreeLayout) *free_layout;
	__typeof__(gvRenderData) *render_data;
	__typeof__(gvFreeRenderData) *free_render_data;
} gv;

/* Look SYM up in H into *FN; 0, or -1 when H lacks it. */
static int find_symbol(void *h, const char *sym, void *fn)
{
	void *p = dlsym(h, sym);

	if (!p)
		return -1;
	/* POSIX: a function's address converts through void * */
	memcpy(fn, &p, sizeof(p));
	return 0;
}

/* Open libgvc once (it stays open): 0, or -1 with a message. */
static int load_graphviz(void)
{
	void *h;

	if (gv.loaded)
		return 0;
	h = dlopen(GVC_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return error("cannot load Graphviz (%s): install it (Debian: "
			     "apt-get install libgvc6)",
			     dlerror());
	if (find_symbol(h, "gvContext", &gv.context) ||
	    find_symbol(h, "gvFreeContext", &gv.free_context) ||
	    find_symbol(h, "agmemread", &gv.memread) ||
	    find_symbol(h, "agclose", &gv.close) ||
	    find_symbol(h, "gvLayout", &gv.layout) ||
	    find_symbol(h, "gvFreeLayout", &gv.free_layout) ||
	    find_symbol(h, "gvRenderData", &gv.render_data) ||
	    find_symbol(h, "gvFreeRenderData", &gv.free_render_data)) {
		error("cannot use Graphviz (%s): %s", GVC_SONAME, dlerror());
		dlclose(h);
		return -1;
	}
	gv.loaded = 1;
	return 0;
}

int graphviz_svg(const char *dot, int fd)
{
	GVC_t *gvc;
	Agraph_t *g = NULL;
	char *data = NULL;
	unsigned int len = 0, done = 0;
	int ret = -1;

	if (load_graphviz())
		return -1;
	gvc = gv.context();
	if (!gvc)
		return error("cannot start Graphviz");
	g = gv.memread(dot);
	if (!g) {
		error("Graphviz could not read the graph");
		goto out;
	}
	if (gv.layout(gvc, g, "dot")) {
		error("Graphviz could not lay out the graph");
		goto out;
	}
	if (gv.render_data(gvc, g, "svg", &data, &len)) {
		error("Graphviz could not render SVG");
		gv.free_layout(gvc, g);
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
	gv.free_render_data(data);
	gv.free_layout(gvc, g);
out:
	if (g)
		gv.close(g);
	gv.free_context(gvc);
	return ret;
}

/*
 * graphviz.c - laying out a DOT graph with Graphviz and writing it as SVG:
 * for "export --format svg" and the report's graphs. Graphviz runs in a
 * child process: a crash in it (2.43 aborts on some graphs: "trouble in
 * init_rank") or a layout that never ends costs one graph, not the
 * command.
 *
 * Graphviz (libgvc and the libraries it loads) is opened the first time an
 * SVG is asked for, not at start: it is a tenth of the libraries the
 * program maps, and every other command starts that much sooner.
 *
 * The graph is read with IDs of our own, numbered as names are first
 * seen: Graphviz's own ID for a name is the address of its copy, and it
 * writes the clusters in the order of their IDs, so that the same DOT
 * would give an SVG that depends on the addresses malloc() hands out in a
 * child of a process whose threads shaped its heap.
 */
#include "graphviz.h"
#include "hashmap.h"
#include "util.h"

#include <dlfcn.h>
#include <errno.h>
#include <graphviz/gvc.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef GVC_SONAME
#define GVC_SONAME "libgvc.so"
#endif

/* The functions of Graphviz this file calls, typed as gvc.h declares them. */
static struct {
	int loaded;
	__typeof__(gvContext) *context;
	__typeof__(gvFreeContext) *free_context;
	__typeof__(agread) *read;
	Agmemdisc_t *mem_disc;
	Agiodisc_t *io_disc;
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
	    find_symbol(h, "agread", &gv.read) ||
	    !(gv.mem_disc = dlsym(h, "AgMemDisc")) ||
	    !(gv.io_disc = dlsym(h, "AgIoDisc")) ||
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

/* The names of one graph's objects: ID 2(I + 1) is NAMES[I]. */
struct names {
	char **v;
	size_t nr, alloc;
	struct hashmap index; /* name -> I + 1 */
	IDTYPE anonymous;     /* the next odd ID */
};

static void *names_open(Agraph_t *g, Agdisc_t *disc)
{
	struct names *n = xcalloc(1, sizeof(*n));

	(void)g;
	(void)disc;
	n->anonymous = 1;
	return n;
}

/* STR's ID, made when CREATE: 1, or 0 when STR has none. */
static long names_map(void *state, int objtype, char *str, IDTYPE *id,
		      int create)
{
	struct names *n = state;
	void **slot;
	int added;

	(void)objtype;
	if (!str) {
		*id = n->anonymous;
		n->anonymous += 2;
		return 1;
	}
	slot = hashmap_get_str(&n->index, str);
	if (!slot && !create)
		return 0;
	if (!slot) { /* keyed by its own copy, which it outlives */
		ALLOC_GROW(n->v, n->nr + 1, n->alloc);
		n->v[n->nr] = xstrdup(str);
		slot = hashmap_put_str(&n->index, n->v[n->nr], &added);
		*slot = (void *)(uintptr_t)++n->nr;
	}
	*id = 2 * (IDTYPE)(uintptr_t)*slot;
	return 1;
}

static long names_alloc(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return 1;
}

/* A name lives as long as its graph. */
static void names_free(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
}

static char *names_print(void *state, int objtype, IDTYPE id)
{
	struct names *n = state;

	(void)objtype;
	if (id % 2 || !id || id / 2 > n->nr)
		return NULL; /* anonymous */
	return n->v[id / 2 - 1];
}

static void names_close(void *state)
{
	struct names *n = state;
	size_t i;

	/* the index's keys are the names */
	hashmap_release(&n->index);
	for (i = 0; i < n->nr; i++)
		free(n->v[i]);
	free(n->v);
	free(n);
}

static void names_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t names_disc = {names_open,    names_map,   names_alloc,
				names_free,    names_print, names_close,
				names_register};

/* The DOT text Graphviz reads, a line at a time as its own reader does. */
struct dot_text {
	const char *s;
	size_t len, at;
};

static int dot_read(void *chan, char *buf, int size)
{
	struct dot_text *t = chan;
	const char *at = t->s + t->at;
	const char *nl = memchr(at, '\n', t->len - t->at);
	size_t n = nl ? (size_t)(nl - at) + 1 : t->len - t->at;

	if (size <= 0)
		return 0;
	if (n > (size_t)size)
		n = (size_t)size;
	memcpy(buf, at, n);
	t->at += n;
	return (int)n;
}

/* Lay DOT out and write the SVG to FD, in this process (Graphviz loaded). */
static int render(const char *dot, int fd)
{
	struct dot_text text = {dot, strlen(dot), 0};
	Agiodisc_t io = {dot_read, gv.io_disc->putstr, gv.io_disc->flush};
	Agdisc_t disc = {gv.mem_disc, &names_disc, &io};
	GVC_t *gvc;
	Agraph_t *g = NULL;
	char *data = NULL;
	unsigned int len = 0, done = 0;
	int ret = -1;

	gvc = gv.context();
	if (!gvc)
		return error("cannot start Graphviz");
	g = gv.read(&text, &disc);
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

/* Does the text end with the end of an SVG document? */
static int svg_complete(const char *s, size_t len)
{
	static const char end[] = "</svg>";

	while (len &&
	       (s[len - 1] == '\n' || s[len - 1] == ' ' || s[len - 1] == '\r'))
		len--;
	return len >= sizeof(end) - 1 &&
	       !memcmp(s + len - (sizeof(end) - 1), end, sizeof(end) - 1);
}

int graphviz_svg(const char *dot, struct strbuf *out, unsigned seconds)
{
	size_t start = out->len;
	char buf[65536];
	int pfd[2], status;
	pid_t pid;

	/*
	 * Loaded here, once: each child inherits it, and a missing one is
	 * said without a child.
	 */
	if (load_graphviz())
		return -1;
	if (pipe(pfd))
		return error("cannot create a pipe: %s", strerror(errno));
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return error("cannot fork: %s", strerror(errno));
	}
	if (!pid) {
		close(pfd[0]);
		if (seconds)
			alarm(seconds);
		_exit(render(dot, pfd[1]) ? 1 : 0);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t n = read(pfd[0], buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_add(out, buf, (size_t)n);
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return error("cannot wait for Graphviz: %s",
				     strerror(errno));
	/*
	 * A complete SVG document is the layout, however the child ended:
	 * Graphviz may crash freeing it, or valgrind flag its leaks.
	 */
	if (svg_complete(out->buf ? out->buf + start : "", out->len - start))
		return 0;
	out->len = start;
	if (out->buf)
		out->buf[start] = '\0';
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		return error("Graphviz took more than %u seconds to lay out "
			     "the graph",
			     seconds);
	if (WIFSIGNALED(status))
		return error("Graphviz crashed (signal %d, %s) laying out the "
			     "graph: its DOT is still there (--format dot)",
			     WTERMSIG(status), strsignal(WTERMSIG(status)));
	return -1; /* the child said why */
}

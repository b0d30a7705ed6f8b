/*
 * test_export.c - unit tests of the exporter table "--format" goes
 * through, of the JSON exporter's text (the layout and escapes of
 * cJSON_Print(), which the exporter writes without building items), and
 * of the DOT exporter's order of nodes and its edges, written by two
 * threads in a large graph.
 */
#include "unit.h"
#include "export.h"
#include "filter.h"
#include "graph.h"
#include "json_out.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

/* Names that need every escape JSON has, and some that need none. */
static const char *const names[] = {
	"plain", "quote\"d", "back\\slash", "tab\there", "ctl\001\037x",
	"line\nbreak", "caf\xc3\xa9", "del\x7f", "unit.c:static_fn",
};

/* The JSON of EG as cJSON_Print() lays it out, item by item. */
static char *as_cjson(const struct export_graph *eg)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *nodes = cJSON_AddArrayToObject(root, "nodes");
	cJSON *edges = cJSON_AddArrayToObject(root, "edges");
	char *text;
	size_t i;

	for (i = 0; i < eg->nr_nodes; i++) {
		const struct gfunc *f = &eg->g->f[eg->nodes[i]];
		cJSON *n = cJSON_CreateObject();

		cJSON_AddStringToObject(n, "name", f->name);
		cJSON_AddStringToObject(n, "base", f->base);
		cJSON_AddStringToObject(n, "file", f->file);
		cJSON_AddNumberToObject(n, "line", f->line);
		cJSON_AddNumberToObject(n, "col", f->col);
		cJSON_AddStringToObject(n, "unit", f->unit);
		cJSON_AddBoolToObject(n, "defined", f->flags & GF_DEFINED);
		cJSON_AddBoolToObject(n, "static", f->flags & GF_STATIC);
		cJSON_AddBoolToObject(n, "source",
				      eg->flags[eg->nodes[i]] & NF_SOURCE);
		cJSON_AddBoolToObject(n, "target",
				      eg->flags[eg->nodes[i]] & NF_TARGET);
		cJSON_AddNumberToObject(n, "indirect_calls", f->nr_indirect);
		cJSON_AddItemToArray(nodes, n);
	}
	for (i = 0; i < eg->nr_edges; i++) {
		const struct export_edge *e = &eg->edges[i];
		cJSON *o = cJSON_CreateObject(), *sites;
		struct export_sites it;
		struct export_site s;

		cJSON_AddStringToObject(o, "caller", eg->g->f[e->caller].name);
		cJSON_AddStringToObject(o, "callee", eg->g->f[e->callee].name);
		sites = cJSON_AddArrayToObject(o, "sites");
		export_sites_begin(&it, eg, e);
		while (export_sites_next(&it, &s))
			cJSON_AddItemToArray(sites,
					     json_site(s.file, s.line, s.col));
		cJSON_AddItemToArray(edges, o);
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}

/* What exporter EX writes for EG, as a stream. */
static char *exported(const struct exporter *ex, const struct export_graph *eg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp || ex->write(eg, fp))
		BUG("cannot export");
	fclose(fp);
	return buf;
}

static void compare(const struct export_graph *eg, const char *what)
{
	char *want = as_cjson(eg), *got = exported(&export_json, eg);
	size_t n = strlen(want);

	CHECK(!strncmp(got, want, n) && !strcmp(got + n, "\n"),
	      "%s: the text of cJSON_Print() (%zu bytes)", what, n);
	free(want);
	free(got);
}

static void test_json_text(void)
{
	enum { N = ARRAY_SIZE(names) };
	struct graph_func_in f[N];
	int64_t edges[N][2];
	struct strbuf img = STRBUF_INIT;
	struct export_graph eg;
	struct graph g;
	unsigned char flags[N] = {NF_SOURCE, 0, NF_TARGET};
	size_t i;

	memset(f, 0, sizeof(f));
	for (i = 0; i < N; i++) {
		f[i].id = (int64_t)i + 1;
		f[i].name = names[i];
		f[i].file = names[(i + 1) % N];
		f[i].unit = i % 2 ? "" : names[i];
		f[i].line = (int)(i * 1000003 % 100000);
		f[i].col = (int)i;
		f[i].flags = i % 3 ? GF_DEFINED : GF_STATIC;
		f[i].nr_indirect = (uint32_t)i * 7;
		edges[i][0] = (int64_t)i + 1;
		edges[i][1] = (int64_t)(i + 1) % N + 1;
	}
	graph_image_build(f, N, (const int64_t(*)[2])edges, N, &img);
	if (graph_from_image(&g, img.buf, img.len))
		BUG("image did not load");
	memset(&eg, 0, sizeof(eg));
	eg.g = &g;
	eg.flags = flags;
	compare(&eg, "no function");
	eg.nodes = xmalloc(N * sizeof(*eg.nodes));
	eg.edges = xcalloc(N, sizeof(*eg.edges));
	eg.lists = xcalloc(N, sizeof(*eg.lists));
	for (i = 0; i < N; i++) {
		size_t k;

		eg.nodes[eg.nr_nodes++] = (uint32_t)i;
		eg.edges[i].caller = (uint32_t)i;
		eg.edges[i].callee = (uint32_t)((i + 1) % N);
		eg.edges[i].first = (uint32_t)i;
		for (k = 0; k < i % 4; k++) { /* none to three sites */
			struct call_sites *s = &eg.lists[i];

			ALLOC_GROW(s->v, s->nr + 1, s->alloc);
			s->v[s->nr].file = xstrdup(names[(i + k) % N]);
			s->v[s->nr].line = (int)(k * 65537);
			s->v[s->nr].col = -(int)k;
			s->nr++;
		}
		eg.edges[i].nr_sites = (uint32_t)eg.lists[i].nr;
		eg.nr_edges++;
	}
	compare(&eg, "escapes, empty and full lists");
	eg.g = NULL; /* borrowed */
	eg.flags = NULL;
	export_graph_release(&eg);
	graph_release(&g);
	strbuf_release(&img);
}

/*
 * G, of the N functions F and no calls, and EG over all of them, marked
 * by FLAGS.
 */
static void all_nodes(struct graph *g, struct export_graph *eg,
		      const struct graph_func_in *f, size_t n,
		      const unsigned char *flags)
{
	struct strbuf img = STRBUF_INIT;
	size_t i;

	graph_image_build(f, n, NULL, 0, &img);
	if (graph_from_image(g, img.buf, img.len))
		BUG("image did not load");
	strbuf_release(&img);
	memset(eg, 0, sizeof(*eg));
	eg->g = g;
	eg->flags = flags;
	eg->nodes = xmalloc(n * sizeof(*eg->nodes));
	for (i = 0; i < n; i++)
		eg->nodes[eg->nr_nodes++] = (uint32_t)i;
}

/*
 * The DOT's nodes: those without a file first (undefined functions, and
 * a defined one whose file is empty: two names "" the graph keeps apart),
 * then one cluster per file in the order of the names, each in the order
 * of the functions' names.
 */
static void test_dot_order(void)
{
	static const struct {
		const char *name, *file;
		unsigned flags;
	} fn[] = {
		{"a", "z.c", GF_DEFINED}, {"b", "x.c", 0},
		{"c", "", GF_DEFINED},	  {"d", "y.c", GF_DEFINED},
		{"e", "y.c", 0},	  {"f", "z.c", GF_DEFINED},
	};
	enum { N = ARRAY_SIZE(fn) };
	struct graph_func_in f[N];
	unsigned char flags[N] = {0};
	struct strbuf dot = STRBUF_INIT, order = STRBUF_INIT;
	struct export_graph eg;
	struct graph g;
	const char *p;
	size_t i;

	memset(f, 0, sizeof(f));
	for (i = 0; i < N; i++) {
		f[i].id = (int64_t)i + 1;
		f[i].name = fn[i].name;
		f[i].file = fn[i].file;
		f[i].unit = "u.c";
		f[i].flags = fn[i].flags;
	}
	all_nodes(&g, &eg, f, N, flags);
	export_dot_text(&eg, &dot);
	for (p = dot.buf; (p = strstr(p, " [label=\"")); p++) {
		const char *q = p;

		while (q > dot.buf && q[-1] != 'n')
			q--;
		strbuf_add(&order, q, (size_t)(p - q));
		strbuf_addch(&order, ' ');
	}
	CHECK_STR(order.buf, "1 2 4 3 0 5 ",
		  "DOT nodes: no file first, then by file, each by name");
	CHECK(strstr(dot.buf, "label=\"y.c\"") <
			      strstr(dot.buf, "label=\"z.c\"") &&
		      strstr(dot.buf, "label=\"y.c\""),
	      "  the clusters in the order of the files");
	free(eg.nodes);
	graph_release(&g);
	strbuf_release(&dot);
	strbuf_release(&order);
}

/*
 * A graph of NR_EDGES edges between 1,000 functions, each edge with none
 * to five sites: its DOT text, in a buffer and as a stream, holds every
 * edge once, in order, at its end, however many threads wrote them.
 */
static void test_dot_edges(size_t nr_edges)
{
	enum { N = 1000 };
	static char fname[N][16], file[7][16];
	struct graph_func_in f[N];
	unsigned char flags[N] = {NF_TARGET};
	struct strbuf dot = STRBUF_INIT, want = STRBUF_INIT;
	struct export_graph eg;
	struct graph g;
	char *streamed;
	size_t i, k;
	const char *at;

	memset(f, 0, sizeof(f));
	for (i = 0; i < N; i++) {
		snprintf(fname[i], sizeof(fname[i]), "fn%04zu", i);
		f[i].id = (int64_t)i + 1;
		f[i].name = fname[i];
		f[i].file = "lib.c";
		f[i].unit = "lib.c";
		f[i].flags = GF_DEFINED;
	}
	for (i = 0; i < 7; i++)
		snprintf(file[i], sizeof(file[i]), "dir/f%zu.c", i);
	all_nodes(&g, &eg, f, N, flags);
	eg.edges = xcalloc(nr_edges, sizeof(*eg.edges));
	eg.lists = xcalloc(nr_edges, sizeof(*eg.lists));
	strbuf_addstr(&want, "\n");
	for (i = 0; i < nr_edges; i++) { /* sorted by caller, then callee */
		struct export_edge *e = &eg.edges[eg.nr_edges++];
		struct call_sites *s = &eg.lists[i];
		size_t n = i % 6;

		e->caller = (uint32_t)(i / 10);
		e->callee = (uint32_t)(i % 10 * 97 + 3);
		e->first = (uint32_t)i;
		e->nr_sites = (uint32_t)n;
		strbuf_addf(&want, "  n%u -> n%u [label=\"", e->caller,
			    e->callee);
		for (k = 0; k < n; k++) {
			ALLOC_GROW(s->v, s->nr + 1, s->alloc);
			s->v[s->nr].file = xstrdup(file[(i + k) % 7]);
			s->v[s->nr].line = (int)(i * 7 + k);
			s->v[s->nr].col = (int)k + 1;
			if (k < 3)
				strbuf_addf(&want, "%s%s:%d:%d",
					    k ? "\\n" : "", s->v[k].file,
					    s->v[k].line, s->v[k].col);
			s->nr++;
		}
		if (n > 3)
			strbuf_addf(&want, "\\n+%zu more", n - 3);
		strbuf_addstr(&want, "\"];\n");
	}
	strbuf_addstr(&want, "}\n");
	export_dot_text(&eg, &dot);
	streamed = exported(&export_dot, &eg);
	at = strstr(dot.buf, "\n  }\n"); /* after the one cluster */
	CHECK(at && !strcmp(at + 4, want.buf),
	      "%zu edges%s: the DOT ends with each edge once, in order",
	      nr_edges,
	      nr_edges >= EXPORT_DOT_SPLIT_MIN ? " (two threads)" : "");
	CHECK(!strcmp(streamed, dot.buf), "  written as a stream, the same");
	free(streamed);
	eg.g = NULL; /* borrowed */
	eg.flags = NULL;
	export_graph_release(&eg);
	graph_release(&g);
	strbuf_release(&dot);
	strbuf_release(&want);
}

int main(void)
{
	CHECK(exporter_find("dot") == &export_dot, "dot is the DOT exporter");
	CHECK(exporter_find("svg") == &export_svg, "svg is the SVG exporter");
	CHECK(exporter_find("json") == &export_json,
	      "json is the JSON exporter");
	CHECK(!exporter_find("text"), "text is no exporter");
	CHECK(!exporter_find("DOT"), "format names are lower case");
	CHECK(!exporter_find(""), "an empty name is no exporter");
	test_json_text();
	test_dot_order();
	test_dot_edges(EXPORT_DOT_SPLIT_MIN - 1);
	test_dot_edges(EXPORT_DOT_SPLIT_MIN);
	test_dot_edges(3 * EXPORT_DOT_SPLIT_MIN + 7);
	return unit_done();
}

/*
 * export_dot.c - Graphviz DOT: functions clustered by the file defining
 * them, edges labelled with their call sites, sources and targets marked.
 */
#include "export.h"
#include "filter.h"
#include "html.h"
#include "indirect.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Sites shown on an edge label before "+N more". */
#define MAX_EDGE_SITES 3

/* Append N in decimal (strbuf_addf costs more than the rest together). */
static void add_num(struct strbuf *out, long n)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		*--p = '-';
	strbuf_add(out, p, (size_t)(buf + sizeof(buf) - p));
}

static const char *node_file(const struct gfunc *f)
{
	return (f->flags & GF_DEFINED) ? skip_dot_slash(f->file) : "";
}

static const struct export_graph *sort_eg;

static int cmp_by_file(const void *a, const void *b)
{
	const struct gfunc *x = &sort_eg->g->f[*(const uint32_t *)a];
	const struct gfunc *y = &sort_eg->g->f[*(const uint32_t *)b];
	int c = strcmp(node_file(x), node_file(y));

	return c ? c : strcmp(x->name, y->name);
}

static void add_node(struct strbuf *out, const struct export_graph *eg,
		     uint32_t v, const char *indent)
{
	const struct gfunc *f = &eg->g->f[v];
	unsigned fl = eg->flags[v];

	strbuf_addstr(out, indent);
	strbuf_addch(out, 'n');
	add_num(out, v);
	strbuf_addstr(out, " [label=\"");
	dot_quote(out, f->name, DOT_AS_IS);
	strbuf_addch(out, '"');
	if (fl & NF_TARGET)
		strbuf_addstr(out, ", shape=doubleoctagon, style=filled, "
				   "fillcolor=\"#f4a6a6\"");
	else if (fl & NF_SOURCE)
		strbuf_addstr(out, ", shape=box, style=\"filled,bold\", "
				   "fillcolor=\"#a6c8f4\"");
	else if (!(f->flags & GF_DEFINED))
		strbuf_addstr(out, ", shape=ellipse, style=dashed");
	if (f->flags & GF_DEFINED) {
		strbuf_addstr(out, ", tooltip=\"");
		dot_quote(out, node_file(f), DOT_AS_IS);
		strbuf_addch(out, ':');
		add_num(out, f->line);
		strbuf_addch(out, '"');
	}
	strbuf_addstr(out, "];\n");
}

void export_dot_text(const struct export_graph *eg, struct strbuf *out)
{
	struct strbuf label = STRBUF_INIT;
	uint32_t *byfile = xmalloc((eg->nr_nodes + 1) * sizeof(*byfile));
	size_t i, k, cluster = 0;

	strbuf_addstr(out, "digraph callreach {\n"
			   "  rankdir=LR;\n"
			   "  node [shape=box, style=rounded, "
			   "fontname=\"Helvetica\", fontsize=10];\n"
			   "  edge [fontname=\"Helvetica\", fontsize=8];\n");
	memcpy(byfile, eg->nodes, eg->nr_nodes * sizeof(*byfile));
	sort_eg = eg;
	qsort(byfile, eg->nr_nodes, sizeof(*byfile), cmp_by_file);
	sort_eg = NULL;
	for (i = 0; i < eg->nr_nodes; i = k) {
		const char *file = node_file(&eg->g->f[byfile[i]]);

		for (k = i; k < eg->nr_nodes &&
			    !strcmp(node_file(&eg->g->f[byfile[k]]), file);
		     k++)
			;
		if (!*file) {
			for (; i < k; i++)
				add_node(out, eg, byfile[i], "  ");
			continue;
		}
		strbuf_addf(out, "  subgraph cluster_%zu {\n    label=\"",
			    cluster++);
		dot_quote(out, file, DOT_AS_IS);
		strbuf_addstr(out,
			      "\";\n    style=rounded; color=\"#999999\";\n");
		for (; i < k; i++)
			add_node(out, eg, byfile[i], "    ");
		strbuf_addstr(out, "  }\n");
	}
	for (i = 0; i < eg->nr_edges; i++) {
		const struct export_edge *e = &eg->edges[i];
		const struct graph_user_edge *ue;
		unsigned tier;

		strbuf_reset(&label); /* one buffer for every label */

		for (k = 0; k < e->sites.nr && k < MAX_EDGE_SITES; k++) {
			if (k)
				strbuf_addch(&label, '\n');
			strbuf_addstr(&label, e->sites.v[k].file);
			strbuf_addch(&label, ':');
			add_num(&label, e->sites.v[k].line);
			strbuf_addch(&label, ':');
			add_num(&label, e->sites.v[k].col);
		}
		if (e->sites.nr > MAX_EDGE_SITES)
			strbuf_addf(&label, "\n+%zu more",
				    e->sites.nr - MAX_EDGE_SITES);
		ue = graph_user_edge(eg->g, e->caller, e->callee);
		tier = ue ? indirect_edge_tier(ue) : 0;
		if (ue)
			strbuf_addf(&label, "%s%s: %s", label.len ? "\n" : "",
				    tier == IND_RULES
					    ? "rule"
					    : indirect_tier_name(tier),
				    ue->reason);
		strbuf_addstr(out, "  n");
		add_num(out, e->caller);
		strbuf_addstr(out, " -> n");
		add_num(out, e->callee);
		strbuf_addstr(out, " [label=\"");
		dot_quote(out, strbuf_str(&label), DOT_AS_IS);
		/* rule edges dashed blue; tiers dashed green, dotted grey */
		strbuf_addstr(
			out,
			!ue ? "\"];\n"
			: tier == IND_RULES
				? "\", style=dashed, color=\"#2060c0\"];\n"
			: tier == IND_FIELDS || tier == IND_REGISTRY
				? "\", style=dashed, color=\"#208040\"];\n"
				: "\", style=dotted, color=\"#808080\"];\n");
	}
	strbuf_addstr(out, "}\n");
	strbuf_release(&label);
	free(byfile);
}

static int write_dot(const struct export_graph *eg, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;

	export_dot_text(eg, &sb);
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
	return 0;
}

const struct exporter export_dot = {"dot", write_dot};

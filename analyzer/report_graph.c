/*
 * report_graph.c - the report's graphs: DOT with clusters per file,
 * verdict colours and links, collapsed by file or directory when too big
 * to read, and laid out in process by Graphviz.
 */
#include "report_graph.h"
#include "graph.h"
#include "graphviz.h"
#include "html.h"
#include "indirect.h"
#include "query.h"
#include "report_site.h"
#include "review.h"
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Node fill and edge colours per verdict (worst first), then "none". */
static const char *const fill_colour[VERDICT_COUNT + 1] = {
	"#f4a6a6", "#ffe08a", "#d9ef8b", "#a6d96a", "#eeeeee",
};
static const char *const edge_colour[VERDICT_COUNT + 1] = {
	"#c62828", "#e08a00", "#7cb342", "#2e7d32", "#aaaaaa",
};

/* Group members named in a group's tooltip. */
#define GROUP_TOOLTIP_NAMES 25

void rgraph_release(struct rgraph *g)
{
	free(g->nodes);
	free(g->edges);
	memset(g, 0, sizeof(*g));
}

static size_t colour_index(int verdict)
{
	return verdict >= 0 && verdict < VERDICT_COUNT ? (size_t)verdict
						       : VERDICT_COUNT;
}

static int worse(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

static const char *node_file(const struct rgraph_node *n)
{
	if ((n->flags & RG_EXTERNAL) || !n->file)
		return "";
	return skip_dot_slash(n->file);
}

/* FILE with "dir/../" and "./" removed, as far as the path tells. */
static char *normalize_path(const char *file)
{
	char *out = xmalloc(strlen(file) + 1);
	size_t len = 0;

	while (*file) {
		const char *end = strchr(file, '/');
		size_t n = end ? (size_t)(end - file) : strlen(file);

		if (n == 1 && file[0] == '.') {
			/* nothing */
		} else if (n == 2 && file[0] == '.' && file[1] == '.' && len &&
			   !(len >= 3 && !memcmp(out + len - 3, "../", 3))) {
			/* drop the last component written, "x/" */
			len--;
			while (len && out[len - 1] != '/')
				len--;
		} else {
			memcpy(out + len, file, n);
			len += n;
			if (end)
				out[len++] = '/';
		}
		file += n;
		while (*file == '/')
			file++;
	}
	out[len] = '\0';
	return out;
}

/* The group key of FILE at LEVEL: the file, or its directory LEVEL-1 up. */
static char *group_key(const char *file, int level)
{
	char *key = level ? normalize_path(file) : xstrdup(file);
	int i;

	for (i = 0; i < level && *key; i++) {
		size_t len = strlen(key);
		char *slash;

		if (len && key[len - 1] == '/')
			key[len - 1] = '\0';
		slash = strrchr(key, '/');
		if (slash)
			slash[1] = '\0';
		else
			key[0] = '\0';
	}
	return key;
}

struct member {
	uint32_t node;
	const char *file;
	char *key;
};

static int cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (!c)
		c = strcmp(x->file, y->file);
	return c ? c : (x->node > y->node) - (x->node < y->node);
}

static size_t count_keys(const struct member *m, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (!i || strcmp(m[i - 1].key, m[i].key))
			k++;
	return k;
}

struct group {
	const char *key;     /* borrowed from a member */
	size_t first, count; /* members[first..first+count) */
	size_t files;
	int verdict;
};

struct out_edge {
	size_t from, to; /* representatives: node, or nr + group */
	int verdict, user;
	size_t count;
	const char *tooltip;
};

static int cmp_out_edge(const void *a, const void *b)
{
	const struct out_edge *x = a, *y = b;

	return cmp_u64_pair(x->from, x->to, y->from, y->to);
}

struct dot_state {
	const struct rgraph *g;
	const char *group_url;
	struct strbuf *out;
	struct member *members;
	struct group *groups;
	size_t nr_groups;
	int level, all;
};

/* Append ', NAME="VALUE"', VALUE quoted as Graphviz shows it. */
static void add_attr(struct strbuf *out, const char *name, const char *value)
{
	strbuf_addf(out, ", %s=\"", name);
	dot_quote(out, value, DOT_SHOWN);
	strbuf_addch(out, '"');
}

static void add_node(struct dot_state *st, uint32_t v, const char *indent)
{
	const struct rgraph_node *n = &st->g->nodes[v];
	struct strbuf *out = st->out;

	strbuf_addf(out, "%sn%u [label=\"", indent, v);
	dot_quote(out, n->label ? n->label : n->name, DOT_SHOWN);
	strbuf_addf(out, "\", fillcolor=\"%s\"",
		    fill_colour[colour_index(n->verdict)]);
	if (n->flags & RG_TARGET)
		strbuf_addstr(out, ", shape=doubleoctagon, style=filled");
	else if (n->flags & RG_ENTRY)
		strbuf_addstr(out, ", style=\"filled,bold\", penwidth=2");
	else if (n->flags & RG_EXTERNAL)
		strbuf_addstr(out, ", shape=ellipse, style=\"filled,dashed\"");
	if (n->url)
		add_attr(out, "URL", n->url);
	add_attr(out, "tooltip", n->tooltip ? n->tooltip : n->name);
	strbuf_addstr(out, "];\n");
}

static void add_group(struct dot_state *st, size_t k, const char *indent)
{
	const struct group *gr = &st->groups[k];
	struct strbuf *out = st->out, tip = STRBUF_INIT, label = STRBUF_INIT;
	size_t i;

	if (st->all)
		strbuf_addf(&label, "%zu other function%s", gr->count,
			    gr->count == 1 ? "" : "s");
	else if (!st->level)
		strbuf_addf(&label, "+%zu function%s", gr->count,
			    gr->count == 1 ? "" : "s");
	else
		strbuf_addf(&label, "%s\n%zu function%s in %zu file%s",
			    *gr->key ? gr->key : "(other files)", gr->count,
			    gr->count == 1 ? "" : "s", gr->files,
			    gr->files == 1 ? "" : "s");
	for (i = 0; i < gr->count && i < GROUP_TOOLTIP_NAMES; i++)
		strbuf_addf(&tip, "%s%s", i ? "\n" : "",
			    st->g->nodes[st->members[gr->first + i].node].name);
	if (gr->count > GROUP_TOOLTIP_NAMES)
		strbuf_addf(&tip, "\n... and %zu more",
			    gr->count - GROUP_TOOLTIP_NAMES);
	strbuf_addf(out, "%sg%zu [label=\"", indent, k);
	dot_quote(out, strbuf_str(&label), DOT_SHOWN);
	strbuf_addf(out,
		    "\", shape=folder, style=\"filled\", fillcolor=\"%s\", "
		    "color=\"#666666\", fontcolor=\"#333333\", tooltip=\"",
		    fill_colour[colour_index(gr->verdict)]);
	dot_quote(out, strbuf_str(&tip), DOT_SHOWN);
	strbuf_addch(out, '"');
	if (st->group_url)
		add_attr(out, "URL", st->group_url);
	strbuf_addstr(out, "];\n");
	strbuf_release(&tip);
	strbuf_release(&label);
}

struct placed {
	const char *file;
	size_t what; /* node index, or nr + group */
};

static int cmp_placed(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	return cmp_str_u64(x->file, x->what, y->file, y->what);
}

/* Kept nodes and file groups in one cluster per file, the rest outside. */
static void add_nodes(struct dot_state *st, const unsigned char *kept)
{
	const struct rgraph *g = st->g;
	struct placed *p = xmalloc((g->nr + st->nr_groups + 1) * sizeof(*p));
	size_t n = 0, i, k, cluster = 0;

	for (i = 0; i < g->nr; i++)
		if (kept[i])
			p[n++] = (struct placed){node_file(&g->nodes[i]), i};
	for (i = 0; i < st->nr_groups; i++)
		p[n++] = (struct placed){
			st->level || st->all ? "" : st->groups[i].key,
			g->nr + i};
	qsort(p, n, sizeof(*p), cmp_placed);
	for (i = 0; i < n; i = k) {
		int in_cluster = *p[i].file != '\0';
		const char *indent = in_cluster ? "    " : "  ";

		for (k = i; k < n && !strcmp(p[k].file, p[i].file); k++)
			;
		if (in_cluster) {
			strbuf_addf(st->out,
				    "  subgraph cluster_%zu {\n    label=\"",
				    cluster++);
			dot_quote(st->out, p[i].file, DOT_SHOWN);
			strbuf_addstr(
				st->out,
				"\";\n    style=rounded; color=\"#999999\";\n");
		}
		for (; i < k; i++) {
			if (p[i].what < g->nr)
				add_node(st, (uint32_t)p[i].what, indent);
			else
				add_group(st, p[i].what - g->nr, indent);
		}
		if (in_cluster)
			strbuf_addstr(st->out, "  }\n");
	}
	free(p);
}

/* Choose the kept nodes and the grouping level; fill ST's groups. */
static void collapse(struct dot_state *st, size_t max_nodes,
		     unsigned char *kept, size_t *rep)
{
	const struct rgraph *g = st->g;
	struct keyed *order = xmalloc((g->nr + 1) * sizeof(*order));
	size_t keep_limit = max_nodes / 3, nr_kept = 0, nr_members = 0;
	size_t i, k;
	int level;

	if (!keep_limit)
		keep_limit = 1;
	for (i = 0; i < g->nr; i++)
		order[i] = (struct keyed){g->nodes[i].rank, i};
	qsort(order, g->nr, sizeof(*order), cmp_keyed);
	for (i = 0; i < g->nr; i++)
		if (nr_kept < keep_limit || !order[i].key) {
			kept[order[i].i] = 1;
			nr_kept++;
		}
	free(order);
	st->members = xmalloc((g->nr + 1) * sizeof(*st->members));
	for (i = 0; i < g->nr; i++)
		if (!kept[i])
			st->members[nr_members++] = (struct member){
				(uint32_t)i, node_file(&g->nodes[i]), NULL};
	for (level = 0;; level++) {
		int all_empty = 1;

		for (i = 0; i < nr_members; i++) {
			const struct rgraph_node *n =
				&g->nodes[st->members[i].node];

			free(st->members[i].key);
			st->members[i].key =
				(n->flags & RG_EXTERNAL)
					? xstrdup(level ? "" : "(external)")
					: group_key(node_file(n), level);
			if (*st->members[i].key)
				all_empty = 0;
		}
		qsort(st->members, nr_members, sizeof(*st->members),
		      cmp_member);
		if (count_keys(st->members, nr_members) <= max_nodes / 3 ||
		    all_empty)
			break;
	}
	st->level = level;
	st->all = nr_members && count_keys(st->members, nr_members) == 1 &&
		  !*st->members[0].key;
	st->groups = xcalloc(nr_members + 1, sizeof(*st->groups));
	for (i = 0; i < nr_members; i = k) {
		struct group *gr = &st->groups[st->nr_groups];
		const char *last_file = NULL;

		gr->key = st->members[i].key;
		gr->first = i;
		gr->verdict = -1;
		for (k = i;
		     k < nr_members && !strcmp(st->members[k].key, gr->key);
		     k++) {
			const struct rgraph_node *n =
				&g->nodes[st->members[k].node];

			rep[st->members[k].node] = g->nr + st->nr_groups;
			gr->verdict = worse(gr->verdict, n->verdict);
			if (!last_file ||
			    strcmp(last_file, st->members[k].file))
				gr->files++; /* members are sorted by key, file
					      */
			last_file = st->members[k].file;
		}
		gr->count = k - i;
		st->nr_groups++;
	}
}

void rgraph_dot(const struct rgraph *g, size_t max_nodes, const char *group_url,
		struct strbuf *out, struct rgraph_collapse *c)
{
	struct dot_state st = {g, group_url, out, NULL, NULL, 0, 0, 0};
	unsigned char *kept = xcalloc(g->nr + 1, 1);
	size_t *rep = xmalloc((g->nr + 1) * sizeof(*rep));
	struct out_edge *e = xmalloc((g->nr_edges + 1) * sizeof(*e));
	size_t i, k, n = 0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < g->nr; i++)
		rep[i] = i;
	if (g->nr > max_nodes)
		collapse(&st, max_nodes, kept, rep);
	else
		memset(kept, 1, g->nr);
	for (i = 0; i < g->nr_edges; i++) {
		const struct rgraph_edge *ge = &g->edges[i];
		size_t from = rep[ge->from], to = rep[ge->to];

		if (from >= g->nr && to >= g->nr) {
			/* inside a group, or between groups: not drawn */
			c->hidden_edges++;
			continue;
		}
		e[n++] = (struct out_edge){from,     to, ge->verdict,
					   ge->user, 1,	 ge->tooltip};
	}
	qsort(e, n, sizeof(*e), cmp_out_edge);
	for (i = k = 0; i < n; i++) {
		if (k && e[k - 1].from == e[i].from && e[k - 1].to == e[i].to) {
			e[k - 1].verdict =
				worse(e[k - 1].verdict, e[i].verdict);
			e[k - 1].user |= e[i].user;
			e[k - 1].count++;
			continue;
		}
		e[k++] = e[i];
	}
	n = k;

	c->groups = st.nr_groups;
	for (i = 0; i < g->nr; i++) {
		if (kept[i])
			c->shown++;
		else
			c->collapsed++;
	}
	c->level = st.level;
	c->all = st.all;
	c->nodes = c->shown + c->groups;
	c->edges = n;

	strbuf_addstr(out, "digraph callreach {\n"
			   "  rankdir=LR; ranksep=0.4; nodesep=0.12;\n"
			   "  graph [fontname=\"Helvetica\", fontsize=10];\n"
			   "  node [shape=box, style=\"rounded,filled\", "
			   "fontname=\"Helvetica\", "
			   "fontsize=10, height=0.3, target=\"_top\"];\n"
			   "  edge [arrowsize=0.6, target=\"_top\"];\n");
	if (c->nodes > 60 || n > 200)
		strbuf_addstr(out, "  mclimit=0.3; nslimit=20; nslimit1=20;\n");
	add_nodes(&st, kept);
	for (i = 0; i < n; i++) {
		struct strbuf tip = STRBUF_INIT;

		strbuf_addf(out, "  %s%zu -> %s%zu [color=\"%s\"",
			    e[i].from < g->nr ? "n" : "g",
			    e[i].from < g->nr ? e[i].from : e[i].from - g->nr,
			    e[i].to < g->nr ? "n" : "g",
			    e[i].to < g->nr ? e[i].to : e[i].to - g->nr,
			    edge_colour[colour_index(e[i].verdict)]);
		if (e[i].verdict == VERDICT_UNSAFE)
			strbuf_addstr(out, ", penwidth=1.8");
		if (e[i].user)
			strbuf_addstr(out, ", style=dashed");
		if (e[i].count > 1) {
			/* xlabel: a label would make Graphviz 2.43 crash with
			 * clusters */
			strbuf_addf(out, ", xlabel=\"%zu\", fontsize=8",
				    e[i].count);
			strbuf_addf(&tip, "%zu calls", e[i].count);
		} else if (e[i].tooltip) {
			strbuf_addstr(&tip, e[i].tooltip);
		}
		if (tip.len) {
			strbuf_addstr(out, ", tooltip=\"");
			dot_quote(out, strbuf_str(&tip), DOT_SHOWN);
			strbuf_addch(out, '"');
		}
		strbuf_addstr(out, "];\n");
		strbuf_release(&tip);
	}
	strbuf_addstr(out, "}\n");

	if (st.members)
		for (i = 0; i < c->collapsed; i++)
			free(st.members[i].key);
	free(st.members);
	free(st.groups);
	free(e);
	free(rep);
	free(kept);
}

/* ---- the graph of a target ---- */

static int cmp_rgraph_edge(const void *a, const void *b)
{
	const struct rgraph_edge *x = a, *y = b;

	return cmp_u64_pair(x->from, x->to, y->from, y->to);
}

static struct rgraph_edge *find_rgraph_edge(const struct rgraph *rg,
					    uint32_t from, uint32_t to)
{
	struct rgraph_edge key = {.from = from, .to = to};

	if (!rg->nr_edges)
		return NULL;
	return bsearch(&key, rg->edges, rg->nr_edges, sizeof(key),
		       cmp_rgraph_edge);
}

/*
 * The subgraph of every function on a path from an entry to target TI,
 * coloured by the listed paths, as SVG; NOTE says what was collapsed.
 */
int report_target_graph(struct report_site *s, size_t ti, struct strbuf *svg,
			struct strbuf *note)
{
	const struct graph *g = s->g;
	struct report_target *t = &s->t[ti];
	struct strvec tips = {0};
	struct strbuf dot = STRBUF_INIT;
	struct rgraph rg = {0};
	struct rgraph_collapse *c = &t->collapse;
	struct query q;
	uint32_t *node_of, *src, v, k;
	unsigned char *mark;
	size_t i, j, pos = 0, *nth;
	int ret;

	src = xmalloc((s->nr_e + 1) * sizeof(*src));
	for (i = 0; i < s->nr_e; i++)
		src[i] = s->e[i].f;
	query_init(&q, g, s->in->ctx->filter);
	query_set_sources(&q, src, s->nr_e);
	query_set_targets(&q, &t->f, 1);
	free(src);
	mark = query_subgraph(&q);
	node_of = xmalloc(((size_t)g->nr + 1) * sizeof(*node_of));
	for (v = 0; v < g->nr; v++) {
		const struct gfunc *f = &g->f[v];
		struct rgraph_node *n;
		char *tip;

		node_of[v] = UINT32_MAX;
		if (!mark[v])
			continue;
		ALLOC_GROW(rg.nodes, rg.nr + 1, rg.alloc);
		node_of[v] = (uint32_t)rg.nr;
		n = &rg.nodes[rg.nr++];
		memset(n, 0, sizeof(*n));
		n->name = f->name;
		/* in the cluster of its own file, a static is its plain name */
		if ((f->flags & GF_STATIC) && (f->flags & GF_DEFINED) &&
		    !strcmp(skip_dot_slash(f->unit), skip_dot_slash(f->file)))
			n->label = f->base;
		n->file = (f->flags & GF_DEFINED) ? f->file : NULL;
		n->url = report_site_page(s, v);
		n->verdict = -1;
		n->rank = UINT64_MAX;
		if (!(f->flags & GF_DEFINED))
			n->flags |= RG_EXTERNAL;
		if (report_site_entry(s, v) != REPORT_NONE) {
			n->flags |= RG_ENTRY;
			n->rank = 1;
		}
		if (v == t->f) {
			n->flags |= RG_TARGET;
			n->rank = 0;
		}
		tip = (f->flags & GF_DEFINED)
			      ? xstrfmt("%s\n%s:%d", f->name,
					skip_dot_slash(f->file), f->line)
			      : xstrfmt("%s\n(external)", f->name);
		strvec_push(&tips, tip);
		free(tip);
	}
	for (i = 0; i < rg.nr; i++)
		rg.nodes[i].tooltip = tips.v[i];
	for (v = 0; v < g->nr; v++) {
		if (!mark[v])
			continue;
		for (k = g->out_start[v]; k < g->out_start[v + 1]; k++) {
			uint32_t w = g->out[k];
			const struct report_edge *se;
			const struct graph_user_edge *ue;
			struct rgraph_edge *e;
			char *tip;

			if (!query_edge_ok(&q, mark, v, w))
				continue;
			ALLOC_GROW(rg.edges, rg.nr_edges + 1, rg.alloc_edges);
			e = &rg.edges[rg.nr_edges++];
			e->from = node_of[v];
			e->to = node_of[w];
			e->verdict = -1;
			se = report_site_edge(s, v, w);
			ue = graph_user_edge(g, v, w);
			e->user = ue != NULL;
			if (ue) {
				struct strbuf how = STRBUF_INIT;

				indirect_describe_edge(ue, &how);
				tip = xstrfmt("%s -> %s\n%s", g->f[v].name,
					      g->f[w].name, strbuf_str(&how));
				strbuf_release(&how);
			} else if (se && se->sites.nr)
				tip = xstrfmt(
					"%s -> %s\n%s:%d:%d%s", g->f[v].name,
					g->f[w].name,
					skip_dot_slash(se->sites.v[0].file),
					se->sites.v[0].line, se->sites.v[0].col,
					se->sites.nr > 1 ? " (and more)" : "");
			else
				tip = xstrfmt("%s -> %s", g->f[v].name,
					      g->f[w].name);
			strvec_push(&tips, tip);
			free(tip);
		}
	}
	/* the tooltips of edges follow those of nodes, in edge order */
	for (i = 0; i < rg.nr_edges; i++)
		rg.edges[i].tooltip = tips.v[rg.nr + i];
	qsort(rg.edges, rg.nr_edges, sizeof(*rg.edges), cmp_rgraph_edge);
	free(mark);
	query_release(&q);

	/* colour by the listed paths to this target; rank by display order */
	nth = xcalloc(s->nr_e + 1, sizeof(*nth));
	for (i = 0; i < s->rv->nr_paths; i++) {
		size_t p = s->order[i], who;
		int verdict = (int)s->rv->paths[p].verdict;
		uint64_t rank;

		if (s->pt[p] != ti)
			continue;
		/*
		 * Round robin over the entries: the first path of every
		 * entry, then the second of every entry, and so on.
		 */
		who = s->pe[p] == REPORT_NONE ? s->nr_e : s->pe[p];
		rank = 2 + (uint64_t)nth[who]++ * s->rv->nr_paths + pos++;
		for (j = 0; j < s->plen[p]; j++) {
			uint32_t n = node_of[s->pf[p][j]];
			struct rgraph_edge *e;

			if (n == UINT32_MAX)
				continue;
			rg.nodes[n].verdict =
				report_worse(rg.nodes[n].verdict, verdict);
			if (rg.nodes[n].rank > rank)
				rg.nodes[n].rank = rank;
			if (!j || node_of[s->pf[p][j - 1]] == UINT32_MAX)
				continue;
			e = find_rgraph_edge(&rg, node_of[s->pf[p][j - 1]], n);
			if (e)
				e->verdict = report_worse(e->verdict, verdict);
		}
	}
	free(node_of);
	free(nth);

	rgraph_dot(&rg, s->in->max_nodes, "functions.html", &dot, c);
	if (c->collapsed) {
		strbuf_addf(
			note,
			"The subgraph reaching this target has %zu functions, "
			"more than the %zu a readable graph can hold. Shown "
			"one "
			"by one: the target, the entries and the functions of "
			"the first listed paths (the worst and shortest path "
			"of "
			"each entry first), %zu functions in all. ",
			rg.nr, s->in->max_nodes, c->shown);
		if (c->all)
			strbuf_addf(
				note,
				"The other %zu functions are collapsed into "
				"one node.",
				c->collapsed);
		else if (!c->level)
			strbuf_addf(
				note,
				"The other %zu functions are collapsed into "
				"%zu nodes, one per file (drawn as folders, "
				"each with its count of functions).",
				c->collapsed, c->groups);
		else
			strbuf_addf(
				note,
				"The other %zu functions are collapsed into "
				"%zu nodes, one per directory%s (drawn as "
				"folders, each with its count of functions "
				"and files): one node per file would have been "
				"too many.",
				c->collapsed, c->groups,
				c->level > 1 ? " higher up the tree" : "");
		strbuf_addf(
			note,
			" The calls between a function and a folder are "
			"merged into one edge, numbered with the calls it "
			"stands for; the %zu calls within and between folders "
			"are not drawn.",
			c->hidden_edges);
	}
	ret = graphviz_svg(strbuf_str(&dot), svg, RGRAPH_LAYOUT_SECONDS);
	strbuf_release(&dot);
	rgraph_release(&rg);
	strvec_clear(&tips);
	return ret;
}

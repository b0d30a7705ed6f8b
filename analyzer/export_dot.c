/*
 * export_dot.c - Graphviz DOT: functions clustered by the file defining
 * them, edges labelled with their call sites, sources and targets marked.
 */
#include "export.h"
#include "filter.h"
#include "hashmap.h"
#include "html.h"
#include "indirect.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Sites shown on an edge label before "+N more". */
#define MAX_EDGE_SITES 3

/* Append S quoted for DOT: most names need no quoting, checked first. */
static void add_quoted(struct strbuf *out, const char *s)
{
	size_t n = strcspn(s, "\"\\\n\r");

	if (!s[n])
		export_put(out, s, n);
	else
		dot_quote(out, s, DOT_AS_IS);
}

/*
 * The last string quoted for a call site: the sites of an edge, and of
 * the edges after it, mostly name one file (a string of the image).
 */
struct quote_memo {
	const char *s;
	size_t n;  /* bytes that need no quoting */
	int plain; /* all of it */
};

static void add_quoted_memo(struct strbuf *out, const char *s,
			    struct quote_memo *m)
{
	if (s != m->s) {
		m->s = s;
		m->n = strcspn(s, "\"\\\n\r");
		m->plain = !s[m->n];
	}
	if (m->plain)
		export_put(out, s, m->n);
	else
		dot_quote(out, s, DOT_AS_IS);
}

static const char *node_file(const struct gfunc *f)
{
	return (f->flags & GF_DEFINED) ? skip_dot_slash(f->file) : "";
}

/* A function with the file it is clustered by. */
struct node_key {
	const char *file;
	uint32_t v;
};

/* A file's nodes: how many, and where they go in the order by file. */
struct file_group {
	const char *file;
	size_t count, at;
	struct file_group *same; /* the first group of this name */
};

static int cmp_group_file(const void *a, const void *b)
{
	const struct file_group *const *x = a, *const *y = b;

	return strcmp((*x)->file, (*y)->file);
}

/*
 * EG's nodes into OUT by file, then by name. The graph keeps each file
 * name once, so a pointer names a file (two pointers to one name are
 * merged): the nodes are counted by pointer, the few files sorted by
 * name, and each file's nodes placed in the order they come, which is
 * their names'.
 */
static void order_by_file(const struct export_graph *eg, struct node_key *out)
{
	struct hashmap by_file = HASHMAP_INIT;
	struct file_group *g = xmalloc((eg->nr_nodes + 1) * sizeof(*g));
	struct file_group **sorted;
	uint32_t *group = xmalloc((eg->nr_nodes + 1) * sizeof(*group));
	size_t i, nr = 0, at = 0;

	for (i = 0; i < eg->nr_nodes; i++) {
		const char *file = node_file(&eg->g->f[eg->nodes[i]]);
		int added;
		void **slot =
			hashmap_put_u64(&by_file, (uintptr_t)file, &added);

		if (added) {
			g[nr].file = file;
			g[nr].count = 0;
			*slot = (void *)(uintptr_t)nr++;
		}
		group[i] = (uint32_t)(uintptr_t)*slot;
		g[group[i]].count++;
	}
	sorted = xmalloc((nr + 1) * sizeof(*sorted));
	for (i = 0; i < nr; i++)
		sorted[i] = &g[i];
	qsort(sorted, nr, sizeof(*sorted), cmp_group_file);
	for (i = 0; i < nr; i++) {
		struct file_group *x = sorted[i];

		if (i && !strcmp(x->file, sorted[i - 1]->file)) {
			x->same = sorted[i - 1]->same;
		} else {
			x->same = x;
			x->at = at;
		}
		at += x->count;
	}
	for (i = 0; i < eg->nr_nodes; i++) {
		struct file_group *x = g[group[i]].same;
		struct node_key *k = &out[x->at++];

		k->file = x->file;
		k->v = eg->nodes[i];
	}
	hashmap_release(&by_file);
	free(sorted);
	free(group);
	free(g);
}

static void add_node(struct strbuf *out, const struct export_graph *eg,
		     const struct node_key *n, const char *indent)
{
	const struct gfunc *f = &eg->g->f[n->v];
	unsigned fl = eg->flags[n->v];

	export_put(out, indent, strlen(indent));
	export_putc(out, 'n');
	strbuf_addnum(out, n->v);
	EXPORT_LIT(out, " [label=\"");
	add_quoted(out, f->name);
	export_putc(out, '"');
	if (fl & NF_TARGET)
		EXPORT_LIT(out, ", shape=doubleoctagon, style=filled, "
			     "fillcolor=\"#f4a6a6\"");
	else if (fl & NF_SOURCE)
		EXPORT_LIT(out, ", shape=box, style=\"filled,bold\", "
			     "fillcolor=\"#a6c8f4\"");
	else if (!(f->flags & GF_DEFINED))
		EXPORT_LIT(out, ", shape=ellipse, style=dashed");
	if (f->flags & GF_DEFINED) {
		EXPORT_LIT(out, ", tooltip=\"");
		add_quoted(out, n->file);
		export_putc(out, ':');
		strbuf_addnum(out, f->line);
		export_putc(out, '"');
	}
	EXPORT_LIT(out, "];\n");
}

/*
 * The label of edge E, quoted: its first sites, how many more, and the
 * rule or tier that added it. Quoting is character by character, so the
 * parts are quoted one by one, each line break written as DOT's "\n".
 */
static void add_edge_label(struct strbuf *out, const struct export_graph *eg,
			   const struct export_edge *e,
			   const struct graph_user_edge *ue,
			   struct quote_memo *memo)
{
	struct export_sites it;
	struct export_site s;
	size_t k, start = out->len;

	export_sites_begin(&it, eg, e);
	for (k = 0; k < MAX_EDGE_SITES && export_sites_next(&it, &s); k++) {
		if (k)
			EXPORT_LIT(out, "\\n");
		add_quoted_memo(out, s.file, memo);
		export_putc(out, ':');
		strbuf_addnum(out, s.line);
		export_putc(out, ':');
		strbuf_addnum(out, s.col);
	}
	if (e->nr_sites > MAX_EDGE_SITES) {
		EXPORT_LIT(out, "\\n+");
		strbuf_addnum(out, e->nr_sites - MAX_EDGE_SITES);
		EXPORT_LIT(out, " more");
	}
	if (ue) {
		unsigned tier = indirect_edge_tier(ue);

		if (out->len > start)
			EXPORT_LIT(out, "\\n");
		dot_quote(out,
			  tier == IND_RULES ? "rule" : indirect_tier_name(tier),
			  DOT_AS_IS);
		EXPORT_LIT(out, ": ");
		add_quoted(out, ue->reason);
	}
}

/* Edges [FROM, TO) of EG into OUT, written out to FP as it grows if FP. */
static void add_edges(struct strbuf *out, const struct export_graph *eg,
		      size_t from, size_t to, FILE *fp)
{
	struct quote_memo memo = {NULL, 0, 0};
	size_t i;

	for (i = from; i < to; i++) {
		const struct export_edge *e = &eg->edges[i];
		const struct graph_user_edge *ue =
			graph_user_edge(eg->g, e->caller, e->callee);
		unsigned tier = ue ? indirect_edge_tier(ue) : 0;

		export_flush(out, fp);
		EXPORT_LIT(out, "  n");
		strbuf_addnum(out, e->caller);
		EXPORT_LIT(out, " -> n");
		strbuf_addnum(out, e->callee);
		EXPORT_LIT(out, " [label=\"");
		add_edge_label(out, eg, e, ue, &memo);
		/* rule edges dashed blue; tiers dashed green, dotted grey */
		if (!ue)
			EXPORT_LIT(out, "\"];\n");
		else if (tier == IND_RULES)
			EXPORT_LIT(out, "\", style=dashed, color=\"#2060c0\"];\n");
		else if (tier == IND_FIELDS || tier == IND_REGISTRY)
			EXPORT_LIT(out, "\", style=dashed, color=\"#208040\"];\n");
		else
			EXPORT_LIT(out, "\", style=dotted, color=\"#808080\"];\n");
	}
}

/*
 * Bytes of text, about, to share it out and make room for it: a node's
 * line with its share of the clusters', and an edge's with N sites.
 */
#define NODE_BYTES 100

static size_t edge_bytes(uint32_t n)
{
	return 24 + 32 * (size_t)(n < MAX_EDGE_SITES ? n : MAX_EDGE_SITES + 1);
}

/* The bytes of EG's text, about. */
static size_t text_bytes(const struct export_graph *eg)
{
	size_t i, n = NODE_BYTES * eg->nr_nodes;

	for (i = 0; i < eg->nr_edges; i++)
		n += edge_bytes(eg->edges[i].nr_sites);
	return n;
}

/*
 * The last edges of a large graph are written on a second thread, into a
 * buffer of their own made as large as they need (growing it would copy
 * it and touch new pages), while the first thread writes the nodes and
 * the edges before them: most of an export's time is this text.
 */
struct edges_part {
	const struct export_graph *eg;
	size_t from, to, bytes; /* edges [FROM, TO), about BYTES of text */
	struct strbuf out;
};

static void *edges_part_run(void *arg)
{
	struct edges_part *part = arg;

	strbuf_grow(&part->out, part->bytes + part->bytes / 4);
	add_edges(&part->out, part->eg, part->from, part->to, NULL);
	return NULL;
}

/*
 * Share EG's edges out into PART: about half of its TEXT bytes after
 * them, the nodes counted on the first thread's side. None below
 * EXPORT_DOT_SPLIT_MIN edges, where a thread costs more than it saves.
 */
static void split_edges(const struct export_graph *eg, size_t text,
			struct edges_part *part)
{
	size_t i, first = NODE_BYTES * eg->nr_nodes;

	part->eg = eg;
	part->from = part->to = eg->nr_edges;
	part->bytes = 0;
	strbuf_init(&part->out);
	if (eg->nr_edges < EXPORT_DOT_SPLIT_MIN)
		return;
	for (i = 0; i < eg->nr_edges && 2 * first < text; i++)
		first += edge_bytes(eg->edges[i].nr_sites);
	part->from = i;
	part->bytes = text - first;
}

/* The DOT text of EG into OUT, written out to FP as it grows if FP. */
static void dot_text(const struct export_graph *eg, struct strbuf *out,
		     FILE *fp)
{
	struct node_key *byfile =
		xmalloc((eg->nr_nodes + 1) * sizeof(*byfile));
	size_t text = text_bytes(eg), i, k, cluster = 0;
	struct edges_part part;
	pthread_t thread;
	int threaded;

	split_edges(eg, text, &part);
	threaded = part.from < part.to &&
		   !pthread_create(&thread, NULL, edges_part_run, &part);

	/* room for all of it (or a chunk), as a guess: no copies */
	strbuf_grow(out, fp ? 2 * EXPORT_FLUSH_AT : text + text / 4);
	EXPORT_LIT(out, "digraph callreach {\n"
		     "  rankdir=LR;\n"
		     "  node [shape=box, style=rounded, "
		     "fontname=\"Helvetica\", fontsize=10];\n"
		     "  edge [fontname=\"Helvetica\", fontsize=8];\n");
	order_by_file(eg, byfile);
	for (i = 0; i < eg->nr_nodes; i = k) {
		const char *file = byfile[i].file;

		for (k = i; k < eg->nr_nodes && !strcmp(byfile[k].file, file);
		     k++)
			;
		export_flush(out, fp);
		if (!*file) {
			for (; i < k; i++)
				add_node(out, eg, &byfile[i], "  ");
			continue;
		}
		EXPORT_LIT(out, "  subgraph cluster_");
		strbuf_addnum(out, (int64_t)cluster++);
		EXPORT_LIT(out, " {\n    label=\"");
		add_quoted(out, file);
		EXPORT_LIT(out, "\";\n    style=rounded; color=\"#999999\";\n");
		for (; i < k; i++)
			add_node(out, eg, &byfile[i], "    ");
		EXPORT_LIT(out, "  }\n");
	}
	add_edges(out, eg, 0, part.from, fp);
	if (threaded)
		pthread_join(thread, NULL);
	else /* none to share, or no thread to share them with */
		add_edges(out, eg, part.from, part.to, fp);
	/* the second thread's text after the first's */
	if (part.out.len && fp) {
		fwrite(out->buf, 1, out->len, fp);
		strbuf_reset(out);
		fwrite(part.out.buf, 1, part.out.len, fp);
	} else if (part.out.len) {
		strbuf_add(out, part.out.buf, part.out.len);
	}
	EXPORT_LIT(out, "}\n");
	strbuf_release(&part.out);
	free(byfile);
}

void export_dot_text(const struct export_graph *eg, struct strbuf *out)
{
	dot_text(eg, out, NULL);
}

static int write_dot(const struct export_graph *eg, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;

	dot_text(eg, &sb, out);
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
	return 0;
}

const struct exporter export_dot = {"dot", write_dot};

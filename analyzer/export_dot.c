/*
 * export_dot.c - Graphviz DOT: functions clustered by the file defining
 * them, edges labelled with their call sites, sources and targets marked.
 */
#include "export.h"
#include "filter.h"
#include "html.h"
#include "indirect.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Sites shown on an edge label before "+N more". */
#define MAX_EDGE_SITES 3

/*
 * Append N bytes: in place while there is room (export_dot_text makes
 * room for all of the text first), else through strbuf_add().
 */
static inline void put(struct strbuf *out, const char *s, size_t n)
{
	if (out->len + n < out->alloc) {
		memcpy(out->buf + out->len, s, n);
		out->len += n;
		out->buf[out->len] = '\0';
	} else {
		strbuf_add(out, s, n);
	}
}

#define ADD_LIT(out, s) put((out), (s), sizeof(s) - 1)

static inline void put_ch(struct strbuf *out, char c)
{
	put(out, &c, 1);
}

/* Append N in decimal, in place (strbuf_addf costs more than the rest). */
static void add_num(struct strbuf *out, long n)
{
	static const char pairs[] = "00010203040506070809"
				    "10111213141516171819"
				    "20212223242526272829"
				    "30313233343536373839"
				    "40414243444546474849"
				    "50515253545556575859"
				    "60616263646566676869"
				    "70717273747576777879"
				    "80818283848586878889"
				    "90919293949596979899";
	unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
	unsigned long t = 100000;
	size_t len = (n < 0) + (u < 10	  ? 1
				: u < 100  ? 2
				: u < 1000 ? 3
				: u < 10000 ? 4
					    : 5);
	char *p;

	for (; u >= t && t < ULONG_MAX / 10; t *= 10) /* longer ones */
		len++;
	if (u >= t)
		len++;
	if (out->len + len >= out->alloc)
		strbuf_grow(out, len);
	out->len += len;
	out->buf[out->len] = '\0';
	p = out->buf + out->len;
	while (u >= 100) {
		unsigned long d = (u % 100) * 2;

		u /= 100;
		*--p = pairs[d + 1];
		*--p = pairs[d];
	}
	if (u >= 10) {
		*--p = pairs[u * 2 + 1];
		*--p = pairs[u * 2];
	} else {
		*--p = (char)('0' + u);
	}
	if (n < 0)
		*--p = '-';
}

/* Append S quoted for DOT: most names need no quoting, checked first. */
static void add_quoted(struct strbuf *out, const char *s)
{
	size_t n = strcspn(s, "\"\\\n\r");

	if (!s[n])
		put(out, s, n);
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

/* By file, then by name: the graph's order is the order of the names. */
static int cmp_by_file(const void *a, const void *b)
{
	const struct node_key *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	return c ? c : (x->v > y->v) - (x->v < y->v);
}

static void add_node(struct strbuf *out, const struct export_graph *eg,
		     const struct node_key *n, const char *indent)
{
	const struct gfunc *f = &eg->g->f[n->v];
	unsigned fl = eg->flags[n->v];

	put(out, indent, strlen(indent));
	put_ch(out, 'n');
	add_num(out, n->v);
	ADD_LIT(out, " [label=\"");
	add_quoted(out, f->name);
	put_ch(out, '"');
	if (fl & NF_TARGET)
		ADD_LIT(out, ", shape=doubleoctagon, style=filled, "
			     "fillcolor=\"#f4a6a6\"");
	else if (fl & NF_SOURCE)
		ADD_LIT(out, ", shape=box, style=\"filled,bold\", "
			     "fillcolor=\"#a6c8f4\"");
	else if (!(f->flags & GF_DEFINED))
		ADD_LIT(out, ", shape=ellipse, style=dashed");
	if (f->flags & GF_DEFINED) {
		ADD_LIT(out, ", tooltip=\"");
		add_quoted(out, n->file);
		put_ch(out, ':');
		add_num(out, f->line);
		put_ch(out, '"');
	}
	ADD_LIT(out, "];\n");
}

/*
 * The label of edge E, quoted: its first sites, how many more, and the
 * rule or tier that added it. Quoting is character by character, so the
 * parts are quoted one by one, each line break written as DOT's "\n".
 */
static void add_edge_label(struct strbuf *out, const struct export_graph *eg,
			   const struct export_edge *e,
			   const struct graph_user_edge *ue)
{
	size_t k, start = out->len;

	for (k = 0; k < e->nr_sites && k < MAX_EDGE_SITES; k++) {
		struct export_site s = export_site(eg, e, (uint32_t)k);

		if (k)
			ADD_LIT(out, "\\n");
		add_quoted(out, s.file);
		put_ch(out, ':');
		add_num(out, s.line);
		put_ch(out, ':');
		add_num(out, s.col);
	}
	if (e->nr_sites > MAX_EDGE_SITES) {
		ADD_LIT(out, "\\n+");
		add_num(out, (long)(e->nr_sites - MAX_EDGE_SITES));
		ADD_LIT(out, " more");
	}
	if (ue) {
		unsigned tier = indirect_edge_tier(ue);

		if (out->len > start)
			ADD_LIT(out, "\\n");
		dot_quote(out,
			  tier == IND_RULES ? "rule" : indirect_tier_name(tier),
			  DOT_AS_IS);
		ADD_LIT(out, ": ");
		add_quoted(out, ue->reason);
	}
}

/* Text kept before it is written out, when it is written out. */
#define FLUSH_AT (64 * 1024)

/* Write out what OUT holds when it is large enough, if there is a FP. */
static void flush(struct strbuf *out, FILE *fp)
{
	if (fp && out->len >= FLUSH_AT) {
		fwrite(out->buf, 1, out->len, fp);
		strbuf_reset(out);
	}
}

/* The DOT text of EG into OUT, written out to FP as it grows if FP. */
static void dot_text(const struct export_graph *eg, struct strbuf *out,
		     FILE *fp)
{
	struct node_key *byfile =
		xmalloc((eg->nr_nodes + 1) * sizeof(*byfile));
	size_t i, k, cluster = 0;

	/* room for all of it (or a chunk), as a guess: no copies */
	strbuf_grow(out, fp ? 2 * FLUSH_AT
			    : 160 * eg->nr_nodes + 72 * eg->nr_edges +
				      24 * eg->nr_sites);
	ADD_LIT(out, "digraph callreach {\n"
		     "  rankdir=LR;\n"
		     "  node [shape=box, style=rounded, "
		     "fontname=\"Helvetica\", fontsize=10];\n"
		     "  edge [fontname=\"Helvetica\", fontsize=8];\n");
	for (i = 0; i < eg->nr_nodes; i++) {
		byfile[i].v = eg->nodes[i];
		byfile[i].file = node_file(&eg->g->f[eg->nodes[i]]);
	}
	qsort(byfile, eg->nr_nodes, sizeof(*byfile), cmp_by_file);
	for (i = 0; i < eg->nr_nodes; i = k) {
		const char *file = byfile[i].file;

		for (k = i; k < eg->nr_nodes && !strcmp(byfile[k].file, file);
		     k++)
			;
		flush(out, fp);
		if (!*file) {
			for (; i < k; i++)
				add_node(out, eg, &byfile[i], "  ");
			continue;
		}
		ADD_LIT(out, "  subgraph cluster_");
		add_num(out, (long)cluster++);
		ADD_LIT(out, " {\n    label=\"");
		add_quoted(out, file);
		ADD_LIT(out, "\";\n    style=rounded; color=\"#999999\";\n");
		for (; i < k; i++)
			add_node(out, eg, &byfile[i], "    ");
		ADD_LIT(out, "  }\n");
	}
	for (i = 0; i < eg->nr_edges; i++) {
		const struct export_edge *e = &eg->edges[i];
		const struct graph_user_edge *ue =
			graph_user_edge(eg->g, e->caller, e->callee);
		unsigned tier = ue ? indirect_edge_tier(ue) : 0;

		flush(out, fp);
		ADD_LIT(out, "  n");
		add_num(out, e->caller);
		ADD_LIT(out, " -> n");
		add_num(out, e->callee);
		ADD_LIT(out, " [label=\"");
		add_edge_label(out, eg, e, ue);
		/* rule edges dashed blue; tiers dashed green, dotted grey */
		if (!ue)
			ADD_LIT(out, "\"];\n");
		else if (tier == IND_RULES)
			ADD_LIT(out, "\", style=dashed, color=\"#2060c0\"];\n");
		else if (tier == IND_FIELDS || tier == IND_REGISTRY)
			ADD_LIT(out, "\", style=dashed, color=\"#208040\"];\n");
		else
			ADD_LIT(out, "\", style=dotted, color=\"#808080\"];\n");
	}
	ADD_LIT(out, "}\n");
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

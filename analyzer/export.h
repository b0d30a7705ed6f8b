/*
 * export.h - exporting a subgraph for review: a table of exporters, one
 * file each (export_dot.c, export_svg.c, export_json.c).
 *
 * Ownership: an export_graph borrows the graph and owns its arrays and
 * the call sites' file names (export_graph_release).
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stdio.h>
#include <string.h>

#include "graph.h"
#include "graph_db.h"
#include "util.h"

struct query;
struct strbuf;

struct export_edge {
	uint32_t caller, callee;
	/* its sites: the image's pair, or the list's index (export_sites) */
	uint32_t first, nr_sites;
};

struct export_graph {
	const struct graph *g;
	const unsigned char *flags; /* NF_SOURCE / NF_TARGET per function */
	uint32_t *nodes;	    /* sorted by name */
	size_t nr_nodes;
	struct export_edge *edges; /* sorted by caller, then callee */
	size_t nr_edges;
	struct graph_db_sites image; /* the sites, read in one go... */
	struct call_sites *lists;    /* ... or call by call, one per edge */
};

struct export_site {
	const char *file; /* borrowed from the export_graph */
	int line, col;
};

/* The sites of an edge, read in order (by file, line, column). */
struct export_sites {
	const struct export_graph *eg;
	const struct export_edge *e;
	uint32_t k; /* sites read */
	struct graph_db_site_cursor c;
};

static inline void export_sites_begin(struct export_sites *it,
				      const struct export_graph *eg,
				      const struct export_edge *e)
{
	it->eg = eg;
	it->e = e;
	it->k = 0;
	if (!eg->lists && e->nr_sites)
		graph_db_sites_begin(&eg->image, e->first, &it->c);
}

/* The next site of the edge into *S: 1, or 0 after its last. */
static inline int export_sites_next(struct export_sites *it,
				    struct export_site *s)
{
	if (it->k >= it->e->nr_sites)
		return 0;
	if (it->eg->lists) {
		const struct call_site *c =
			&it->eg->lists[it->e->first].v[it->k];

		s->file = c->file;
		s->line = c->line;
		s->col = c->col;
	} else {
		graph_db_sites_next(&it->eg->image, &it->c, &s->file, &s->line,
				    &s->col);
	}
	it->k++;
	return 1;
}

/*
 * The subgraph of Q with its call sites, read from DB's call-site image in
 * one go (or by call when there is none); -1 after reporting an error,
 * with nothing left to release. The image is AHEAD's when it read DB's
 * (AHEAD, if not NULL, is freed).
 */
int export_graph_build(struct export_graph *eg, struct graph_db *db,
		       const struct query *q,
		       struct graph_db_sites_ahead *ahead);
void export_graph_release(struct export_graph *eg);

struct exporter {
	const char *name;
	/* Write EG to OUT; -1 after reporting an error. */
	int (*write)(const struct export_graph *eg, FILE *out);
};

extern const struct exporter export_dot, export_svg, export_json;

/* Find an exporter by format name, or NULL. */
const struct exporter *exporter_find(const char *name);

/*
 * Text output the exporters share: appended to a strbuf the exporter made
 * room in, handed to the FILE every EXPORT_FLUSH_AT bytes.
 */
#define EXPORT_FLUSH_AT (64 * 1024)

/* Append N bytes: in place while there is room, else by strbuf_add(). */
static inline void export_put(struct strbuf *out, const char *s, size_t n)
{
	if (out->len + n < out->alloc) {
		memcpy(out->buf + out->len, s, n);
		out->len += n;
		out->buf[out->len] = '\0';
	} else {
		strbuf_add(out, s, n);
	}
}

#define EXPORT_LIT(out, s) export_put((out), (s), sizeof(s) - 1)

static inline void export_putc(struct strbuf *out, char c)
{
	export_put(out, &c, 1);
}

/* Write out what OUT holds once it is EXPORT_FLUSH_AT long, if FP. */
void export_flush(struct strbuf *out, FILE *fp);

/*
 * The DOT text of EG (shared by the DOT and SVG exporters). From this
 * many edges, a second thread writes the later half of them.
 */
#define EXPORT_DOT_SPLIT_MIN 4096
void export_dot_text(const struct export_graph *eg, struct strbuf *out);

#endif

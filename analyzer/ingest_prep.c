/*
 * ingest_prep.c - what storing a unit needs that depends on the unit
 * alone: its nodes in title order with their canonical names and parsed
 * labels, and each call site's file, line and column. The reader thread
 * prepares a unit when it is ahead of the storing thread (a large tree,
 * where SQLite's writes are the slower side), else the storing thread
 * does: either way the work is done once, by the thread with time for it.
 */
#include "ingest_int.h"
#include "symbols.h"

#include <stdlib.h>
#include <string.h>

int ingest_cmp_node_ref(const void *a, const void *b)
{
	return strcmp(((const struct node_ref *)a)->title,
		      ((const struct node_ref *)b)->title);
}

/* Split a call site's LABEL "file:line:col"; *FILE is NULL without one. */
static void split_site(const char *label, const char **file, size_t *flen,
		       int *line, int *col)
{
	size_t len;

	*line = *col = 0;
	*file = NULL;
	*flen = 0;
	if (!label)
		return;
	len = ci_split_location(label, strlen(label), line, col);
	*file = skip_dot_slash(label);
	if ((size_t)(*file - label) > len)
		*file = label + len;
	*flen = len - (size_t)(*file - label);
}

void ingest_prep(const struct ci_unit *u, struct unit_prep *p)
{
	struct ci_titles ut = {u, NULL};
	size_t i, n = 0;

	memset(p, 0, sizeof(*p));
	p->order = xmalloc((u->nr_nodes + 1) * sizeof(*p->order));
	for (i = 0; i < u->nr_nodes; i++)
		if (u->nodes[i].first == i &&
		    !ci_is_indirect(u->nodes[i].title)) {
			p->order[n].title = u->nodes[i].title;
			p->order[n++].i = i;
		}
	qsort(p->order, n, sizeof(*p->order), ingest_cmp_node_ref);
	p->nr_order = n;
	p->canon = xmalloc((n + 1) * sizeof(*p->canon));
	p->labels = xmalloc((n + 1) * sizeof(*p->labels));
	for (i = 0; i < n; i++) {
		const struct ci_node *node = &u->nodes[p->order[i].i];

		p->canon[i] =
			sym_canonical_in_unit(node->title, ci_has_title, &ut);
		ci_label_parse(node->label, &p->labels[i]);
	}
	p->sites = xmalloc((u->nr_edges + 1) * sizeof(*p->sites));
	for (i = 0; i < u->nr_edges; i++) {
		struct site_split *s = &p->sites[i];

		split_site(u->edges[i].label, &s->file, &s->flen, &s->line,
			   &s->col);
	}
	p->ready = 1;
	ci_titles_release(&ut);
}

void ingest_prep_release(struct unit_prep *p)
{
	size_t i;

	if (!p->ready)
		return;
	for (i = 0; i < p->nr_order; i++) {
		free(p->canon[i]);
		ci_label_release(&p->labels[i]);
	}
	free(p->order);
	free(p->canon);
	free(p->labels);
	free(p->sites);
	memset(p, 0, sizeof(*p));
}

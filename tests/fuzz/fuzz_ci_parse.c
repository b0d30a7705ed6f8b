/*
 * fuzz_ci_parse.c - libFuzzer harness for the .ci parser: ci_parse() on
 * the input, then what ingest does with a parsed unit's strings (node
 * labels, call-site locations, canonical names).  Built and run by
 * "make fuzz"; the seeds are the test cases' .ci files.
 */
#include "ci_parse.h"
#include "symbols.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct titles {
	const char **v;
	size_t nr;
};

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int has_title(const char *t, void *ctx)
{
	const struct titles *ts = ctx;

	return bsearch(&t, ts->v, ts->nr, sizeof(*ts->v), cmp_strp) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ci_unit u;
	struct titles ts;
	size_t i;

	if (ci_parse("fuzz.ci", (const char *)data, size, &u))
		return 0;
	if (!u.title)
		BUG("a parsed unit without a title");
	ts.nr = u.nr_nodes;
	ts.v = xmalloc((u.nr_nodes + 1) * sizeof(*ts.v));
	for (i = 0; i < u.nr_nodes; i++)
		ts.v[i] = u.nodes[i].title;
	qsort(ts.v, ts.nr, sizeof(*ts.v), cmp_strp);
	for (i = 0; i < u.nr_nodes; i++) {
		struct ci_label l;
		char *canon;

		if (!u.nodes[i].title || !*u.nodes[i].title)
			BUG("node %zu without a title", i);
		ci_label_parse(u.nodes[i].label, &l);
		ci_label_release(&l);
		canon = sym_canonical_in_unit(u.nodes[i].title, has_title, &ts);
		if (!sym_is_static(canon) && strchr(sym_base(canon), ':'))
			BUG("base of '%s' holds a colon", canon);
		free(canon);
	}
	for (i = 0; i < u.nr_edges; i++) {
		int line, col;

		if (!has_title(u.edges[i].source, &ts) ||
		    !has_title(u.edges[i].target, &ts))
			BUG("edge %zu to an undeclared node", i);
		if (u.edges[i].label)
			free(ci_parse_location(u.edges[i].label, &line, &col));
	}
	free(ts.v);
	ci_unit_release(&u);
	return 0;
}

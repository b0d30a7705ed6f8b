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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ci_unit u;
	struct ci_titles ts;
	size_t i;

	if (ci_parse("fuzz.ci", (const char *)data, size, &u))
		return 0;
	if (!u.title)
		BUG("a parsed unit without a title");
	ts.u = &u;
	ts.v = NULL;
	for (i = 0; i < u.nr_nodes; i++) {
		struct ci_label l;
		char *canon;

		if (!u.nodes[i].title || !*u.nodes[i].title)
			BUG("node %zu without a title", i);
		ci_label_parse(u.nodes[i].label, &l);
		ci_label_release(&l);
		canon = sym_canonical_in_unit(u.nodes[i].title, ci_has_title,
					      &ts);
		if (!sym_is_static(canon) && strchr(sym_base(canon), ':'))
			BUG("base of '%s' holds a colon", canon);
		free(canon);
	}
	for (i = 0; i < u.nr_edges; i++) {
		int line, col;

		if (!ci_has_title(u.edges[i].source, &ts) ||
		    !ci_has_title(u.edges[i].target, &ts))
			BUG("edge %zu to an undeclared node", i);
		if (u.edges[i].label)
			free(ci_parse_location(u.edges[i].label, &line, &col));
	}
	ci_titles_release(&ts);
	ci_unit_release(&u);
	return 0;
}

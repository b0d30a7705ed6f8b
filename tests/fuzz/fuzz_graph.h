/*
 * fuzz_graph.h - the small call graph the harnesses run queries on: one
 * function per name ("file.c:name" a static one, defined in "a.c"), ids
 * from 1 in the order given, and the EDGES between those ids.
 */
#ifndef FUZZ_GRAPH_H
#define FUZZ_GRAPH_H

#include "graph.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Build the image of that graph into IMAGE; DEFINED_ALL: every function is
 * defined, else every other one.
 */
static inline void fuzz_graph_image(const char *const *names, size_t nr,
				    const int64_t (*edges)[2], size_t nr_edges,
				    int defined_all, struct strbuf *image)
{
	struct graph_func_in *f = xcalloc(nr, sizeof(*f));
	size_t i;

	for (i = 0; i < nr; i++) {
		f[i].id = (int64_t)i + 1;
		f[i].name = names[i];
		f[i].file = strchr(names[i], ':') ? "a.c" : "lib/x.c";
		f[i].unit = i % 2 ? "a.c" : "";
		f[i].line = (int)i + 1;
		f[i].col = 1;
		f[i].flags = (defined_all || i % 2 ? GF_DEFINED : 0) |
			     (strchr(names[i], ':') ? GF_STATIC : 0);
		f[i].nr_indirect = 0;
	}
	graph_image_build(f, nr, edges, nr_edges, image);
	free(f);
}

#endif

/*
 * fuzz_facts.c - libFuzzer harness for the object facts image a database
 * holds (objects_facts.c): the input is decoded as the image of a graph
 * of 64 functions, its graph hash and number of functions first set to
 * that graph's so that the rest is read; every function and string of
 * what decodes is then used. Built and run by "make fuzz"; the seeds are
 * images an ingest of tests/objects wrote.
 */
#include "fuzz_graph.h"
#include "graph.h"
#include "objects.h"
#include "registry.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NR_FUNCS 64

static struct strbuf image = STRBUF_INIT; /* g points into it */
static struct graph g;
static uint64_t graph_hash;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char names[NR_FUNCS][8];
	const char *v[NR_FUNCS];
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; i < NR_FUNCS; i++) {
		snprintf(names[i], sizeof(names[i]), "f%02zu", i);
		v[i] = names[i];
	}
	fuzz_graph_image(v, NR_FUNCS, NULL, 0, 1, &image);
	if (graph_from_image(&g, image.buf, image.len))
		BUG("the fuzz graph does not load");
	graph_hash = objects_facts_graph_hash(&g);
	return 0;
}

/* Every function index and string of F, as indirect.c reads them. */
static size_t use(const struct obj_facts *f)
{
	size_t n = 0, i;

	for (i = 0; i < f->nr_funcs; i++)
		n += f->boot_only[i] + f->taken[i];
	for (i = 0; i < f->nr_reg; i++)
		n += strlen(g.f[f->reg[i][0]].name) +
		     strlen(g.f[f->reg[i][1]].name);
	for (i = 0; i < f->nr_stores; i++)
		n += strlen(f->stores[i].member) + g.f[f->stores[i].f].line +
		     (f->stores[i].type ? strlen(f->stores[i].type) : 0);
	for (i = 0; i < f->nr_sites; i++)
		n += strlen(f->sites[i].where) + g.f[f->sites[i].caller].line +
		     (f->sites[i].member ? strlen(f->sites[i].member) : 0) +
		     (f->sites[i].type ? strlen(f->sites[i].type) : 0);
	for (i = 0; i < f->nr_edges; i++)
		n += strlen(f->edges[i].reason) +
		     g.f[f->edges[i].caller].line +
		     g.f[f->edges[i].callee].line +
		     (f->edges[i].site ? strlen(f->edges[i].site) : 0);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct obj_facts f;
	uint32_t nr = NR_FUNCS;
	char *buf = xmalloc(size + 1);
	static volatile size_t sink;

	memcpy(buf, data, size);
	/* the header's magic (8 bytes), graph hash and number of functions */
	if (size >= 20) {
		memcpy(buf + 8, &graph_hash, sizeof(graph_hash));
		memcpy(buf + 16, &nr, sizeof(nr));
	}
	if (!objects_facts_decode(buf, size, &g, &f))
		sink = use(&f);
	objects_facts_release(&f);
	return 0;
}

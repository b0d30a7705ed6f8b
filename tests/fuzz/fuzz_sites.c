/*
 * fuzz_sites.c - libFuzzer harness for the call-site image a database
 * holds (sites_image.c): the input is checked and indexed as an image,
 * with its stamp computed as a reader ahead does; when it is taken, every
 * call is found again by its caller and callee, and every site of it read
 * (its file name, line and column), as the exporters read them. Built and
 * run by "make fuzz"; the seeds are images an ingest of tests/objects
 * wrote.
 */
#include "graph_db.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every call and site of SI, as export.c and graph_db.c read them. */
static size_t use(const struct graph_db_sites *si)
{
	struct graph_db_site_cursor c;
	const char *file;
	uint32_t i, lo, hi, pair, n;
	int line, col;
	size_t sum = 0;

	for (i = 0; i < si->nr_pairs; i++) {
		graph_db_sites_caller(si, si->caller[i], &lo, &hi);
		n = graph_db_sites_find(si, lo, hi, si->caller[i],
					si->callee[i], &pair);
		if (lo > i || hi <= i || pair != i ||
		    n != si->start[i + 1] - si->start[i])
			BUG("call %u not found again by its ids", i);
		graph_db_sites_begin(si, i, &c);
		while (graph_db_sites_next(si, &c, &file, &line, &col)) {
			sum += strlen(file) + (size_t)line + (size_t)col;
			n--;
		}
		if (n)
			BUG("call %u: sites left unread", i);
	}
	return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct graph_db_sites si;
	char *image = xmalloc(size + 1);
	static volatile size_t sink;

	memcpy(image, data, size);
	sink += graph_db_sites_stamp(image, size);
	/* the image is SI's from here on, freed when it is refused */
	if (graph_db_sites_adopt(&si, image, size, NULL)) {
		sink += use(&si);
		graph_db_sites_close(&si);
	}
	return 0;
}

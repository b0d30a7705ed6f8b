/*
 * fuzz_rules.c - libFuzzer harness for the rule-file parser:
 * rules_parse_buffer() on the input, then what a query does with the rules
 * (rules_apply() on a small graph, rules_triage() of a few paths).  Built
 * and run by "make fuzz"; the seeds are the rule files of rules/ and the
 * tests.
 *
 * Includes are kept inside a scratch directory made at start-up (which
 * holds a few rule files, one including itself): an input naming a path
 * with a '/' next to "include" is skipped, so that the fuzzer never reads
 * /dev or /proc.
 */
#include "fuzz_graph.h"
#include "graph.h"
#include "rules.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct strbuf image = STRBUF_INIT;

static const char *const fn_names[] = {
	"entry",	"a.c:helper",	"b.c:helper", "alloc",
	"alloc.part.0", "sub/c.c:loop", "free",	      "__indirect_call",
};

static void write_file(const char *name, const char *text)
{
	FILE *fp = fopen(name, "w");

	if (!fp || fputs(text, fp) == EOF || fclose(fp))
		BUG("cannot write '%s'", name);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[] = "/tmp/callreach-fuzz-rules.XXXXXX";
	static const int64_t edges[][2] = {
		{1, 2}, {2, 4}, {1, 3}, {3, 6}, {6, 6}, {6, 4}, {4, 7}, {1, 8},
	};

	(void)argc;
	(void)argv;
	if (!mkdtemp(dir) || chdir(dir))
		BUG("cannot make a scratch directory");
	write_file("a.rules", "target alloc\ninclude b.rules\n");
	write_file("b.rules", "entry entry\nexclude free\n");
	write_file("loop.rules", "include loop.rules\n");
	fuzz_graph_image(fn_names, ARRAY_SIZE(fn_names), edges,
			 ARRAY_SIZE(edges), 0, &image);
	return 0;
}

/* Would the input include a file outside the scratch directory? */
static int escapes(const uint8_t *data, size_t size)
{
	size_t i;

	if (!memchr(data, '/', size))
		return 0;
	for (i = 0; i + 7 <= size; i++)
		if (!memcmp(data + i, "include", 7))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t paths[][4] = {
		{0, 1, 3, 6},
		{0, 2, 5, 3},
		{0, 7, 0, 0},
		{4, 4, 4, 4},
	};
	static const size_t lens[] = {4, 4, 2, 1};
	struct sym_matches targets = {0}, entries = {0};
	struct rules r;
	struct graph g;
	size_t i;

	if (escapes(data, size))
		return 0;
	rules_init(&r);
	if (rules_parse_buffer(&r, "fuzz.rules", (const char *)data, size)) {
		rules_release(&r);
		return 0;
	}
	if (graph_from_image(&g, image.buf, image.len))
		BUG("the graph image does not load");
	rules_apply(&r, &g, &targets, &entries);
	for (i = 0; i < targets.nr + entries.nr; i++)
		if ((i < targets.nr ? targets.idx[i]
				    : entries.idx[i - targets.nr]) >= g.nr)
			BUG("a matched function out of range");
	for (i = 0; i < ARRAY_SIZE(paths); i++)
		rules_triage(&r, &g, paths[i], lens[i]);
	sym_matches_release(&targets);
	sym_matches_release(&entries);
	graph_release(&g);
	rules_release(&r);
	return 0;
}

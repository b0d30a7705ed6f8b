/*
 * fuzz_baseline.c - libFuzzer harness for the JSON files "gate" and
 * "report" read: the input is read as a baseline (review_parse_json()),
 * written back as "baseline save" writes it, compared with the review of
 * a small graph as "gate" does (review_compare()) and reported in every
 * gate format; and it is read as a history file (trend_parse()) and drawn
 * as the trend chart.  Built and run by "make fuzz"; the seeds are
 * baselines and history lines written by the tests and by callreach on
 * tests/example.
 */
#include "filter.h"
#include "fuzz_graph.h"
#include "gate.h"
#include "graph.h"
#include "report_trend.h"
#include "review.h"
#include "rules.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *sink;
static struct strbuf image = STRBUF_INIT; /* g points into it */
static struct graph g;
static struct filter filter;
static struct rules rules;
static struct sym_matches targets, entries;
static struct review_ctx ctx;
static struct review head;

static const char *const fn_names[] = {
	"entry",	"a.c:helper",	"b.c:helper", "alloc",
	"alloc.part.0", "sub/c.c:loop", "free",	      "__indirect_call",
};

static const char rules_text[] =
	"target alloc\n"
	"entry entry\n"
	"triage SAFE \"freed\" : entry > ... > alloc\n"
	"triage UNSAFE \"loops\" : entry > sub/c.c:loop > alloc\n";

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const int64_t edges[][2] = {
		{1, 2}, {2, 4}, {1, 3}, {3, 6}, {6, 6}, {6, 4}, {4, 7}, {1, 8},
	};

	(void)argc;
	(void)argv;
	sink = fopen("/dev/null", "w");
	if (!sink)
		BUG("cannot open /dev/null");
	fuzz_graph_image(fn_names, ARRAY_SIZE(fn_names), edges,
			 ARRAY_SIZE(edges), 1, &image);
	if (graph_from_image(&g, image.buf, image.len))
		BUG("the graph image does not load");
	rules_init(&rules);
	if (rules_parse_buffer(&rules, "fuzz.rules", rules_text,
			       sizeof(rules_text) - 1))
		BUG("the rules do not parse");
	rules_apply(&rules, &g, &targets, &entries);
	ctx.g = &g;
	ctx.filter = &filter;
	ctx.rules = &rules;
	ctx.entries = &entries;
	ctx.targets = &targets;
	ctx.limit = 100;
	if (review_compute(&ctx, &head))
		BUG("the small graph has no review");
	return 0;
}

/* What "gate" does with a baseline: compare, then every report. */
static void gate(const struct review *base)
{
	const struct gate_reporter *const reporters[] = {
		&gate_markdown, &gate_junit, &gate_sarif};
	struct comparison cmp;
	size_t i;

	if (review_compare(base, &head, &ctx, &cmp))
		return;
	for (i = 0; i < ARRAY_SIZE(reporters); i++)
		reporters[i]->write(&cmp, sink);
	comparison_release(&cmp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct review r;
	struct trend t;
	struct strbuf svg = STRBUF_INIT;
	size_t i;

	if (!review_parse_json("fuzz.json", (const char *)data, size, &r)) {
		for (i = 1; i < r.nr_pairs; i++)
			if (strcmp(r.pairs[i - 1].entry, r.pairs[i].entry) > 0)
				BUG("baseline pairs out of order");
		review_write_json(&r, sink);
		gate(&r);
		review_release(&r);
	}
	if (!trend_parse("fuzz.jsonl", (const char *)data, size, &t)) {
		for (i = 1; i < t.nr; i++)
			if (strcmp(t.v[i - 1].date, t.v[i].date) >= 0)
				BUG("history nights out of order");
		trend_svg(&t, &svg);
		strbuf_release(&svg);
		trend_release(&t);
	}
	return 0;
}

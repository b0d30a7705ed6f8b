/*
 * fuzz_baseline.c - libFuzzer harness for the JSON files "gate" and
 * "report" read: the input is read as a baseline (review_parse_json(),
 * then written back as "baseline" writes it) and as a history file
 * (trend_parse(), then drawn as the trend chart).  Built and run by
 * "make fuzz"; the seeds are baselines and history lines written by the
 * tests and by callreach on the test cases.
 */
#include "report_trend.h"
#include "review.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sink = fopen("/dev/null", "w");
	if (!sink)
		BUG("cannot open /dev/null");
	return 0;
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

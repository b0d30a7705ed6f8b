/*
 * report_trend.h - the nightly history (one JSON line per night: date,
 * path count, paths per verdict) and its trend chart as SVG.
 *
 * Ownership: a struct trend owns its points and their strings
 * (trend_release).
 */
#ifndef REPORT_TREND_H
#define REPORT_TREND_H

#include <stddef.h>
#include <stdint.h>

#include "verdict.h"
#include "util.h"

struct trend_point {
	char *date;
	uint64_t count; /* all paths (a lower bound unless count_exact) */
	int count_exact;
	uint64_t by_verdict[VERDICT_COUNT]; /* listed paths per verdict */
	int line;			    /* in the history file */
};

struct trend {
	struct trend_point *v;
	size_t nr, alloc;
	size_t skipped; /* lines that were not a night's counts */
};

/*
 * Read the history file PATH, a line per night such as
 * {"date":"2026-01-02","count":5,"count_exact":true,
 *  "by_verdict":{"UNSAFE":2,"UNDECIDED":1,"PROB_SAFE":0,"SAFE":2}}.
 * Lines that are not such an object are warned about (FILE:LINE) and
 * skipped. -1 with a message when the file cannot be read.
 */
int trend_read(const char *path, struct trend *out);
/* The same for BUF (LEN bytes), the contents of PATH. */
int trend_parse(const char *path, const char *buf, size_t len,
		struct trend *out);
void trend_release(struct trend *t);

/*
 * Append the trend chart of T as a standalone SVG document: one panel per
 * verdict and one for all paths, each with its own scale, nights along
 * the x axis.
 */
void trend_svg(const struct trend *t, struct strbuf *out);

#endif

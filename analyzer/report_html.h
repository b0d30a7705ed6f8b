/*
 * report_html.h - the review of a build as a static web site that works
 * offline from file://: an overview with counts, changes since a baseline
 * and the entry x target matrix; a page per target with its paths by
 * verdict and its graph; a page per (entry, target) pair and per function
 * on the paths; the nightly trend; with run-time traces, the static paths
 * they have seen and the traces no static path explains.
 *
 * Ownership: struct report_input borrows everything it points to.
 */
#ifndef REPORT_HTML_H
#define REPORT_HTML_H

#include <stddef.h>

#include "util.h"

struct review;
struct review_ctx;
struct comparison;
struct trend;
struct indirect;
struct coverage;

struct report_input {
	const struct review *rv;	 /* the build's review */
	const struct review_ctx *ctx;	 /* what it was computed over */
	const struct comparison *cmp;	 /* since the baseline, or NULL */
	const char *baseline;		 /* the baseline's file name, or NULL */
	const struct trend *history;	 /* the nightly history, or NULL */
	const struct indirect *indirect; /* indirect calls resolved, or NULL */
	const struct coverage *cov;	 /* traces against rv, or NULL (none) */
	const struct strvec *rules;	 /* the rule files read */
	const char *source_url;		 /* template (%f %l %c), or NULL */
	const char *generated;		 /* when the report was made */
	size_t max_nodes;		 /* most nodes a graph lays out */
	size_t page_paths; /* most paths a page shows per verdict */
	const char *up;	   /* the overview of several builds, or NULL */
};

struct report_summary {
	size_t pages, graphs, collapsed;
	size_t failed; /* graphs Graphviz could not lay out */
};

/* Write the site into directory DIR (created if missing); -1 on error. */
int report_html_write(const struct report_input *in, const char *dir,
		      struct report_summary *sum);

/* The site's style.css and report.js (report_assets.c). */
extern const char report_style_css[], report_script_js[];

#endif

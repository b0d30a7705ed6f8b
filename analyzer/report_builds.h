/*
 * report_builds.h - one report over several builds (architectures,
 * configurations, releases): the overview of builds x targets, and the
 * allocation sites, (entry, target) pairs and paths present in one build
 * and absent from another, each with a witness path and the first build
 * (in the order given) that has it.
 *
 * Ownership: a struct report_build owns its review, label and target
 * names (report_build_release); report_builds_write() borrows them.
 */
#ifndef REPORT_BUILDS_H
#define REPORT_BUILDS_H

#include <stddef.h>

#include "alloc_class.h"
#include "review.h"
#include "util.h"

struct report_build {
	char *label;	       /* the build's label */
	char *page;	       /* its own site's index, relative to the top */
	struct review rv;      /* its review */
	struct strvec targets; /* the rules' targets found in the build */
	int have_rv;	       /* rv holds a review to release */
};

/*
 * The counts of one target in one build. Every column of the overview
 * comes from report_build_counts(): a new count is added there only.
 */
struct build_target_counts {
	int present;	/* the build has the target */
	size_t entries; /* entry points with a path to it */
	size_t sites;	/* functions calling it on some path */
	size_t paths;	/* listed paths ending in it */
	size_t by_verdict[VERDICT_COUNT];
	int classified;		   /* the paths carry an allocation class */
	size_t by_class[ACLASS_COUNT]; /* listed paths per class */
	size_t anonymous_sites; /* functions calling it on anonymous paths */
};

/* The counts of target TARGET in build B. */
void report_build_counts(const struct report_build *b, const char *target,
			 struct build_target_counts *out);

void report_build_release(struct report_build *b);

/*
 * Write the overview of the NR builds B (in release or display order) to
 * DIR/index.html, with DIR/builds.json holding the same facts, and the
 * site's style.css and report.js. GENERATED says when. -1 (reported) on
 * error.
 */
int report_builds_write(const struct report_build *b, size_t nr,
			const char *dir, const char *generated);

#endif

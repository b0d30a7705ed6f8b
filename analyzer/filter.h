/*
 * filter.h - the path filters every query shares (--exclude, --only,
 * --stop, --exclude-file, --runtime) and the per-function flags they
 * compute.
 *
 * Ownership: a struct filter owns its pattern vectors and borrows its
 * excluded array; filter_flags() returns an array that is the caller's.
 */
#ifndef FILTER_H
#define FILTER_H

#include "util.h"

struct graph;

enum node_flags {
	NF_EXCLUDED = 1 << 0, /* never on a path */
	NF_NOT_ONLY = 1 << 1, /* may not be an intermediate function */
	NF_STOP = 1 << 2,     /* a path is not followed beyond it */
	NF_SOURCE = 1 << 3,
	NF_TARGET = 1 << 4,
};

struct filter {
	struct strvec exclude, only, stop, exclude_file;
	/* per function: excluded too (--runtime), or NULL; borrowed */
	const unsigned char *excluded;
};

void filter_release(struct filter *f);
/* Nonzero if PAT (a glob) matches function F's name as the README says. */
int filter_name_matches(const char *pat, const char *name, const char *base);
/* Flags for every function of G (NF_SOURCE/NF_TARGET are left clear). */
unsigned char *filter_flags(const struct filter *f, const struct graph *g);

#endif

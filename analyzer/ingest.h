/*
 * ingest.h - reading trees of .ci files into the database, incrementally
 * and in one transaction.
 *
 * Ownership: the options are borrowed for the duration of the call.
 */
#ifndef INGEST_H
#define INGEST_H

#include <stddef.h>

struct graph_db;

struct ingest_options {
	const char *label;  /* NULL: keep the previous label */
	int rebuild;	    /* re-parse every unit */
	int progress;	    /* report progress on stderr */
	const char *source; /* source tree of the units, NULL: the PATH */
	int no_arguments;   /* do not read the call sites' argument values */
};

struct ingest_stats {
	size_t units, added, changed, unchanged, removed;
};

/*
 * Ingest every .ci file under PATHS. Returns 0, or an exit code (EXIT_*)
 * after reporting the error; on error the database is unchanged.
 */
int ingest(struct graph_db *gdb, const char *const *paths, size_t nr_paths,
	   const struct ingest_options *opt, struct ingest_stats *stats);

#endif

/*
 * batch.h - multi-row INSERTs: rows of COLS values are queued with
 * batch_int(), batch_null() and batch_text(), ended with batch_row(), and
 * written BATCH_ROWS at a time; batch_flush() writes what remains.
 */
#ifndef BATCH_H
#define BATCH_H

#include "graph_db.h"
#include "util.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Multi-row INSERTs: rows are buffered and written BATCH_ROWS at a time
 * with one statement, which costs far less than a statement per row.
 * Their INSERT says OR FAIL or OR IGNORE, never the default ABORT, which
 * makes SQLite journal each page a statement touches to undo its first
 * rows (ingest.c).
 */
#define BATCH_ROWS 64

enum bval_type { BV_NULL, BV_INT, BV_TEXT };

struct bval {
	enum bval_type type;
	int len;   /* BV_TEXT */
	int64_t i; /* BV_INT: the value; BV_TEXT: offset in text */
};

struct batch {
	sqlite3_stmt *many, *one; /* MANY: made when first needed */
	char *insert;		  /* "INSERT INTO t(...)" */
	int cols;
	struct bval *v; /* BATCH_ROWS rows of COLS values */
	size_t nr;	/* values buffered */
	struct strbuf text;
};

/*
 * Start batch B of INSERT (COLS values a row): 0, or -1 (reported) with
 * nothing left to release.
 */
int batch_prepare(struct graph_db *gdb, struct batch *b, const char *insert,
		  int cols);
/* Released (or never prepared) is the same as all zeros. */
void batch_release(struct batch *b);
/* Is B prepared? A batch made only when its first row comes asks. */
static inline int batch_ready(const struct batch *b)
{
	return b->insert != NULL;
}
void batch_int(struct batch *b, int64_t x);
void batch_null(struct batch *b);
/* LEN bytes at S, or NULL when S is */
void batch_text(struct batch *b, const char *s, size_t len);
/* The C string S, or NULL when S is */
void batch_str(struct batch *b, const char *s);
/* Write the rows queued (none, in a batch never prepared). */
int batch_flush(struct graph_db *gdb, struct batch *b);
int batch_row(struct graph_db *gdb, struct batch *b);

#endif

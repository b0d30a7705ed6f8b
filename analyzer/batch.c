/*
 * batch.c - multi-row INSERTs: the one way rows are inserted in bulk.
 */
#include "batch.h"

#include <stdlib.h>
#include <string.h>

/* The INSERT of B's first ROWS rows: 0, or -1 (reported). */
static int prepare_rows(struct graph_db *gdb, const struct batch *b, int rows,
			sqlite3_stmt **st)
{
	struct strbuf sql = STRBUF_INIT;
	int r, c, ret = 0;

	for (r = 0; r < rows; r++) {
		strbuf_addstr(&sql, r ? ", (" : b->insert);
		if (!r)
			strbuf_addstr(&sql, " VALUES (");
		for (c = 0; c < b->cols; c++)
			strbuf_addstr(&sql, c ? ", ?" : "?");
		strbuf_addch(&sql, ')');
	}
	if (sqlite3_prepare_v2(gdb->db, sql.buf, -1, st, NULL) != SQLITE_OK)
		ret = graph_db_error(gdb, "preparing");
	strbuf_release(&sql);
	return ret;
}

/*
 * The statement of one row now; that of BATCH_ROWS rows (costly to
 * compile) when the batch first fills: most object tables get a few rows
 * from a unit, and are prepared again for the next.
 */
int batch_prepare(struct graph_db *gdb, struct batch *b, const char *insert,
		  int cols)
{
	memset(b, 0, sizeof(*b));
	b->cols = cols;
	b->insert = xstrdup(insert);
	b->v = xmalloc(BATCH_ROWS * (size_t)cols * sizeof(*b->v));
	if (prepare_rows(gdb, b, 1, &b->one)) {
		batch_release(b);
		return -1;
	}
	return 0;
}

void batch_release(struct batch *b)
{
	sqlite3_finalize(b->many);
	sqlite3_finalize(b->one);
	free(b->insert);
	free(b->v);
	strbuf_release(&b->text);
	memset(b, 0, sizeof(*b));
}

void batch_int(struct batch *b, int64_t x)
{
	b->v[b->nr].type = BV_INT;
	b->v[b->nr++].i = x;
}

void batch_null(struct batch *b)
{
	b->v[b->nr++].type = BV_NULL;
}

void batch_text(struct batch *b, const char *s, size_t len)
{
	if (!s) {
		batch_null(b);
		return;
	}
	b->v[b->nr].type = BV_TEXT;
	b->v[b->nr].len = (int)len;
	b->v[b->nr++].i = (int64_t)b->text.len;
	strbuf_add(&b->text, s, len);
}

void batch_str(struct batch *b, const char *s)
{
	batch_text(b, s, s ? strlen(s) : 0);
}

static void bind_values(struct batch *b, sqlite3_stmt *st, const struct bval *v,
			size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int k = (int)i + 1;

		switch (v[i].type) {
		case BV_NULL:
			sqlite3_bind_null(st, k);
			break;
		case BV_INT:
			sqlite3_bind_int64(st, k, v[i].i);
			break;
		case BV_TEXT:
			sqlite3_bind_text(st, k, b->text.buf + v[i].i, v[i].len,
					  SQLITE_STATIC);
			break;
		}
	}
}

static int batch_step(struct graph_db *gdb, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return graph_db_error(gdb, "writing");
	return 0;
}

int batch_flush(struct graph_db *gdb, struct batch *b)
{
	size_t cols = (size_t)b->cols, r;

	if (!b->nr)
		return 0;
	if (b->nr == BATCH_ROWS * cols) {
		if (!b->many && prepare_rows(gdb, b, BATCH_ROWS, &b->many))
			return -1;
		bind_values(b, b->many, b->v, b->nr);
		if (batch_step(gdb, b->many))
			return -1;
	} else {
		for (r = 0; r < b->nr; r += cols) {
			bind_values(b, b->one, b->v + r, cols);
			if (batch_step(gdb, b->one))
				return -1;
		}
	}
	b->nr = 0;
	strbuf_reset(&b->text);
	return 0;
}

/* End a row; the batch is written when full. */
int batch_row(struct graph_db *gdb, struct batch *b)
{
	if (b->nr % (size_t)b->cols)
		BUG("batch row of %zu values", b->nr % (size_t)b->cols);
	if (b->nr == BATCH_ROWS * (size_t)b->cols)
		return batch_flush(gdb, b);
	return 0;
}

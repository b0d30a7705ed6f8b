/*
 * traces_store.c - the traces in the database: storing a parsed log and
 * loading it back (the tables are in schema.c).
 */
#include "traces_int.h"
#include "graph.h"
#include "graph_db.h"
#include "schema.h"
#include "util.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

int traces_create_tables(struct graph_db *db)
{
	return schema_create_trace_tables(db);
}

enum {
	TS_FIND_LOG,
	TS_INSERT_LOG,
	TS_INSERT_TRACE,
	TS_INSERT_FRAME,
	TS_INSERT_REVIEW,
	TS_COUNT
};

static const char *const store_sql[TS_COUNT] = {
	[TS_FIND_LOG] = "SELECT path FROM trace_logs WHERE hash = ?1",
	[TS_INSERT_LOG] =
		"INSERT INTO trace_logs (path, hash, label,"
		" imported_at, occurrences) VALUES (?1, ?2, ?3, ?4, ?5)",
	[TS_INSERT_TRACE] = "INSERT INTO traces (log_id, hash, line, count,"
			    " domain, size, format, truncated)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[TS_INSERT_FRAME] =
		"INSERT INTO trace_frames (trace_id, position, raw,"
		" address, mark, name, function, function_id,"
		" candidates) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[TS_INSERT_REVIEW] = "INSERT INTO trace_reviews (trace_id, verdict,"
			     " reason) VALUES (?1, ?2, ?3)",
};

static int store_frame(struct graph_db *db, const struct graph *g,
		       sqlite3_stmt *st, int64_t trace_id, size_t pos,
		       const struct trace_frame *f)
{
	struct sym_matches m = {0};
	struct strbuf cands = STRBUF_INIT;
	char addr[32];
	size_t i;
	int ret;

	if (f->name)
		traces_resolve_name(g, f->name, &m);
	for (i = 0; m.nr > 1 && i < m.nr; i++)
		strbuf_addf(&cands, "%s%s", i ? "\n" : "", g->f[m.idx[i]].name);
	snprintf(addr, sizeof(addr), "%" PRIx64, f->addr);
	sqlite3_bind_int64(st, 1, trace_id);
	sqlite3_bind_int64(st, 2, (int64_t)pos);
	sqlite3_bind_text(st, 3, f->raw, -1, SQLITE_TRANSIENT);
	graph_db_bind_text(st, 4, f->has_addr ? addr : NULL);
	graph_db_bind_text(st, 5, frame_mark_name(f->mark));
	graph_db_bind_text(st, 6, f->name);
	graph_db_bind_text(st, 7, m.nr == 1 ? g->f[m.idx[0]].name : NULL);
	if (m.nr == 1)
		sqlite3_bind_int64(st, 8, g->f[m.idx[0]].id);
	else
		sqlite3_bind_null(st, 8);
	graph_db_bind_text(st, 9, m.nr > 1 ? strbuf_str(&cands) : NULL);
	ret = graph_db_step(db, st, "storing a trace frame");
	strbuf_release(&cands);
	sym_matches_release(&m);
	return ret;
}

static int store_log(struct graph_db *db, const struct graph *g,
		     sqlite3_stmt **st, const struct trace_log *log,
		     const char *label, const char *imported_at)
{
	int64_t log_id;
	size_t i, k;

	sqlite3_bind_text(st[TS_INSERT_LOG], 1, log->path, -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st[TS_INSERT_LOG], 2, log->hash, -1,
			  SQLITE_TRANSIENT);
	graph_db_bind_text(st[TS_INSERT_LOG], 3, label);
	sqlite3_bind_text(st[TS_INSERT_LOG], 4, imported_at, -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_int64(st[TS_INSERT_LOG], 5, (int64_t)log->occurrences);
	if (graph_db_step(db, st[TS_INSERT_LOG], "storing a log"))
		return -1;
	log_id = sqlite3_last_insert_rowid(db->db);
	for (i = 0; i < log->nr; i++) {
		const struct trace *t = &log->v[i];
		sqlite3_stmt *s = st[TS_INSERT_TRACE];
		char hash[17];
		int64_t trace_id;

		snprintf(hash, sizeof(hash), "%016" PRIx64, t->hash);
		sqlite3_bind_int64(s, 1, log_id);
		sqlite3_bind_text(s, 2, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s, 3, t->line);
		sqlite3_bind_int64(s, 4, (int64_t)t->count);
		graph_db_bind_text(s, 5, t->domain);
		if (t->size >= 0)
			sqlite3_bind_int64(s, 6, t->size);
		else
			sqlite3_bind_null(s, 6);
		sqlite3_bind_text(s, 7, t->format, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 8, t->truncated);
		if (graph_db_step(db, s, "storing a trace"))
			return -1;
		trace_id = sqlite3_last_insert_rowid(db->db);
		if (t->verdict) {
			s = st[TS_INSERT_REVIEW];
			sqlite3_bind_int64(s, 1, trace_id);
			sqlite3_bind_text(s, 2, t->verdict, -1,
					  SQLITE_TRANSIENT);
			graph_db_bind_text(s, 3, t->reason);
			if (graph_db_step(db, s, "storing a review"))
				return -1;
		}
		for (k = 0; k < t->nr; k++)
			if (store_frame(db, g, st[TS_INSERT_FRAME], trace_id, k,
					&t->frames[k]))
				return -1;
	}
	return 0;
}

int traces_store(struct graph_db *db, const struct graph *g,
		 const struct trace_log *logs, size_t nr, const char *label,
		 const char *imported_at, int *skipped)
{
	sqlite3_stmt *st[TS_COUNT] = {NULL};
	size_t i;
	int ret = -1, began = 0, rc;

	if (graph_db_exec(db, "BEGIN IMMEDIATE"))
		return -1;
	began = 1;
	if (traces_create_tables(db))
		goto out;
	for (i = 0; i < TS_COUNT; i++)
		if (graph_db_prepare(db, store_sql[i], &st[i],
				     "preparing the trace tables"))
			goto out;
	for (i = 0; i < nr; i++) {
		sqlite3_bind_text(st[TS_FIND_LOG], 1, logs[i].hash, -1,
				  SQLITE_TRANSIENT);
		rc = sqlite3_step(st[TS_FIND_LOG]);
		sqlite3_reset(st[TS_FIND_LOG]);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			graph_db_error(db, "looking up a log");
			goto out;
		}
		skipped[i] = rc == SQLITE_ROW;
		if (!skipped[i] &&
		    store_log(db, g, st, &logs[i], label, imported_at))
			goto out;
	}
	if (graph_db_exec(db, "COMMIT"))
		goto out;
	began = 0;
	ret = 0;
out:
	for (i = 0; i < TS_COUNT; i++)
		sqlite3_finalize(st[i]);
	if (began)
		graph_db_exec(db, "ROLLBACK");
	return ret;
}

static const char *format_const(const char *s)
{
	static const char *const formats[] = {"x86", "arm", "xen", "plain",
					      "minerva"};
	size_t i;

	for (i = 0; s && i < ARRAY_SIZE(formats); i++)
		if (!strcmp(s, formats[i]))
			return formats[i];
	return "xen";
}

struct id_index {
	int64_t id;
	size_t idx;
};

static int cmp_id_index(const void *x, const void *y)
{
	const struct id_index *a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

struct load_ctx {
	struct trace_log *out;
	struct id_index *ids; /* of the traces loaded, sorted by id */
};

static void load_trace(sqlite3_stmt *st, void *ctx)
{
	struct trace_log *out = ((struct load_ctx *)ctx)->out;
	struct trace *t;

	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	t = &out->v[out->nr++];
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->log = graph_db_column_strdup(st, 1);
	t->label = graph_db_column_strdup(st, 2);
	t->hash = strtoull((const char *)sqlite3_column_text(st, 3), NULL, 16);
	t->line = sqlite3_column_int(st, 4);
	t->count = (uint64_t)sqlite3_column_int64(st, 5);
	t->domain = graph_db_column_strdup(st, 6);
	t->size = sqlite3_column_type(st, 7) == SQLITE_NULL
			  ? -1
			  : sqlite3_column_int64(st, 7);
	t->format = format_const((const char *)sqlite3_column_text(st, 8));
	t->truncated = sqlite3_column_int(st, 9);
	t->verdict = graph_db_column_strdup(st, 10);
	t->reason = graph_db_column_strdup(st, 11);
	out->occurrences += t->count;
}

static void load_frame(sqlite3_stmt *fr, void *ctx)
{
	struct load_ctx *c = ctx;
	struct id_index key = {sqlite3_column_int64(fr, 0), 0}, *hit;
	struct trace_frame f;
	const char *addr;

	hit = bsearch(&key, c->ids, c->out->nr, sizeof(*c->ids), cmp_id_index);
	if (!hit)
		return; /* a trace of another label */
	memset(&f, 0, sizeof(f));
	f.raw = graph_db_column_strdup(fr, 1);
	if (!f.raw)
		f.raw = xstrdup("");
	addr = (const char *)sqlite3_column_text(fr, 2);
	if (addr) {
		f.addr = strtoull(addr, NULL, 16);
		f.has_addr = 1;
	}
	f.mark = frame_mark_parse((const char *)sqlite3_column_text(fr, 3));
	f.name = graph_db_column_strdup(fr, 4);
	traces_add_frame(&c->out->v[hit->idx], &f);
}

int traces_load(struct graph_db *db, const char *label, struct trace_log *out)
{
	sqlite3_stmt *st = NULL, *fr = NULL;
	struct load_ctx c = {out, NULL};
	int have, reviews, ret = -1;
	size_t i;

	memset(out, 0, sizeof(*out));
	have = graph_db_schema_has(db, "table", "trace_frames");
	if (have <= 0)
		return have;
	/* a database of traces imported before reviews were stored */
	reviews = graph_db_schema_has(db, "table", "trace_reviews");
	if (reviews < 0)
		return -1;
	if (graph_db_prepare(
		    db,
		    reviews ? "SELECT t.id, l.path, l.label, t.hash, t.line,"
			      " t.count, t.domain, t.size, t.format,"
			      " t.truncated, r.verdict, r.reason"
			      " FROM traces t JOIN trace_logs l"
			      " ON l.id = t.log_id"
			      " LEFT JOIN trace_reviews r ON r.trace_id = t.id"
			      " WHERE ?1 IS NULL OR l.label = ?1"
			      " ORDER BY l.id, t.line, t.id"
			    : "SELECT t.id, l.path, l.label, t.hash, t.line,"
			      " t.count, t.domain, t.size, t.format,"
			      " t.truncated, NULL, NULL"
			      " FROM traces t JOIN trace_logs l"
			      " ON l.id = t.log_id"
			      " WHERE ?1 IS NULL OR l.label = ?1"
			      " ORDER BY l.id, t.line, t.id",
		    &st, "reading traces") ||
	    graph_db_prepare(db,
			     "SELECT trace_id, raw, address, mark, name"
			     " FROM trace_frames ORDER BY trace_id, position",
			     &fr, "reading traces"))
		goto out;
	graph_db_bind_text(st, 1, label);
	if (graph_db_rows(db, st, load_trace, &c, "reading traces"))
		goto out;
	c.ids = xmalloc((out->nr + 1) * sizeof(*c.ids));
	for (i = 0; i < out->nr; i++) {
		c.ids[i].id = out->v[i].id;
		c.ids[i].idx = i;
	}
	qsort(c.ids, out->nr, sizeof(*c.ids), cmp_id_index);
	if (graph_db_rows(db, fr, load_frame, &c, "reading trace frames"))
		goto out;
	ret = 0;
out:
	free(c.ids);
	sqlite3_finalize(st);
	sqlite3_finalize(fr);
	if (ret)
		trace_log_release(out);
	return ret;
}

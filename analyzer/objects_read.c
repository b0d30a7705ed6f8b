/*
 * objects_read.c - reading the object tables back at query time: the
 * facts the indirect call tiers join (indirect.c), each row handed to a
 * callback as plain values.
 */
#include "objects.h"
#include "graph_db.h"

#include <sqlite3.h>
#include <stddef.h>

#define WHAT "reading object facts"

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

struct name_ctx {
	void (*one)(const char *name, void *ctx);
	void (*two)(const char *a, const char *b, void *ctx);
	void *ctx;
};

static void row_names(sqlite3_stmt *st, void *ctx)
{
	struct name_ctx *n = ctx;

	if (n->one)
		n->one(col_text(st, 0), n->ctx);
	else
		n->two(col_text(st, 0), col_text(st, 1), n->ctx);
}

int objects_have_tables(struct graph_db *gdb)
{
	return graph_db_schema_has(gdb, "table", "obj_indirect_calls");
}

int64_t objects_count_units(struct graph_db *gdb)
{
	return graph_db_count(gdb, "SELECT count(*) FROM obj_units");
}

int objects_each_init_only(struct graph_db *gdb,
			   void (*fn)(const char *name, void *ctx), void *ctx)
{
	struct name_ctx n = {fn, NULL, ctx};

	return graph_db_each_row(gdb,
				 "SELECT name FROM obj_functions GROUP BY name"
				 " HAVING min(substr(section, 1, 6)"
				 "   IN ('.init.', '.exit.')"
				 "   OR section IN ('.init', '.exit')) = 1",
				 row_names, &n, WHAT);
}

int objects_each_registration(struct graph_db *gdb,
			      void (*fn)(const char *registrar,
					 const char *name, void *ctx),
			      void *ctx)
{
	struct name_ctx n = {NULL, fn, ctx};

	return graph_db_each_row(gdb,
				 "SELECT DISTINCT registrar, name"
				 " FROM obj_registrations ORDER BY 1, 2",
				 row_names, &n, WHAT);
}

int objects_each_address_taken(struct graph_db *gdb,
			       void (*fn)(const char *name, void *ctx),
			       void *ctx)
{
	struct name_ctx n = {fn, NULL, ctx};

	return graph_db_each_row(gdb,
				 "SELECT DISTINCT name FROM obj_address_taken",
				 row_names, &n, WHAT);
}

struct store_ctx {
	void (*fn)(const struct obj_field_store *s, void *ctx);
	void *ctx;
};

static void row_store(sqlite3_stmt *st, void *ctx)
{
	struct store_ctx *c = ctx;
	struct obj_field_store s;

	s.type = col_text(st, 0);
	s.member = col_text(st, 1);
	s.name = col_text(st, 2);
	c->fn(&s, c->ctx);
}

int objects_each_field_store(struct graph_db *gdb,
			     void (*fn)(const struct obj_field_store *s,
					void *ctx),
			     void *ctx)
{
	struct store_ctx c = {fn, ctx};

	return graph_db_each_row(gdb,
				 "SELECT DISTINCT struct, member, name"
				 " FROM obj_field_stores ORDER BY 2, 1, 3",
				 row_store, &c, WHAT);
}

struct call_ctx {
	void (*fn)(const struct obj_indirect_call *c, void *ctx);
	void *ctx;
};

static void row_call(sqlite3_stmt *st, void *ctx)
{
	struct call_ctx *c = ctx;
	struct obj_indirect_call ic;

	ic.caller = col_text(st, 0);
	ic.type = col_text(st, 1);
	ic.member = col_text(st, 2);
	ic.file = col_text(st, 3);
	ic.line = sqlite3_column_int(st, 4);
	ic.col = sqlite3_column_int(st, 5);
	ic.how = col_text(st, 6);
	c->fn(&ic, c->ctx);
}

int objects_each_indirect_call(struct graph_db *gdb,
			       void (*fn)(const struct obj_indirect_call *c,
					  void *ctx),
			       void *ctx)
{
	struct call_ctx c = {fn, ctx};

	return graph_db_each_row(gdb,
				 "SELECT caller, struct, member, file, line,"
				 " col, how FROM obj_indirect_calls"
				 " WHERE member IS NOT NULL OR how = 'object'"
				 " ORDER BY caller, file, line, col",
				 row_call, &c, WHAT);
}

/*
 * objects_read.c - reading the object tables back at query time: the
 * facts the indirect call tiers join (indirect.c), each row handed to a
 * callback as a struct obj_fact.
 */
#include "objects.h"
#include "graph_db.h"
#include "util.h"

#include <sqlite3.h>
#include <stddef.h>

struct fact_ctx {
	void (*fn)(const struct obj_fact *f, void *ctx);
	void *ctx;
};

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* A row of the columns of struct obj_fact, in its order. */
static void row_fact(sqlite3_stmt *st, void *ctx)
{
	struct fact_ctx *c = ctx;
	struct obj_fact f;

	f.caller = col_text(st, 0);
	f.name = col_text(st, 1);
	f.type = col_text(st, 2);
	f.member = col_text(st, 3);
	f.file = col_text(st, 4);
	f.line = sqlite3_column_int(st, 5);
	f.col = sqlite3_column_int(st, 6);
	f.how = col_text(st, 7);
	c->fn(&f, c->ctx);
}

int objects_have_tables(struct graph_db *gdb)
{
	return graph_db_schema_has(gdb, "table", "obj_indirect_calls");
}

int64_t objects_count_units(struct graph_db *gdb)
{
	return graph_db_count(gdb, "SELECT count(*) FROM obj_units");
}

/* The query of each set of facts, its columns those of struct obj_fact. */
static const char *const fact_sql[OBJ_NR_FACTS] = {
	[OBJ_INIT_ONLY] = "SELECT NULL, name, NULL, NULL, NULL, 0, 0, NULL"
			  " FROM obj_functions GROUP BY name"
			  " HAVING min(substr(section, 1, 6)"
			  "   IN ('.init.', '.exit.')"
			  "   OR section IN ('.init', '.exit')) = 1",
	[OBJ_REGISTRATIONS] = "SELECT DISTINCT registrar, name, NULL, NULL,"
			      " NULL, 0, 0, NULL FROM obj_registrations"
			      " ORDER BY 1, 2",
	[OBJ_ADDRESS_TAKEN] = "SELECT DISTINCT NULL, name, NULL, NULL, NULL,"
			      " 0, 0, NULL FROM obj_address_taken",
	[OBJ_FIELD_STORES] = "SELECT DISTINCT NULL, name, struct, member,"
			     " NULL, 0, 0, NULL FROM obj_field_stores"
			     " ORDER BY 4, 3, 2",
	[OBJ_INDIRECT_CALLS] = "SELECT caller, NULL, struct, member, file,"
			       " line, col, how FROM obj_indirect_calls"
			       " WHERE member IS NOT NULL OR how = 'object'"
			       " ORDER BY caller, file, line, col",
};

int objects_each_fact(struct graph_db *gdb, enum obj_facts which,
		      void (*fn)(const struct obj_fact *f, void *ctx),
		      void *ctx)
{
	struct fact_ctx c = {fn, ctx};

	if ((unsigned)which >= OBJ_NR_FACTS)
		BUG("no object facts %d", (int)which);
	return graph_db_each_row(gdb, fact_sql[which], NULL, 0, row_fact, &c,
				 "reading object facts");
}

/*
 * test_objects_store.c - unit tests of the object rows: a field holding
 * any byte (0x1f too) and an empty field survive the bulk insert apart
 * from NULL, a row a unit holds already is kept once, a unit's rows are
 * deleted, the unique indexes are added to an older database (its copies
 * of a row dropped), and the rows read back through objects_read.c.
 */
#include "unit.h"
#include "objects_int.h"
#include "graph_db.h"
#include "schema.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static struct graph_db gdb;

static void open_db(void)
{
	sqlite3 *db;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		BUG("cannot open an in-memory database");
	graph_db_borrow(&gdb, db);
	if (objects_create_tables(db))
		BUG("cannot create the object tables");
}

static int64_t count(const char *sql)
{
	return graph_db_count(&gdb, sql);
}

static void add(struct objects_rowset *rs, const char *a, const char *b,
		const char *c)
{
	const char *f[3] = {a, b, c};

	objects_rowset_add(rs, f);
}

static const char taken_insert[] = "INSERT OR IGNORE INTO obj_address_taken("
				   "unit_id, name, section, holder)";

static void test_fields(void)
{
	struct objects_rowset rs;

	objects_rowset_init(&rs, &gdb, taken_insert, 3, 1u << 2, 7);
	CHECK(!objects_rowset_finish(&rs), "an empty row set writes nothing");
	objects_rowset_init(&rs, &gdb, taken_insert, 3, 1u << 2, 7);
	add(&rs,
	    "a\x1f"
	    "b",
	    ".text", "h\x1fh");
	add(&rs, "x", ".text", "");
	add(&rs, "x", ".text", NULL);
	add(&rs, "y", NULL, NULL);
	CHECK(!objects_rowset_finish(&rs), "the rows are written");
	CHECK(count("SELECT count(*) FROM obj_address_taken WHERE unit_id = 7"
		    " AND name = 'a' || char(31) || 'b'"
		    " AND holder = 'h' || char(31) || 'h'") == 1,
	      "fields holding 0x1f are kept whole");
	CHECK(count("SELECT count(*) FROM obj_address_taken"
		    " WHERE name = 'x' AND holder = ''") == 1,
	      "an empty field stays empty");
	CHECK(count("SELECT count(*) FROM obj_address_taken"
		    " WHERE name = 'x' AND holder IS NULL") == 1,
	      "a NULL field stays NULL, apart from the empty one");
	CHECK(count("SELECT count(*) FROM obj_address_taken"
		    " WHERE name = 'y' AND section = '' AND holder IS NULL") ==
		      1,
	      "NULL in a column that cannot be NULL is stored as ''");
}

static void test_once(void)
{
	struct objects_rowset rs;
	char name[32];
	int i, k;

	objects_rowset_init(&rs, &gdb, taken_insert, 3, 1u << 2, 8);
	/* past one batch of rows, each row three times */
	for (k = 0; k < 3; k++)
		for (i = 0; i < 150; i++) {
			snprintf(name, sizeof(name), "f%d", i);
			add(&rs, name, ".text", i % 2 ? NULL : "holder");
		}
	CHECK(!objects_rowset_finish(&rs), "repeated rows are written");
	CHECK(count("SELECT count(*) FROM obj_address_taken"
		    " WHERE unit_id = 8") == 150,
	      "a row given three times is kept once, NULL fields too");
	objects_rowset_init(&rs, &gdb, taken_insert, 3, 1u << 2, 9);
	add(&rs, "f1", ".text", NULL);
	CHECK(!objects_rowset_finish(&rs) &&
		      count("SELECT count(*) FROM obj_address_taken"
			    " WHERE unit_id = 9") == 1,
	      "another unit's equal row is its own");
	CHECK(!objects_delete_rows(&gdb, 8) &&
		      count("SELECT count(*) FROM obj_address_taken"
			    " WHERE unit_id = 8") == 0 &&
		      count("SELECT count(*) FROM obj_address_taken"
			    " WHERE unit_id = 9") == 1,
	      "deleting a unit's rows leaves the others");
}

static void test_failed_insert(void)
{
	struct objects_rowset rs;

	objects_rowset_init(&rs, &gdb, "INSERT INTO obj_nothing(unit_id, a)", 1,
			    0, 1);
	add(&rs, "a", NULL, NULL);
	add(&rs, "b", NULL, NULL);
	CHECK(objects_rowset_finish(&rs) == -1,
	      "the rows of a missing table are not called written (reported)");
}

static void test_upgrade(void)
{
	CHECK(!graph_db_exec(&gdb, "DROP INDEX obj_functions_row;"
				   "INSERT INTO obj_functions VALUES"
				   " (1, 'f', 'f', '.text', 1),"
				   " (1, 'f', 'f', '.text', 1),"
				   " (1, 'g', 'g', '.init.text', 0)"),
	      "an older database holds a row twice");
	CHECK(graph_db_schema_has(&gdb, "index", "obj_functions_row") == 0,
	      "  without the unique index");
	CHECK(!schema_ingest_upgrade(&gdb), "an ingest brings it up to date");
	CHECK(graph_db_schema_has(&gdb, "index", "obj_functions_row") == 1,
	      "  with the unique index");
	CHECK(count("SELECT count(*) FROM obj_functions") == 2,
	      "  and the row once");
	CHECK(!schema_ingest_upgrade(&gdb) &&
		      count("SELECT count(*) FROM obj_functions") == 2,
	      "a second upgrade changes nothing");
}

static void fact(const struct obj_fact *f, void *ctx)
{
	struct strbuf *sb = ctx;

	strbuf_addf(sb, "%s|%s|%s|%s|%s:%d:%d|%s;", f->caller ? f->caller : "",
		    f->name ? f->name : "", f->type ? f->type : "",
		    f->member ? f->member : "", f->file ? f->file : "", f->line,
		    f->col, f->how ? f->how : "");
}

static void test_read(void)
{
	static const struct {
		enum obj_facts which;
		const char *what, *want, *desc;
	} facts[] = {
		{OBJ_INIT_ONLY, "init-only functions", "|g|||:0:0|;",
		 "  a function all in boot-only sections"},
		{OBJ_REGISTRATIONS, "registrations",
		 "reg|a|||:0:0|;reg|b|||:0:0|;", "  once each, sorted"},
		{OBJ_FIELD_STORES, "field stores",
		 "|f||op|:0:0|;|g|ops|op|:0:0|;",
		 "  once each, sorted, NULL type kept"},
		{OBJ_INDIRECT_CALLS, "indirect calls",
		 "b||||:0:0|object;c|||op|c.c:3:4|dwarf;",
		 "  those with a member or in code, sorted"},
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	CHECK(!graph_db_exec(&gdb,
			     "INSERT INTO obj_registrations VALUES"
			     " (1, 'reg', 'b', 'x'), (2, 'reg', 'a', 'y'),"
			     " (3, 'reg', 'a', 'z');"
			     "INSERT INTO obj_field_stores VALUES"
			     " (1, NULL, 'op', 'f', 'h', 'initializer'),"
			     " (1, 'ops', 'op', 'g', 'h', 'initializer'),"
			     " (2, 'ops', 'op', 'g', 'k', 'assignment');"
			     "INSERT INTO obj_indirect_calls VALUES"
			     " (1, 'c', 'c.c', 3, 4, NULL, 'op', 'dwarf'),"
			     " (1, 'c', 'c.c', 2, 9, NULL, NULL, 'none'),"
			     " (1, 'b', NULL, 0, 0, NULL, NULL, 'object');"),
	      "object facts are written");
	CHECK(objects_have_tables(&gdb) == 1, "the object tables are there");
	CHECK(objects_count_units(&gdb) == 0, "no unit has an object");
	for (i = 0; i < ARRAY_SIZE(facts); i++) {
		strbuf_reset(&sb);
		CHECK(!objects_each_fact(&gdb, facts[i].which, fact, &sb),
		      "%s read", facts[i].what);
		CHECK_STR(strbuf_str(&sb), facts[i].want, facts[i].desc);
	}
	strbuf_reset(&sb);
	CHECK(!objects_each_fact(&gdb, OBJ_ADDRESS_TAKEN, fact, &sb) &&
		      strstr(strbuf_str(&sb), "|x|||:0:0|;"),
	      "functions whose address is taken read");
	{
		const char *p = strbuf_str(&sb);
		int n = 0;

		for (; *p; p++)
			n += *p == ';';
		CHECK(n == 4, "  once each, of every unit (%d)", n);
	}
	strbuf_release(&sb);
}

int main(void)
{
	open_db();
	test_fields();
	test_once();
	test_failed_insert();
	test_upgrade();
	test_read();
	sqlite3_close(gdb.db);
	return unit_done();
}

/*
 * test_objects_store.c - unit tests of the object rows: a field holding
 * any byte (0x1f too) and an empty field survive the bulk insert apart
 * from NULL, a row a unit holds already is kept once, a unit's rows are
 * deleted, the unique indexes are added to an older database (its copies
 * of a row dropped), the facts read back (objects_read.c) and their image
 * (objects_facts.c): made for one graph, checked whole, stored and loaded.
 */
#include "unit.h"
#include "objects_int.h"
#include "graph.h"
#include "graph_db.h"
#include "registry.h"
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

/* A graph of the functions NAMES (sorted), all defined but "y". */
static void names_graph(struct graph *g, const char *const *names, size_t n)
{
	struct graph_func_in *f = xcalloc(n, sizeof(*f));
	struct strbuf img = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		f[i].id = (int64_t)(i + 1);
		f[i].name = names[i];
		f[i].file = f[i].unit = "u.c";
		f[i].flags = strcmp(names[i], "y") ? GF_DEFINED : 0;
	}
	graph_image_build(f, n, NULL, 0, &img);
	memset(g, 0, sizeof(*g));
	if (graph_from_image(g, img.buf, img.len))
		BUG("image did not load");
	strbuf_release(&img);
	free(f);
}

/* F in one line: each set, its functions by name. */
static void describe(const struct graph *g, const struct obj_facts *f,
		     struct strbuf *sb)
{
	size_t i;

	strbuf_reset(sb);
	strbuf_addstr(sb, "boot:");
	for (i = 0; i < f->nr_funcs; i++)
		if (f->boot_only[i])
			strbuf_addf(sb, "%s,", g->f[i].name);
	strbuf_addstr(sb, " taken:");
	for (i = 0; i < f->nr_funcs; i++)
		if (f->taken[i])
			strbuf_addf(sb, "%s,", g->f[i].name);
	strbuf_addstr(sb, " reg:");
	for (i = 0; i < f->nr_reg; i++)
		strbuf_addf(sb, "%s>%s,", g->f[f->reg[i][0]].name,
			    g->f[f->reg[i][1]].name);
	strbuf_addstr(sb, " stores:");
	for (i = 0; i < f->nr_stores; i++)
		strbuf_addf(sb, "%s.%s=%s,",
			    f->stores[i].type ? f->stores[i].type : "-",
			    f->stores[i].member, g->f[f->stores[i].f].name);
	strbuf_addstr(sb, " sites:");
	for (i = 0; i < f->nr_sites; i++)
		strbuf_addf(sb, "%s@%s(%s.%s)%s,", g->f[f->sites[i].caller].name,
			    f->sites[i].where,
			    f->sites[i].type ? f->sites[i].type : "-",
			    f->sites[i].member ? f->sites[i].member : "-",
			    f->sites[i].in_code ? "code" : "");
	strbuf_addstr(sb, " edges:");
	for (i = 0; i < f->nr_edges; i++)
		strbuf_addf(sb, "%s>%s %s %s %u,", g->f[f->edges[i].caller].name,
			    g->f[f->edges[i].callee].name, f->edges[i].reason,
			    f->edges[i].site ? f->edges[i].site : "-",
			    f->edges[i].nr_sites);
}

static const char *const fact_names[] = {"a", "b",   "c", "f", "f1",
					 "g", "reg", "x", "y"};

static const char want_facts[] =
	"boot:c,g, taken:f1,x, reg:reg>a,reg>b,"
	" stores:-.op=f,ops.op=g,"
	" sites:b@?:0:0(-.-)code,c@c.c:3:4(-.op),c@c.c:3:4(ops.op),"
	" edges:c>a variable hooks, set by reg() at r.c:7 c.c:3:4 2,";

/* The facts of the tables for G, through their image. */
static int read_facts(const struct graph *g, struct obj_facts *f)
{
	struct strbuf image = STRBUF_INIT;
	size_t len;

	if (objects_facts_read_tables(&gdb, g, &image))
		return -1;
	len = image.len;
	return objects_facts_decode(strbuf_detach(&image), len, g, f);
}

static void test_read(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct obj_facts f;
	struct graph g;

	names_graph(&g, fact_names, ARRAY_SIZE(fact_names));
	CHECK(!graph_db_exec(&gdb,
			     /* and test_upgrade()'s f in .text, g in .init.text */
			     "INSERT INTO obj_functions VALUES"
			     " (2, 'f', 'f', '.init.text', 0),"
			     " (1, 'c', 'c', '.exit', 0),"
			     " (1, 'b', 'b', '.initcall', 0);"
			     "INSERT INTO obj_registrations VALUES"
			     " (1, 'reg', 'b', 'x'), (2, 'reg', 'a', 'y'),"
			     " (3, 'reg', 'a', 'z'), (3, 'reg', 'nowhere', 'z');"
			     "INSERT INTO obj_field_stores VALUES"
			     " (2, 'ops', 'op', 'g', 'k', 'assignment'),"
			     " (1, NULL, 'op', 'f', 'h', 'initializer'),"
			     " (1, 'ops', 'op', 'g', 'h', 'initializer');"
			     "INSERT INTO obj_indirect_calls VALUES"
			     " (1, 'c', 'c.c', 3, 4, 'ops', 'op', 'dwarf'),"
			     " (1, 'c', 'c.c', 3, 4, NULL, 'op', 'dwarf'),"
			     " (1, 'c', 'c.c', 2, 9, NULL, NULL, 'none'),"
			     " (1, 'b', NULL, 0, 0, NULL, NULL, 'object');"
			     "INSERT INTO obj_registrars VALUES"
			     " (3, 'reg', 'variable', 'hooks', NULL);"
			     "INSERT INTO obj_dispatchers VALUES"
			     " (1, 'c', 'variable', 'hooks', 'c.c:3:4'),"
			     " (1, 'c', 'variable', 'other', NULL);"
			     "INSERT INTO obj_registration_lines VALUES"
			     " (3, 'reg', 'a', 'x', 'r.c', 7, NULL);"),
	      "object facts are written");
	CHECK(objects_have_tables(&gdb) == 1, "the object tables are there");
	CHECK(objects_count_units(&gdb) == 0, "no unit has an object");
	CHECK(!read_facts(&g, &f), "the facts are read");
	describe(&g, &f, &sb);
	CHECK_STR(strbuf_str(&sb), want_facts,
		  "  boot-only where every section is, address taken of"
		  " defined functions, each set sorted and once");
	objects_facts_release(&f);
	strbuf_release(&sb);
	graph_release(&g);
}

/* The image of the facts of G, its bytes in IMAGE. */
static void facts_image(const struct graph *g, struct strbuf *image)
{
	strbuf_reset(image);
	if (objects_facts_read_tables(&gdb, g, image))
		BUG("cannot read the facts");
}

/* Decode a copy of IMAGE's LEN first bytes, changed by EDIT (may be NULL). */
static int decode_copy(const struct strbuf *image, size_t len,
		       void (*edit)(char *buf, size_t len),
		       const struct graph *g)
{
	struct obj_facts f;
	char *buf = xmalloc(len + 1);
	int ret;

	memcpy(buf, image->buf, len);
	if (edit)
		edit(buf, len);
	ret = objects_facts_decode(buf, len, g, &f);
	objects_facts_release(&f);
	return ret;
}

/* The strings' last NUL made a letter. */
static void unterminated(char *buf, size_t len)
{
	buf[len - 1] = 'x';
}

/* The first boot-only function: an index past the graph's. */
static void bad_function(char *buf, size_t len)
{
	uint32_t v = 1000;

	(void)len;
	memcpy(buf + 48, &v, sizeof(v));
}

/* The first store's member (after 2 + 2 + 2 * 2 + 1 numbers): no string. */
static void bad_string(char *buf, size_t len)
{
	uint32_t v = 0;

	(void)len;
	memcpy(buf + 48 + 9 * 4, &v, sizeof(v));
}

static void test_image(void)
{
	struct strbuf image = STRBUF_INIT, sb = STRBUF_INIT;
	struct strbuf graph_image = STRBUF_INIT; /* as ingest stored it */
	static const char *const other_names[] = {"a", "b", "c", "d"};
	struct graph g, other;
	struct obj_facts f;

	names_graph(&g, fact_names, ARRAY_SIZE(fact_names));
	names_graph(&other, other_names, ARRAY_SIZE(other_names));
	facts_image(&g, &image);
	CHECK(decode_copy(&image, image.len, NULL, &g) == 0,
	      "an image decodes for its graph");
	CHECK(decode_copy(&image, image.len, NULL, &other) == 1,
	      "  and is not used for another one");
	CHECK(decode_copy(&image, image.len - 1, NULL, &g) == -1,
	      "a cut image is damaged");
	CHECK(decode_copy(&image, 7, NULL, &g) == -1,
	      "  one shorter than its header too");
	CHECK(decode_copy(&image, image.len, unterminated, &g) == -1,
	      "strings that do not end in NUL are damaged");
	CHECK(decode_copy(&image, image.len, bad_function, &g) == -1,
	      "a function past the graph's is damaged");
	CHECK(decode_copy(&image, image.len, bad_string, &g) == -1,
	      "a store without its member is damaged");

	/* stored at ingest, read back by queries */
	CHECK(!graph_db_exec(&gdb,
			     /* obj_facts_image: from test_upgrade() */
			     "INSERT INTO obj_units(unit_id, object, debug)"
			     " VALUES (1, 'u.o', 1)"),
	      "a database with a unit with an object");
	strbuf_add(&graph_image, g.image, g.image_len);
	CHECK(objects_facts_current(&gdb) == 0, "no facts image yet: not current");
	CHECK(!objects_facts_store(&gdb, &graph_image) && objects_facts_current(&gdb) == 1,
	      "the ingest stores it: current");
	CHECK(!objects_facts_load(&gdb, &g, &f), "a query loads it");
	describe(&g, &f, &sb);
	CHECK_STR(strbuf_str(&sb), want_facts, "  the facts of the tables");
	objects_facts_release(&f);
	CHECK(!graph_db_exec(&gdb, "UPDATE obj_facts_image"
				   " SET data = substr(data, 1, 40)"),
	      "the stored image is cut");
	CHECK(!objects_facts_load(&gdb, &g, &f),
	      "a damaged image: the facts are read from the tables");
	describe(&g, &f, &sb);
	CHECK_STR(strbuf_str(&sb), want_facts, "  the same facts");
	objects_facts_release(&f);
	CHECK(!graph_db_exec(&gdb, "DELETE FROM obj_units") &&
		      !objects_facts_store(&gdb, &graph_image) &&
		      count("SELECT count(*) FROM obj_facts_image") == 0 &&
		      objects_facts_current(&gdb) == 1,
	      "no unit with an object: no image, and that is current");
	strbuf_release(&image);
	strbuf_release(&graph_image);
	strbuf_release(&sb);
	graph_release(&g);
	graph_release(&other);
}

int main(void)
{
	open_db();
	test_fields();
	test_once();
	test_failed_insert();
	test_upgrade();
	test_read();
	test_image();
	sqlite3_close(gdb.db);
	return unit_done();
}

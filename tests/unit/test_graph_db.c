/*
 * test_graph_db.c - unit tests of the statement helpers of graph_db.c
 * (each row of a query, what the schema holds, a borrowed connection) and
 * of schema.c: a new database holds every table, at the newest version,
 * and the bulk indexes go and come back; the call-site image reads back
 * what was stored, and a damaged one is refused.
 */
#include "unit.h"
#include "graph.h"
#include "graph_db.h"
#include "schema.h"
#include "util.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void concat(struct sqlite3_stmt *st, void *ctx)
{
	struct strbuf *sb = ctx;

	strbuf_addf(sb, "%s=%lld;", sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1));
}

static void test_helpers(struct graph_db *gdb)
{
	struct strbuf sb = STRBUF_INIT;
	const int64_t five = 5, one = 1;

	CHECK(!graph_db_exec(gdb, "CREATE TABLE t(k TEXT, v INTEGER);"
				  "INSERT INTO t VALUES ('b', 2), ('a', 1)"),
	      "a table is made");
	CHECK(!graph_db_each_row(gdb, "SELECT k, v FROM t ORDER BY k", NULL, 0,
				 concat, &sb, "reading t"),
	      "each row of a query is read");
	CHECK_STR(strbuf_str(&sb), "a=1;b=2;", "  in the query's order");
	strbuf_reset(&sb);
	CHECK(!graph_db_each_row(gdb, "SELECT k, v FROM t WHERE v > ?1", &five,
				 1, concat, &sb, "reading t") &&
		      !sb.len,
	      "no row, no call");
	CHECK(!graph_db_each_row(gdb, "SELECT k, v FROM t WHERE v = ?1", &one,
				 1, concat, &sb, "reading t"),
	      "a query with a parameter is read");
	CHECK_STR(strbuf_str(&sb), "a=1;", "  its rows only");
	strbuf_reset(&sb);
	CHECK(graph_db_each_row(gdb, "SELECT nothing FROM t", NULL, 0, concat,
				&sb, "reading t") == -1,
	      "a query that cannot be prepared fails (reported)");
	CHECK(graph_db_each_row(gdb, "SELECT abs(-9223372036854775808)", NULL,
				0, concat, &sb, "reading t") == -1,
	      "a query that fails while stepping fails (reported)");
	CHECK(graph_db_schema_has(gdb, "table", "t") == 1, "table t is there");
	CHECK(graph_db_schema_has(gdb, "table", "u") == 0, "table u is not");
	CHECK(graph_db_schema_has(gdb, "index", "t") == 0,
	      "t is a table, not an index");
	CHECK(graph_db_count(gdb, "SELECT count(*) FROM t") == 2,
	      "a count is read");
	strbuf_release(&sb);
}

static void test_statements(struct graph_db *gdb)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st = (sqlite3_stmt *)&sb;
	int i;

	CHECK(graph_db_prepare(gdb, "SELECT * FROM missing", &st,
			       "reading missing") == -1 &&
		      !st,
	      "a statement that cannot be prepared: -1 and NULL");
	CHECK(!graph_db_prepare(gdb, "INSERT INTO t VALUES (?1, ?2)", &st,
				"writing t"),
	      "a write is prepared");
	for (i = 0; i < 3; i++) {
		sqlite3_bind_text(st, 1, "w", -1, SQLITE_STATIC);
		if (i)
			sqlite3_bind_int(st, 2, 10 + i);
		if (graph_db_step(gdb, st, "writing t"))
			break;
	}
	CHECK(i == 3, "one statement writes three rows");
	CHECK(graph_db_count(gdb, "SELECT count(*) FROM t WHERE k = 'w'"
				  " AND v IS NULL") == 1,
	      "  its bindings cleared between rows");
	sqlite3_finalize(st);
	graph_db_prepare(gdb, "INSERT INTO t VALUES (abs(?1), 0)", &st,
			 "writing t");
	sqlite3_bind_int64(st, 1, INT64_MIN);
	CHECK(graph_db_step(gdb, st, "writing t") == -1,
	      "a write that fails: -1 (reported)");
	sqlite3_finalize(st);
	graph_db_prepare(gdb, "SELECT k, v FROM t WHERE v > ?1 ORDER BY v", &st,
			 "reading t");
	sqlite3_bind_int(st, 1, 10);
	CHECK(!graph_db_rows(gdb, st, concat, &sb, "reading t"),
	      "the rows of a bound statement are read");
	sqlite3_bind_int(st, 1, 11);
	CHECK(!graph_db_rows(gdb, st, concat, &sb, "reading t"),
	      "  and again with other parameters");
	CHECK_STR(strbuf_str(&sb), "w=11;w=12;w=12;",
		  "  each time from the start");
	sqlite3_finalize(st);
	strbuf_release(&sb);
}

static const char *const tables[] = {
	"build",
	"units",
	"functions",
	"nodes",
	"calls",
	"site_files",
	"indirect_sites",
	"graph_image",
	"sites_image",
	"obj_units",
	"obj_functions",
	"obj_address_taken",
	"obj_registrations",
	"obj_field_stores",
	"obj_indirect_calls",
	"obj_registrars",
	"obj_dispatchers",
	"obj_registration_lines",
	"obj_call_sites",
	"trace_logs",
	"traces",
	"trace_frames",
	"trace_reviews",
};

static void test_schema(struct graph_db *gdb)
{
	size_t i, missing = 0;

	CHECK(!schema_create(gdb), "a new database's schema is made");
	for (i = 0; i < ARRAY_SIZE(tables); i++)
		if (graph_db_schema_has(gdb, "table", tables[i]) != 1) {
			printf("# missing table %s\n", tables[i]);
			missing++;
		}
	CHECK(!missing, "every table is made in one place");
	CHECK(graph_db_schema_has(gdb, "view", "call_sites") == 1 &&
		      graph_db_schema_has(gdb, "view", "call_edges") == 1,
	      "the call sites and edges are views of calls");
	CHECK(graph_db_count(gdb, "PRAGMA user_version") ==
		      GRAPH_DB_SCHEMA_VERSION,
	      "at the newest version");
	CHECK(graph_db_schema_has(gdb, "index", "obj_functions_row") == 1 &&
		      graph_db_schema_has(gdb, "index", "obj_functions_unit") ==
			      0,
	      "object rows have their unique index, not the old one by unit");
	CHECK(!graph_db_drop_indexes(gdb) &&
		      graph_db_schema_has(gdb, "index", "nodes_function") == 0,
	      "the bulk indexes are dropped");
	CHECK(graph_db_schema_has(gdb, "index", "nodes_unit") == 1,
	      "  but not the others");
	CHECK(!graph_db_create_indexes(gdb) &&
		      graph_db_schema_has(gdb, "index", "nodes_function") == 1,
	      "and made again");
	CHECK(!schema_index_call_sites(gdb) &&
		      graph_db_schema_has(gdb, "index",
					  "obj_call_sites_pair") == 1,
	      "the DWARF call sites are indexed after an ingest");
}

/*
 * The call-site image: stored (internal sites left out, large numbers,
 * repeated files and lines), read back the same; cut or bent, refused.
 */
static void test_sites_image(struct graph_db *gdb)
{
	static const char *const files[] = {"a.c", "b/c.h", "z.c"};
	static const struct site_in in[] = {
		{1, 2, 0, 10, 5, 1, 0},
		{1, 2, 0, 10, 9, 1, 0},
		{1, 2, 2, 3, 1, 1, 0},
		{1, 3, 0, 1, 1, 1, SITE_INTERNAL},
		{1, 70000, 1, 200000, 0, 1, 0},
		{1, 70000, 1, 200000, 0, 1, 0},
		{1, 70000, 2, 7, 300, 1, 0},
		{5, 1, 0, 0, 0, 2, SITE_NO_LOCATION},
		{4000000000u, 2, 0, 1, 1, 2, 0},
	};
	struct graph_db_sites si;
	struct graph_db_site_cursor c;
	struct strbuf img = STRBUF_INIT;
	uint32_t pair, n, lo, hi;
	const char *file;
	int line, col;
	size_t i;
	int same = 1, open_pair = 0;

	sites_image_encode(&img, in, ARRAY_SIZE(in), files, ARRAY_SIZE(files));
	CHECK(!graph_db_store_sites_image(gdb, &img),
	      "a call-site image is stored");
	strbuf_release(&img);
	CHECK(graph_db_sites_current(gdb) == 1, "  in this callreach's format");
	CHECK(graph_db_sites_open(gdb, &si) == 1, "  and read back");
	CHECK(si.nr_pairs == 4 && si.nr_sites == 8,
	      "  4 calls, 8 sites: the internal one is left out");
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		if (in[i].flags & SITE_INTERNAL)
			continue;
		if (!open_pair || in[i].caller != in[i - 1].caller ||
		    in[i].callee != in[i - 1].callee) {
			/* the call before has no site more; this one's follow */
			if (open_pair)
				same &= !graph_db_sites_next(&si, &c, &file,
							     &line, &col);
			n = graph_db_sites_find(&si, 0, si.nr_pairs,
						in[i].caller, in[i].callee,
						&pair);
			same &= n > 0;
			graph_db_sites_begin(&si, pair, &c);
			open_pair = 1;
		}
		same &= graph_db_sites_next(&si, &c, &file, &line, &col) &&
			!strcmp(file, files[in[i].file]) &&
			line == in[i].line && col == in[i].col;
	}
	same &= !graph_db_sites_next(&si, &c, &file, &line, &col);
	CHECK(same, "  every site as it was, read by its call");
	CHECK(!si.by_caller, "  callers' ids up to 4 billion: searched");
	graph_db_sites_caller(&si, 1, &lo, &hi);
	CHECK(lo == 0 && hi == 2, "  the calls of one caller");
	CHECK(graph_db_sites_find(&si, 0, si.nr_pairs, 1, 3, &pair) == 0,
	      "  an internal call has no sites in it");
	graph_db_sites_close(&si);

	/* dense callers' ids (as ingest numbers functions): indexed */
	sites_image_encode(&img, in, ARRAY_SIZE(in) - 1, files,
			   ARRAY_SIZE(files));
	CHECK(!graph_db_store_sites_image(gdb, &img) &&
		      graph_db_sites_open(gdb, &si) == 1 && si.by_caller,
	      "an image of callers 1 and 5 indexes them by id");
	strbuf_release(&img);
	graph_db_sites_caller(&si, 1, &lo, &hi);
	CHECK(lo == 0 && hi == 2, "  the calls of caller 1");
	graph_db_sites_caller(&si, 5, &lo, &hi);
	CHECK(lo == 2 && hi == 3, "  of caller 5");
	graph_db_sites_caller(&si, 3, &lo, &hi);
	CHECK(lo == hi, "  none of caller 3");
	graph_db_sites_caller(&si, 6, &lo, &hi);
	CHECK(lo == hi, "  none past the last");
	graph_db_sites_caller(&si, 0, &lo, &hi);
	CHECK(lo == hi, "  none before the first");
	graph_db_sites_close(&si);

	CHECK(!graph_db_exec(gdb, "UPDATE sites_image SET data ="
				  " substr(data, 1, length(data) - 20)"),
	      "the image is cut short");
	CHECK(graph_db_sites_open(gdb, &si) == 0 && !si.data,
	      "  and refused");
	CHECK(!graph_db_exec(gdb, "UPDATE sites_image SET data ="
				  " x'4352534954455302' || zeroblob(40)"),
	      "an image of the former format");
	CHECK(graph_db_sites_current(gdb) == 0 &&
		      graph_db_sites_open(gdb, &si) == 0,
	      "  is not current, and not read");
	CHECK(!graph_db_exec(gdb, "UPDATE sites_image SET data ="
				  " x'4352534954455303' || x'ffffffff' ||"
				  " zeroblob(12) || x'818181'"),
	      "an image claiming 4 billion calls");
	CHECK(graph_db_sites_open(gdb, &si) == 0, "  is refused");
	CHECK(!graph_db_exec(gdb, "UPDATE sites_image SET data ="
				  " x'4352534954455303' || zeroblob(8) ||"
				  " x'ffffffff02000000' || x'6100'"),
	      "an image claiming 4 billion files in 2 bytes of names");
	CHECK(graph_db_sites_open(gdb, &si) == 0, "  is refused");
	/* caller 1 calls 4,000,000,000 then 1 more, or 300,000,000 more */
	CHECK(!graph_db_exec(gdb, "UPDATE sites_image SET data = x'"
				  "435253495445530302000000020000000100000002"
				  "0000000180d0acf30e010001010001010001016100'") &&
		      graph_db_sites_open(gdb, &si) == 1,
	      "an image of a callee id 4,000,000,001");
	graph_db_sites_close(&si);
	CHECK(!graph_db_exec(gdb, "UPDATE sites_image SET data = x'"
				  "435253495445530302000000020000000100000002"
				  "0000000180d0acf30e010001010080c6868f010100"
				  "01016100'") &&
		      graph_db_sites_open(gdb, &si) == 0,
	      "  one past 2^32, which would wrap: refused");
}

/*
 * The call-site image read ahead on a thread of its own connection: taken
 * when its stamp is the one asked for (the graph's), else refused with
 * nothing kept; refused too from no database, a damaged image, or when
 * stopped. The graph image keeps the stamp it is given.
 */
static void test_sites_ahead(void)
{
	static const char *const files[] = {"a.c", "b.c"};
	struct site_in in[300];
	char dir[] = "/tmp/test_graph_db_XXXXXX";
	struct strbuf img = STRBUF_INIT, gimg = STRBUF_INIT;
	struct graph_func_in fn = {7, "f", "a.c", "a.c", 1, 1, 0, 0};
	struct graph_db gdb;
	struct graph_db_sites si, mine;
	struct graph g;
	atomic_int stop;
	uint32_t stamp, n, pair;
	char *path, *copy;
	size_t i;

	memset(in, 0, sizeof(in));
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		in[i].caller = (uint32_t)(i / 3 + 1);
		in[i].callee = (uint32_t)(i % 3 + 1);
		in[i].file = (uint32_t)(i % 2);
		in[i].line = (int)(1000 + i);
		in[i].col = 1;
		in[i].unit = 1;
	}
	if (!mkdtemp(dir))
		BUG("cannot make a temporary directory");
	path = xstrfmt("%s/a.db", dir);
	sites_image_encode(&img, in, ARRAY_SIZE(in), files, ARRAY_SIZE(files));
	stamp = graph_db_sites_stamp(img.buf, img.len);
	CHECK(!graph_db_open(&gdb, path, GDB_WRITE) &&
		      !graph_db_store_sites_image(&gdb, &img) &&
		      graph_db_sites_open(&gdb, &mine) == 1,
	      "a database with a call-site image of %u calls",
	      mine.nr_pairs);
	CHECK(stamp && stamp != graph_db_sites_stamp(img.buf, img.len - 1),
	      "  its stamp: not 0, and not a shorter image's");

	CHECK(graph_db_sites_ahead_take(graph_db_sites_ahead_start(path),
					stamp, &si) == 1,
	      "read ahead: taken with its stamp");
	n = graph_db_sites_find(&si, 0, si.nr_pairs, 40, 2, &pair);
	CHECK(si.nr_pairs == mine.nr_pairs && si.nr_sites == mine.nr_sites &&
		      n == 1 && si.at[pair] == mine.at[pair] &&
		      !memcmp(si.data, mine.data, img.len),
	      "  the image the reader's connection reads");
	graph_db_sites_close(&si);
	CHECK(graph_db_sites_ahead_take(graph_db_sites_ahead_start(path),
					stamp + 1, &si) == 0 &&
		      !si.data && !si.index,
	      "  refused with another stamp (another ingest's), nothing kept");
	CHECK(graph_db_sites_ahead_take(graph_db_sites_ahead_start(path), 0,
					&si) == 0 &&
		      !si.data,
	      "  refused for a graph of no stamp (an older ingest's)");
	graph_db_sites_ahead_cancel(graph_db_sites_ahead_start(path));
	graph_db_sites_ahead_cancel(NULL);
	CHECK(graph_db_sites_ahead_take(NULL, stamp, &si) == 0 && !si.data,
	      "  cancelled, or none started: nothing");
	copy = xstrfmt("%s/none.db", dir);
	CHECK(graph_db_sites_ahead_take(graph_db_sites_ahead_start(copy),
					stamp, &si) == 0 &&
		      access(copy, F_OK) != 0,
	      "  refused from no database, which it does not make");
	free(copy);
	CHECK(!graph_db_exec(&gdb, "UPDATE sites_image SET data ="
				   " substr(data, 1, length(data) - 9)"),
	      "the image cut short");
	copy = xmalloc(img.len - 9);
	memcpy(copy, img.buf, img.len - 9);
	CHECK(graph_db_sites_ahead_take(graph_db_sites_ahead_start(path),
					graph_db_sites_stamp(copy,
							     img.len - 9),
					&si) == 0,
	      "  refused ahead, even by its own stamp");
	free(copy);

	copy = xmalloc(img.len);
	memcpy(copy, img.buf, img.len);
	atomic_init(&stop, 1);
	CHECK(graph_db_sites_adopt(&si, copy, img.len, &stop) == 0 &&
		      !si.data,
	      "an image checked while told to stop: refused");
	copy = xmalloc(img.len);
	memcpy(copy, img.buf, img.len);
	atomic_store(&stop, 0);
	CHECK(graph_db_sites_adopt(&si, copy, img.len, &stop) == 1,
	      "  else taken");
	graph_db_sites_close(&si);

	graph_image_build(&fn, 1, NULL, 0, &gimg);
	CHECK(!graph_from_image(&g, gimg.buf, gimg.len) && !g.sites_stamp,
	      "a graph image of no stamp");
	graph_release(&g);
	graph_image_set_sites_stamp(&gimg, stamp);
	CHECK(!graph_from_image(&g, gimg.buf, gimg.len) &&
		      g.sites_stamp == stamp,
	      "  and one given the call sites' stamp");
	graph_release(&g);

	graph_db_sites_close(&mine);
	graph_db_close(&gdb);
	graph_db_remove(path);
	rmdir(dir);
	free(path);
	strbuf_release(&img);
	strbuf_release(&gimg);
}

/*
 * A new database opened for a first load holds its schema in a
 * transaction left open, which the load commits with its rows (then one
 * commit); opened otherwise, its schema is committed at once.
 */
static void test_first_load(void)
{
	char dir[] = "/tmp/test_graph_db_XXXXXX";
	char *a, *b;
	struct graph_db gdb;

	if (!mkdtemp(dir))
		BUG("cannot make a temporary directory");
	a = xstrfmt("%s/a.db", dir);
	b = xstrfmt("%s/b.db", dir);
	CHECK(!graph_db_open(&gdb, a, GDB_WRITE | GDB_FIRST_LOAD) &&
		      !sqlite3_get_autocommit(gdb.db) &&
		      graph_db_schema_has(&gdb, "table", "units") == 1,
	      "first load: the schema made in a transaction left open");
	CHECK(!graph_db_exec(&gdb, "COMMIT") &&
		      graph_db_count(&gdb, "PRAGMA user_version") ==
			      GRAPH_DB_SCHEMA_VERSION,
	      "  which the load commits");
	graph_db_close(&gdb);
	CHECK(!graph_db_open(&gdb, a, GDB_WRITE | GDB_FIRST_LOAD) &&
		      sqlite3_get_autocommit(gdb.db),
	      "first load of a database that has its schema: no transaction");
	graph_db_close(&gdb);
	CHECK(!graph_db_open(&gdb, b, GDB_WRITE) &&
		      sqlite3_get_autocommit(gdb.db) &&
		      graph_db_schema_has(&gdb, "table", "units") == 1,
	      "another writer: the schema committed at once");
	graph_db_close(&gdb);
	graph_db_remove(a);
	graph_db_remove(b);
	rmdir(dir);
	free(a);
	free(b);
}

int main(void)
{
	struct graph_db gdb;
	sqlite3 *db;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		BUG("cannot open an in-memory database");
	graph_db_borrow(&gdb, db);
	CHECK(gdb.db == db && gdb.path && !*gdb.path,
	      "a borrowed in-memory database has an empty path");
	test_helpers(&gdb);
	test_statements(&gdb);
	test_schema(&gdb);
	test_sites_image(&gdb);
	sqlite3_close(db);
	test_first_load();
	test_sites_ahead();
	return unit_done();
}

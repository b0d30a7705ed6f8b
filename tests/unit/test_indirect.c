/*
 * test_indirect.c - unit tests of the indirect-call tiers' reading of the
 * database: a query that fails is an error, never "no object facts".
 */
#include "unit.h"
#include "graph.h"
#include "graph_db.h"
#include "indirect.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

/* Deny every read of the schema table, as a damaged database might. */
static int deny_schema(void *ctx, int action, const char *a, const char *b,
		       const char *c, const char *d)
{
	(void)ctx, (void)b, (void)c, (void)d;
	if (action == SQLITE_READ && a && !strcmp(a, "sqlite_master"))
		return SQLITE_DENY;
	return SQLITE_OK;
}

/* indirect_apply() over an empty graph; stderr goes to /dev/null. */
static int apply(struct graph_db *db, struct indirect *ind)
{
	struct graph g;
	int saved = dup(STDERR_FILENO), ret;
	FILE *null = fopen("/dev/null", "w");

	memset(&g, 0, sizeof(g));
	fflush(stderr);
	dup2(fileno(null), STDERR_FILENO);
	ret = indirect_apply(ind, db, &g, IND_DEFAULT);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	fclose(null);
	return ret;
}

/* The JSON of a user edge with ORIGIN, printed unformatted. */
static char *edge_json(const char *origin)
{
	struct graph_user_edge e = {1, 2, "why", origin};
	cJSON *o = cJSON_CreateObject();
	char *s;

	indirect_edge_json(&e, o);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static void test_edge_json(void)
{
	char *s = edge_json(IND_ORIGIN_FIELDS);

	CHECK_STR(s,
		  "{\"user\":true,\"tier\":\"fields\",\"reason\":\"why\","
		  "\"rule\":\"indirect:fields\"}",
		  "an indirect tier's edge in JSON");
	free(s);
	s = edge_json("x.rules:3");
	CHECK(strstr(s, "\"tier\":\"rules\"") &&
		      strstr(s, "\"rule\":\"x.rules:3\""),
	      "an edge rule's edge in JSON: where the rule is");
	free(s);
}

int main(void)
{
	struct graph_db db;
	struct indirect ind;

	memset(&db, 0, sizeof(db));
	db.path = "memory";
	if (sqlite3_open(":memory:", &db.db) != SQLITE_OK)
		return 1;
	CHECK(apply(&db, &ind) == 0 && !ind.nr_objects,
	      "a database without object facts: the object tiers are off");
	indirect_release(&ind);
	sqlite3_exec(db.db, "CREATE TABLE obj_indirect_calls (caller TEXT)",
		     NULL, NULL, NULL);
	sqlite3_set_authorizer(db.db, deny_schema, NULL);
	CHECK(apply(&db, &ind) == -1,
	      "the table check cannot run: an error, not 'no table'");
	indirect_release(&ind);
	sqlite3_set_authorizer(db.db, NULL, NULL);
	sqlite3_close(db.db);
	test_edge_json();
	return unit_done();
}

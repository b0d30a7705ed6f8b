/*
 * object_machines.c - leaving out the objects built for another machine
 * than most objects of the build: an arm64 object left beside the x86-64
 * .ci files of a tree says nothing true about that build.
 */
#include "objects.h"
#include "graph_db.h"
#include "util.h"

#include <gelf.h>
#include <sqlite3.h>
#include <stdlib.h>

static const char *machine_name(int m)
{
	return m == EM_X86_64 ? "x86-64" : m == EM_AARCH64 ? "aarch64" : "?";
}

struct others {
	int most;
	int64_t *units;
	size_t nr, alloc;
};

static void other_machine(sqlite3_stmt *st, void *ctx)
{
	struct others *o = ctx;

	warning("object file '%s' is for %s, most objects for %s: "
		"it is left out",
		echo((const char *)sqlite3_column_text(st, 1)),
		machine_name(sqlite3_column_int(st, 2)), machine_name(o->most));
	ALLOC_GROW(o->units, o->nr + 1, o->alloc);
	o->units[o->nr++] = sqlite3_column_int64(st, 0);
}

int objects_drop_other_machines(sqlite3 *db)
{
	static const char what[] = "reading the object tables";
	struct others o = {0, NULL, 0, 0};
	struct graph_db gdb;
	sqlite3_stmt *st = NULL;
	int64_t most;
	size_t i;
	int ret = -1;

	graph_db_borrow(&gdb, db);
	most = graph_db_count(&gdb, "SELECT count(*) FROM obj_units"
				    " WHERE machine IS NOT NULL");
	if (most <= 0)
		return most < 0 ? -1 : 0; /* no object */
	most = graph_db_count(&gdb, "SELECT machine FROM obj_units WHERE"
				    " machine IS NOT NULL GROUP BY machine"
				    " ORDER BY count(*) DESC, machine LIMIT 1");
	if (most < 0)
		return -1;
	o.most = (int)most;
	if (graph_db_prepare(&gdb,
			     "SELECT unit_id, object, machine FROM obj_units"
			     " WHERE machine != ?1 ORDER BY object",
			     &st, what))
		goto out;
	sqlite3_bind_int(st, 1, o.most);
	if (graph_db_rows(&gdb, st, other_machine, &o, what))
		goto out;
	for (i = 0; i < o.nr; i++)
		if (objects_drop_unit(db, o.units[i]))
			goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	free(o.units);
	return ret;
}

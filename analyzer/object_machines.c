/*
 * object_machines.c - leaving out the objects built for another machine
 * than most objects of the build: an arm64 object left beside the x86-64
 * .ci files of a tree says nothing true about that build.
 */
#include "objects.h"
#include "util.h"

#include <gelf.h>
#include <sqlite3.h>
#include <stdlib.h>

static const char *machine_name(int m)
{
	return m == EM_X86_64 ? "x86-64" : m == EM_AARCH64 ? "aarch64" : "?";
}

int objects_drop_other_machines(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int64_t *units = NULL;
	size_t nr = 0, alloc = 0, i;
	int most, ret = -1;

	if (sqlite3_prepare_v2(db,
			       "SELECT machine FROM obj_units WHERE machine"
			       " IS NOT NULL GROUP BY machine"
			       " ORDER BY count(*) DESC, machine LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		goto db_fail;
	if (sqlite3_step(st) != SQLITE_ROW) {
		ret = 0; /* no object */
		goto out;
	}
	most = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db,
			       "SELECT unit_id, object, machine FROM obj_units"
			       " WHERE machine != ?1 ORDER BY object",
			       -1, &st, NULL) != SQLITE_OK)
		goto db_fail;
	sqlite3_bind_int(st, 1, most);
	while (sqlite3_step(st) == SQLITE_ROW) {
		warning("object file '%s' is for %s, most objects for %s: "
			"it is left out",
			echo((const char *)sqlite3_column_text(st, 1)),
			machine_name(sqlite3_column_int(st, 2)),
			machine_name(most));
		ALLOC_GROW(units, nr + 1, alloc);
		units[nr++] = sqlite3_column_int64(st, 0);
	}
	for (i = 0; i < nr; i++)
		if (objects_drop_unit(db, units[i]))
			goto out;
	ret = 0;
	goto out;
db_fail:
	error("database: reading the object tables: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	free(units);
	return ret;
}

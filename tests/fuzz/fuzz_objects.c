/*
 * fuzz_objects.c - libFuzzer harness for the object reader: the input is
 * a .ci file, a NUL byte, and the object file GCC left beside it.  The
 * object is written to a scratch directory as "u.o" beside "u.ci" and
 * read by objects_ingest_unit(), the function ingest calls for every unit
 * (ELF sections, symbols, relocations, DWARF fields, and whatever reader
 * is added to it later), into an in-memory database, and again as a first
 * load's reader thread reads it ahead of the writes (objects_preread()
 * with everything, then objects_session_unit()); then by
 * elf_symbols_load(), the reader of "--symbols" ELF files.  Built and run
 * by "make fuzz"; the seeds are a few small objects of the corpora with
 * their .ci files, and objects compiled at seed time with other DWARF
 * versions and options.
 */
#include "ci_parse.h"
#include "objects.h"
#include "traces.h"
#include "util.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/callreach-fuzz-objects.XXXXXX";
static char *obj_path, *ci_path;
static sqlite3 *db;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!mkdtemp(dir))
		BUG("cannot make a scratch directory");
	obj_path = xstrfmt("%s/u.o", dir);
	ci_path = xstrfmt("%s/u.ci", dir);
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    objects_create_tables(db))
		BUG("cannot make the database");
	return 0;
}

static void write_object(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(obj_path, "wb");

	if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp))
		BUG("cannot write '%s'", obj_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sep = memchr(data, '\0', size);
	struct objects_session *session;
	struct objects_pre *pre;
	struct elf_symbols es;
	struct ci_unit u;
	size_t ci_len;

	if (!sep)
		return 0;
	ci_len = (size_t)(sep - data);
	if (ci_parse("u.ci", (const char *)data, ci_len, &u))
		return 0;
	write_object(sep + 1, size - ci_len - 1);
	if (objects_ingest_unit(db, 1, &u, ci_path, "u.ci", dir, 1))
		BUG("a database error on a readable database");
	/* again as a first load reads it: all of it ahead of the writes */
	pre = objects_preread(ci_path, &u, 1, 1);
	session = objects_session_open(db);
	if (objects_session_unit(session, pre, 1, &u, ci_path, "u.ci", dir,
				 1) ||
	    objects_session_flush(session))
		BUG("a database error on a readable database (read ahead)");
	objects_session_close(session);
	objects_pre_release(pre);
	if (!elf_symbols_load(&es, obj_path)) {
		size_t i;

		for (i = 1; i < es.nr; i++)
			if (es.v[i - 1].addr > es.v[i].addr)
				BUG("symbols out of order");
		elf_symbols_release(&es);
	}
	ci_unit_release(&u);
	return 0;
}
